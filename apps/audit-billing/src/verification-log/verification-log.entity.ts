import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One submitted (or decided) application, projected from `application.submitted` and
 * `verification.completed`. PII is sealed with the PII key and the tenant; the blind indexes serve
 * the mobile-number and NID filters.
 */
@Entity({ name: 'verification_log' })
export class VerificationLogRecord {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn('uuid', { name: 'application_id' })
  applicationId!: string;

  /** Submission time, or the decision's for an application refused before submission was published. */
  @Column('timestamptz', { name: 'sort_at' })
  sortAt!: Date;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('text', { name: 'agent_kind', nullable: true })
  agentKind!: string | null;

  @Column('text', { name: 'agent_id', nullable: true })
  agentId!: string | null;

  @Column('text', { name: 'document_type', nullable: true })
  documentType!: string | null;

  @Column('text', { name: 'mobile_number_enc', nullable: true })
  mobileNumberEnc!: string | null;

  @Column('text', { name: 'mobile_number_idx', nullable: true })
  mobileNumberIdx!: string | null;

  @Column('text', { name: 'name_en_enc', nullable: true })
  nameEnEnc!: string | null;

  @Column('text', { name: 'nid_enc', nullable: true })
  nidEnc!: string | null;

  @Column('text', { name: 'nid_idx', nullable: true })
  nidIdx!: string | null;

  @Column('text')
  status!: string;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('uuid', { name: 'submitted_event_id', nullable: true })
  submittedEventId!: string | null;

  @Column('uuid', { name: 'decision_event_id', nullable: true })
  decisionEventId!: string | null;
}
