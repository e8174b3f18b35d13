import type { VerifiedContext } from '@ekyc/internal-context';
import type { Logger } from '@ekyc/logger';

/** Resolves a resolver class to the instance the composition root built for it. */
export interface ResolverContainer {
  get<T>(someClass: new (...args: never[]) => T): T;
}

export interface SubgraphContext {
  auth: VerifiedContext;
  log: Logger;
  container: ResolverContainer;
}

export function createContainer(instances: object[]): ResolverContainer {
  const byClass = new Map<unknown, object>(instances.map((i) => [i.constructor, i]));
  return {
    get<T>(someClass: new (...args: never[]) => T): T {
      const instance = byClass.get(someClass);
      if (!instance) throw new Error(`no instance registered for ${someClass.name}`);
      return instance as T;
    },
  };
}
