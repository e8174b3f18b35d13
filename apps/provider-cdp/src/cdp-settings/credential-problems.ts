/** Failures only a partner admin can fix; work waits for them instead of retrying blindly. */
export type CredentialProblemCode = 'CDP_NOT_CONFIGURED' | 'CDP_BAD_CREDENTIALS';
export const CREDENTIAL_PROBLEMS: ReadonlySet<string> = new Set<CredentialProblemCode>(['CDP_NOT_CONFIGURED', 'CDP_BAD_CREDENTIALS']);
