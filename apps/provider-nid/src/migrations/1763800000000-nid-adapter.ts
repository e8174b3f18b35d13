import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'provider_nid';
const OLD_STATUSES = `'awaiting_submission', 'in_progress', 'verified', 'mismatch', 'unavailable', 'failed'`;
const STATUSES = `'awaiting_submission', 'queued', 'in_progress', 'unavailable', 'awaiting_credentials', 'verified', 'mismatch', 'not_found', 'rejected', 'failed'`;

/** The adapter's state: per-tenant credentials, the verification work queue, every upstream call, EC photos and vendor bills. */
export class NidAdapter1763800000000 implements MigrationInterface {
  name = 'NidAdapter1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.nid_verifications DROP CONSTRAINT IF EXISTS nid_verifications_status_check`);
    await q.query(`ALTER TABLE ${S}.nid_verifications
      ADD CONSTRAINT nid_verifications_status_check CHECK (status IN (${STATUSES})),
      ADD COLUMN submission_id uuid NULL,
      ADD COLUMN applicant_sealed text NULL,
      ADD COLUMN status_reason text NULL,
      ADD COLUMN next_attempt_at timestamptz NULL,
      ADD COLUMN lease_until timestamptz NULL,
      ADD COLUMN lease_token uuid NULL,
      ADD COLUMN submitted_at timestamptz NULL,
      ADD COLUMN completed_at timestamptz NULL,
      ADD COLUMN verified boolean NULL,
      ADD COLUMN field_results jsonb NULL,
      ADD COLUMN ec_request_id text NULL,
      ADD COLUMN national_id_enc text NULL,
      ADD COLUMN pin_enc text NULL,
      ADD COLUMN ec_photo_ref text NULL`);
    await q.query(
      `CREATE INDEX nid_verifications_due_idx ON ${S}.nid_verifications (next_attempt_at) WHERE status IN ('queued', 'unavailable', 'in_progress')`,
    );
    await q.query(`CREATE INDEX nid_verifications_waiting_idx ON ${S}.nid_verifications (tenant_id) WHERE status = 'awaiting_credentials'`);

    await q.query(`CREATE TABLE ${S}.nid_credentials (
      tenant_id uuid PRIMARY KEY,
      username text NOT NULL,
      password_enc text NOT NULL,
      pending_password_enc text NULL,
      status text NOT NULL CHECK (status IN ('active', 'password_expired', 'invalid_credentials', 'sla_not_assigned')),
      status_reason text NULL,
      status_changed_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE ${S}.nid_calls (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      application_id uuid NULL,
      username text NOT NULL,
      operation text NOT NULL CHECK (operation IN ('login', 'logout', 'demographic_verification', 'change_password', 'billing_report', 'photo')),
      outcome text NOT NULL CHECK (outcome IN ('success', 'rejected', 'unavailable', 'timeout')),
      http_status integer NULL,
      latency_ms integer NOT NULL,
      started_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX nid_calls_tenant_time_idx ON ${S}.nid_calls (tenant_id, started_at DESC)`);
    await q.query(`CREATE INDEX nid_calls_application_idx ON ${S}.nid_calls (tenant_id, application_id) WHERE application_id IS NOT NULL`);

    await q.query(`CREATE TABLE ${S}.ec_photos (
      tenant_id uuid NOT NULL,
      sha256 text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL,
      content_enc bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, sha256)
    )`);

    await q.query(`CREATE TABLE ${S}.nid_billing_reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      start_date date NOT NULL,
      end_date date NOT NULL,
      fetched_at timestamptz NOT NULL DEFAULT now(),
      fetched_by text NOT NULL,
      report jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX nid_billing_reports_tenant_idx ON ${S}.nid_billing_reports (tenant_id, fetched_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.nid_billing_reports`);
    await q.query(`DROP TABLE ${S}.ec_photos`);
    await q.query(`DROP TABLE ${S}.nid_calls`);
    await q.query(`DROP TABLE ${S}.nid_credentials`);
    await q.query(`DROP INDEX ${S}.nid_verifications_waiting_idx`);
    await q.query(`DROP INDEX ${S}.nid_verifications_due_idx`);
    // Keep every row: map the new states onto the nearest old one.
    await q.query(`UPDATE ${S}.nid_verifications SET status = CASE
      WHEN status IN ('queued', 'awaiting_credentials') THEN 'in_progress'
      WHEN status IN ('not_found', 'rejected') THEN 'failed'
      ELSE status END`);
    await q.query(`ALTER TABLE ${S}.nid_verifications
      DROP CONSTRAINT nid_verifications_status_check,
      DROP COLUMN submission_id, DROP COLUMN applicant_sealed, DROP COLUMN status_reason, DROP COLUMN next_attempt_at,
      DROP COLUMN lease_until, DROP COLUMN lease_token, DROP COLUMN submitted_at, DROP COLUMN completed_at, DROP COLUMN verified, DROP COLUMN field_results,
      DROP COLUMN ec_request_id, DROP COLUMN national_id_enc, DROP COLUMN pin_enc, DROP COLUMN ec_photo_ref`);
    await q.query(`ALTER TABLE ${S}.nid_verifications ADD CONSTRAINT nid_verifications_status_check CHECK (status IN (${OLD_STATUSES}))`);
  }
}
