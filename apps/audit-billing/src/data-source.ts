import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { AuditEventRecord } from './audit-event/audit-event.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';

export const SCHEMA = 'audit_billing';

export const createAuditBillingDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'audit-billing',
    entities: [AuditEventRecord],
    migrations: [Initial1763750000000],
  });
