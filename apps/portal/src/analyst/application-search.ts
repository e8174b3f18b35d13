import type { VerificationLogStatus } from '../graphql/generated';

export interface ApplicationFilters {
  status: VerificationLogStatus;
  mobileNumber: string;
  nidNumber: string;
  /** Asia/Dhaka days, YYYY-MM-DD, inclusive; empty: open. */
  from: string;
  to: string;
}

/** The search's variables: exact mobile (spaces and dashes dropped) and NID, Dhaka days as instants. */
export function searchVariables(filters: ApplicationFilters) {
  const text = (v: string) => v.replace(/[\s-]/g, '') || null;
  const dhaka = (day: string, next: boolean) => (day ? new Date(new Date(`${day}T00:00:00+06:00`).getTime() + (next ? 86_400_000 : 0)).toISOString() : null);
  return {
    status: filters.status,
    mobileNumber: text(filters.mobileNumber),
    nidNumber: text(filters.nidNumber),
    submittedFrom: dhaka(filters.from, false),
    submittedTo: dhaka(filters.to, true),
  };
}
