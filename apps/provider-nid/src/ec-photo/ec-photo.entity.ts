import { Column, Entity, PrimaryColumn } from 'typeorm';

/** EC photos, stored once per tenant by content hash and encrypted; events carry only `ec-photo:<sha256>`. */
@Entity({ name: 'ec_photos' })
export class EcPhotoRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn('text')
  sha256!: string;

  @Column('text', { name: 'content_type' })
  contentType!: string;

  @Column('integer', { name: 'size_bytes' })
  sizeBytes!: number;

  @Column('bytea', { name: 'content_enc' })
  contentEnc!: Buffer;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
