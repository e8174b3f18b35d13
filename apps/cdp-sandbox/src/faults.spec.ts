import { CDP_PATHS } from '@ekyc/provider-contracts';
import { createFaultController, faultConfigSchema } from './faults';

describe('fault controller', () => {
  it('fails the next N requests on the targeted paths only, then serves', () => {
    const faults = createFaultController();
    faults.set({ failNext: { count: 2, status: 502 }, paths: [CDP_PATHS.onboarding] });
    expect(faults.decide(CDP_PATHS.customerLookup)).toEqual({ kind: 'serve', latencyMs: 0 });
    expect(faults.decide(CDP_PATHS.onboarding)).toEqual({ kind: 'fail', status: 502, latencyMs: 0 });
    expect(faults.current().failNext).toEqual({ count: 1, status: 502 });
    expect(faults.decide(CDP_PATHS.onboarding).kind).toBe('fail');
    expect(faults.decide(CDP_PATHS.onboarding)).toEqual({ kind: 'serve', latencyMs: 0 });
  });

  it('hangs before failing, applies latency and the error rate, and never touches other paths', () => {
    const faults = createFaultController({ random: () => 0.1 });
    faults.set({ hangNext: { count: 1 }, failNext: { count: 1, status: 200 }, latencyMs: 40, errorRate: 0.5 });
    expect(faults.decide(CDP_PATHS.token)).toEqual({ kind: 'hang' });
    expect(faults.decide(CDP_PATHS.token)).toEqual({ kind: 'fail', status: 200, latencyMs: 40 });
    expect(faults.decide(CDP_PATHS.masterData)).toEqual({ kind: 'fail', status: 502, latencyMs: 40 });
    expect(faults.decide('/__sandbox/faults')).toEqual({ kind: 'serve', latencyMs: 0 });
  });

  it('resets to the startup faults', () => {
    const faults = createFaultController({ initial: { latencyMs: 5 } });
    faults.set({ failNext: { count: 9, status: 500 } });
    faults.reset();
    expect(faults.current()).toEqual({ latencyMs: 5 });
  });

  it('refuses unknown keys, statuses and paths', () => {
    expect(faultConfigSchema.safeParse({ failNext: { count: 1, status: 404 } }).success).toBe(false);
    expect(faultConfigSchema.safeParse({ paths: ['/elsewhere'] }).success).toBe(false);
    expect(faultConfigSchema.safeParse({ sometimes: true }).success).toBe(false);
  });
});
