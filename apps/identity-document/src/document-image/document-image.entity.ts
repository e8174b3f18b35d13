import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SealedBlobRow } from '@ekyc/db';

/** ID images, card photos and selfies: encrypted, stored once per tenant and content hash. */
@Entity({ name: 'document_images' })
export class DocumentImageRecord implements SealedBlobRow {
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
