import type { DataSource } from 'typeorm';
import { DEFAULT_MATCH_THRESHOLDS, matchThresholdsSchema, type MatchThresholds } from '@ekyc/face-engine';
import type { InternalContext } from '@ekyc/internal-context';
import type { FieldProblem } from '@ekyc/subgraph-kit';
import { FaceMatchSettingsRecord } from './face-match-settings.entity';

export interface FaceMatchSettings extends MatchThresholds {
  /** True while the tenant never set its own: the engine's calibrated defaults apply. */
  isDefault: boolean;
  updatedAt: Date | null;
}

/** Below this a threshold would call nearly anyone a match: the descriptor distance of different people starts around 0.45. */
export const MIN_THRESHOLD = 0.3;

/** Every problem of a proposed pair of thresholds at once; empty when they are usable. */
export function validateThresholds(input: { accept: number; reject: number }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ code: 'INVALID_THRESHOLDS', field: `input.${field}`, message });
  const parsed = matchThresholdsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problem(String(issue.path[0] ?? 'reject'), issue.message);
    return problems;
  }
  for (const key of ['accept', 'reject'] as const) {
    if (!Number.isFinite(input[key]) || input[key] < MIN_THRESHOLD) problem(key, `${key} must be a similarity from ${MIN_THRESHOLD} to 1`);
  }
  return problems;
}

/** Per-tenant face match thresholds: similarity at or above `accept` matches, below `reject` does not, between is reviewed. */
export class FaceMatchSettingsService {
  constructor(private readonly deps: { ds: DataSource; defaults?: MatchThresholds }) {}

  private get defaults(): MatchThresholds {
    return this.deps.defaults ?? DEFAULT_MATCH_THRESHOLDS;
  }

  async get(tenantId: string): Promise<FaceMatchSettings> {
    const row = await this.deps.ds.manager.findOneBy(FaceMatchSettingsRecord, { tenantId });
    if (!row) return { ...this.defaults, isDefault: true, updatedAt: null };
    return { accept: row.accept, reject: row.reject, isDefault: false, updatedAt: row.updatedAt };
  }

  async thresholds(tenantId: string): Promise<MatchThresholds> {
    const { accept, reject } = await this.get(tenantId);
    return { accept, reject };
  }

  async update(
    auth: InternalContext,
    input: { accept: number; reject: number },
  ): Promise<{ ok: true; value: FaceMatchSettings } | { ok: false; errors: FieldProblem[] }> {
    const errors = validateThresholds(input);
    if (errors.length > 0) return { ok: false, errors };
    const updatedAt = new Date();
    await this.deps.ds.manager.upsert(
      FaceMatchSettingsRecord,
      { tenantId: auth.tenantId, accept: input.accept, reject: input.reject, updatedBy: auth.userId, updatedAt },
      ['tenantId'],
    );
    return { ok: true, value: { accept: input.accept, reject: input.reject, isDefault: false, updatedAt } };
  }
}
