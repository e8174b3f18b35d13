import { createCallLog as createSandboxCallLog, type CallLog as SandboxCallLog } from '@ekyc/sandbox-kit';

/** One request the sandbox served on a contract path (faulted and hung requests are not served). */
export interface CallRecord {
  id: number;
  /** Epoch milliseconds by the sandbox clock. */
  at: number;
  username: string | null;
  partnerId: number | null;
  path: string;
  /** The HTTP status answered; null while a verification is still being served. */
  status: number | null;
  /** A verification that reached the person lookup: billed at NID_PRICE_PER_CALL. */
  billed: boolean;
  nid10?: string;
  nid17?: string;
  requestId?: string;
}

export type CallLog = SandboxCallLog<CallRecord>;

export const createCallLog = (): CallLog => createSandboxCallLog<CallRecord>();
