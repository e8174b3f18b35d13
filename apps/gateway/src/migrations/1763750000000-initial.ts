import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'gateway';

export class Initial1763750000000 implements MigrationInterface {
  name = 'Initial1763750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.tenants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz NULL
    )`);
    await q.query(`CREATE TABLE ${S}.users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES ${S}.tenants(id),
      email text NOT NULL,
      roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['agent', 'partner_admin', 'analyst', 'platform_admin']),
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz NULL,
      UNIQUE (tenant_id, email)
    )`);
    await q.query(`CREATE TABLE ${S}.api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES ${S}.tenants(id),
      user_id uuid NOT NULL REFERENCES ${S}.users(id),
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      token_prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz NULL,
      revoked_at timestamptz NULL
    )`);
    await q.query(`CREATE INDEX api_tokens_user_idx ON ${S}.api_tokens (user_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.api_tokens`);
    await q.query(`DROP TABLE ${S}.users`);
    await q.query(`DROP TABLE ${S}.tenants`);
  }
}
