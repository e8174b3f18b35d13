import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';

/** A reviewer may send named items back to the agent: the request (items, due time) and when they came back. */
export class Resubmissions1765200000000 implements MigrationInterface {
  name = 'Resubmissions1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.applications ADD COLUMN resubmission jsonb NULL, ADD COLUMN resubmitted_at timestamptz NULL`);
    await q.query(`ALTER TABLE ${S}.review_cases DROP CONSTRAINT review_cases_status_check`);
    await q.query(`ALTER TABLE ${S}.review_cases ADD CONSTRAINT review_cases_status_check CHECK (status IN ('open', 'approved', 'rejected', 'superseded', 'resubmission_requested'))`);
    await q.query(`ALTER TABLE ${S}.review_cases ADD COLUMN resubmission_items text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.review_cases DROP COLUMN resubmission_items`);
    await q.query(`DELETE FROM ${S}.review_cases WHERE status = 'resubmission_requested'`);
    await q.query(`ALTER TABLE ${S}.review_cases DROP CONSTRAINT review_cases_status_check`);
    await q.query(`ALTER TABLE ${S}.review_cases ADD CONSTRAINT review_cases_status_check CHECK (status IN ('open', 'approved', 'rejected', 'superseded'))`);
    await q.query(`ALTER TABLE ${S}.applications DROP COLUMN resubmitted_at, DROP COLUMN resubmission`);
  }
}
