import { consumedBy } from '@ekyc/event-schemas';
import { HANDLED_EVENTS } from './handlers';

describe('biometric events', () => {
  it('handles exactly the events the catalog lists biometric as consuming', () => {
    expect([...HANDLED_EVENTS].sort()).toEqual(consumedBy('biometric').sort());
  });
});
