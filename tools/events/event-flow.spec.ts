import { readFileSync } from 'node:fs';
import { EVENT_CATALOG, EVENT_TYPES, type ServiceName } from '@ekyc/event-schemas';
import { README_PATH, withEventFlow } from './event-flow';

/** Each service checks its own handlers against the catalog (`apps/<app>/src/events/handlers.spec.ts`). */
describe('the event catalog', () => {
  it('has no event a service produces for itself, and none that nobody consumes', () => {
    for (const type of EVENT_TYPES) {
      const { producer, consumers } = EVENT_CATALOG[type];
      expect([type, (consumers as readonly ServiceName[]).includes(producer)]).toEqual([type, false]);
      expect([type, consumers.length > 0]).toEqual([type, true]);
    }
  });

  it("keeps the README's event flow as the catalog says", () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect({ same: withEventFlow(readme) === readme, fix: 'run `npm run events:doc` and commit README.md' }).toEqual({
      same: true,
      fix: 'run `npm run events:doc` and commit README.md',
    });
  });
});
