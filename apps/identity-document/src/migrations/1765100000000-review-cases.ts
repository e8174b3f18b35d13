import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';

/** Review cases: pending applications a person resolves, one open case per application. */
export class ReviewCases1765100000000 implements MigrationInterface {
  name = 'ReviewCases1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.review_cases (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      reason text NOT NULL CHECK (reason IN ('FACE_REVIEW', 'DUPLICATE_FACE', 'STEP_OVERDUE')),
      reason_detail text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'superseded')),
      claimed_by text NULL,
      lease_until timestamptz NULL,
      due_at timestamptz NOT NULL,
      escalated_at timestamptz NULL,
      resolved_by text NULL,
      resolved_at timestamptz NULL,
      rejection_codes text[] NOT NULL DEFAULT '{}',
      first_approval_by text NULL,
      note_enc text NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK ((status = 'open') = (resolved_at IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX review_cases_open_per_application ON ${S}.review_cases (tenant_id, application_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX review_cases_queue ON ${S}.review_cases (tenant_id, status, created_at, id)`);
    await q.query(`CREATE INDEX review_cases_due ON ${S}.review_cases (due_at) WHERE status = 'open' AND escalated_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.review_cases`);
  }
}
