import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'identity_document';

/**
 * Decision gates: the tenant says whether liveness is required (on by default, like face matching), each
 * application keeps which checks its decision waits for and the liveness sessions it has seen, and the fields the
 * tenant's CDP onboarding needs are known before anything is decided.
 */
export class DecisionGates1765000000000 implements MigrationInterface {
  name = 'DecisionGates1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.submission_policies ADD COLUMN require_liveness boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE ${S}.submission_policies ADD COLUMN four_eyes_duplicates boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE ${S}.applications ADD COLUMN liveness_required boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE ${S}.applications ADD COLUMN liveness_result jsonb NULL`);
    // What the tenant's CDP onboarding needs of an applicant, as provider-cdp last announced it (cdp.settings.changed).
    await q.query(`CREATE TABLE ${S}.onboarding_requirements (
      tenant_id uuid PRIMARY KEY,
      enabled boolean NOT NULL,
      required_fields text[] NOT NULL,
      changed_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.onboarding_requirements`);
    await q.query(`ALTER TABLE ${S}.applications DROP COLUMN liveness_result`);
    await q.query(`ALTER TABLE ${S}.applications DROP COLUMN liveness_required`);
    await q.query(`ALTER TABLE ${S}.submission_policies DROP COLUMN four_eyes_duplicates`);
    await q.query(`ALTER TABLE ${S}.submission_policies DROP COLUMN require_liveness`);
  }
}
