import { Column, Entity, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import type { ApplicantFields, KycEvent } from '@ekyc/event-schemas';
import type { FieldProblem } from '@ekyc/subgraph-kit';

/** What the tenant's CDP onboarding needs of an applicant, as provider-cdp last announced it. */
@Entity({ name: 'onboarding_requirements' })
export class OnboardingRequirementsRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('boolean')
  enabled!: boolean;

  @Column('text', { name: 'required_fields', array: true })
  requiredFields!: string[];

  /** When provider-cdp changed the settings: an older event arriving late changes nothing. */
  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}

/**
 * The fields a passed customer must carry to be onboarded into the bank's CDP, checked when an applicant is submitted
 * so that a decision is never followed by an onboarding that cannot succeed. provider-cdp owns the settings and
 * announces them with `cdp.settings.changed`; this is the projection of that event.
 */
export class OnboardingRequirements {
  constructor(private readonly deps: { ds: DataSource }) {}

  async onSettingsChanged(manager: EntityManager, event: KycEvent<'cdp.settings.changed'>): Promise<void> {
    const changedAt = new Date(event.occurredAt);
    await manager.query(
      `INSERT INTO identity_document.onboarding_requirements AS r (tenant_id, enabled, required_fields, changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET enabled = EXCLUDED.enabled, required_fields = EXCLUDED.required_fields, changed_at = EXCLUDED.changed_at
       WHERE r.changed_at <= EXCLUDED.changed_at`,
      [event.tenantId, event.data.enabled, event.data.requiredFields, changedAt],
    );
  }

  /** Every field the tenant's onboarding needs and the applicant lacks, as field problems; empty when onboarding is off. */
  async problems(
    tenantId: string,
    applicant: Pick<ApplicantFields, 'presentAddress' | 'permanentAddress'>,
    manager: EntityManager = this.deps.ds.manager,
  ): Promise<FieldProblem[]> {
    const requirements = await manager.findOneBy(OnboardingRequirementsRecord, { tenantId });
    if (!requirements?.enabled) return [];
    const problems: FieldProblem[] = [];
    if (requirements.requiredFields.includes('address') && !applicant.presentAddress && !applicant.permanentAddress) {
      problems.push({
        code: 'ADDRESS_REQUIRED',
        field: 'input.applicant.presentAddress',
        message: 'your bank onboards passed customers into its Customer Data Platform, which needs an address: give the present or the permanent address',
      });
    }
    return problems;
  }
}
