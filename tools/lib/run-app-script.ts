import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** Runs `apps/<app>/src/<script>.ts` in its own Node process, as the service itself would load it. */
export async function runAppScript(app: string, script: string, env: NodeJS.ProcessEnv = process.env, args: string[] = []): Promise<string> {
  try {
    const { stdout } = await exec(process.execPath, ['-r', '@swc-node/register', path.join('apps', app, 'src', `${script}.ts`), ...args], {
      cwd: REPO_ROOT,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${app}/${script} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Runs tasks with at most `limit` at once: the machine has two cores. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
