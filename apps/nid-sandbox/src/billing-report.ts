import { NID_DESIGNED_MESSAGES, NID_PRICE_PER_CALL, type NidBillingData, type NidBillingLine } from '@ekyc/provider-contracts';
import type { CallRecord } from './call-log';
import { badRequest, type ContractAnswer } from './responses';

/** Bangladesh has kept UTC+6 all year since 2009. */
const DHAKA_OFFSET_MS = 6 * 60 * 60 * 1000;

export const dhakaDate = (ms: number): string => new Date(ms + DHAKA_OFFSET_MS).toISOString().slice(0, 10);

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Java's `Date.toString()` in Asia/Dhaka, as the contract's `generatedTime`: "Wed Feb 01 16:46:20 BDT 2023". */
export function formatGeneratedTime(ms: number): string {
  const d = new Date(ms + DHAKA_OFFSET_MS);
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} BDT ${d.getUTCFullYear()}`;
}

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export type BillingRangeCheck = { ok: true; startDate: string; endDate: string } | { ok: false; answer: ContractAnswer };

export function checkBillingRange(body: Record<string, unknown>): BillingRangeCheck {
  const { startDate, endDate } = body;
  if (!isCalendarDate(startDate)) return { ok: false, answer: badRequest('startDate', NID_DESIGNED_MESSAGES.invalidBillingDate) };
  if (!isCalendarDate(endDate)) return { ok: false, answer: badRequest('endDate', NID_DESIGNED_MESSAGES.invalidBillingDate) };
  if (startDate > endDate) return { ok: false, answer: badRequest('startDate', NID_DESIGNED_MESSAGES.billingRangeReversed) };
  return { ok: true, startDate, endDate };
}

const money = (calls: number) => Math.round(calls * NID_PRICE_PER_CALL * 100) / 100;

/**
 * The partner's billed verifications between the two dates (inclusive, Asia/Dhaka days), one line per
 * user who made any, by username. 200 is a success, any other status a failure, no status yet "processing".
 */
export function buildBillingReport(args: {
  calls: readonly CallRecord[];
  partner: { partnerId: number; partnerName: string };
  startDate: string;
  endDate: string;
  now: number;
}): NidBillingData {
  const { partner } = args;
  const lines = new Map<string, NidBillingLine>();
  for (const call of args.calls) {
    if (!call.billed || call.partnerId !== partner.partnerId || call.username === null) continue;
    const day = dhakaDate(call.at);
    if (day < args.startDate || day > args.endDate) continue;
    const line = lines.get(call.username) ?? {
      partnerId: partner.partnerId,
      partnerName: partner.partnerName,
      username: call.username,
      callCount: 0,
      successCount: 0,
      failedCount: 0,
      processingCount: 0,
      bill: 0,
    };
    line.callCount += 1;
    if (call.status === null) line.processingCount += 1;
    else if (call.status === 200) line.successCount += 1;
    else line.failedCount += 1;
    line.bill = money(line.callCount);
    lines.set(call.username, line);
  }
  const list = [...lines.values()].sort((a, b) => a.username.localeCompare(b.username));
  const total = (key: 'callCount' | 'successCount' | 'failedCount' | 'processingCount') => list.reduce((sum, line) => sum + line[key], 0);
  return {
    generatedTime: formatGeneratedTime(args.now),
    partnerId: partner.partnerId,
    totalCallCount: total('callCount'),
    totalSuccessCount: total('successCount'),
    totalFailedCount: total('failedCount'),
    totalProcessingCount: total('processingCount'),
    totalBill: money(total('callCount')),
    partnerBillingBeanList: list,
  };
}
