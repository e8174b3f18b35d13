import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventBusTablesDown, eventBusTablesUp } from '@ekyc/event-bus';

const S = 'provider_nid';

export class Initial1763750000000 implements MigrationInterface {
  name = 'Initial1763750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.nid_verifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('awaiting_submission', 'in_progress', 'verified', 'mismatch', 'unavailable', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_attempt_at timestamptz NULL,
      last_error_code text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, application_id)
    )`);
    for (const sql of eventBusTablesUp(S)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of eventBusTablesDown(S)) await q.query(sql);
    await q.query(`DROP TABLE ${S}.nid_verifications`);
  }
}
