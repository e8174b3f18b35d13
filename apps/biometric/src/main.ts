import 'reflect-metadata';
import { createApplicationQueueWorker } from '@ekyc/leased-queue';
import { createPiiCipher } from '@ekyc/crypto';
import { refuseUnreadableSealedData } from '@ekyc/db';
import { topicsOf } from '@ekyc/event-schemas';
import { compareFaces, createFaceEngine, decideMatch } from '@ekyc/face-engine';
import { createLogger } from '@ekyc/logger';
import { runMain, stopOnSignals } from '@ekyc/service-runtime';
import { createBlobClient, createContainer, openInfrastructure, routeBlobFetches, serveSubgraph } from '@ekyc/subgraph-kit';
import { createBiometricDataSource } from './data-source';
import { loadEnv } from './env';
import { biometricEventHandlers, HANDLED_EVENTS } from './events/handlers';
import { FaceMatchSettingsResolver } from './face-match-settings/face-match-settings.resolver';
import { FaceMatchSettingsService } from './face-match-settings/face-match-settings.service';
import { FaceMatchResolver } from './face-match/face-match.resolver';
import { FaceMatchService } from './face-match/face-match.service';
import { KnownFaceService } from './known-face/known-face.service';
import { LivenessResolver } from './liveness/liveness.resolver';
import { LivenessService } from './liveness/liveness.service';
import { buildBiometricSchema } from './schema';
import { SEALED_COLUMNS } from './sealed-columns';

const env = loadEnv();
const log = createLogger({ service: 'biometric', level: env.LOG_LEVEL });

runMain(log, async () => {
  const consumedTopics = topicsOf(HANDLED_EVENTS);
  const infra = await openInfrastructure({ service: 'biometric', env, log, ds: createBiometricDataSource(env.DATABASE_URL), consumedTopics });
  const { ds, relay } = infra;
  const cipher = createPiiCipher(env.PII_ENCRYPTION_KEY, env.PII_PREVIOUS_KEYS);
  await refuseUnreadableSealedData('biometric', ds, cipher, SEALED_COLUMNS);
  const engine = await createFaceEngine({ log });
  const fetchBlob = createBlobClient({ secret: env.INTERNAL_CONTEXT_SECRET, timeoutMs: env.BLOB_FETCH_TIMEOUT_MS, maxAttempts: env.BLOB_FETCH_MAX_ATTEMPTS });
  // identity-document stores the card photos, selfies and ID images; provider-nid the EC photos.
  const images = routeBlobFetches(fetchBlob, { 'doc-image': env.IDENTITY_DOCUMENT_URL, 'ec-photo': env.PROVIDER_NID_URL });
  const settings = new FaceMatchSettingsService({ ds });
  const thresholds = (tenantId: string) => settings.thresholds(tenantId);
  const gallery = new KnownFaceService({ cipher, compare: compareFaces, log });
  const faceMatches = new FaceMatchService({
    ds,
    cipher,
    engine,
    compare: compareFaces,
    decide: decideMatch,
    thresholds,
    gallery,
    images,
    relay,
    log,
    retry: {
      baseDelayMs: env.FACE_MATCH_RETRY_BASE_MS,
      maxDelayMs: env.FACE_MATCH_RETRY_MAX_MS,
      giveUpAfterMs: env.FACE_MATCH_GIVE_UP_AFTER_MS,
      leaseMs: env.FACE_MATCH_LEASE_MS,
    },
  });
  const worker = createApplicationQueueWorker('face match', {
    service: faceMatches,
    log,
    pollMs: env.FACE_WORKER_POLL_MS,
    concurrency: env.FACE_WORKER_CONCURRENCY,
  });
  const liveness = new LivenessService({ ds, engine, compare: compareFaces, thresholds, relay, log, ttlMs: env.LIVENESS_SESSION_TTL_SECONDS * 1000 });

  const running = await serveSubgraph({
    infra,
    env,
    port: env.PORT,
    schema: await buildBiometricSchema(),
    container: createContainer([
      faceMatches,
      settings,
      liveness,
      new FaceMatchResolver(faceMatches),
      new FaceMatchSettingsResolver(settings),
      new LivenessResolver(liveness),
    ]),
    consumer: {
      topics: consumedTopics,
      handlers: biometricEventHandlers({ faceMatches, nudgeWorker: () => worker.nudge() }),
    },
  });
  worker.start();
  stopOnSignals([() => worker.stop(), () => running.stop(), () => engine.close()], log, env.SHUTDOWN_TIMEOUT_MS);
});
