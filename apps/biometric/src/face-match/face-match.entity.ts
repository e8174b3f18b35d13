import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type FaceMatchStatusValue = 'awaiting_images' | 'in_progress' | 'matched' | 'review' | 'not_matched' | 'failed';

@Entity({ name: 'face_matches' })
export class FaceMatchRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text')
  status!: FaceMatchStatusValue;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Column('text', { name: 'last_error_code', nullable: true })
  lastErrorCode!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
