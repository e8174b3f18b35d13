import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../lib/run-app-script';

const exec = promisify(execFile);
const GENERATED = path.join(REPO_ROOT, 'apps', 'portal', 'src', 'graphql', 'generated.ts');
const HOW_TO_FIX = 'run `npm run portal:codegen` and commit the result';

// The codegen plugins load ES-module dependencies Jest cannot require: generate in a Node process, as the npm script does.
jest.setTimeout(60_000);

describe("the portal's generated operation types", () => {
  it('apps/portal/src/graphql/generated.ts is what the operations and the supergraph generate', async () => {
    const { stdout } = await exec(process.execPath, ['-r', '@swc-node/register', 'tools/portal/codegen.ts', '--stdout'], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect({ file: readFileSync(GENERATED, 'utf8'), fix: HOW_TO_FIX }).toEqual({ file: stdout, fix: HOW_TO_FIX });
  });
});
