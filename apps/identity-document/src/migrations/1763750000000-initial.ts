import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventBusTablesDown, eventBusTablesUp } from '@ekyc/event-bus';

const S = 'identity_document';

export class Initial1763750000000 implements MigrationInterface {
  name = 'Initial1763750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.applications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'pending', 'passed', 'failed', 'invalid')),
      channel text NOT NULL CHECK (channel IN ('agent', 'self_service', 'api')),
      mobile_number_enc text NOT NULL,
      mobile_number_idx text NOT NULL,
      idempotency_key text NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX applications_idempotency_uq ON ${S}.applications (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX applications_tenant_page_idx ON ${S}.applications (tenant_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX applications_mobile_idx ON ${S}.applications (tenant_id, mobile_number_idx)`);
    for (const sql of eventBusTablesUp(S)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of eventBusTablesDown(S)) await q.query(sql);
    await q.query(`DROP TABLE ${S}.applications`);
  }
}
