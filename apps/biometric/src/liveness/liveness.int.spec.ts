import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { migrateDataSource } from '@ekyc/db';
import type { KycEvent } from '@ekyc/event-schemas';
import { compareFaces, createFaceEngine, DEFAULT_MATCH_THRESHOLDS, type FaceEngine, LIVENESS_CHALLENGES, type LivenessChallengeValue } from '@ekyc/face-engine';
import type { InternalContext } from '@ekyc/internal-context';
import { createLogger } from '@ekyc/logger';
import { createBiometricDataSource } from '../data-source';
import { FaceMatchRecord } from '../face-match/face-match.entity';
import { LivenessService } from './liveness.service';
import { integrationEnv, loadTestFace, performChallenges, recaptureStill, scratchDatabase, type Point, type SyntheticFrame } from '@ekyc/testing';

jest.setTimeout(180_000);

const log = createLogger({ service: 'biometric-test', level: 'silent' });
const relay = { nudge: () => undefined };

let db: { url: string; drop(): Promise<void> };
let ds: DataSource;
let engine: FaceEngine;
let photo: Buffer;
let landmarks: Point[];

function liveness(options: { ttlMs?: number; draw?: () => LivenessChallengeValue[] } = {}) {
  return new LivenessService({
    ds,
    engine,
    compare: compareFaces,
    thresholds: async () => DEFAULT_MATCH_THRESHOLDS,
    relay,
    log,
    ttlMs: options.ttlMs ?? 120_000,
    draw: options.draw,
  });
}

/** A tenant's agent and one of its applications, known to biometric through application.created. */
async function agentWithApplication() {
  const auth: InternalContext = { tenantId: randomUUID(), userId: randomUUID(), roles: ['agent'], authKind: 'api_token', credentialId: 'c', requestId: 'r' };
  const applicationId = randomUUID();
  const now = new Date();
  await ds.manager.insert(FaceMatchRecord, {
    tenantId: auth.tenantId,
    applicationId,
    status: 'waiting_for_images',
    attempts: 0,
    verificationPassed: false,
    createdAt: now,
    updatedAt: now,
  });
  return { auth, applicationId };
}

const wire = (frames: SyntheticFrame[]) => frames.map((f) => ({ image: f.image.toString('base64'), capturedAtMs: f.capturedAtMs }));

beforeAll(async () => {
  db = await scratchDatabase(integrationEnv().databaseUrl, 'bioliv');
  ds = createBiometricDataSource(db.url);
  await migrateDataSource(ds);
  await ds.initialize();
  engine = await createFaceEngine();
  photo = await loadTestFace();
  const neutral = await engine.analyse(photo);
  if (!neutral.ok) throw new Error(`the test face is not usable: ${neutral.code}`);
  landmarks = neutral.face.landmarks;
});

afterAll(async () => {
  await engine?.close();
  await ds?.destroy();
  await db?.drop();
});

