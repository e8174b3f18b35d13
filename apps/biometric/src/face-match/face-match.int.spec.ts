import http from 'node:http';
import { createApplicationQueueWorker } from '@ekyc/leased-queue';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express from 'express';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { createPiiCipher, sha256Hex } from '@ekyc/crypto';
import { migrateDataSource } from '@ekyc/db';
import { createEvent, type ApplicantFields, type EventType, type KycEvent } from '@ekyc/event-schemas';
import { compareFaces, createFaceEngine, decideMatch, type FaceEngine } from '@ekyc/face-engine';
import { createLogger } from '@ekyc/logger';
import { BLOB_ROUTE, blobHandler, createBlobClient, routeBlobFetches } from '@ekyc/subgraph-kit';
import { integrationEnv, scratchDatabase } from '@ekyc/testing';
import { createBiometricDataSource } from '../data-source';
import { FaceMatchSettingsService } from '../face-match-settings/face-match-settings.service';
import { openDescriptor } from '../known-face/descriptor-seal';
import { KnownFaceService } from '../known-face/known-face.service';
import { FaceMatchRecord } from './face-match.entity';
import { FaceMatchService, type FaceMatchRetryPolicy } from './face-match.service';

jest.setTimeout(180_000);

const SECRET = 'internal-context-secret-of-32-chars!';
const cipher = createPiiCipher(Buffer.alloc(32, 9).toString('base64'));
const log = createLogger({ service: 'biometric-test', level: 'silent' });
const relay = { nudge: () => undefined };

/** Frontal faces in face-api's demo photos that pass the engine's quality gates (NID sandbox faces 18, 20, 21). */
const FACES = {
  rahman: { image: 'sample6.jpg', box: { left: 1105, top: 193, width: 339, height: 503 } },
  haque: { image: 'sample6.jpg', box: { left: 165, top: 351, width: 379, height: 524 } },
  yasmin: { image: 'sample6.jpg', box: { left: 1402, top: 144, width: 382, height: 533 } },
} as const;
const demo = (image: string) => path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo', image);
const ecPhoto = (face: keyof typeof FACES) =>
  sharp(demo(FACES[face].image)).extract(FACES[face].box).resize(300, 360, { fit: 'cover' }).jpeg({ quality: 85 }).toBuffer();
/** The same person photographed again: slightly rotated, brighter, another size and compression. */
const selfieOf = async (face: keyof typeof FACES) =>
  sharp(await ecPhoto(face))
    .rotate(4, { background: '#777' })
    .modulate({ brightness: 1.08 })
    .resize(420)
    .jpeg({ quality: 80 })
    .toBuffer();
/** As printed on the card and read back: small and compressed. */
const cardPhotoOf = async (face: keyof typeof FACES) =>
  sharp(await ecPhoto(face))
    .resize(160, 192)
    .modulate({ saturation: 0.8 })
    .jpeg({ quality: 70 })
    .toBuffer();

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let engine: FaceEngine;
let server: http.Server;
let baseUrl: string;
/** What the two image services hold, by tenant and reference. */
const stored = new Map<string, Buffer>();
let outage = 0;

async function store(tenantId: string, kind: 'doc-image' | 'ec-photo', bytes: Buffer): Promise<string> {
  const ref = `${kind}:${sha256Hex(bytes)}`;
  stored.set(`${tenantId} ${ref}`, bytes);
  return ref;
}

function service(retry: Partial<FaceMatchRetryPolicy> = {}) {
  const fetchBlob = createBlobClient({ secret: SECRET, timeoutMs: 2_000, maxAttempts: 2, retryDelayMs: 5 });
  const settings = new FaceMatchSettingsService({ ds });
  return new FaceMatchService({
    ds,
    cipher,
    engine,
    compare: compareFaces,
    decide: decideMatch,
    thresholds: (t) => settings.thresholds(t),
    gallery: new KnownFaceService({ cipher, compare: compareFaces, log }),
    images: routeBlobFetches(fetchBlob, { 'doc-image': baseUrl, 'ec-photo': baseUrl }),
    relay,
    log,
    retry: { baseDelayMs: 10, maxDelayMs: 20, giveUpAfterMs: 3_600_000, leaseMs: 60_000, ...retry },
  });
}

