/** Amounts are integer poisha (1/100 BDT) as bigint; the API speaks decimal strings. Never floats. */
export const CURRENCY = 'BDT';
const MINOR_PER_UNIT = 100n;

/** Below 10 million BDT, so a unit price in poisha always fits a GraphQL Int. */
const PRICE = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

export type MoneyParse = { ok: true; minor: bigint } | { ok: false; message: string };

/** "2", "2.5" and "2.50" are 250 poisha; more than two decimals, signs and exponents are refused. */
export function parsePrice(text: string): MoneyParse {
  const match = PRICE.exec(text.trim());
  if (!match) return { ok: false, message: 'use a decimal amount in BDT with at most two decimals, e.g. "2.50", below 10000000' };
  const [, units, fraction = ''] = match;
  return { ok: true, minor: BigInt(units as string) * MINOR_PER_UNIT + BigInt(fraction.padEnd(2, '0')) };
}

export function formatMinor(minor: bigint): string {
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  return `${sign}${abs / MINOR_PER_UNIT}.${String(abs % MINOR_PER_UNIT).padStart(2, '0')}`;
}

/**
 * The vendor's report has JSON numbers such as 344.0. They are read once, here, rounded to the poisha
 * through their decimal rendering so 0.1 + 0.2 style noise never reaches a comparison.
 */
export function vendorAmountToMinor(amount: number): bigint {
  if (!Number.isFinite(amount)) return 0n;
  const [units, fraction] = Math.abs(amount).toFixed(2).split('.') as [string, string];
  const minor = BigInt(units) * MINOR_PER_UNIT + BigInt(fraction);
  return amount < 0 ? -minor : minor;
}

export const timesCount = (count: number, unitMinor: bigint): bigint => BigInt(count) * unitMinor;
