/**
 * The life of an eKYC request:
 * - created as `otp_pending`; once the mail server accepts the OTP mail it is `otp_sent` (a failed send
 *   leaves it `otp_pending`, and `resend` recovers it);
 * - `resend` issues a new code: back to `otp_pending` until that mail is accepted;
 * - the right OTP and document digits make it `verified`; too many wrong ones make it `locked`;
 * - a partner admin accepts a verified request (`accepted`), clears any open one (`cleared`: its email
 *   and phone are free again) or deletes any (`deleted`: PII wiped, an audit stub remains).
 */
export const EKYC_REQUEST_STATUSES = ['otp_pending', 'otp_sent', 'verified', 'accepted', 'locked', 'cleared', 'deleted'] as const;
export type EkycRequestStatusValue = (typeof EKYC_REQUEST_STATUSES)[number];

/** States whose email and phone number count for uniqueness (the partial unique indexes say the same). */
export const OPEN_STATUSES: readonly EkycRequestStatusValue[] = ['otp_pending', 'otp_sent', 'verified', 'accepted', 'locked'];
/**
 * States whose contact a new request may not use: the open ones and cleared ones (the contract: "no other eKYC request
 * have been initiated using the same or existing phone number or email address"). Deleting a request wipes its
 * contact and so frees it. The database's unique indexes guard the open states against racing creates; a cleared
 * request is committed before any create that could reuse its contact, so the check before the insert suffices.
 */
export const CONTACT_HOLDING_STATUSES: readonly EkycRequestStatusValue[] = [...OPEN_STATUSES, 'cleared'];

export type EkycRequestAction = 'mail_delivered' | 'resend' | 'verify' | 'lock' | 'accept' | 'clear' | 'delete';

const AWAITING_OTP: readonly EkycRequestStatusValue[] = ['otp_pending', 'otp_sent'];

export const TRANSITIONS: Readonly<Record<EkycRequestAction, { from: readonly EkycRequestStatusValue[]; to: EkycRequestStatusValue }>> = {
  mail_delivered: { from: ['otp_pending'], to: 'otp_sent' },
  resend: { from: AWAITING_OTP, to: 'otp_pending' },
  verify: { from: AWAITING_OTP, to: 'verified' },
  lock: { from: AWAITING_OTP, to: 'locked' },
  accept: { from: ['verified'], to: 'accepted' },
  clear: { from: OPEN_STATUSES, to: 'cleared' },
  delete: { from: EKYC_REQUEST_STATUSES.filter((s) => s !== 'deleted'), to: 'deleted' },
};

/** The state after `action`, or null when the action is not allowed from `from`. */
export function nextStatus(from: EkycRequestStatusValue, action: EkycRequestAction): EkycRequestStatusValue | null {
  const transition = TRANSITIONS[action];
  return transition.from.includes(from) ? transition.to : null;
}

export const isOpen = (status: EkycRequestStatusValue): boolean => OPEN_STATUSES.includes(status);
