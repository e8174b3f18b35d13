/** The requests a sandbox served on its contract's paths, numbered from 1, for tests and billing to read back. */
export interface CallLog<T extends { id: number }> {
  add(call: Omit<T, 'id'>): T;
  all(): readonly T[];
  clear(): void;
}

export function createCallLog<T extends { id: number }>(): CallLog<T> {
  let calls: T[] = [];
  let nextId = 1;
  return {
    add(call) {
      const record = { id: nextId++, ...call } as T;
      calls.push(record);
      return record;
    },
    all: () => calls,
    clear() {
      calls = [];
    },
  };
}
