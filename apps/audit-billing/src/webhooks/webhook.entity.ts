import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A partner's registered receiver: where to send which event types, and the secret that signs them (sealed). */
@Entity({ name: 'webhook_endpoints' })
export class WebhookEndpointRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { name: 'event_types', array: true })
  eventTypes!: string[];

  @Column('boolean')
  enabled!: boolean;

  /** The `whsec_…` secret, sealed with the PII key and the tenant as associated data. */
  @Column('text', { name: 'secret_enc' })
  secretEnc!: string;

  /** The secret before the last rotation, still signing beside the new one until `previousSecretExpiresAt`. */
  @Column('text', { name: 'previous_secret_enc', nullable: true })
  previousSecretEnc!: string | null;

  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** Deleted endpoints stay for their delivery log; nothing is sent to them. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}

export type WebhookDeliveryState = 'pending' | 'delivering' | 'retrying' | 'delivered' | 'failed' | 'superseded' | 'cancelled';
export const OPEN_DELIVERY_STATES: readonly WebhookDeliveryState[] = ['pending', 'delivering', 'retrying'];

/** One event for one endpoint: the body exactly as signed, and the work-queue entry that sends it. */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  /** `application:<id>` or `submission:<id>` for events that carry a status, which a later final status supersedes. */
  @Column('text', { nullable: true })
  subject!: string | null;

  @Column('text', { name: 'subject_status', nullable: true })
  subjectStatus!: string | null;

  @Column('boolean', { name: 'subject_final', nullable: true })
  subjectFinal!: boolean | null;

  /** The JSON body, byte for byte as signed and sent: ids, statuses and scores, no PII. */
  @Column('text')
  body!: string;

  @Column('text')
  state!: WebhookDeliveryState;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;

  @Column('uuid', { name: 'lease_token', nullable: true })
  leaseToken!: string | null;

  @Column('integer', { name: 'last_status_code', nullable: true })
  lastStatusCode!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  /** Set on a replay: the delivery it repeats. */
  @Column('uuid', { name: 'replay_of', nullable: true })
  replayOf!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** One HTTP exchange of a delivery, for the delivery log. */
@Entity({ name: 'webhook_attempts' })
export class WebhookAttemptRecord {
  @PrimaryColumn('uuid', { name: 'delivery_id' })
  deliveryId!: string;

  @PrimaryColumn('integer')
  attempt!: number;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('integer', { name: 'duration_ms' })
  durationMs!: number;

  @Column('integer', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  /** A stable code for what went wrong: HTTP_<status>, TIMEOUT, CONNECTION_FAILED, WEBHOOK_URL_PRIVATE, … */
  @Column('text', { nullable: true })
  error!: string | null;

  /** The first kilobyte of the receiver's answer. */
  @Column('text', { name: 'response_excerpt', nullable: true })
  responseExcerpt!: string | null;
}
