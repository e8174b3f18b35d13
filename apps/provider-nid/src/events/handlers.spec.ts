import { consumedBy } from '@ekyc/event-schemas';
import { HANDLED_EVENTS } from './handlers';

describe('provider-nid events', () => {
  it('handles exactly the events the catalog lists provider-nid as consuming', () => {
    expect([...HANDLED_EVENTS].sort()).toEqual(consumedBy('provider-nid').sort());
  });
});
