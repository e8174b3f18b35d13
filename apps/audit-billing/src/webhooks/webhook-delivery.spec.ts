import { randomUUID } from 'node:crypto';
import { createPiiCipher } from '@ekyc/crypto';
import { createEvent, EVENT_TYPES } from '@ekyc/event-schemas';
import { backoffDelayMs, retryOrGiveUp } from '@ekyc/leased-queue';
import { WEBHOOK_EVENT_TYPES } from '@ekyc/partner-api';
import { tenantEvents } from '../testing/event-fixtures';
import { subjectStatusOf, webhookBodyOf } from './webhook-payload';
import { checkWebhookUrl, guardedLookup, isPrivateAddress } from './webhook-target';
import { retryAfterMs, webhookRetryPolicy } from './webhook.service';

const cipher = createPiiCipher(Buffer.alloc(32, 3).toString('base64'));

describe('webhook payloads', () => {
  const t = tenantEvents(cipher);
  const applicationId = randomUUID();

  it('sends only subscribable catalog events, and every subscribable type exists in the catalog', () => {
    for (const type of Object.keys(WEBHOOK_EVENT_TYPES)) expect(EVENT_TYPES).toContain(type);
    expect(webhookBodyOf(t.nidCall({ applicationId, username: 'u', at: new Date(), httpStatus: 200, outcome: 'success' }))).toBeNull();
    expect(webhookBodyOf(t.created(applicationId, 'agent', new Date()))).toBeNull();
  });

  it('leaves the sealed applicant, the mobile number and the image references out of the body', () => {
    const submitted = createEvent(
      'application.submitted',
      { tenantId: t.tenantId, correlationId: applicationId, actor: { kind: 'system', id: 'x' } },
      {
        applicationId,
        submissionId: null,
        documentType: 'nid_old',
        applicantSealed: 'SEALED',
        mobileNumberSealed: 'SEALEDMOBILE',
        selfieRef: 'selfie:1',
        cardPhotoRef: 'card:1',
        documentRefs: { front: 'f', back: 'b' },
      },
    );
    const body = webhookBodyOf(submitted);
    expect(body).toEqual({
      id: submitted.id,
      type: 'application.submitted',
      timestamp: submitted.occurredAt,
      data: { applicationId, submissionId: null, documentType: 'nid_old', status: 'pending' },
    });
    const nid = createEvent(
      'nid.verification.completed',
      { tenantId: t.tenantId, correlationId: applicationId, actor: { kind: 'system', id: 'x' } },
      { applicationId, outcome: 'verified', verified: true, fields: [{ field: 'name', matched: true, score: 100 }], ecPhotoRef: 'ec:1', reason: null },
    );
    expect(JSON.stringify(webhookBodyOf(nid))).not.toContain('ec:1');
  });

  it('names the subject and status of events that carry one', () => {
    expect(subjectStatusOf(t.completed(applicationId, 'passed', null, new Date()))).toEqual({
      subject: `application:${applicationId}`,
      status: 'passed',
      final: true,
    });
    expect(subjectStatusOf(t.completed(applicationId, 'pending', null, new Date()))).toEqual({
      subject: `application:${applicationId}`,
      status: 'pending',
      final: false,
    });
    expect(subjectStatusOf(t.created(applicationId, 'a', new Date()))).toBeNull();
  });
});

describe('webhook targets', () => {
  const strict = { allowHttp: false, allowPrivateNetworks: false };

  it.each([
    ['127.0.0.1', true],
    ['10.0.0.8', true],
    ['172.20.1.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:127.0.0.1', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['2606:4700::1111', false],
    ['partner.example', false],
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('accepts public https URLs and refuses the rest with a code', () => {
    expect(checkWebhookUrl('https://hooks.partner.example/ekyc?x=1', strict).ok).toBe(true);
    const code = (url: string) => {
      const r = checkWebhookUrl(url, strict);
      return r.ok ? null : r.code;
    };
    expect(code('not a url')).toBe('WEBHOOK_URL_INVALID');
    expect(code('https://user:pw@partner.example/')).toBe('WEBHOOK_URL_INVALID');
    expect(code('https://partner.example/#frag')).toBe('WEBHOOK_URL_INVALID');
    expect(code(`https://partner.example/${'a'.repeat(2100)}`)).toBe('WEBHOOK_URL_INVALID');
    expect(code('http://partner.example/')).toBe('WEBHOOK_URL_INSECURE');
    expect(code('https://api.localhost/')).toBe('WEBHOOK_URL_PRIVATE');
    // The URL parser would drop these silently; they are refused instead.
    for (const url of [
      'https://partner.example/hook\r\nX-Injected: 1',
      'https://partner.example/a b',
      ' https://partner.example/',
      'https://partner.example/\tx',
      'https://partner.example/\u0000',
    ]) {
      expect(code(url)).toBe('WEBHOOK_URL_INVALID');
    }
    expect(code('https://[fd00::1]/')).toBe('WEBHOOK_URL_PRIVATE');
    expect(checkWebhookUrl('http://127.0.0.1:3000/', { allowHttp: true, allowPrivateNetworks: true }).ok).toBe(true);
  });

  it('refuses, when connecting, a name that resolves to a private address', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => guardedLookup('localhost', {}, (err) => resolve(err)));
    expect(error?.code).toBe('WEBHOOK_URL_PRIVATE');
  });
});

describe('retry timing', () => {
  const options = { retryBaseMs: 30_000, retryMaxMs: 6 * 3_600_000 };

  it('waits four times longer after each failure, up to the cap, at most 10% earlier at random, and stops after maxAttempts', () => {
    const policy = webhookRetryPolicy({ ...options, maxAttempts: 8 });
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(policy, n, () => 0))).toEqual([
      30_000, 120_000, 480_000, 1_920_000, 7_680_000, 21_600_000, 21_600_000,
    ]);
    expect(backoffDelayMs(policy, 1, () => 0.999)).toBeGreaterThanOrEqual(27_000);
    expect(retryOrGiveUp(policy, { attempt: 7, since: new Date() }).kind).toBe('retry');
    expect(retryOrGiveUp(policy, { attempt: 8, since: new Date() }).kind).toBe('give_up');
  });

  it('reads Retry-After seconds and ignores dates and junk', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs(['5'])).toBe(5_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT')).toBeNull();
    expect(retryAfterMs(undefined)).toBeNull();
    expect(retryAfterMs('-1')).toBeNull();
  });
});
