import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventBusTablesDown, eventBusTablesUp } from '@ekyc/event-bus';

const S = 'audit_billing';

export class Initial1763750000000 implements MigrationInterface {
  name = 'Initial1763750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${S}.audit_events (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      event_type text NOT NULL,
      event_version integer NOT NULL,
      application_id text NOT NULL,
      causation_id text NULL,
      actor_kind text NOT NULL,
      actor_id text NOT NULL,
      source_topic text NOT NULL,
      source_partition integer NOT NULL,
      source_offset bigint NOT NULL,
      data jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX audit_events_tenant_page_idx ON ${S}.audit_events (tenant_id, recorded_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_events_application_idx ON ${S}.audit_events (tenant_id, application_id, occurred_at)`);
    for (const sql of eventBusTablesUp(S)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of eventBusTablesDown(S)) await q.query(sql);
    await q.query(`DROP TABLE ${S}.audit_events`);
  }
}