const applicant = (nid: string): ApplicantFields => ({
  nid,
  nameEn: 'Md. Mizanur Rahman',
  name: 'মো. মিজানুর রহমান',
  dateOfBirth: '1985-02-11',
  father: null,
  mother: null,
  spouse: null,
  presentAddress: null,
  permanentAddress: null,
});

/** One tenant's application, with the events identity-document and provider-nid would send about it. */
function application(tenantId: string = randomUUID()) {
  const applicationId = randomUUID();
  const meta = { tenantId, correlationId: applicationId, actor: { kind: 'system' as const, id: 'test' } };
  const event = <T extends EventType>(type: T, data: KycEvent<T>['data']) => createEvent(type, meta, data) as KycEvent<T>;
  return {
    tenantId,
    applicationId,
    created: () => event('application.created', { applicationId, status: 'draft', channel: 'agent' }),
    submitted: (refs: { selfieRef: string | null; cardPhotoRef: string | null }, nid = '1515950604') =>
      event('application.submitted', {
        applicationId,
        submissionId: null,
        documentType: 'nid_smart',
        applicantSealed: cipher.encrypt(JSON.stringify(applicant(nid)), tenantId),
        ...refs,
      }),
    nidCompleted: (ecPhotoRef: string | null, outcome: 'verified' | 'mismatch' = 'verified') =>
      event('nid.verification.completed', { applicationId, outcome, verified: outcome === 'verified', fields: [], ecPhotoRef, reason: null }),
    passed: () => event('verification.completed', { applicationId, status: 'passed', reason: null }),
    resubmitted: (selfieRef: string | null) =>
      event('application.resubmitted', {
        applicationId,
        items: selfieRef ? ['SELFIE'] : ['DOCUMENT_FRONT'],
        selfieRef,
        documentRefs: { front: null, back: null },
      }),
  };
}

type App = ReturnType<typeof application>;

/** Delivers events the way the consumer does: each in its own transaction. */
async function deliver(s: FaceMatchService, app: App, ...events: KycEvent[]): Promise<boolean[]> {
  const queued: boolean[] = [];
  for (const e of events) {
    queued.push(
      await ds.transaction(async (m) => {
        if (e.type === 'application.created') await s.track(m, e as KycEvent<'application.created'>);
        else if (e.type === 'application.submitted') return s.onSubmitted(m, e as KycEvent<'application.submitted'>);
        else if (e.type === 'nid.verification.completed') return s.onNidResult(m, e as KycEvent<'nid.verification.completed'>);
        else if (e.type === 'verification.completed') await s.onVerificationCompleted(m, e as KycEvent<'verification.completed'>);
        else if (e.type === 'application.resubmitted') return s.onResubmitted(m, e as KycEvent<'application.resubmitted'>);
        return false;
      }),
    );
  }
  return queued;
}

/** Runs the worker's steps until the application's match is no longer due. */
async function drain(s: FaceMatchService, app: App, rounds = 20): Promise<FaceMatchRecord> {
  for (let i = 0; i < rounds; i++) {
    for (const r of (await s.claimDue(4)).filter((r) => r.tenantId === app.tenantId)) await s.process(r);
    const record = await ds.manager.findOneByOrFail(FaceMatchRecord, { tenantId: app.tenantId, applicationId: app.applicationId });
    if (record.status !== 'queued') return record;
    await new Promise((r) => setTimeout(r, 30));
  }
  return ds.manager.findOneByOrFail(FaceMatchRecord, { tenantId: app.tenantId, applicationId: app.applicationId });
}

