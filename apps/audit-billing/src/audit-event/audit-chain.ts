import { sha256Hex } from '@ekyc/crypto';
import { canonicalJson } from './canonical-json';

/** What entry 1 of every tenant's chain commits to as its predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything stored about one audit entry; the hash commits to all of it. */
export interface AuditEntryContent {
  tenantId: string;
  seq: number;
  eventId: string;
  type: string;
  version: number;
  applicationId: string;
  causationId: string | null;
  actor: { kind: string; id: string };
  source: { topic: string; partition: number; offset: string };
  data: Record<string, unknown>;
  occurredAt: string;
  recordedAt: string;
}

export interface StoredAuditEntry {
  content: AuditEntryContent;
  prevHash: string;
  hash: string;
}

/** sha256(previous hash ‖ LF ‖ canonical content), hex. The `v` field versions the content layout. */
export const entryHash = (prevHash: string, content: AuditEntryContent): string => sha256Hex(`${prevHash}\n${canonicalJson({ v: 1, ...content })}`);

export type ChainProblem = 'SEQUENCE_GAP' | 'PREVIOUS_HASH_MISMATCH' | 'HASH_MISMATCH' | 'HEAD_MISMATCH';

export interface ChainBreak {
  /** The first sequence number whose entry is missing, altered or unlinked. */
  sequence: number;
  eventId: string | null;
  problem: ChainProblem;
  expected: string;
  found: string;
}

export interface ChainVerdict {
  ok: boolean;
  checkedEntries: number;
  lastSequence: number;
  lastHash: string;
  firstBrokenLink: ChainBreak | null;
}

/**
 * Checks one tenant's entries in sequence order, fed in batches: each entry must follow the previous
 * one without a gap, name its hash, and hash to what it stores. The head row, read in the same
 * snapshot, must name the last entry, so a deleted tail is found too.
 */
export function createChainVerifier() {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let broken: ChainBreak | null = null;

  return {
    /** False once the chain is broken: later entries cannot be judged against a broken link. */
    add(entry: StoredAuditEntry): boolean {
      if (broken) return false;
      const { content } = entry;
      if (content.seq !== expectedSeq) {
        broken = { sequence: expectedSeq, eventId: content.eventId, problem: 'SEQUENCE_GAP', expected: String(expectedSeq), found: String(content.seq) };
      } else if (entry.prevHash !== prevHash) {
        broken = { sequence: content.seq, eventId: content.eventId, problem: 'PREVIOUS_HASH_MISMATCH', expected: prevHash, found: entry.prevHash };
      } else {
        const computed = entryHash(prevHash, content);
        if (computed !== entry.hash)
          broken = { sequence: content.seq, eventId: content.eventId, problem: 'HASH_MISMATCH', expected: computed, found: entry.hash };
      }
      if (broken) return false;
      checked += 1;
      expectedSeq += 1;
      prevHash = entry.hash;
      return true;
    },

    finish(head: { seq: number; hash: string } | null): ChainVerdict {
      const lastSequence = expectedSeq - 1;
      if (!broken) {
        const headSeq = head?.seq ?? 0;
        const headHash = head?.hash ?? GENESIS_HASH;
        if (headSeq !== lastSequence || headHash !== prevHash) {
          broken = {
            sequence: Math.min(headSeq, lastSequence) + 1,
            eventId: null,
            problem: 'HEAD_MISMATCH',
            expected: `${headSeq}:${headHash}`,
            found: `${lastSequence}:${prevHash}`,
          };
        }
      }
      return { ok: broken === null, checkedEntries: checked, lastSequence, lastHash: prevHash, firstBrokenLink: broken };
    },
  };
}
