import type { CustomOptions } from '../submission/custom-options';

/** A tenant's rules for accepting submissions (two-step contract: project options). */
export interface SubmissionPolicy {
  /** Applicants younger than this are refused; null turns the check off. */
  minimumAge: number | null;
  /** ISO alpha-3 issuing countries refused outright. */
  blacklistedCountries: string[];
  /** A NID that passed within this many days cannot be submitted again; null: off. */
  approvePeriodDays: number | null;
  /** A NID that failed within this many days must wait; null: off. */
  rejectPeriodDays: number | null;
  /** Refuse a NID that already has a pending or passed application. */
  rejectDuplicateUser: boolean;
  /** Decide only once faces were compared; a submission without a selfie is refused. Off for partners that verify demographics alone. */
  requireFaceMatch: boolean;
  /** Decide only once the applicant passed an active liveness check; off for channels without a camera. */
  requireLiveness: boolean;
  /** A duplicate face is approved only by two different reviewers (four eyes). */
  fourEyesDuplicates: boolean;
}

export const DEFAULT_POLICY: SubmissionPolicy = {
  minimumAge: 18,
  blacklistedCountries: [],
  approvePeriodDays: null,
  rejectPeriodDays: null,
  rejectDuplicateUser: false,
  requireFaceMatch: true,
  requireLiveness: true,
  fourEyesDuplicates: false,
};

/** The checks the decision of an application submitted now waits for; fixed on the application when it is submitted. */
export function decisionGates(policy: SubmissionPolicy): { faceRequired: boolean; livenessRequired: boolean } {
  return { faceRequired: policy.requireFaceMatch, livenessRequired: policy.requireLiveness };
}

export const POLICY_CODES = ['BLACKLISTED_COUNTRY', 'AGE_LIMIT', 'DUPLICATE_USER', 'DUPLICATE_APPROVED', 'DUPLICATE_REJECTED'] as const;
export type PolicyViolationCode = (typeof POLICY_CODES)[number];

export interface PolicyViolation {
  code: PolicyViolationCode;
  message: string;
}

/** An earlier application of the same NID in the tenant. */
export interface PriorApplication {
  status: 'draft' | 'pending' | 'passed' | 'failed' | 'invalid';
  /** When it was decided, or submitted when still pending. */
  at: Date;
}

const DAY_MS = 86_400_000;

export function checkIssuingCountry(policy: SubmissionPolicy, options: CustomOptions, issuingCountry: string): PolicyViolation | null {
  if (options.blacklistCountries === false || !policy.blacklistedCountries.includes(issuingCountry)) return null;
  return { code: 'BLACKLISTED_COUNTRY', message: `documents issued by ${issuingCountry} are not accepted` };
}

/** Whole years from a YYYY-MM-DD birth date to `today` (UTC). */
export function ageOn(dateOfBirth: string, today: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const age = today.getUTCFullYear() - y;
  const hadBirthday = today.getUTCMonth() + 1 > m || (today.getUTCMonth() + 1 === m && today.getUTCDate() >= d);
  return hadBirthday ? age : age - 1;
}

/** The first rule the applicant breaks, checked in a fixed order so the answer is stable. */
export function checkApplicant(
  policy: SubmissionPolicy,
  options: CustomOptions,
  applicant: { dateOfBirth: string; prior: PriorApplication[] },
  now: Date,
): PolicyViolation | null {
  if (policy.minimumAge !== null && options.ageLimit !== false) {
    const age = ageOn(applicant.dateOfBirth, now);
    if (age < policy.minimumAge) return { code: 'AGE_LIMIT', message: `the applicant is ${age}; the minimum age is ${policy.minimumAge}` };
  }
  if (options.rejectDuplicateUser ?? policy.rejectDuplicateUser) {
    if (applicant.prior.some((p) => p.status === 'pending' || p.status === 'passed')) {
      return { code: 'DUPLICATE_USER', message: 'this NID already has a pending or approved application' };
    }
  }
  const within = (days: number, statuses: PriorApplication['status'][]) =>
    applicant.prior.some((p) => statuses.includes(p.status) && now.getTime() - p.at.getTime() < days * DAY_MS);
  if (policy.approvePeriodDays !== null && options.approvePeriod !== false && within(policy.approvePeriodDays, ['passed'])) {
    return { code: 'DUPLICATE_APPROVED', message: `this NID was approved within the last ${policy.approvePeriodDays} days` };
  }
  if (policy.rejectPeriodDays !== null && options.rejectPeriod !== false && within(policy.rejectPeriodDays, ['failed', 'invalid'])) {
    return { code: 'DUPLICATE_REJECTED', message: `this NID was rejected within the last ${policy.rejectPeriodDays} days; try again later` };
  }
  return null;
}
