import { createServiceDataSource, migrateDataSource, type DataSource } from '@ekyc/db';
import { ApiTokenRecord, IamChangeRecord, TenantRecord, UserRecord } from './iam/iam.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';
import { ReviewerRole1765100000000 } from './migrations/1765100000000-reviewer-role';
import { AuthHardening1765300000000 } from './migrations/1765300000000-auth-hardening';
import { UserManagement1765500000000 } from './migrations/1765500000000-user-management';
import { Sessions1765600000000 } from './migrations/1765600000000-sessions';

export const SCHEMA = 'gateway';

export const createGatewayDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'gateway',
    entities: [TenantRecord, UserRecord, ApiTokenRecord, IamChangeRecord],
    migrations: [Initial1763750000000, ReviewerRole1765100000000, AuthHardening1765300000000, UserManagement1765500000000, Sessions1765600000000],
    poolSize: 5,
  });

/** The gateway's database, opened, with its schema created and migrated: for the bootstrap script and tests. */
export async function openGatewayDatabase(url: string): Promise<DataSource> {
  const ds = createGatewayDataSource(url);
  await ds.initialize();
  await migrateDataSource(ds);
  return ds;
}
