import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's face match thresholds; without a row the engine's defaults apply. */
@Entity({ name: 'face_match_settings' })
export class FaceMatchSettingsRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('double precision')
  accept!: number;

  @Column('double precision')
  reject!: number;

  @Column('uuid', { name: 'updated_by' })
  updatedBy!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
