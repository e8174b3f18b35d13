/// <reference types="node" />
// Jest runs this in Node: it reads the services' sources as text (no import crosses into them).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { en } from './en';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Where the services behind the portal's screens write their codes: `code: 'X'`, `problem('X'`, `fail('X'`. */
const SOURCES = [
  'apps/identity-document/src/submission',
  'apps/identity-document/src/application',
  'apps/biometric/src/liveness',
  'apps/gateway/src/iam',
  'apps/gateway/src/graphql',
  'libs/document-reader/src/image-input.ts',
];

function serverCodes(): Set<string> {
  const codes = new Set<string>();
  const visit = (file: string): void => {
    if (statSync(file).isDirectory()) {
      for (const entry of readdirSync(file)) visit(path.join(file, entry));
      return;
    }
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) return;
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:code: |problem\(|fail\()'([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1] as string);
  };
  for (const source of SOURCES) visit(path.join(REPO_ROOT, source));
  return codes;
}

describe("the portal's error messages", () => {
  it('cover every code the services behind its screens answer with (English and Bengali are checked alike in the portal)', () => {
    const codes = serverCodes();
    expect(codes.size).toBeGreaterThan(40);
    expect([...codes].filter((code) => !(code in en.errors)).sort()).toEqual([]);
  });
});
