import { chooseReports, reconcile, type OurDayCount, type StoredVendorReport } from './reconcile';

const report = (id: string, startDate: string, endDate: string, fetchedAt: string, rows: StoredVendorReport['rows'] = []): StoredVendorReport => ({
  id,
  startDate,
  endDate,
  fetchedAt: new Date(fetchedAt),
  rows,
});
const line = (username: string, success: number, failed: number, processing = 0, billMinor = BigInt((success + failed + processing) * 200)) => ({
  username,
  callCount: success + failed + processing,
  successCount: success,
  failedCount: failed,
  processingCount: processing,
  billMinor,
});
const ours = (username: string, day: string, success: number, failed: number, processing = 0): OurDayCount => ({
  username,
  day,
  successCount: success,
  failedCount: failed,
  processingCount: processing,
});

describe('chooseReports', () => {
  it('prefers single-day reports, the latest fetch among equals, and lists days nothing covers', () => {
    const reports = [
      report('month', '2024-03-01', '2024-03-31', '2024-04-01T00:00:00Z'),
      report('d2-old', '2024-03-02', '2024-03-02', '2024-03-03T00:00:00Z'),
      report('d2-new', '2024-03-02', '2024-03-02', '2024-03-04T00:00:00Z'),
      report('d3-4', '2024-03-03', '2024-03-04', '2024-03-05T00:00:00Z'),
      report('outside', '2024-02-28', '2024-03-01', '2024-03-05T00:00:00Z'),
    ];
    const { chosen, uncovered } = chooseReports('2024-03-01', '2024-03-05', reports);
    expect(chosen.map((c) => c.report.id)).toEqual(['d2-new', 'd3-4']);
    expect(uncovered).toEqual(['2024-03-01', '2024-03-05']);
  });

  it('uses a longer report only when all of its days are still open', () => {
    const { chosen, uncovered } = chooseReports('2024-03-01', '2024-03-31', [
      report('month', '2024-03-01', '2024-03-31', '2024-04-01T00:00:00Z'),
      report('day', '2024-03-10', '2024-03-10', '2024-03-11T00:00:00Z'),
    ]);
    expect(chosen.map((c) => c.report.id)).toEqual(['day']);
    expect(uncovered).toHaveLength(30);
    expect(chooseReports('2024-03-01', '2024-03-31', [report('month', '2024-03-01', '2024-03-31', '2024-04-01T00:00:00Z')]).uncovered).toEqual([]);
  });
});

describe('reconcile', () => {
  const day = (id: string, date: string, rows: StoredVendorReport['rows']) => ({ report: report(id, date, date, `${date}T20:00:00Z`, rows), days: [date] });

  it('agrees per username and day when both sides count the same calls', () => {
    const rows = reconcile({ chosen: [day('r1', '2024-03-01', [line('abc', 3, 1)])], ours: [ours('abc', '2024-03-01', 3, 1)], vendorUnitPriceMinor: 200n });
    expect(rows).toEqual([
      expect.objectContaining({
        username: 'abc',
        startDate: '2024-03-01',
        ourCallCount: 4,
        vendorCallCount: 4,
        expectedVendorBillMinor: 800n,
        vendorBillMinor: 800n,
        problems: [],
      }),
    ]);
  });

  it('names every difference, including calls only one side knows', () => {
    const rows = reconcile({
      chosen: [day('r1', '2024-03-01', [line('abc', 3, 2), line('stranger', 1, 0)])],
      ours: [ours('abc', '2024-03-01', 3, 1, 1), ours('quiet', '2024-03-01', 1, 0), ours('abc', '2024-03-02', 9, 9)],
      vendorUnitPriceMinor: 200n,
    });
    const byUser = Object.fromEntries(rows.map((r) => [r.username, r]));
    expect(byUser['abc']).toMatchObject({ ourCallCount: 5, vendorCallCount: 5, problems: ['FAILED_COUNT', 'PROCESSING_COUNT'] });
    expect(byUser['quiet']).toMatchObject({ ourCallCount: 1, vendorCallCount: 0, problems: ['NOT_BILLED_BY_VENDOR', 'CALL_COUNT', 'SUCCESS_COUNT', 'BILL'] });
    expect(byUser['stranger']).toMatchObject({ ourCallCount: 0, vendorCallCount: 1, problems: ['NOT_RECORDED_BY_US', 'CALL_COUNT', 'SUCCESS_COUNT', 'BILL'] });
  });

  it('flags a vendor line whose amount is not its count at the unit price', () => {
    const rows = reconcile({
      chosen: [day('r1', '2024-03-01', [line('abc', 2, 0, 0, 500n)])],
      ours: [ours('abc', '2024-03-01', 2, 0)],
      vendorUnitPriceMinor: 200n,
    });
    expect(rows[0]!.problems).toEqual(['BILL']);
  });

  it('sums our days over a multi-day report', () => {
    const chosen = [{ report: report('r', '2024-03-01', '2024-03-02', '2024-03-03T00:00:00Z', [line('abc', 4, 0)]), days: ['2024-03-01', '2024-03-02'] }];
    const rows = reconcile({ chosen, ours: [ours('abc', '2024-03-01', 1, 0), ours('abc', '2024-03-02', 3, 0)], vendorUnitPriceMinor: 200n });
    expect(rows).toEqual([expect.objectContaining({ startDate: '2024-03-01', endDate: '2024-03-02', ourCallCount: 4, problems: [] })]);
  });
});
