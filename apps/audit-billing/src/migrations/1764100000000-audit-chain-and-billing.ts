import type { MigrationInterface, QueryRunner } from 'typeorm';
import { entryHash, GENESIS_HASH } from '../audit-event/audit-chain';
import { contentOfRow, type AuditRow } from '../audit-event/audit-entry';

const S = 'audit_billing';
const BATCH = 1_000;

/**
 * The hash chain over the audit trail (existing rows are chained in the order they were recorded), the
 * append-only trigger, and the projections and settings of the verification log, usage billing and
 * reconciliation.
 */
export class AuditChainAndBilling1764100000000 implements MigrationInterface {
  name = 'AuditChainAndBilling1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.audit_events ADD COLUMN seq bigint NULL, ADD COLUMN prev_hash text NULL, ADD COLUMN hash text NULL`);
    await q.query(`CREATE TABLE ${S}.audit_chain_heads (
      tenant_id uuid PRIMARY KEY,
      seq bigint NOT NULL,
      hash text NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await chainExistingRows(q);
    await q.query(`ALTER TABLE ${S}.audit_events ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX audit_events_chain_idx ON ${S}.audit_events (tenant_id, seq)`);
    await q.query(`CREATE INDEX audit_events_actor_idx ON ${S}.audit_events (tenant_id, actor_id, recorded_at DESC, id DESC)`);
    // Postgres itself refuses changes; the table owner can still disable the trigger (see the README).
    await q.query(`CREATE FUNCTION ${S}.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await q.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON ${S}.audit_events FOR EACH ROW EXECUTE FUNCTION ${S}.refuse_audit_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON ${S}.audit_events FOR EACH STATEMENT EXECUTE FUNCTION ${S}.refuse_audit_change()`,
    );

    await q.query(`CREATE TABLE ${S}.verification_log (
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      sort_at timestamptz NOT NULL,
      submitted_at timestamptz NULL,
      agent_kind text NULL,
      agent_id text NULL,
      document_type text NULL,
      mobile_number_enc text NULL,
      mobile_number_idx text NULL,
      name_en_enc text NULL,
      nid_enc text NULL,
      nid_idx text NULL,
      status text NOT NULL,
      decided_at timestamptz NULL,
      reason text NULL,
      submitted_event_id uuid NULL,
      decision_event_id uuid NULL,
      PRIMARY KEY (tenant_id, application_id)
    )`);
    await q.query(`CREATE INDEX verification_log_page_idx ON ${S}.verification_log (tenant_id, sort_at DESC, application_id DESC)`);
    await q.query(`CREATE INDEX verification_log_all_idx ON ${S}.verification_log (sort_at DESC, application_id DESC)`);
    await q.query(`CREATE INDEX verification_log_agent_idx ON ${S}.verification_log (tenant_id, agent_id, sort_at DESC)`);
    await q.query(`CREATE INDEX verification_log_mobile_idx ON ${S}.verification_log (tenant_id, mobile_number_idx)`);
    await q.query(`CREATE INDEX verification_log_nid_idx ON ${S}.verification_log (tenant_id, nid_idx)`);

    await q.query(`CREATE TABLE ${S}.usage_calls (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      provider text NOT NULL,
      operation text NOT NULL,
      username text NOT NULL,
      application_id uuid NULL,
      actor_id text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('success', 'failed', 'processing', 'unbilled')),
      provider_outcome text NOT NULL,
      http_status integer NULL,
      occurred_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX usage_calls_tenant_idx ON ${S}.usage_calls (tenant_id, occurred_at)`);
    await q.query(`CREATE INDEX usage_calls_time_idx ON ${S}.usage_calls (occurred_at)`);

    await q.query(`CREATE TABLE ${S}.vendor_billing_reports (
      id uuid PRIMARY KEY,
      tenant_id uuid NOT NULL,
      username text NOT NULL,
      start_date date NOT NULL,
      end_date date NOT NULL,
      fetched_at timestamptz NOT NULL,
      generated_time text NOT NULL,
      partner_id double precision NOT NULL,
      total_call_count integer NOT NULL,
      total_bill_minor bigint NOT NULL,
      rows jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX vendor_billing_reports_range_idx ON ${S}.vendor_billing_reports (tenant_id, start_date, end_date)`);

    await q.query(`CREATE TABLE ${S}.tenant_settings (
      tenant_id uuid PRIMARY KEY,
      agents_see_all_submissions boolean NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL
    )`);
    await q.query(`CREATE TABLE ${S}.price_list_items (
      tenant_id uuid NOT NULL,
      item text NOT NULL,
      unit_price_minor bigint NOT NULL CHECK (unit_price_minor >= 0),
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL,
      PRIMARY KEY (tenant_id, item)
    )`);
    await q.query(`CREATE TABLE ${S}.projection_rebuilds (
      id uuid PRIMARY KEY,
      tenant_id uuid NULL,
      consumer_group text NOT NULL,
      status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
      requested_by text NOT NULL,
      started_at timestamptz NOT NULL,
      heartbeat_at timestamptz NOT NULL,
      finished_at timestamptz NULL,
      expected_events integer NOT NULL,
      remaining_events integer NOT NULL,
      error text NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['projection_rebuilds', 'price_list_items', 'tenant_settings', 'vendor_billing_reports', 'usage_calls', 'verification_log']) {
      await q.query(`DROP TABLE ${S}.${table}`);
    }
    await q.query(`DROP TRIGGER audit_events_no_truncate ON ${S}.audit_events`);
    await q.query(`DROP TRIGGER audit_events_append_only ON ${S}.audit_events`);
    await q.query(`DROP FUNCTION ${S}.refuse_audit_change()`);
    await q.query(`DROP INDEX ${S}.audit_events_actor_idx`);
    await q.query(`DROP INDEX ${S}.audit_events_chain_idx`);
    await q.query(`ALTER TABLE ${S}.audit_events DROP COLUMN hash, DROP COLUMN prev_hash, DROP COLUMN seq`);
    await q.query(`DROP TABLE ${S}.audit_chain_heads`);
  }
}

/** Numbers each tenant's existing rows in the order they were recorded and links them. */
async function chainExistingRows(q: QueryRunner): Promise<void> {
  // The hash commits to recorded_at as JavaScript reads it: milliseconds.
  await q.query(`UPDATE ${S}.audit_events SET recorded_at = date_trunc('milliseconds', recorded_at)`);
  const tenants: Array<{ tenant_id: string }> = await q.query(`SELECT DISTINCT tenant_id FROM ${S}.audit_events`);
  for (const { tenant_id: tenantId } of tenants) {
    let seq = 0;
    let prevHash = GENESIS_HASH;
    let after: { recordedAt: Date; id: string } | null = null;
    for (;;) {
      const rows: Array<Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>> = await q.query(
        `SELECT id, tenant_id, event_type, event_version, application_id, causation_id, actor_kind, actor_id, source_topic, source_partition,
                source_offset::text AS source_offset, data, occurred_at, recorded_at
           FROM ${S}.audit_events
          WHERE tenant_id = $1 ${after ? 'AND (recorded_at, id) > ($2, $3)' : ''}
          ORDER BY recorded_at, id LIMIT ${BATCH}`,
        after ? [tenantId, after.recordedAt, after.id] : [tenantId],
      );
      for (const row of rows) {
        seq += 1;
        const hash = entryHash(prevHash, contentOfRow(row, seq));
        await q.query(`UPDATE ${S}.audit_events SET seq = $2, prev_hash = $3, hash = $4 WHERE id = $1`, [row.id, seq, prevHash, hash]);
        prevHash = hash;
      }
      const last = rows.at(-1);
      if (!last || rows.length < BATCH) break;
      after = { recordedAt: last.recorded_at, id: last.id };
    }
    await q.query(`INSERT INTO ${S}.audit_chain_heads (tenant_id, seq, hash, updated_at) VALUES ($1, $2, $3, now())`, [tenantId, seq, prevHash]);
  }
}
