import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's own unit price for one billable item, in poisha. */
@Entity({ name: 'price_list_items' })
export class PriceListItemRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn('text')
  item!: string;

  @Column('bigint', { name: 'unit_price_minor' })
  unitPriceMinor!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  @Column('text', { name: 'updated_by' })
  updatedBy!: string;
}
