import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'gateway';
const ROLES_BEFORE = `ARRAY['agent', 'partner_admin', 'analyst', 'reviewer', 'platform_admin']`;
const WITH_PII_READER = `ARRAY['agent', 'partner_admin', 'analyst', 'reviewer', 'platform_admin', 'pii_reader']`;

/**
 * The `pii_reader` role, and two things every gateway instance shares. `rate_limits` holds rate-limiter-flexible's counters (its own layout), so
 * the limits hold across instances. `auth_revision` is a counter every gateway instance watches: any change to tokens, users or tenants (a revocation, a disabled user, a
 * changed role), by the platform or by hand in SQL, bumps it, and each instance then drops what it cached about who
 * may call. A trigger, so no path that writes these tables can forget it.
 */
export class AuthHardening1765300000000 implements MigrationInterface {
  name = 'AuthHardening1765300000000';

  async up(q: QueryRunner): Promise<void> {
    // pii_reader: the tenant's grant to an analyst (or platform admin) to read personal data unmasked.
    await q.query(`ALTER TABLE ${S}.users DROP CONSTRAINT users_roles_check`);
    await q.query(`ALTER TABLE ${S}.users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ${WITH_PII_READER})`);
    await q.query(`CREATE TABLE ${S}.rate_limits (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
    await q.query(
      `CREATE TABLE ${S}.auth_revision (id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1), revision bigint NOT NULL, changed_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`INSERT INTO ${S}.auth_revision (id, revision) VALUES (1, 1)`);
    await q.query(`CREATE FUNCTION ${S}.bump_auth_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ${S}.auth_revision SET revision = revision + 1, changed_at = now() WHERE id = 1;
        RETURN NULL;
      END $$`);
    // Only the columns that decide who may call: a token's last use is written on every call and must not count.
    const watched = { api_tokens: 'revoked_at, user_id, tenant_id', users: 'disabled_at, roles, tenant_id', tenants: 'disabled_at' };
    for (const [table, columns] of Object.entries(watched)) {
      await q.query(
        `CREATE TRIGGER ${table}_bump_auth_revision AFTER UPDATE OF ${columns} OR DELETE ON ${S}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${S}.bump_auth_revision()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['api_tokens', 'users', 'tenants']) await q.query(`DROP TRIGGER ${table}_bump_auth_revision ON ${S}.${table}`);
    await q.query(`DROP FUNCTION ${S}.bump_auth_revision()`);
    await q.query(`DROP TABLE ${S}.auth_revision`);
    await q.query(`DROP TABLE ${S}.rate_limits`);
    await q.query(`UPDATE ${S}.users SET roles = array_remove(roles, 'pii_reader') WHERE 'pii_reader' = ANY(roles)`);
    await q.query(`ALTER TABLE ${S}.users DROP CONSTRAINT users_roles_check`);
    await q.query(`ALTER TABLE ${S}.users ADD CONSTRAINT users_roles_check CHECK (cardinality(roles) > 0 AND roles <@ ${ROLES_BEFORE})`);
  }
}
