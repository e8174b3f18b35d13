import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The tenant's gallery: selfies of passed applications, as sealed descriptors, for duplicate detection. */
@Entity({ name: 'known_faces' })
export class KnownFaceRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId!: string;

  @Column('text', { name: 'nid_idx', nullable: true })
  nidIdx!: string | null;

  @Column('bytea', { name: 'descriptor_enc' })
  descriptorEnc!: Buffer;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
