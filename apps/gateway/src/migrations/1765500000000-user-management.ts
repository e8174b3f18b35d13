import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'gateway';

/**
 * Users and API keys managed by partner admins: a user's display name and who invited them; a key's expiry and who
 * issued it; and `iam_changes`, the append-only record of every change made to users and keys (who, what, when). A
 * key's expiry decides who may call, so it joins the columns that bump `auth_revision`.
 */
export class UserManagement1765500000000 implements MigrationInterface {
  name = 'UserManagement1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.users ADD COLUMN display_name text NULL, ADD COLUMN invited_by uuid NULL REFERENCES ${S}.users(id)`);
    await q.query(`ALTER TABLE ${S}.api_tokens ADD COLUMN expires_at timestamptz NULL, ADD COLUMN created_by uuid NULL REFERENCES ${S}.users(id)`);
    await q.query(`CREATE INDEX api_tokens_tenant_idx ON ${S}.api_tokens (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX users_tenant_idx ON ${S}.users (tenant_id, created_at DESC, id DESC)`);
    await q.query(`DROP TRIGGER api_tokens_bump_auth_revision ON ${S}.api_tokens`);
    await q.query(
      `CREATE TRIGGER api_tokens_bump_auth_revision AFTER UPDATE OF revoked_at, user_id, tenant_id, expires_at OR DELETE ON ${S}.api_tokens FOR EACH STATEMENT EXECUTE FUNCTION ${S}.bump_auth_revision()`,
    );
    await q.query(`CREATE TABLE ${S}.iam_changes (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES ${S}.tenants(id),
      actor_user_id uuid NOT NULL REFERENCES ${S}.users(id),
      action text NOT NULL,
      target_kind text NOT NULL CHECK (target_kind IN ('user', 'api_key')),
      target_id uuid NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX iam_changes_tenant_idx ON ${S}.iam_changes (tenant_id, id DESC)`);
    // Append-only: the record of who changed access cannot itself be changed.
    await q.query(`CREATE FUNCTION ${S}.iam_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'iam_changes is append-only';
      END $$`);
    await q.query(
      `CREATE TRIGGER iam_changes_append_only BEFORE UPDATE OR DELETE ON ${S}.iam_changes FOR EACH ROW EXECUTE FUNCTION ${S}.iam_changes_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.iam_changes`);
    await q.query(`DROP FUNCTION ${S}.iam_changes_append_only()`);
    await q.query(`DROP TRIGGER api_tokens_bump_auth_revision ON ${S}.api_tokens`);
    await q.query(
      `CREATE TRIGGER api_tokens_bump_auth_revision AFTER UPDATE OF revoked_at, user_id, tenant_id OR DELETE ON ${S}.api_tokens FOR EACH STATEMENT EXECUTE FUNCTION ${S}.bump_auth_revision()`,
    );
    await q.query(`DROP INDEX ${S}.users_tenant_idx`);
    await q.query(`DROP INDEX ${S}.api_tokens_tenant_idx`);
    await q.query(`ALTER TABLE ${S}.api_tokens DROP COLUMN created_by, DROP COLUMN expires_at`);
    await q.query(`ALTER TABLE ${S}.users DROP COLUMN invited_by, DROP COLUMN display_name`);
  }
}
