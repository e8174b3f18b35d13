import { classifyCdpCall, classifyNidCall, classifyVerification } from './usage-outcome';
import { DEFAULT_PRICES_MINOR, effectivePrices, priceCounts, reportTotals } from './pricing';

describe('classifyNidCall', () => {
  const verification = (httpStatus: number | null, outcome: 'success' | 'rejected' | 'unavailable' | 'timeout') =>
    classifyNidCall({ operation: 'demographic_verification', httpStatus, outcome });

  it('bills a verification that reached the lookup: 200 success, 404 and 406 failed', () => {
    expect(verification(200, 'success')).toBe('success');
    expect(verification(404, 'rejected')).toBe('failed');
    expect(verification(406, 'rejected')).toBe('failed');
  });

  it('counts an unanswered verification as processing', () => {
    expect(verification(null, 'timeout')).toBe('processing');
  });

  it('does not bill refusals before the lookup, outages or other operations', () => {
    for (const status of [400, 401, 403]) expect(verification(status, 'rejected')).toBe('unbilled');
    expect(verification(503, 'unavailable')).toBe('unbilled');
    expect(verification(null, 'unavailable')).toBe('unbilled');
    for (const operation of ['login', 'logout', 'photo', 'billing_report', 'change_password'] as const) {
      expect(classifyNidCall({ operation, httpStatus: 200, outcome: 'success' })).toBe('unbilled');
    }
  });
});

describe('classifyVerification and classifyCdpCall', () => {
  it('map decisions onto the vendor report columns', () => {
    expect(classifyVerification('passed')).toBe('success');
    expect(classifyVerification('failed')).toBe('failed');
    expect(classifyVerification('invalid')).toBe('failed');
    expect(classifyVerification('pending')).toBe('processing');
  });

  it('count CDP calls that did business work, not tokens, authentication failures or outages', () => {
    const call = (
      operation: 'token' | 'customer_lookup' | 'onboarding',
      outcome: 'success' | 'rejected' | 'unavailable' | 'timeout',
      httpStatus: number | null,
    ) => classifyCdpCall({ operation, outcome, httpStatus });
    expect(call('customer_lookup', 'success', 200)).toBe('success');
    expect(call('onboarding', 'rejected', 406)).toBe('failed');
    expect(call('onboarding', 'rejected', 400)).toBe('failed');
    expect(call('onboarding', 'timeout', null)).toBe('processing');
    expect(call('onboarding', 'rejected', 401)).toBe('unbilled');
    expect(call('onboarding', 'unavailable', 502)).toBe('unbilled');
    expect(call('token', 'success', 200)).toBe('unbilled');
  });
});

describe('pricing', () => {
  it("bills success, failed and processing at the unit price, like the contract's sample (172 calls, 344.0)", () => {
    const line = priceCounts({ successCount: 101, failedCount: 71, processingCount: 0, unbilledCount: 9 }, 200n);
    expect(line).toMatchObject({ callCount: 172, billMinor: 34_400n, unbilledCount: 9 });
  });

  it('adds lines up exactly', () => {
    const lines = [
      priceCounts({ successCount: 7, failedCount: 5, processingCount: 0, unbilledCount: 0 }, 200n),
      priceCounts({ successCount: 94, failedCount: 64, processingCount: 0, unbilledCount: 2 }, 200n),
      priceCounts({ successCount: 0, failedCount: 2, processingCount: 1, unbilledCount: 0 }, 333n),
    ];
    expect(reportTotals(lines)).toEqual({
      totalCallCount: 173,
      totalSuccessCount: 101,
      totalFailedCount: 71,
      totalProcessingCount: 1,
      totalUnbilledCount: 2,
      totalBillMinor: 2_400n + 31_600n + 999n,
    });
  });

  it("uses a tenant's own prices where set and the defaults elsewhere", () => {
    expect(DEFAULT_PRICES_MINOR).toEqual({ verification: 0n, nid_call: 200n, cdp_call: 0n });
    expect(
      effectivePrices([
        { item: 'verification', unitPriceMinor: 150n },
        { item: 'retired_item', unitPriceMinor: 1n },
      ]),
    ).toEqual({
      verification: { unitPriceMinor: 150n, isDefault: false },
      nid_call: { unitPriceMinor: 200n, isDefault: true },
      cdp_call: { unitPriceMinor: 0n, isDefault: true },
    });
  });
});
