import { searchVariables } from './application-search';

describe("the analyst's application search", () => {
  it('sends exact numbers without spaces or dashes, whole Asia/Dhaka days as instants, and nothing for empty boxes', () => {
    expect(searchVariables({ status: 'failed', mobileNumber: '01712-345 678', nidNumber: ' 5090424675 ', from: '2026-12-01', to: '2026-12-07' })).toEqual({
      status: 'failed',
      mobileNumber: '01712345678',
      nidNumber: '5090424675',
      // Midnight in Dhaka is 18:00 UTC the day before; the last day is included up to its end.
      submittedFrom: '2026-11-30T18:00:00.000Z',
      submittedTo: '2026-12-07T18:00:00.000Z',
    });
    expect(searchVariables({ status: 'all', mobileNumber: '', nidNumber: ' ', from: '', to: '' })).toEqual({
      status: 'all',
      mobileNumber: null,
      nidNumber: null,
      submittedFrom: null,
      submittedTo: null,
    });
  });
});
