import { createServiceDataSource, type DataSource } from '@ekyc/db';
import { FaceMatchSettingsRecord } from './face-match-settings/face-match-settings.entity';
import { FaceMatchRecord } from './face-match/face-match.entity';
import { KnownFaceRecord } from './known-face/known-face.entity';
import { LivenessSessionRecord } from './liveness/liveness-session.entity';
import { Initial1763750000000 } from './migrations/1763750000000-initial';
import { FaceMatching1763950000000 } from './migrations/1763950000000-face-matching';

export const SCHEMA = 'biometric';

export const createBiometricDataSource = (url: string): DataSource =>
  createServiceDataSource({
    url,
    schema: SCHEMA,
    applicationName: 'biometric',
    entities: [FaceMatchRecord, KnownFaceRecord, FaceMatchSettingsRecord, LivenessSessionRecord],
    migrations: [Initial1763750000000, FaceMatching1763950000000],
  });
