import { consumedBy } from '@ekyc/event-schemas';
import { HANDLED_EVENTS } from './handlers';

describe('audit-billing events', () => {
  it('handles exactly the events the catalog lists audit-billing as consuming', () => {
    expect([...HANDLED_EVENTS].sort()).toEqual(consumedBy('audit-billing').sort());
  });
});
