import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'gateway';

/**
 * Browser sessions opened by signing in through the bank's identity provider (OpenID Connect): only a SHA-256 of the
 * cookie's value is stored. Ending or expiring one decides who may call, so it bumps `auth_revision` like a key.
 */
export class Sessions1765600000000 implements MigrationInterface {
  name = 'Sessions1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES ${S}.tenants(id),
      user_id uuid NOT NULL REFERENCES ${S}.users(id),
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz NULL
    )`);
    await q.query(`CREATE INDEX sessions_user_idx ON ${S}.sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(
      `CREATE TRIGGER sessions_bump_auth_revision AFTER UPDATE OF revoked_at, expires_at, user_id OR DELETE ON ${S}.sessions FOR EACH STATEMENT EXECUTE FUNCTION ${S}.bump_auth_revision()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.sessions`);
  }
}
