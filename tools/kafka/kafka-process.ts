import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/** What stopping and health checks need from a broker JVM, whether we spawned it or only know its pid. */
export interface BrokerProcess {
  readonly pid: number;
  isRunning(): boolean;
  /** Resolves true once the process is gone, false if it is still running after timeoutMs. */
  waitForExit(timeoutMs: number): Promise<boolean>;
}

const STOP_GRACE_MS = 30_000;
const KILL_WAIT_MS = 5_000;
const POLL_MS = 100;

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export function childBrokerProcess(child: ChildProcess): BrokerProcess {
  if (child.pid === undefined) throw new Error('Kafka broker process has no pid (spawn failed)');
  const pid = child.pid;
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    pid,
    isRunning,
    waitForExit: (timeoutMs) =>
      isRunning()
        ? new Promise((done) => {
            const timer = setTimeout(() => done(false), timeoutMs);
            child.once('exit', () => {
              clearTimeout(timer);
              done(true);
            });
          })
        : Promise.resolve(true),
  };
}

export function pidBrokerProcess(pid: number): BrokerProcess {
  const isRunning = (): boolean => isPidAlive(pid);
  return {
    pid,
    isRunning,
    waitForExit: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (isRunning()) {
        if (Date.now() >= deadline) return false;
        await sleep(POLL_MS);
      }
      return true;
    },
  };
}

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers signal 0 until its parent reaps it, but it no longer holds ports or files.
  return procStat(pid)?.state !== 'Z';
}

function procStat(pid: number): { state: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return { state: stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) };
  } catch {
    return undefined;
  }
}

/** True when pid runs a JVM we started for this data dir, so a recycled pid is never signalled. */
export function isOurBroker(pid: number, marker: string): boolean {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return args.includes(marker) && args.includes('kafka.Kafka');
  } catch {
    // Without /proc (macOS) fall back to liveness alone.
    return isPidAlive(pid);
  }
}

/** SIGTERM triggers Kafka's controlled shutdown; SIGKILL only if that hangs. Safe to call repeatedly. */
export async function stopBrokerProcess(proc: BrokerProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  if (!proc.isRunning()) return;
  signal(proc.pid, 'SIGTERM');
  if (await proc.waitForExit(graceMs)) return;
  signal(proc.pid, 'SIGKILL');
  if (!(await proc.waitForExit(KILL_WAIT_MS))) {
    throw new Error(`Kafka broker pid ${proc.pid} survived SIGKILL`);
  }
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export async function readPidFile(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function writePidFile(file: string, pid: number): Promise<void> {
  await writeFile(file, `${pid}\n`);
}

export async function removePidFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

export async function readLogTail(file: string, maxLines = 40): Promise<string> {
  const maxBytes = 32 * 1024;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, maxBytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').split('\n').slice(-maxLines).join('\n').trimEnd();
    } finally {
      await handle.close();
    }
  } catch {
    return '(no broker log)';
  }
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? done(false) : reject(error)));
    server.listen({ port, host, exclusive: true }, () => server.close(() => done(true)));
  });
}
