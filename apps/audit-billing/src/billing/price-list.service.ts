import type { DataSource } from 'typeorm';
import { tableIn } from '@ekyc/db';
import type { InternalContext } from '@ekyc/internal-context';
import type { FieldProblem } from '@ekyc/subgraph-kit';
import { parsePrice } from './money';
import { BILLABLE_ITEMS, effectivePrices, type BillableItem } from './pricing';

export interface PriceListEntry {
  item: BillableItem;
  unitPriceMinor: bigint;
  isDefault: boolean;
  updatedAt: Date | null;
}

export class PriceListService {
  constructor(private readonly deps: { ds: DataSource }) {}

  async get(tenantId: string): Promise<PriceListEntry[]> {
    const rows: Array<{ item: string; unit_price_minor: string; updated_at: Date }> = await this.deps.ds.query(
      `SELECT item, unit_price_minor::text AS unit_price_minor, updated_at FROM ${tableIn(this.deps.ds, 'price_list_items')} WHERE tenant_id = $1`,
      [tenantId],
    );
    const prices = effectivePrices(rows.map((r) => ({ item: r.item, unitPriceMinor: BigInt(r.unit_price_minor) })));
    return BILLABLE_ITEMS.map((item) => ({ item, ...prices[item], updatedAt: rows.find((r) => r.item === item)?.updated_at ?? null }));
  }

  /** Unit prices of several tenants at once, for a report that spans them. */
  async pricesOf(tenantIds: readonly string[]): Promise<Map<string, Record<BillableItem, bigint>>> {
    const rows: Array<{ tenant_id: string; item: string; unit_price_minor: string }> =
      tenantIds.length === 0
        ? []
        : await this.deps.ds.query(
            `SELECT tenant_id, item, unit_price_minor::text AS unit_price_minor FROM ${tableIn(this.deps.ds, 'price_list_items')} WHERE tenant_id = ANY($1::uuid[])`,
            [[...tenantIds]],
          );
    const result = new Map<string, Record<BillableItem, bigint>>();
    for (const tenantId of tenantIds) {
      const prices = effectivePrices(rows.filter((r) => r.tenant_id === tenantId).map((r) => ({ item: r.item, unitPriceMinor: BigInt(r.unit_price_minor) })));
      result.set(tenantId, Object.fromEntries(BILLABLE_ITEMS.map((item) => [item, prices[item].unitPriceMinor])) as Record<BillableItem, bigint>);
    }
    return result;
  }

  /** Sets the given items' prices (others keep theirs); every problem is reported at once and nothing changes then. */
  async set(
    auth: InternalContext,
    tenantId: string,
    items: ReadonlyArray<{ item: BillableItem; unitPrice: string }>,
  ): Promise<{ ok: true; value: PriceListEntry[] } | { ok: false; errors: FieldProblem[] }> {
    const errors: FieldProblem[] = [];
    const parsed: Array<{ item: BillableItem; minor: bigint }> = [];
    const seen = new Set<string>();
    items.forEach(({ item, unitPrice }, i) => {
      if (seen.has(item)) errors.push({ code: 'DUPLICATE_ITEM', message: `${item} is priced twice`, field: `input.items.${i}.item` });
      seen.add(item);
      const price = parsePrice(unitPrice);
      if (!price.ok) errors.push({ code: 'INVALID_PRICE', message: price.message, field: `input.items.${i}.unitPrice` });
      else parsed.push({ item, minor: price.minor });
    });
    if (items.length === 0) errors.push({ code: 'NO_ITEMS', message: 'give at least one item', field: 'input.items' });
    if (errors.length > 0) return { ok: false, errors };
    const now = new Date();
    await this.deps.ds.transaction(async (m) => {
      for (const { item, minor } of parsed) {
        await m.query(
          `INSERT INTO ${tableIn(this.deps.ds, 'price_list_items')} (tenant_id, item, unit_price_minor, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (tenant_id, item) DO UPDATE SET unit_price_minor = excluded.unit_price_minor, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
          [tenantId, item, minor.toString(), now, auth.userId],
        );
      }
    });
    return { ok: true, value: await this.get(tenantId) };
  }
}
