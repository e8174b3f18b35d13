import { createCallLog as createSandboxCallLog, type CallLog as SandboxCallLog } from '@ekyc/sandbox-kit';

/** One request the sandbox served on a contract path (faulted and hung requests are not served). */
export interface CallRecord {
  id: number;
  /** Epoch milliseconds by the sandbox clock. */
  at: number;
  path: string;
  /** The client the bearer token or the token request named; null when none could be told. */
  clientId: string | null;
  status: number;
  /** The envelope's responseCode, or the OAuth error of the token endpoint. */
  responseCode: string | null;
  grantType?: string;
  idType?: string;
  idNumber?: string;
  requestId?: string;
  customerId?: string;
}

export type CallLog = SandboxCallLog<CallRecord>;

export const createCallLog = (): CallLog => createSandboxCallLog<CallRecord>();
