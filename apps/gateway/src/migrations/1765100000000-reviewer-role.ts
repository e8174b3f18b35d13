import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'gateway';
const before = `ARRAY['agent', 'partner_admin', 'analyst', 'platform_admin']`;
const after = `ARRAY['agent', 'partner_admin', 'analyst', 'reviewer', 'platform_admin']`;

/** The reviewer role: people who resolve pending applications (identity-document's review cases). */
export class ReviewerRole1765100000000 implements MigrationInterface {
  name = 'ReviewerRole1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.users DROP CONSTRAINT users_roles_check`);
    await q.query(`ALTER TABLE ${S}.users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ${after})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM ${S}.api_tokens WHERE user_id IN (SELECT id FROM ${S}.users WHERE 'reviewer' = ANY(roles))`);
    await q.query(`DELETE FROM ${S}.users WHERE 'reviewer' = ANY(roles)`);
    await q.query(`ALTER TABLE ${S}.users DROP CONSTRAINT users_roles_check`);
    await q.query(`ALTER TABLE ${S}.users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ${before})`);
  }
}
