import { passRate, perDay, reasonCode, topReasons } from './aggregates';

describe('aggregates', () => {
  it('reads the code of a reason', () => {
    expect(reasonCode('NID_MISMATCH: father, dateOfBirth')).toBe('NID_MISMATCH');
    expect(reasonCode('NID_NOT_FOUND')).toBe('NID_NOT_FOUND');
    expect(reasonCode(null)).toBe('UNSPECIFIED');
    expect(reasonCode('  ')).toBe('UNSPECIFIED');
  });

  it('computes the pass rate over decided verifications only', () => {
    expect(passRate({ passed: 3, failed: 1, invalid: 1, pending: 10 })).toBe(0.6);
    expect(passRate({ passed: 0, failed: 0, invalid: 0, pending: 2 })).toBeNull();
  });

  it('fills every day of the range, zeros included', () => {
    const days = perDay(
      ['2024-03-01', '2024-03-02', '2024-03-03'],
      [
        { day: '2024-03-01', status: 'passed', count: 2 },
        { day: '2024-03-01', status: 'pending', count: 1 },
        { day: '2024-03-03', status: 'failed', count: 4 },
        { day: '2024-03-03', status: 'invalid', count: 1 },
        { day: '2024-02-01', status: 'passed', count: 9 },
      ],
    );
    expect(days).toEqual([
      { date: '2024-03-01', passed: 2, failed: 0, pending: 1, invalid: 0, total: 3 },
      { date: '2024-03-02', passed: 0, failed: 0, pending: 0, invalid: 0, total: 0 },
      { date: '2024-03-03', passed: 0, failed: 4, pending: 0, invalid: 1, total: 5 },
    ]);
  });

  it('ranks failure reasons by code, most frequent first, ties by code', () => {
    const reasons = [
      { reason: 'NID_MISMATCH: father', count: 2 },
      { reason: 'NID_MISMATCH: dateOfBirth, mother', count: 1 },
      { reason: 'NID_NOT_FOUND', count: 3 },
      { reason: 'FACE_MISMATCH: selfie_ec', count: 1 },
      { reason: 'AGE_LIMIT: too young', count: 1 },
    ];
    expect(topReasons(reasons, 3)).toEqual([
      { code: 'NID_MISMATCH', count: 3 },
      { code: 'NID_NOT_FOUND', count: 3 },
      { code: 'AGE_LIMIT', count: 1 },
    ]);
  });
});
