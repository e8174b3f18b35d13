/// <reference types="node" />
// Jest runs this in Node: it reads the services' sources as text (no import crosses into them).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bn } from './bn';
import { en } from './en';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** The quoted codes of a `const NAME = [...]` list or a `type NAME = 'A' | 'B'` union in a source file. */
function listed(file: string, name: string): string[] {
  const source = read(file);
  const found = new RegExp(`(?:const|type) ${name}\\b[^=]*=\\s*([\\[']?[^;]*)`).exec(source);
  if (!found) throw new Error(`${name} is no longer in ${file}: point this test at where the codes live now`);
  return [...(found[1] as string).matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] as string);
}

/** The values of `export enum NAME { A = 'A', … }`. */
function enumValues(file: string, name: string): string[] {
  const found = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(read(file));
  if (!found) throw new Error(`enum ${name} is no longer in ${file}`);
  return [...(found[1] as string).matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] as string);
}

/** Codes written as the start of a decision reason: `reason: 'X'`, `reason: \`X: …\``, `decisionReason: \`X…`. */
function reasonsWritten(file: string): string[] {
  return [...read(file).matchAll(/(?:reason|decisionReason): [`']([A-Z][A-Z0-9_]+)/g)].map((m) => m[1] as string);
}

/** Every code the services put where the portal shows a reason: decisions, review cases, rejections, reconciliation. */
function serverReasonCodes(): string[] {
  return [
    ...reasonsWritten('apps/identity-document/src/decision/decide.ts'),
    ...reasonsWritten('apps/identity-document/src/review/review.service.ts'),
    ...reasonsWritten('apps/identity-document/src/application/application.service.ts'),
    ...listed('apps/identity-document/src/policy/submission-policy.ts', 'POLICY_CODES'),
    ...listed('apps/identity-document/src/review/review.service.ts', 'REJECTION_CODES'),
    ...listed('apps/identity-document/src/review/pending-owner.ts', 'AWAITING_RESUBMISSION'),
    ...enumValues('apps/identity-document/src/review/review.type.ts', 'ReviewReason'),
  ];
}

describe("the portal's words for the API's reason codes", () => {
  it('has a phrase for every decision, review and rejection reason the services write, in English and Bengali', () => {
    const codes = new Set(serverReasonCodes());
    // The decision module alone writes more than ten: fewer means the patterns above stopped matching.
    expect(codes.size).toBeGreaterThan(20);
    expect([...codes].filter((code) => !(code in en.reasons) || !(code in bn.reasons)).sort()).toEqual([]);
  });

  it('has a phrase for every reconciliation problem', () => {
    const problems = listed('apps/audit-billing/src/reconciliation/reconcile.ts', 'ReconciliationProblem');
    expect(problems.length).toBeGreaterThanOrEqual(7);
    expect(problems.filter((code) => !(code in en.reconciliation) || !(code in bn.reconciliation)).sort()).toEqual([]);
  });
});
