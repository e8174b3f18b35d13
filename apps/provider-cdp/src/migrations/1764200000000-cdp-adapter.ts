import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'provider_cdp';
const OLD_STATUSES = `'awaiting_verification', 'not_eligible', 'in_progress', 'onboarded', 'existing', 'blocked', 'under_investigation', 'failed'`;
const STATUSES = `'awaiting_verification', 'not_eligible', 'queued', 'in_progress', 'unavailable', 'awaiting_credentials', 'onboarded', 'existing', 'blocked', 'under_investigation', 'failed'`;

/** The adapter's state: per-tenant CDP clients, the onboarding work queue, and every upstream call. */
export class CdpAdapter1764200000000 implements MigrationInterface {
  name = 'CdpAdapter1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.cdp_onboardings DROP CONSTRAINT IF EXISTS cdp_onboardings_status_check`);
    await q.query(`ALTER TABLE ${S}.cdp_onboardings
      ADD CONSTRAINT cdp_onboardings_status_check CHECK (status IN (${STATUSES})),
      ADD COLUMN status_reason text NULL,
      ADD COLUMN applicant_sealed text NULL,
      ADD COLUMN mobile_sealed text NULL,
      ADD COLUMN nid_idx text NULL,
      ADD COLUMN document_type text NULL,
      ADD COLUMN selfie_ref text NULL,
      ADD COLUMN card_photo_ref text NULL,
      ADD COLUMN document_front_ref text NULL,
      ADD COLUMN document_back_ref text NULL,
      ADD COLUMN ec_photo_ref text NULL,
      ADD COLUMN nid_result jsonb NULL,
      ADD COLUMN nid_completed_at timestamptz NULL,
      ADD COLUMN submitted_at timestamptz NULL,
      ADD COLUMN application_status text NULL,
      ADD COLUMN decided_at timestamptz NULL,
      ADD COLUMN trigger text NULL CHECK (trigger IN ('automatic', 'manual')),
      ADD COLUMN requested_by text NULL,
      ADD COLUMN queued_at timestamptz NULL,
      ADD COLUMN next_attempt_at timestamptz NULL,
      ADD COLUMN lease_until timestamptz NULL,
      ADD COLUMN lease_token uuid NULL,
      ADD COLUMN onboarding_sent_at timestamptz NULL,
      ADD COLUMN customer_id text NULL,
      ADD COLUMN subscription_status text NULL,
      ADD COLUMN completed_at timestamptz NULL`);
    await q.query(`CREATE INDEX cdp_onboardings_due_idx ON ${S}.cdp_onboardings (next_attempt_at) WHERE status IN ('queued', 'unavailable', 'in_progress')`);
    await q.query(`CREATE INDEX cdp_onboardings_waiting_idx ON ${S}.cdp_onboardings (tenant_id) WHERE status = 'awaiting_credentials'`);
    await q.query(`CREATE INDEX cdp_onboardings_person_idx ON ${S}.cdp_onboardings (tenant_id, nid_idx) WHERE nid_idx IS NOT NULL`);

    await q.query(`CREATE TABLE ${S}.cdp_settings (
      tenant_id uuid PRIMARY KEY,
      enabled boolean NOT NULL,
      client_id text NOT NULL,
      client_secret_enc text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'invalid_credentials')),
      status_reason text NULL,
      status_changed_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE ${S}.cdp_calls (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      application_id uuid NULL,
      client_id text NOT NULL,
      operation text NOT NULL CHECK (operation IN ('token', 'customer_lookup', 'onboarding', 'subscription_status', 'master_data')),
      outcome text NOT NULL CHECK (outcome IN ('success', 'rejected', 'unavailable', 'timeout')),
      http_status integer NULL,
      response_code text NULL,
      latency_ms integer NOT NULL,
      started_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX cdp_calls_tenant_time_idx ON ${S}.cdp_calls (tenant_id, started_at DESC)`);
    await q.query(`CREATE INDEX cdp_calls_application_idx ON ${S}.cdp_calls (tenant_id, application_id) WHERE application_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.cdp_calls`);
    await q.query(`DROP TABLE ${S}.cdp_settings`);
    await q.query(`DROP INDEX ${S}.cdp_onboardings_person_idx`);
    await q.query(`DROP INDEX ${S}.cdp_onboardings_waiting_idx`);
    await q.query(`DROP INDEX ${S}.cdp_onboardings_due_idx`);
    // Keep every row: map the new states onto the nearest old one.
    await q.query(`UPDATE ${S}.cdp_onboardings SET status = CASE
      WHEN status IN ('queued', 'unavailable', 'awaiting_credentials') THEN 'in_progress'
      ELSE status END`);
    await q.query(`ALTER TABLE ${S}.cdp_onboardings
      DROP CONSTRAINT cdp_onboardings_status_check,
      DROP COLUMN status_reason, DROP COLUMN applicant_sealed, DROP COLUMN mobile_sealed, DROP COLUMN nid_idx, DROP COLUMN document_type,
      DROP COLUMN selfie_ref, DROP COLUMN card_photo_ref, DROP COLUMN document_front_ref, DROP COLUMN document_back_ref, DROP COLUMN ec_photo_ref,
      DROP COLUMN nid_result, DROP COLUMN nid_completed_at, DROP COLUMN submitted_at, DROP COLUMN application_status, DROP COLUMN decided_at,
      DROP COLUMN trigger, DROP COLUMN requested_by, DROP COLUMN queued_at, DROP COLUMN next_attempt_at, DROP COLUMN lease_until,
      DROP COLUMN lease_token, DROP COLUMN onboarding_sent_at, DROP COLUMN customer_id, DROP COLUMN subscription_status, DROP COLUMN completed_at`);
    await q.query(`ALTER TABLE ${S}.cdp_onboardings ADD CONSTRAINT cdp_onboardings_status_check CHECK (status IN (${OLD_STATUSES}))`);
  }
}
