import { NID_PRICE_PER_CALL } from '@ekyc/provider-contracts';
import { timesCount, vendorAmountToMinor } from './money';

/** What a tenant's price list can price. */
export const BILLABLE_ITEMS = ['verification', 'nid_call', 'cdp_call'] as const;
export type BillableItem = (typeof BILLABLE_ITEMS)[number];

/** Where usage comes from: our own verifications, and calls to the two upstream providers. */
export const USAGE_PROVIDERS = ['verification', 'nid', 'cdp'] as const;
export type UsageProvider = (typeof USAGE_PROVIDERS)[number];

export const ITEM_OF_PROVIDER: Record<UsageProvider, BillableItem> = { verification: 'verification', nid: 'nid_call', cdp: 'cdp_call' };

/** Until a tenant sets its own: NID calls passed through at the vendor's price, the rest free. */
export const DEFAULT_PRICES_MINOR: Record<BillableItem, bigint> = {
  verification: 0n,
  nid_call: vendorAmountToMinor(NID_PRICE_PER_CALL),
  cdp_call: 0n,
};

export interface UsageCounts {
  successCount: number;
  failedCount: number;
  processingCount: number;
  unbilledCount: number;
}

export interface PricedCounts extends UsageCounts {
  callCount: number;
  unitPriceMinor: bigint;
  billMinor: bigint;
}

/** As the vendor bills: every call that counts (success, failed and processing) at the unit price. */
export function priceCounts(counts: UsageCounts, unitPriceMinor: bigint): PricedCounts {
  const callCount = counts.successCount + counts.failedCount + counts.processingCount;
  return { ...counts, callCount, unitPriceMinor, billMinor: timesCount(callCount, unitPriceMinor) };
}

export interface ReportTotals {
  totalCallCount: number;
  totalSuccessCount: number;
  totalFailedCount: number;
  totalProcessingCount: number;
  totalUnbilledCount: number;
  totalBillMinor: bigint;
}

export function reportTotals(lines: readonly PricedCounts[]): ReportTotals {
  const totals: ReportTotals = {
    totalCallCount: 0,
    totalSuccessCount: 0,
    totalFailedCount: 0,
    totalProcessingCount: 0,
    totalUnbilledCount: 0,
    totalBillMinor: 0n,
  };
  for (const line of lines) {
    totals.totalCallCount += line.callCount;
    totals.totalSuccessCount += line.successCount;
    totals.totalFailedCount += line.failedCount;
    totals.totalProcessingCount += line.processingCount;
    totals.totalUnbilledCount += line.unbilledCount;
    totals.totalBillMinor += line.billMinor;
  }
  return totals;
}

/** A tenant's price for each item: its own where set, the default elsewhere. */
export function effectivePrices(
  own: ReadonlyArray<{ item: string; unitPriceMinor: bigint }>,
): Record<BillableItem, { unitPriceMinor: bigint; isDefault: boolean }> {
  const prices = Object.fromEntries(BILLABLE_ITEMS.map((item) => [item, { unitPriceMinor: DEFAULT_PRICES_MINOR[item], isDefault: true }])) as Record<
    BillableItem,
    { unitPriceMinor: bigint; isDefault: boolean }
  >;
  for (const row of own)
    if ((BILLABLE_ITEMS as readonly string[]).includes(row.item)) prices[row.item as BillableItem] = { unitPriceMinor: row.unitPriceMinor, isDefault: false };
  return prices;
}
