import type { EventData } from '@ekyc/event-schemas';

/**
 * How one unit of usage counts on a bill, in the vendor report's terms: success, failed or processing
 * are billed (callCount is their sum); unbilled is kept for the record but never priced.
 */
export type UsageOutcome = 'success' | 'failed' | 'processing' | 'unbilled';

/**
 * The NID service bills a demographic verification once it reached the person lookup
 * (libs/provider-contracts): 200 is a success, 404 (no such person) and 406 (mismatch) are failures.
 * A call we gave up on without an answer may have been served, so it counts as processing until the
 * vendor's bill says otherwise. 400/401/403, 5xx, network errors and every other operation (login,
 * logout, photo, billing report, password change) are not billed.
 */
export function classifyNidCall(call: Pick<EventData<'nid.call.recorded'>, 'operation' | 'outcome' | 'httpStatus'>): UsageOutcome {
  if (call.operation !== 'demographic_verification') return 'unbilled';
  if (call.httpStatus === 200) return 'success';
  if (call.httpStatus === 404 || call.httpStatus === 406) return 'failed';
  if (call.outcome === 'timeout') return 'processing';
  return 'unbilled';
}

/**
 * The CDP contract has no vendor bill, so its calls are counted the same way: a lookup, onboarding,
 * subscription or master-data call the CDP answered is a success (its business answers, such as "not
 * found" or "blocked", come with 200), one it refused after reading it (400, 406) a failure, one left
 * unanswered processing. Token requests, authentication failures (401) and outages are not counted.
 */
export function classifyCdpCall(call: Pick<EventData<'cdp.call.recorded'>, 'operation' | 'outcome' | 'httpStatus'>): UsageOutcome {
  if (call.operation === 'token' || call.httpStatus === 401) return 'unbilled';
  if (call.outcome === 'success') return 'success';
  if (call.outcome === 'rejected') return 'failed';
  if (call.outcome === 'timeout') return 'processing';
  return 'unbilled';
}

/** A verification is one submitted application: passed is a success, failed or invalid a failure, anything undecided is processing. */
export function classifyVerification(status: string): Exclude<UsageOutcome, 'unbilled'> {
  if (status === 'passed') return 'success';
  if (status === 'failed' || status === 'invalid') return 'failed';
  return 'processing';
}
