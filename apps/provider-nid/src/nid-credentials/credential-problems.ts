/** Failures that only an operator can fix (credentials, password, SLA); work waits for them, it is not retried blindly. */
export type CredentialProblemCode = 'NID_CREDENTIALS_MISSING' | 'NID_BAD_CREDENTIALS' | 'NID_PASSWORD_EXPIRED' | 'NID_SLA_NOT_ASSIGNED';
export const CREDENTIAL_PROBLEMS: ReadonlySet<string> = new Set<CredentialProblemCode>([
  'NID_CREDENTIALS_MISSING',
  'NID_BAD_CREDENTIALS',
  'NID_PASSWORD_EXPIRED',
  'NID_SLA_NOT_ASSIGNED',
]);
