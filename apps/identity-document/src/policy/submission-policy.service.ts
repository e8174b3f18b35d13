import type { DataSource, EntityManager } from 'typeorm';
import type { InternalContext } from '@ekyc/internal-context';
import type { FieldProblem } from '@ekyc/subgraph-kit';
import { SubmissionPolicyRecord } from './submission-policy.entity';
import { DEFAULT_POLICY, type SubmissionPolicy } from './submission-policy';

export type PolicyUpdate = Partial<SubmissionPolicy>;

const COUNTRY = /^[A-Z]{3}$/;
const MAX_PERIOD_DAYS = 3_650;

export class SubmissionPolicyService {
  constructor(private readonly deps: { ds: DataSource }) {}

  /** The tenant's policy, or the platform default when it never set one. */
  async get(tenantId: string, manager: EntityManager = this.deps.ds.manager): Promise<SubmissionPolicy & { updatedAt: Date | null }> {
    const row = await manager.findOneBy(SubmissionPolicyRecord, { tenantId });
    if (!row) return { ...DEFAULT_POLICY, updatedAt: null };
    return {
      minimumAge: row.minimumAge,
      blacklistedCountries: row.blacklistedCountries,
      approvePeriodDays: row.approvePeriodDays,
      rejectPeriodDays: row.rejectPeriodDays,
      rejectDuplicateUser: row.rejectDuplicateUser,
      requireFaceMatch: row.requireFaceMatch,
      requireLiveness: row.requireLiveness,
      fourEyesDuplicates: row.fourEyesDuplicates,
      updatedAt: row.updatedAt,
    };
  }

  /** Changes the given settings only; every invalid one is reported at once. */
  async update(
    auth: InternalContext,
    update: PolicyUpdate,
  ): Promise<{ ok: true; value: SubmissionPolicy & { updatedAt: Date | null } } | { ok: false; errors: FieldProblem[] }> {
    const errors: FieldProblem[] = [];
    const problem = (field: string, message: string) => errors.push({ code: 'INVALID_POLICY', field: `input.${field}`, message });
    if (
      update.minimumAge !== undefined &&
      update.minimumAge !== null &&
      (!Number.isInteger(update.minimumAge) || update.minimumAge < 0 || update.minimumAge > 120)
    ) {
      problem('minimumAge', 'minimumAge must be a whole number from 0 to 120, or null to turn the check off');
    }
    for (const key of ['approvePeriodDays', 'rejectPeriodDays'] as const) {
      const days = update[key];
      if (days !== undefined && days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_PERIOD_DAYS)) {
        problem(key, `${key} must be from 1 to ${MAX_PERIOD_DAYS} days, or null to turn the check off`);
      }
    }
    let countries: string[] | undefined;
    if (update.blacklistedCountries !== undefined) {
      countries = [...new Set(update.blacklistedCountries.map((c) => c.trim().toUpperCase()))].sort();
      const bad = countries.filter((c) => !COUNTRY.test(c));
      if (bad.length > 0) problem('blacklistedCountries', `not ISO 3166 alpha-3 codes: ${bad.join(', ')}`);
      if (countries.length > 250) problem('blacklistedCountries', 'at most 250 countries');
    }
    if (errors.length > 0) return { ok: false, errors };
    return this.deps.ds.transaction(async (m) => {
      const current = await this.get(auth.tenantId, m);
      const next: SubmissionPolicy = {
        minimumAge: update.minimumAge === undefined ? current.minimumAge : update.minimumAge,
        blacklistedCountries: countries ?? current.blacklistedCountries,
        approvePeriodDays: update.approvePeriodDays === undefined ? current.approvePeriodDays : update.approvePeriodDays,
        rejectPeriodDays: update.rejectPeriodDays === undefined ? current.rejectPeriodDays : update.rejectPeriodDays,
        rejectDuplicateUser: update.rejectDuplicateUser ?? current.rejectDuplicateUser,
        requireFaceMatch: update.requireFaceMatch ?? current.requireFaceMatch,
        requireLiveness: update.requireLiveness ?? current.requireLiveness,
        fourEyesDuplicates: update.fourEyesDuplicates ?? current.fourEyesDuplicates,
      };
      const updatedAt = new Date();
      await m.upsert(SubmissionPolicyRecord, { tenantId: auth.tenantId, ...next, updatedBy: auth.userId, updatedAt }, ['tenantId']);
      return { ok: true as const, value: { ...next, updatedAt } };
    });
  }
}
