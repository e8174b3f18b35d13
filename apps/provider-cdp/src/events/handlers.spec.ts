import { consumedBy } from '@ekyc/event-schemas';
import { HANDLED_EVENTS } from './handlers';

describe('provider-cdp events', () => {
  it('handles exactly the events the catalog lists provider-cdp as consuming', () => {
    expect([...HANDLED_EVENTS].sort()).toEqual(consumedBy('provider-cdp').sort());
  });
});
