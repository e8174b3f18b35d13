import { createHash } from 'node:crypto';
import { createChainVerifier, entryHash, GENESIS_HASH, type AuditEntryContent, type StoredAuditEntry } from './audit-chain';

const TENANT = '3f0b6b1e-2f7a-4c53-9d1e-6a2b8c4d5e6f';

const content = (seq: number, data: Record<string, unknown> = { applicationId: `app-${seq}`, status: 'draft' }): AuditEntryContent => ({
  tenantId: TENANT,
  seq,
  eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
  type: 'application.created',
  version: 1,
  applicationId: `app-${seq}`,
  causationId: null,
  actor: { kind: 'user', id: 'agent-1' },
  source: { topic: 'kyc.identity-document.events.v1', partition: 0, offset: String(seq - 1) },
  data,
  occurredAt: '2024-05-01T10:00:00.000Z',
  recordedAt: '2024-05-01T10:00:01.000Z',
});

function chain(n: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const c = content(seq);
    const hash = entryHash(prev, c);
    entries.push({ content: c, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

function verify(
  entries: StoredAuditEntry[],
  head: { seq: number; hash: string } | null = entries.length ? { seq: entries.length, hash: entries.at(-1)!.hash } : null,
) {
  const verifier = createChainVerifier();
  for (const e of entries) if (!verifier.add(e)) break;
  return verifier.finish(head);
}

describe('entryHash', () => {
  it('is sha256 over the previous hash, a line feed and the versioned canonical content', () => {
    const c = content(1);
    const canonical = `{"actor":{"id":"agent-1","kind":"user"},"applicationId":"app-1","causationId":null,"data":{"applicationId":"app-1","status":"draft"},"eventId":"${c.eventId}","occurredAt":"2024-05-01T10:00:00.000Z","recordedAt":"2024-05-01T10:00:01.000Z","seq":1,"source":{"offset":"0","partition":0,"topic":"kyc.identity-document.events.v1"},"tenantId":"${TENANT}","type":"application.created","v":1,"version":1}`;
    expect(entryHash(GENESIS_HASH, c)).toBe(createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`).digest('hex'));
  });

  it('changes with the previous hash and with any field of the content', () => {
    const base = entryHash(GENESIS_HASH, content(1));
    expect(entryHash('f'.repeat(64), content(1))).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...content(1), actor: { kind: 'user', id: 'agent-2' } })).not.toBe(base);
    expect(entryHash(GENESIS_HASH, content(1, { applicationId: 'app-1', status: 'passed' }))).not.toBe(base);
    expect(entryHash(GENESIS_HASH, { ...content(1), recordedAt: '2024-05-01T10:00:01.001Z' })).not.toBe(base);
  });
});

describe('createChainVerifier', () => {
  it('accepts an intact chain and an empty one', () => {
    expect(verify(chain(5))).toMatchObject({ ok: true, checkedEntries: 5, lastSequence: 5, firstBrokenLink: null });
    expect(verify([], null)).toMatchObject({ ok: true, checkedEntries: 0, lastSequence: 0, lastHash: GENESIS_HASH });
  });

  it('finds altered content at the altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, content: { ...entries[2]!.content, data: { applicationId: 'app-3', status: 'passed' } } };
    expect(verify(entries)).toMatchObject({
      ok: false,
      checkedEntries: 2,
      firstBrokenLink: { sequence: 3, problem: 'HASH_MISMATCH', found: entries[2]!.hash },
    });
  });

  it('finds an entry re-hashed after an edit at the next link', () => {
    const entries = chain(4);
    const edited = content(2, { applicationId: 'app-2', status: 'passed' });
    entries[1] = { content: edited, prevHash: entries[1]!.prevHash, hash: entryHash(entries[1]!.prevHash, edited) };
    expect(verify(entries).firstBrokenLink).toMatchObject({ sequence: 3, problem: 'PREVIOUS_HASH_MISMATCH', expected: entries[1]!.hash });
  });

  it('finds a deleted entry as a gap', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verify(entries).firstBrokenLink).toMatchObject({ sequence: 2, problem: 'SEQUENCE_GAP', expected: '2', found: '3' });
  });

  it('finds a deleted tail or a moved head through the head row', () => {
    const entries = chain(5);
    expect(verify(entries.slice(0, 4), { seq: 5, hash: entries[4]!.hash }).firstBrokenLink).toMatchObject({ sequence: 5, problem: 'HEAD_MISMATCH' });
    expect(verify(entries, { seq: 5, hash: 'f'.repeat(64) }).firstBrokenLink).toMatchObject({ problem: 'HEAD_MISMATCH' });
    expect(verify(entries, null).firstBrokenLink).toMatchObject({ sequence: 1, problem: 'HEAD_MISMATCH' });
  });

  it('stops at the first break: later entries are not judged', () => {
    const entries = chain(3);
    entries[0] = { ...entries[0]!, hash: 'e'.repeat(64) };
    const verifier = createChainVerifier();
    expect(verifier.add(entries[0]!)).toBe(false);
    expect(verifier.add(entries[1]!)).toBe(false);
    expect(verifier.finish({ seq: 3, hash: entries[2]!.hash }).firstBrokenLink).toMatchObject({ sequence: 1, problem: 'HASH_MISMATCH' });
  });
});
