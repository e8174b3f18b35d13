import { NID_PARTNER_PATHS } from '@ekyc/provider-contracts';
import { createFaultController, faultConfigSchema } from './faults';

const verification = NID_PARTNER_PATHS.demographicVerification;

describe('fault controller', () => {
  it('serves everything without faults', () => {
    expect(createFaultController().decide(verification)).toEqual({ kind: 'serve', latencyMs: 0 });
  });

  it('hangs, then fails, the next requests by count, then serves with the latency', () => {
    const faults = createFaultController({ initial: { latencyMs: 5, hangNext: { count: 1 }, failNext: { count: 2, status: 503 } } });
    expect(faults.decide(verification)).toEqual({ kind: 'hang' });
    expect(faults.decide(verification)).toEqual({ kind: 'fail', status: 503, latencyMs: 5 });
    expect(faults.current()).toEqual({ latencyMs: 5, failNext: { count: 1, status: 503 } });
    expect(faults.decide(NID_PARTNER_PATHS.login)).toEqual({ kind: 'fail', status: 503, latencyMs: 5 });
    expect(faults.decide(verification)).toEqual({ kind: 'serve', latencyMs: 5 });
    faults.reset();
    expect(faults.current()).toEqual({ latencyMs: 5, hangNext: { count: 1 }, failNext: { count: 2, status: 503 } });
  });

  it('fails at the error rate, by the injected random source', () => {
    const rolls = [0.1, 0.9];
    const faults = createFaultController({ initial: { errorRate: 0.5 }, random: () => rolls.shift() ?? 0 });
    expect(faults.decide(verification).kind).toBe('fail');
    expect(faults.decide(verification).kind).toBe('serve');
  });

  it('limits faults to the listed paths; photo downloads only when listed', () => {
    const faults = createFaultController();
    faults.set({ failNext: { count: 5, status: 500 }, paths: [NID_PARTNER_PATHS.login, '/file-bb'] });
    expect(faults.decide(verification).kind).toBe('serve');
    expect(faults.decide(NID_PARTNER_PATHS.login).kind).toBe('fail');
    expect(faults.decide('/file-bb/a/b/c/x/Photo-x.jpg').kind).toBe('fail');
    faults.set({ failNext: { count: 5, status: 500 } });
    expect(faults.decide('/file-bb/a/b/c/x/Photo-x.jpg').kind).toBe('serve');
  });

  it('validates the configuration strictly', () => {
    expect(faultConfigSchema.safeParse({ errorRate: 1.5 }).success).toBe(false);
    expect(faultConfigSchema.safeParse({ failNext: { count: 1, status: 418 } }).success).toBe(false);
    expect(faultConfigSchema.safeParse({ paths: ['/elsewhere'] }).success).toBe(false);
    expect(faultConfigSchema.safeParse({ latency: 5 }).success).toBe(false);
  });
});
