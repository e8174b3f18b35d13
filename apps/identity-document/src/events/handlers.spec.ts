import { consumedBy } from '@ekyc/event-schemas';
import { HANDLED_EVENTS } from './handlers';

describe('identity-document events', () => {
  it('handles exactly the events the catalog lists identity-document as consuming', () => {
    expect([...HANDLED_EVENTS].sort()).toEqual(consumedBy('identity-document').sort());
  });
});
