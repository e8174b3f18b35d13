import { Worker } from 'node:worker_threads';
import type { ParseResult } from 'mrz';

export type { ParseResult as MrzParse };

export interface MrzParser {
  /** `mrz`'s `parse(lines, { autocorrect: true })`; rejects when the lines have no MRZ format. */
  parse(lines: string[]): Promise<ParseResult>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; result: ParseResult } | { id: number; ok: false; message: string };

/**
 * `mrz` ships only ES modules, which Jest on Node 20 cannot require unless transformed (the repository's Jest
 * config transforms only jose). A worker thread loads it with Node's own require(esm), so services and tests run
 * the same code; parsing two lines costs well under a millisecond, the thread ~30 ms once.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { parse } = require(workerData.mrzPath);
parentPort.on('message', ({ id, lines }) => {
  try {
    parentPort.postMessage({ id, ok: true, result: JSON.parse(JSON.stringify(parse(lines, { autocorrect: true }))) });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: String(error && error.message ? error.message : error) });
  }
});
`;

export class MrzFormatError extends Error {
  readonly code = 'MRZ_FORMAT';
}

export function createMrzParser(): MrzParser {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (result: ParseResult) => void; reject: (error: Error) => void }>();

  const start = (): Worker => {
    const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { mrzPath: require.resolve('mrz') } });
    started.unref();
    started.on('message', (reply: Reply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new MrzFormatError(reply.message));
    });
    started.on('error', (error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
      worker = null;
    });
    return started;
  };

  return {
    parse(lines) {
      worker ??= start();
      const id = nextId++;
      const running = worker;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        running.postMessage({ id, lines });
      });
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
      for (const waiter of pending.values()) waiter.reject(new Error('the MRZ parser is closed'));
      pending.clear();
    },
  };
}