const events = async (app: App, type = 'biometric.match.completed') =>
  (
    (await ds.query(`SELECT payload FROM biometric.outbox WHERE tenant_id = $1 AND event_type = $2 ORDER BY created_at`, [app.tenantId, type])) as Array<{
      payload: KycEvent<'biometric.match.completed'>;
    }>
  )
    .map((r) => r.payload)
    .filter((e) => e.data.applicationId === app.applicationId);

/** A genuine application of `face`: selfie, card photo and EC photo stored, both events delivered. */
async function genuine(s: FaceMatchService, face: keyof typeof FACES, options: { tenantId?: string; nid?: string; selfieFace?: keyof typeof FACES } = {}) {
  const app = application(options.tenantId);
  const selfieRef = await store(app.tenantId, 'doc-image', await selfieOf(options.selfieFace ?? face));
  const cardPhotoRef = await store(app.tenantId, 'doc-image', await cardPhotoOf(face));
  const ecPhotoRef = await store(app.tenantId, 'ec-photo', await ecPhoto(face));
  await deliver(s, app, app.created(), app.submitted({ selfieRef, cardPhotoRef }, options.nid), app.nidCompleted(ecPhotoRef));
  return app;
}

beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    if (outage > 0) {
      outage--;
      res.status(503).end();
      return;
    }
    next();
  });
  app.get(
    BLOB_ROUTE,
    blobHandler({
      contextSecret: SECRET,
      log,
      blobs: async (tenantId, ref) => {
        const bytes = stored.get(`${tenantId} ${ref}`);
        return bytes ? { bytes, contentType: 'image/jpeg' } : null;
      },
    }),
  );
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = await scratchDatabase(integrationEnv().databaseUrl, 'bio');
  ds = createBiometricDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
  engine = await createFaceEngine();
});

