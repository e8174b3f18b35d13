import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newWebhookSecret, signWebhook, verifyWebhook, WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS } from './webhooks';

const body = JSON.stringify({
  id: 'evt-1',
  type: 'verification.completed',
  timestamp: '2026-11-22T00:00:00.000Z',
  data: { applicationId: 'a', status: 'passed', reason: null },
});
const now = 1_800_000_000;

describe('webhook signatures (Standard Webhooks)', () => {
  it('signs so that the reference Standard Webhooks library accepts the delivery', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const headers = signWebhook([secret], 'evt-1', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is refused by the reference library under another secret or with a changed body', () => {
    const headers = signWebhook([newWebhookSecret()], 'evt-1', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    const secret = newWebhookSecret();
    const signed = signWebhook([secret], 'evt-1', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(secret).verify(body.replace('passed', 'failed'), signed)).toThrow(WebhookVerificationError);
  });

  it('verifies its own signatures, and names what is wrong otherwise', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook([secret], 'evt-1', now, body);
    expect(verifyWebhook(secret, headers, body, now)).toEqual({ ok: true, body: JSON.parse(body) });
    expect(verifyWebhook(secret, headers, body.replace('passed', 'failed'), now)).toEqual({ ok: false, code: 'SIGNATURE_MISMATCH' });
    expect(verifyWebhook(secret, { ...headers, [WEBHOOK_HEADERS.id]: 'evt-2' }, body, now)).toEqual({ ok: false, code: 'SIGNATURE_MISMATCH' });
    expect(verifyWebhook(newWebhookSecret(), headers, body, now)).toEqual({ ok: false, code: 'SIGNATURE_MISMATCH' });
    expect(verifyWebhook(secret, headers, body, now + WEBHOOK_TOLERANCE_SECONDS + 1)).toEqual({ ok: false, code: 'TIMESTAMP_OUT_OF_TOLERANCE' });
    expect(verifyWebhook(secret, { [WEBHOOK_HEADERS.id]: 'evt-1' }, body, now)).toEqual({ ok: false, code: 'MISSING_HEADERS' });
  });

  it('signs once per secret while a secret is rotated, and either secret verifies', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signWebhook([newSecret, oldSecret], 'evt-1', now, body);
    expect(headers[WEBHOOK_HEADERS.signature]!.split(' ')).toHaveLength(2);
    expect(verifyWebhook(oldSecret, headers, body, now).ok).toBe(true);
    expect(verifyWebhook(newSecret, headers, body, now).ok).toBe(true);
  });

  it('refuses secrets too short to be keys', () => {
    expect(() => signWebhook(['whsec_c2hvcnQ='], 'evt-1', now, body)).toThrow(RangeError);
  });
});
