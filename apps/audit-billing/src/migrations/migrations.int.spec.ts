import { randomUUID } from 'node:crypto';
import { createServiceDataSource, migrateDataSource } from '@ekyc/db';
import { integrationEnv, migrationsAreReversible, scratchDatabase } from '@ekyc/testing';
import { AuditEventService } from '../audit-event/audit-event.service';
import { createAuditBillingDataSource, SCHEMA } from '../data-source';
import { Initial1763750000000 } from './1763750000000-initial';

jest.setTimeout(60_000);

describe('audit-billing migrations on real Postgres', () => {
  it('create the schema, revert completely, and apply again', async () => {
    const { tables, afterRevert } = await migrationsAreReversible(() => createAuditBillingDataSource(integrationEnv().databaseUrl));
    expect(tables).toEqual([
      'audit_chain_heads',
      'audit_events',
      'outbox',
      'price_list_items',
      'processed_events',
      'projection_rebuilds',
      'tenant_settings',
      'usage_calls',
      'vendor_billing_reports',
      'verification_log',
      'webhook_attempts',
      'webhook_deliveries',
      'webhook_endpoints',
      'webhook_subject_states',
    ]);
    expect(afterRevert).toEqual([]);
  });

  it('chains audit rows recorded before the chain existed, in the order they were recorded', async () => {
    const db = await scratchDatabase(integrationEnv().databaseUrl, 'auditmig');
    try {
      await migrateDataSource(
        createServiceDataSource({ url: db.url, schema: SCHEMA, applicationName: 'it', entities: [], migrations: [Initial1763750000000] }),
      );
      const ds = createAuditBillingDataSource(db.url);
      await ds.initialize();
      const [a, b] = [randomUUID(), randomUUID()];
      for (const [tenantId, minute] of [
        [a, 1],
        [b, 2],
        [a, 3],
        [a, 2],
      ] as const) {
        await ds.query(
          `INSERT INTO audit_billing.audit_events (id, tenant_id, event_type, event_version, application_id, causation_id, actor_kind, actor_id, source_topic, source_partition, source_offset, data, occurred_at, recorded_at)
           VALUES ($1, $2, 'application.created', 1, $3, NULL, 'user', 'u', 'kyc.identity-document.events.v1', 0, 7, '{"status":"draft","n":1.5}', now(), $4::timestamptz)`,
          [randomUUID(), tenantId, randomUUID(), `2024-01-01T00:0${minute}:00.123456Z`],
        );
      }
      await ds.runMigrations({ transaction: 'each' });
      const verdicts = await new AuditEventService({ ds }).verify({ kind: 'all' });
      expect(verdicts.map((v) => [v.tenantId, v.ok, v.checkedEntries]).sort()).toEqual(
        [
          [a, true, 3],
          [b, true, 1],
        ].sort(),
      );
      const order = (await ds.query(
        `SELECT extract(minute FROM recorded_at)::int AS minute FROM audit_billing.audit_events WHERE tenant_id = $1 ORDER BY seq`,
        [a],
      )) as Array<{ minute: number }>;
      expect(order.map((r) => r.minute)).toEqual([1, 2, 3]);
      await ds.destroy();
    } finally {
      await db.drop();
    }
  });
});
