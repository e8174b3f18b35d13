import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { FaceMatchRecord } from './face-match/face-match.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';

export const SCHEMA = 'biometric';

export const createBiometricDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'biometric',
    entities: [FaceMatchRecord],
    migrations: [Initial1763750000000],
  });