afterAll(async () => {
  await engine?.close();
  await ds?.destroy();
  await db?.drop();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

afterEach(() => {
  outage = 0;
});

describe('face matching with the real engine', () => {
  it('matches card, selfie and EC photo of one person and publishes the pairs, without images or descriptors', async () => {
    const s = service();
    const app = await genuine(s, 'rahman');
    const record = await drain(s, app);
    expect(record).toMatchObject({ status: 'completed', problems: [], knownFace: null, attempts: 1, lastErrorCode: null });
    expect(record.pairs?.map((p) => [p.pair, p.decision])).toEqual([
      ['card_ec', 'match'],
      ['selfie_ec', 'match'],
      ['selfie_card', 'match'],
    ]);
    for (const p of record.pairs ?? []) expect(p.similarity).toBeGreaterThanOrEqual(0.6);
    const [event, ...more] = await events(app);
    expect(more).toEqual([]);
    expect(event?.data).toEqual({
      applicationId: app.applicationId,
      matches: record.pairs?.map(({ pair, similarity, decision }) => ({ pair, similarity, decision })),
      knownFace: null,
      selfieRef: record.selfieRef,
    });
    // The descriptor is kept sealed under the tenant, for the gallery.
    expect(openDescriptor(cipher, app.tenantId, record.selfieDescriptorEnc!)).toHaveLength(128);
    expect(record.nidIdx).toBe(cipher.blindIndex('1515950604', app.tenantId));
  });

  it('waits for both events in either order, and a redelivered event has no second effect', async () => {
    const s = service();
    const app = application();
    const selfieRef = await store(app.tenantId, 'doc-image', await selfieOf('yasmin'));
    const ecPhotoRef = await store(app.tenantId, 'ec-photo', await ecPhoto('yasmin'));
    // The NID result first, then the creation and submission, each delivered twice.
    expect(await deliver(s, app, app.nidCompleted(ecPhotoRef), app.nidCompleted(ecPhotoRef))).toEqual([false, false]);
    expect((await s.forApplication(app.tenantId, app.applicationId))?.status).toBe('waiting_for_images');
    const submitted = app.submitted({ selfieRef, cardPhotoRef: null });
    expect(await deliver(s, app, app.created(), submitted, submitted)).toEqual([false, true, false]);
    const record = await drain(s, app);
    expect(record.status).toBe('completed');
    expect(record.pairs).toEqual([{ pair: 'selfie_ec', similarity: expect.any(Number), decision: 'match', reason: null }]);
    expect(await deliver(s, app, submitted, app.nidCompleted(ecPhotoRef), app.created())).toEqual([false, false, false]);
    await drain(s, app);
    expect(await ds.manager.findOneByOrFail(FaceMatchRecord, { id: record.id })).toMatchObject({ status: 'completed', attempts: 1 });
    expect(await events(app)).toHaveLength(1);
  });

  it("gives another person's selfie no_match against the EC photo and the card", async () => {
    const s = service();
    const record = await drain(s, await genuine(s, 'rahman', { selfieFace: 'haque' }));
    const decisions = Object.fromEntries((record.pairs ?? []).map((p) => [p.pair, p.decision]));
    expect(decisions).toEqual({ card_ec: 'match', selfie_ec: 'no_match', selfie_card: 'no_match' });
  });

  it("compares a selfie sent again at a reviewer's request from the start; a redelivery or a document-only resubmission changes nothing", async () => {
    const s = service();
    const app = await genuine(s, 'rahman', { selfieFace: 'haque' });
    const first = await drain(s, app);
    expect(first.pairs?.find((p) => p.pair === 'selfie_ec')?.decision).toBe('no_match');
    const newSelfieRef = await store(app.tenantId, 'doc-image', await selfieOf('rahman'));
    const resubmitted = app.resubmitted(newSelfieRef);
    expect(await deliver(s, app, app.resubmitted(null), resubmitted, resubmitted)).toEqual([false, true, false]);
    const second = await drain(s, app);
    expect(second).toMatchObject({ status: 'completed', selfieRef: newSelfieRef, attempts: 1 });
    expect(second.pairs?.find((p) => p.pair === 'selfie_ec')?.decision).toBe('match');
    const published = await events(app);
    expect(published.map((e) => e.data.selfieRef)).toEqual([first.selfieRef, newSelfieRef]);
  });

  it('without a verified NID compares only the selfie with the card, and still publishes', async () => {
    const s = service();
    const app = application();
    const selfieRef = await store(app.tenantId, 'doc-image', await selfieOf('rahman'));
    const cardPhotoRef = await store(app.tenantId, 'doc-image', await cardPhotoOf('rahman'));
    const ecPhotoRef = await store(app.tenantId, 'ec-photo', await ecPhoto('rahman'));
    await deliver(s, app, app.submitted({ selfieRef, cardPhotoRef }), app.nidCompleted(ecPhotoRef, 'mismatch'));
    const record = await drain(s, app);
    expect(record.pairs?.map((p) => p.pair)).toEqual(['selfie_card']);
    expect((await events(app))[0]?.data.matches.map((m) => m.pair)).toEqual(['selfie_card']);
  });

  it('records quality problems per image: a blurred selfie is reviewed, a card photo without a face is no match', async () => {
    const s = service();
    const app = application();
    // The engine's sharpness of this selfie (limit 8): 59 as taken, 10 after a gaussian blur of sigma 2, 6 after 3
    // (detection score still 0.96; at 4 it falls to 0.54 and past that the face is lost: NO_FACE, not TOO_BLURRY).
    const blurred = await sharp(await selfieOf('rahman'))
      .blur(3)
      .jpeg()
      .toBuffer();
    const noFace = await sharp(demo('sample1.jpg')).extract({ left: 0, top: 0, width: 160, height: 192 }).jpeg().toBuffer();
    const selfieRef = await store(app.tenantId, 'doc-image', blurred);
    const cardPhotoRef = await store(app.tenantId, 'doc-image', noFace);
    const ecPhotoRef = await store(app.tenantId, 'ec-photo', await ecPhoto('rahman'));
    await deliver(s, app, app.submitted({ selfieRef, cardPhotoRef }), app.nidCompleted(ecPhotoRef));
    const record = await drain(s, app);
    expect(record.problems?.map((p) => [p.image, p.code])).toEqual([
      ['selfie', 'TOO_BLURRY'],
      ['card', 'NO_FACE'],
    ]);
    expect(record.pairs).toEqual([
      { pair: 'card_ec', similarity: null, decision: 'no_match', reason: 'card: NO_FACE' },
      { pair: 'selfie_ec', similarity: null, decision: 'review', reason: 'selfie: TOO_BLURRY' },
      { pair: 'selfie_card', similarity: null, decision: 'no_match', reason: 'selfie: TOO_BLURRY, card: NO_FACE' },
    ]);
    expect(record.selfieDescriptorEnc).toBeNull();
  });

  it('retries while an image service is down, and fails visibly, with an empty result, once it gives up', async () => {
    const s = service();
    const app = await genuine(s, 'yasmin');
    outage = 2;
    const [claimed] = (await s.claimDue(10)).filter((r) => r.applicationId === app.applicationId);
    expect(await s.process(claimed!)).toBe('queued');
    expect(await s.forApplication(app.tenantId, app.applicationId)).toMatchObject({ status: 'queued', attempts: 1, lastErrorCode: 'BLOB_UNAVAILABLE' });
    expect(await drain(s, app)).toMatchObject({ status: 'completed', attempts: 2, lastErrorCode: null });

    const impatient = service({ giveUpAfterMs: 1 });
    const lost = application();
    const selfieRef = await store(lost.tenantId, 'doc-image', await selfieOf('yasmin'));
    await deliver(impatient, lost, lost.submitted({ selfieRef, cardPhotoRef: null }), lost.nidCompleted(`ec-photo:${'0'.repeat(64)}`));
    outage = 1_000;
    expect(await drain(impatient, lost)).toMatchObject({ status: 'failed', lastErrorCode: 'BLOB_UNAVAILABLE', pairs: [] });
    expect((await events(lost))[0]?.data).toEqual({ applicationId: lost.applicationId, matches: [], knownFace: null, selfieRef: expect.any(String) });
  });

  it('an image the owner does not have is a problem of that image, not a retry', async () => {
    const s = service();
    const app = application();
    const selfieRef = await store(app.tenantId, 'doc-image', await selfieOf('rahman'));
    await deliver(s, app, app.submitted({ selfieRef, cardPhotoRef: null }), app.nidCompleted(`ec-photo:${'f'.repeat(64)}`));
    const record = await drain(s, app);
    expect(record).toMatchObject({ status: 'completed', attempts: 1 });
    expect(record.problems).toEqual([expect.objectContaining({ image: 'ec', code: 'IMAGE_UNAVAILABLE' })]);
    expect(record.pairs).toEqual([{ pair: 'selfie_ec', similarity: null, decision: 'review', reason: 'ec: IMAGE_UNAVAILABLE' }]);
  });

  it("loses nothing in a crash: a lapsed lease is claimed again, and the stalled worker's late result is discarded", async () => {
    const stalled = service({ leaseMs: 300 });
    const app = await genuine(stalled, 'rahman');
    const [first] = (await stalled.claimDue(10)).filter((r) => r.applicationId === app.applicationId);
    expect(first).toBeDefined();
    expect((await stalled.claimDue(10)).some((r) => r.applicationId === app.applicationId)).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    const s = service();
    const [again] = (await s.claimDue(10)).filter((r) => r.applicationId === app.applicationId);
    expect(again?.leaseToken).not.toBe(first?.leaseToken);
    expect(await s.process(again!)).toBe('completed');
    // The stalled worker wakes up and finishes its attempt: nothing of it is written.
    expect(await stalled.process(first!)).toBe('queued');
    expect(await events(app)).toHaveLength(1);
    expect((await s.forApplication(app.tenantId, app.applicationId))?.attempts).toBe(1);
  });

  it('picks up matches queued before it started', async () => {
    const s = service();
    const app = await genuine(s, 'yasmin');
    const worker = createApplicationQueueWorker('face match', { service: s, log, pollMs: 50, concurrency: 1 });
    worker.start();
    try {
      let record = await s.forApplication(app.tenantId, app.applicationId);
      for (let i = 0; i < 100 && record?.status === 'queued'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        record = await s.forApplication(app.tenantId, app.applicationId);
      }
      expect(record?.status).toBe('completed');
    } finally {
      await worker.stop();
    }
  });

  it("applies the tenant's thresholds", async () => {
    const s = service();
    const tenantId = randomUUID();
    const settings = new FaceMatchSettingsService({ ds });
    const auth = { tenantId, userId: randomUUID(), roles: ['partner_admin' as const], authKind: 'api_token' as const, credentialId: 'c', requestId: 'r' };
    expect(await settings.update(auth, { accept: 0.99, reject: 0.3 })).toMatchObject({ ok: true });
    const record = await drain(s, await genuine(s, 'rahman', { tenantId }));
    expect(record.thresholds).toEqual({ accept: 0.99, reject: 0.3 });
    expect(record.pairs?.map((p) => p.decision)).toEqual(['review', 'review', 'review']);
  });
});

describe('known faces', () => {
  it('joins passed applicants to the gallery and flags the same face under another NID, not under the same one', async () => {
    const s = service();
    const tenantId = randomUUID();
    const first = await genuine(s, 'haque', { tenantId, nid: '4132129495' });
    await drain(s, first);
    await deliver(s, first, first.passed(), first.passed());
    const gallery = (await ds.query(`SELECT application_id, nid_idx, descriptor_enc FROM biometric.known_faces WHERE tenant_id = $1`, [tenantId])) as Array<{
      application_id: string;
      nid_idx: string;
      descriptor_enc: Buffer;
    }>;
    expect(gallery.map((g) => g.application_id)).toEqual([first.applicationId]);
    expect(gallery[0]?.nid_idx).toBe(cipher.blindIndex('4132129495', tenantId));
    expect(openDescriptor(cipher, tenantId, gallery[0]!.descriptor_enc)).toHaveLength(128);

    const impostor = await genuine(s, 'haque', { tenantId, nid: '9990001112' });
    const flagged = await drain(s, impostor);
    expect(flagged.knownFace).toEqual({ applicationId: first.applicationId, similarity: expect.any(Number) });
    expect(flagged.knownFace!.similarity).toBeGreaterThanOrEqual(0.6);
    expect((await events(impostor))[0]?.data.knownFace).toEqual(flagged.knownFace);

    const returning = await drain(s, await genuine(s, 'haque', { tenantId, nid: '4132129495' }));
    expect(returning.knownFace).toBeNull();
    const stranger = await drain(s, await genuine(s, 'rahman', { tenantId, nid: '1112223334' }));
    expect(stranger.knownFace).toBeNull();
    // Another tenant's gallery is another gallery.
    expect((await drain(s, await genuine(s, 'haque', { nid: '9990001112' }))).knownFace).toBeNull();
  });

  it('adds an application that passed before its match finished once the match completes', async () => {
    const s = service();
    const app = await genuine(s, 'yasmin');
    await deliver(s, app, app.passed());
    expect(await ds.query(`SELECT 1 FROM biometric.known_faces WHERE application_id = $1`, [app.applicationId])).toHaveLength(0);
    await drain(s, app);
    expect(await ds.query(`SELECT 1 FROM biometric.known_faces WHERE application_id = $1`, [app.applicationId])).toHaveLength(1);
  });
});
