import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../lib/run-app-script';

const exec = promisify(execFile);

/** Where `npm run portal:build` writes the portal and where the gateway looks for it by default. */
export const PORTAL_DIST = path.join(REPO_ROOT, 'dist', 'apps', 'portal');
const VITE = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const CONFIG = path.join(REPO_ROOT, 'apps', 'portal', 'vite.config.mts');

/** Builds apps/portal with Vite into `outDir` (about a second); the gateway serves that directory at /portal/. */
export async function buildPortal(outDir = PORTAL_DIST): Promise<string> {
  try {
    await exec(process.execPath, [VITE, 'build', '--config', CONFIG, '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORTAL_OUT_DIR: outDir },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as Error & { stderr?: string; stdout?: string };
    throw new Error(`building the portal failed: ${e.stderr?.trim() || e.stdout?.trim() || e.message}`);
  }
  return outDir;
}

if (require.main === module) {
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : PORTAL_DIST;
  buildPortal(outDir).then(
    (dir) => process.stdout.write(`built the portal into ${path.relative(REPO_ROOT, dir) || '.'}/ (served by the gateway at /portal/)\n`),
    (err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  );
}
