import { EKYC_REQUEST_STATUSES, isOpen, nextStatus, TRANSITIONS, type EkycRequestAction, type EkycRequestStatusValue } from './ekyc-request.state';

const table: Record<EkycRequestStatusValue, Partial<Record<EkycRequestAction, EkycRequestStatusValue>>> = {
  otp_pending: { mail_delivered: 'otp_sent', resend: 'otp_pending', verify: 'verified', lock: 'locked', clear: 'cleared', delete: 'deleted' },
  otp_sent: { resend: 'otp_pending', verify: 'verified', lock: 'locked', clear: 'cleared', delete: 'deleted' },
  verified: { accept: 'accepted', clear: 'cleared', delete: 'deleted' },
  accepted: { clear: 'cleared', delete: 'deleted' },
  locked: { clear: 'cleared', delete: 'deleted' },
  cleared: { delete: 'deleted' },
  deleted: {},
};

describe('eKYC request state machine', () => {
  const actions = Object.keys(TRANSITIONS) as EkycRequestAction[];

  it.each(EKYC_REQUEST_STATUSES.flatMap((from) => actions.map((action) => [from, action] as const)))('%s --%s--> as in the table', (from, action) => {
    expect(nextStatus(from, action)).toBe(table[from][action] ?? null);
  });

  it('holds email and phone for open requests only', () => {
    expect(EKYC_REQUEST_STATUSES.filter(isOpen)).toEqual(['otp_pending', 'otp_sent', 'verified', 'accepted', 'locked']);
  });

  it('has no way out of deleted, and only deletion out of cleared', () => {
    expect(actions.filter((a) => nextStatus('deleted', a) !== null)).toEqual([]);
    expect(actions.filter((a) => nextStatus('cleared', a) !== null)).toEqual(['delete']);
  });
});
