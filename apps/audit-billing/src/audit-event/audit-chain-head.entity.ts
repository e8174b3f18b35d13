import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last link of a tenant's chain; appends lock this row, so one tenant's entries are numbered one at a time. */
@Entity({ name: 'audit_chain_heads' })
export class AuditChainHeadRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('bigint')
  seq!: string;

  @Column('text')
  hash!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
