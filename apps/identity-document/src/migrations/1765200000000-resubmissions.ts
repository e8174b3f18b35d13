import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';

/** A reviewer may send named items back to the agent (the request, and when they came back); inconclusive liveness is a review reason. */
export class Resubmissions1765200000000 implements MigrationInterface {
  name = 'Resubmissions1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.applications ADD COLUMN resubmission jsonb NULL, ADD COLUMN resubmitted_at timestamptz NULL`);
    await q.query(`ALTER TABLE ${S}.review_cases DROP CONSTRAINT review_cases_status_check`);
    await q.query(
      `ALTER TABLE ${S}.review_cases ADD CONSTRAINT review_cases_status_check CHECK (status IN ('open', 'approved', 'rejected', 'superseded', 'resubmission_requested'))`,
    );
    await q.query(`ALTER TABLE ${S}.review_cases ADD COLUMN resubmission_items text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE ${S}.review_cases DROP CONSTRAINT review_cases_reason_check`);
    await q.query(
      `ALTER TABLE ${S}.review_cases ADD CONSTRAINT review_cases_reason_check CHECK (reason IN ('FACE_REVIEW', 'DUPLICATE_FACE', 'LIVENESS_INCONCLUSIVE', 'STEP_OVERDUE'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM ${S}.review_cases WHERE reason = 'LIVENESS_INCONCLUSIVE'`);
    await q.query(`ALTER TABLE ${S}.review_cases DROP CONSTRAINT review_cases_reason_check`);
    await q.query(`ALTER TABLE ${S}.review_cases ADD CONSTRAINT review_cases_reason_check CHECK (reason IN ('FACE_REVIEW', 'DUPLICATE_FACE', 'STEP_OVERDUE'))`);
    await q.query(`ALTER TABLE ${S}.review_cases DROP COLUMN resubmission_items`);
    await q.query(`DELETE FROM ${S}.review_cases WHERE status = 'resubmission_requested'`);
    await q.query(`ALTER TABLE ${S}.review_cases DROP CONSTRAINT review_cases_status_check`);
    await q.query(`ALTER TABLE ${S}.review_cases ADD CONSTRAINT review_cases_status_check CHECK (status IN ('open', 'approved', 'rejected', 'superseded'))`);
    await q.query(`ALTER TABLE ${S}.applications DROP COLUMN resubmitted_at, DROP COLUMN resubmission`);
  }
}
