import { createLogger } from '@ekyc/logger';
import { createQueueWorker } from './queue-worker';

const log = createLogger({ service: 'queue-worker-test', level: 'silent' });
const settle = () => new Promise((r) => setTimeout(r, 30));

function queue(items: number[]) {
  const processed: number[] = [];
  const claims: number[] = [];
  return {
    processed,
    claims,
    claimDue: async (limit: number) => {
      claims.push(limit);
      return items.splice(0, limit);
    },
    process: async (item: number) => {
      if (item < 0) throw new Error('boom');
      processed.push(item);
    },
  };
}

describe('createQueueWorker', () => {
  it('drains a backlog in batches of `concurrency` without waiting for the poll interval', async () => {
    const q = queue([1, 2, 3, 4, 5]);
    const worker = createQueueWorker({ what: 'test', ...q, log, pollMs: 60_000, concurrency: 2 });
    worker.start();
    await settle();
    await worker.stop();
    expect(q.processed).toEqual([1, 2, 3, 4, 5]);
    expect(q.claims).toEqual([2, 2, 2]);
  });

  it('waits for the next poll once the queue is empty, and a nudge polls at once', async () => {
    const items: number[] = [];
    const q = queue(items);
    const worker = createQueueWorker({ what: 'test', ...q, log, pollMs: 60_000, concurrency: 2 });
    worker.start();
    await settle();
    items.push(7);
    await settle();
    expect(q.processed).toEqual([]);
    worker.nudge();
    await settle();
    await worker.stop();
    expect(q.processed).toEqual([7]);
  });

  it('a failing item does not stop the others or the worker', async () => {
    const q = queue([-1, 2]);
    const worker = createQueueWorker({ what: 'test', ...q, log, pollMs: 60_000, concurrency: 5 });
    expect(await worker.tick()).toBe(2);
    expect(q.processed).toEqual([2]);
  });

  it('does not poll after stop', async () => {
    const q = queue([]);
    const worker = createQueueWorker({ what: 'test', ...q, log, pollMs: 5, concurrency: 1 });
    worker.start();
    await settle();
    await worker.stop();
    const polls = q.claims.length;
    await settle();
    expect(q.claims.length).toBe(polls);
  });
});
