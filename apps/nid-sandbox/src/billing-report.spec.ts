import { NID_DESIGNED_MESSAGES } from '@ekyc/provider-contracts';
import { buildBillingReport, checkBillingRange, dhakaDate, formatGeneratedTime } from './billing-report';
import type { CallRecord } from './call-log';

const abcBank = { partnerId: 30, partnerName: 'ABC Bank' };
let id = 0;
const call = (over: Partial<CallRecord>): CallRecord => ({
  id: ++id,
  at: Date.parse('2023-03-10T06:00:00Z'),
  username: 'abc',
  partnerId: 30,
  path: '/partner-service/rest/demographic/verification',
  status: 200,
  billed: true,
  ...over,
});

describe('billing report', () => {
  it('formats generatedTime like the contract, in Bangladesh time', () => {
    expect(formatGeneratedTime(Date.parse('2023-02-01T10:46:20Z'))).toBe('Wed Feb 01 16:46:20 BDT 2023');
  });

  it('dates calls by the day in Dhaka', () => {
    expect(dhakaDate(Date.parse('2023-03-31T17:59:59Z'))).toBe('2023-03-31');
    expect(dhakaDate(Date.parse('2023-03-31T18:00:00Z'))).toBe('2023-04-01');
  });

  it('counts billed calls per user of the partner in the inclusive range: 200 success, others failed, unanswered processing', () => {
    const calls = [
      call({ status: 200 }),
      call({ status: 406 }),
      call({ status: 404 }),
      call({ status: null }),
      call({ username: 'abc2', status: 200, at: Date.parse('2023-02-28T18:30:00Z') }), // 1 March in Dhaka
      call({ username: 'abc2', status: 200, at: Date.parse('2023-03-31T18:30:00Z') }), // 1 April in Dhaka: out
      call({ status: 400, billed: false }),
      call({ username: 'xyz', partnerId: 41 }),
    ];
    const report = buildBillingReport({ calls, partner: abcBank, startDate: '2023-03-01', endDate: '2023-03-31', now: Date.parse('2023-04-02T00:00:00Z') });
    expect(report).toEqual({
      generatedTime: 'Sun Apr 02 06:00:00 BDT 2023',
      partnerId: 30,
      totalCallCount: 5,
      totalSuccessCount: 2,
      totalFailedCount: 2,
      totalProcessingCount: 1,
      totalBill: 10,
      partnerBillingBeanList: [
        { partnerId: 30, partnerName: 'ABC Bank', username: 'abc', callCount: 4, successCount: 1, failedCount: 2, processingCount: 1, bill: 8 },
        { partnerId: 30, partnerName: 'ABC Bank', username: 'abc2', callCount: 1, successCount: 1, failedCount: 0, processingCount: 0, bill: 2 },
      ],
    });
  });

  it('reports zero calls as an empty list', () => {
    expect(buildBillingReport({ calls: [], partner: abcBank, startDate: '2023-03-01', endDate: '2023-03-31', now: 0 })).toMatchObject({
      totalCallCount: 0,
      totalBill: 0,
      partnerBillingBeanList: [],
    });
  });

  it('accepts real yyyy-MM-dd dates in order and names the bad one', () => {
    expect(checkBillingRange({ startDate: '2023-03-01', endDate: '2023-03-31' })).toEqual({ ok: true, startDate: '2023-03-01', endDate: '2023-03-31' });
    expect(checkBillingRange({ startDate: '2023-02-30', endDate: '2023-03-31' })).toMatchObject({
      ok: false,
      answer: { status: 400, body: { error: { field: 'startDate', message: NID_DESIGNED_MESSAGES.invalidBillingDate } } },
    });
    expect(checkBillingRange({ startDate: '2023-03-01', endDate: '31/03/2023' })).toMatchObject({
      ok: false,
      answer: { body: { error: { field: 'endDate' } } },
    });
    expect(checkBillingRange({ startDate: '2023-04-01', endDate: '2023-03-31' })).toMatchObject({
      ok: false,
      answer: { body: { error: { field: 'startDate', message: NID_DESIGNED_MESSAGES.billingRangeReversed } } },
    });
  });
});
