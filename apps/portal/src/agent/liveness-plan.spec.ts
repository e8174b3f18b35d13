import { capturePlan, frameTimes } from './liveness-plan';

describe('the liveness capture', () => {
  it('starts straight, then performs each challenge and returns to straight', () => {
    expect(capturePlan(['turn_left', 'blink', 'open_mouth'])).toEqual(['straight', 'turn_left', 'straight', 'blink', 'straight', 'open_mouth', 'straight']);
  });

  it('gives whole, increasing frame times at least the minimum gap apart', () => {
    expect(frameTimes([-3.2, 900.4, 900.6, 1800])).toEqual([0, 900, 925, 1800]);
  });
});
