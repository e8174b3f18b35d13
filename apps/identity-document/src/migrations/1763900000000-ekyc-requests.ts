import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';
const STATUSES = `'otp_pending', 'otp_sent', 'verified', 'accepted', 'locked', 'cleared', 'deleted'`;
/** Open requests hold their email and phone; cleared and deleted ones free them (see ekyc-request.state.ts). */
const OPEN = `status NOT IN ('cleared', 'deleted')`;

/** eKYC requests: email and phone (encrypted, unique per tenant among open requests) and OTP verification. */
export class EkycRequests1763900000000 implements MigrationInterface {
  name = 'EkycRequests1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.ekyc_requests (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN (${STATUSES})),
      email_enc text NULL,
      email_idx text NULL,
      phone_enc text NULL,
      phone_idx text NULL,
      submission_id uuid NOT NULL,
      idempotency_key text NULL,
      request_digest text NULL,
      otp_hash text NULL,
      otp_expires_at timestamptz NULL,
      otp_attempts integer NOT NULL DEFAULT 0 CHECK (otp_attempts >= 0),
      otp_sends integer NOT NULL DEFAULT 0 CHECK (otp_sends >= 0),
      otp_delivery text NULL CHECK (otp_delivery IN ('sending', 'sent', 'failed')),
      otp_delivery_error text NULL,
      otp_last_send_at timestamptz NULL,
      verified_at timestamptz NULL,
      locked_at timestamptz NULL,
      accepted_at timestamptz NULL,
      accepted_by text NULL,
      cleared_at timestamptz NULL,
      cleared_by text NULL,
      deleted_at timestamptz NULL,
      deleted_by text NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ekyc_requests_pii_until_deleted CHECK (
        (status = 'deleted') = (email_enc IS NULL AND email_idx IS NULL AND phone_enc IS NULL AND phone_idx IS NULL)
      )
    )`);
    // The database, not a read-then-insert, decides a race between two creates with the same contact.
    await q.query(`CREATE UNIQUE INDEX ekyc_requests_email_open_uq ON ${S}.ekyc_requests (tenant_id, email_idx) WHERE ${OPEN}`);
    await q.query(`CREATE UNIQUE INDEX ekyc_requests_phone_open_uq ON ${S}.ekyc_requests (tenant_id, phone_idx) WHERE ${OPEN}`);
    await q.query(`CREATE UNIQUE INDEX ekyc_requests_idempotency_uq ON ${S}.ekyc_requests (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX ekyc_requests_tenant_page_idx ON ${S}.ekyc_requests (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ekyc_requests_tenant_status_page_idx ON ${S}.ekyc_requests (tenant_id, status, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.ekyc_requests`);
  }
}
