import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'audit_billing';

/** Partner webhooks: endpoints, deliveries (a leased work queue and their log), attempts, and the last status each subject reached. */
export class Webhooks1764400000000 implements MigrationInterface {
  name = 'Webhooks1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.webhook_endpoints (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      url text NOT NULL,
      description text NULL,
      event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
      enabled boolean NOT NULL,
      secret_enc text NOT NULL,
      previous_secret_enc text NULL,
      previous_secret_expires_at timestamptz NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      deleted_at timestamptz NULL
    )`);
    await q.query(`CREATE INDEX webhook_endpoints_tenant_idx ON ${S}.webhook_endpoints (tenant_id, created_at) WHERE deleted_at IS NULL`);

    await q.query(`CREATE TABLE ${S}.webhook_deliveries (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      endpoint_id uuid NOT NULL REFERENCES ${S}.webhook_endpoints (id),
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      subject text NULL,
      subject_status text NULL,
      subject_final boolean NULL,
      body text NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'delivering', 'retrying', 'delivered', 'failed', 'superseded', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NULL,
      lease_until timestamptz NULL,
      lease_token uuid NULL,
      last_status_code integer NULL,
      last_error text NULL,
      delivered_at timestamptz NULL,
      replay_of uuid NULL REFERENCES ${S}.webhook_deliveries (id),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    // An event redelivered by Kafka queues nothing twice; replays are new rows that name their original.
    await q.query(`CREATE UNIQUE INDEX webhook_deliveries_once_idx ON ${S}.webhook_deliveries (endpoint_id, event_id) WHERE replay_of IS NULL`);
    await q.query(`CREATE INDEX webhook_deliveries_due_idx ON ${S}.webhook_deliveries (next_attempt_at) WHERE state IN ('pending', 'retrying', 'delivering')`);
    await q.query(`CREATE INDEX webhook_deliveries_page_idx ON ${S}.webhook_deliveries (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_endpoint_idx ON ${S}.webhook_deliveries (endpoint_id, created_at DESC, id DESC)`);

    await q.query(`CREATE TABLE ${S}.webhook_attempts (
      delivery_id uuid NOT NULL REFERENCES ${S}.webhook_deliveries (id),
      attempt integer NOT NULL,
      tenant_id uuid NOT NULL,
      started_at timestamptz NOT NULL,
      duration_ms integer NOT NULL,
      status_code integer NULL,
      error text NULL,
      response_excerpt text NULL,
      PRIMARY KEY (delivery_id, attempt)
    )`);

    await q.query(`CREATE TABLE ${S}.webhook_subject_states (
      tenant_id uuid NOT NULL,
      subject text NOT NULL,
      status text NOT NULL,
      final boolean NOT NULL,
      event_id uuid NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, subject)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.webhook_subject_states`);
    await q.query(`DROP TABLE ${S}.webhook_attempts`);
    await q.query(`DROP TABLE ${S}.webhook_deliveries`);
    await q.query(`DROP TABLE ${S}.webhook_endpoints`);
  }
}