describe('active liveness with the real engine', () => {
  it('passes frames performing the drawn challenges, once; a replay of the same session is refused', async () => {
    const service = liveness();
    const { auth, applicationId } = await agentWithApplication();
    const started = await service.start(auth, applicationId);
    if (!started.ok) throw new Error(JSON.stringify(started.errors));
    const { record: session, nonce } = started.value;
    expect(session.challenges).toHaveLength(3);
    const frames = wire(await performChallenges(photo, landmarks, session.challenges));
    const result = await service.submit(auth, { sessionId: session.id, nonce, frames });
    expect(result).toMatchObject({ ok: true, value: { status: 'passed', reason: null, frameCount: 7 } });

    expect(await service.submit(auth, { sessionId: session.id, nonce, frames })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'LIVENESS_REPLAY' })],
    });
    // The nonce of one session does not open another.
    const next = await service.start(auth, applicationId);
    if (!next.ok) throw new Error('no second session');
    expect(await service.submit(auth, { sessionId: next.value.record.id, nonce, frames })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'LIVENESS_NONCE_MISMATCH' })],
    });
    expect((await service.forApplication(auth.tenantId, applicationId))?.status).toBe('passed');

    const [event] = (await ds.query(`SELECT payload FROM biometric.outbox WHERE tenant_id = $1 AND event_type = 'biometric.liveness.completed'`, [
      auth.tenantId,
    ])) as Array<{ payload: KycEvent }>;
    expect(event?.payload.data).toEqual({ applicationId, sessionId: session.id, status: 'passed', challenges: session.challenges, reason: null });
  });

  it('refuses a still image repeated: no challenge observed', async () => {
    const service = liveness({ draw: () => ['turn_left', 'blink', 'open_mouth'] });
    const { auth, applicationId } = await agentWithApplication();
    const started = await service.start(auth, applicationId);
    if (!started.ok) throw new Error('not started');
    const still = Array.from({ length: 6 }, (_, i) => ({ image: photo.toString('base64'), capturedAtMs: 100 + i * 300 }));
    const result = await service.submit(auth, { sessionId: started.value.record.id, nonce: started.value.nonce, frames: still });
    expect(result).toMatchObject({ ok: true, value: { status: 'failed', reason: 'LIVENESS_CHALLENGE_NOT_MET: turn_left (step 1)' } });
  });

  it('refuses the neutral photo sent again and again, as it is or re-captured, whichever challenge comes first', async () => {
    const { auth, applicationId } = await agentWithApplication();
    // The photo held up to the camera six more times: turned a little, moved, rescaled, relit, re-encoded.
    const recaptured = await Promise.all(Array.from({ length: 6 }, (_, i) => recaptureStill(photo, i + 1)));
    for (const first of LIVENESS_CHALLENGES) {
      const rest = LIVENESS_CHALLENGES.filter((c) => c !== first);
      const challenges = [first, rest[0]!, first];
      for (const images of [Array.from({ length: 7 }, () => photo), [photo, ...recaptured]]) {
        const started = await liveness({ draw: () => challenges }).start(auth, applicationId);
        if (!started.ok) throw new Error('not started');
        const frames = images.map((image, i) => ({ image: image.toString('base64'), capturedAtMs: 100 + i * 300 }));
        // Not met at step 1, and no gesture seen anywhere (a stray one would be LIVENESS_WRONG_ORDER).
        expect(await liveness().submit(auth, { sessionId: started.value.record.id, nonce: started.value.nonce, frames })).toMatchObject({
          ok: true,
          value: { status: 'failed', reason: `LIVENESS_CHALLENGE_NOT_MET: ${first} (step 1)` },
        });
      }
    }
  });

  it('refuses the right gestures in the wrong order', async () => {
    const service = liveness({ draw: () => ['turn_right', 'open_mouth', 'blink'] });
    const { auth, applicationId } = await agentWithApplication();
    const started = await service.start(auth, applicationId);
    if (!started.ok) throw new Error('not started');
    const frames = wire(await performChallenges(photo, landmarks, ['open_mouth', 'turn_right', 'blink']));
    const result = await service.submit(auth, { sessionId: started.value.record.id, nonce: started.value.nonce, frames });
    expect(result).toMatchObject({ ok: true, value: { status: 'failed', reason: 'LIVENESS_WRONG_ORDER: open_mouth while turn_right (step 1) was expected' } });
  });

  it('passes every kind of challenge in both positions it can take', async () => {
    const service = liveness();
    const { auth, applicationId } = await agentWithApplication();
    for (const challenges of [
      ['turn_right', 'turn_left', 'blink'],
      ['open_mouth', 'blink', 'turn_right'],
    ] as LivenessChallengeValue[][]) {
      const started = await liveness({ draw: () => challenges }).start(auth, applicationId);
      if (!started.ok) throw new Error('not started');
      const frames = wire(await performChallenges(photo, landmarks, challenges));
      expect(await service.submit(auth, { sessionId: started.value.record.id, nonce: started.value.nonce, frames })).toMatchObject({
        ok: true,
        value: { status: 'passed' },
      });
    }
  });

  it('refuses another face swapped in for a frame', async () => {
    const service = liveness({ draw: () => ['turn_left', 'blink', 'open_mouth'] });
    const { auth, applicationId } = await agentWithApplication();
    const started = await service.start(auth, applicationId);
    if (!started.ok) throw new Error('not started');
    const frames = await performChallenges(photo, landmarks, ['turn_left', 'blink', 'open_mouth']);
    const other = await loadTestFace({ image: 'sample6.jpg', box: { left: 165, top: 351, width: 379, height: 524 } });
    frames[2] = { image: other, capturedAtMs: frames[2]!.capturedAtMs };
    const result = await service.submit(auth, { sessionId: started.value.record.id, nonce: started.value.nonce, frames: wire(frames) });
    expect(result).toMatchObject({ ok: true, value: { status: 'failed', reason: expect.stringMatching(/^LIVENESS_FACE_CHANGED/) } });
  });

  it('refuses an expired session, and frames of a session of another tenant', async () => {
    const service = liveness({ ttlMs: 200 });
    const { auth, applicationId } = await agentWithApplication();
    const started = await service.start(auth, applicationId);
    if (!started.ok) throw new Error('not started');
    const frames = wire(await performChallenges(photo, landmarks, started.value.record.challenges));
    const stranger: InternalContext = { ...auth, tenantId: randomUUID() };
    expect(await service.submit(stranger, { sessionId: started.value.record.id, nonce: started.value.nonce, frames })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'LIVENESS_SESSION_NOT_FOUND' })],
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await service.submit(auth, { sessionId: started.value.record.id, nonce: started.value.nonce, frames })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'LIVENESS_EXPIRED' })],
    });
    expect((await service.forApplication(auth.tenantId, applicationId))?.status).toBe('expired');
    expect(await liveness().start(stranger, applicationId)).toEqual({ ok: false, errors: [expect.objectContaining({ code: 'APPLICATION_NOT_FOUND' })] });
  });

  it('refuses bad frames without using up the session', async () => {
    const service = liveness();
    const { auth, applicationId } = await agentWithApplication();
    const started = await service.start(auth, applicationId);
    if (!started.ok) throw new Error('not started');
    const { record: session, nonce } = started.value;
    const gif = Buffer.from('GIF89a not a frame').toString('base64');
    const huge = (
      await sharp({ create: { width: 2600, height: 2600, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
        .png()
        .toBuffer()
    ).toString('base64');
    const bad = await service.submit(auth, {
      sessionId: session.id,
      nonce,
      frames: [
        { image: gif, capturedAtMs: 0 },
        { image: huge, capturedAtMs: 500 },
      ],
    });
    expect(bad).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({ code: 'UNSUPPORTED_IMAGE_TYPE', field: 'input.frames.0.image' }),
        expect.objectContaining({ code: 'IMAGE_TOO_LARGE', field: 'input.frames.1.image' }),
      ],
    });
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ image: photo.toString('base64'), capturedAtMs: i * 100 }));
    expect(await service.submit(auth, { sessionId: session.id, nonce, frames: tooMany })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ code: 'INVALID_FRAME_COUNT' })],
    });
    // Frames all at the same instant are judged, and refused.
    const sameInstant = Array.from({ length: 5 }, () => ({ image: photo.toString('base64'), capturedAtMs: 700 }));
    expect(await service.submit(auth, { sessionId: session.id, nonce, frames: sameInstant })).toMatchObject({
      ok: true,
      value: { status: 'failed', reason: expect.stringMatching(/^LIVENESS_TIMING_IMPLAUSIBLE/) },
    });
  });
});
