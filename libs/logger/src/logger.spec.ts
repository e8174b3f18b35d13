import { createLogger, PII_KEYS, type Logger } from './index';

type LogLine = Record<string, unknown>;

function capture(level: 'info' | 'debug' | 'warn' = 'info'): { log: Logger; lines: LogLine[]; raw: string[] } {
  const raw: string[] = [];
  const log = createLogger({ service: 'identity-document', level, destination: { write: (line: string) => void raw.push(line) } });
  return {
    log,
    raw,
    get lines() {
      return raw.map((line) => JSON.parse(line) as LogLine);
    },
  };
}

describe('createLogger', () => {
  it('writes one JSON line with the service, a level label, an ISO time and the message', () => {
    const out = capture();
    out.log.info({ applicationId: 'app-1' }, 'application created');
    expect(out.raw).toHaveLength(1);
    expect(out.raw[0].endsWith('\n')).toBe(true);
    expect(out.lines[0]).toMatchObject({ service: 'identity-document', level: 'info', msg: 'application created', applicationId: 'app-1' });
    expect(new Date(String(out.lines[0]['time'])).toISOString()).toBe(out.lines[0]['time']);
  });

  it('drops records below the configured level', () => {
    const out = capture('warn');
    out.log.info('not written');
    out.log.warn('written');
    expect(out.lines.map((l) => l['msg'])).toEqual(['written']);
  });

  it('redacts PII keys at the top level and keeps ids and codes', () => {
    const out = capture();
    out.log.info({ nidNumber: '1234567890', dob: '1990-01-31', mobileNumber: '01712345678', applicationId: 'app-1', code: 'NID_MISMATCH' }, 'x');
    expect(out.lines[0]).toMatchObject({
      nidNumber: '[redacted]',
      dob: '[redacted]',
      mobileNumber: '[redacted]',
      applicationId: 'app-1',
      code: 'NID_MISMATCH',
    });
  });

  it('redacts PII keys one level deep', () => {
    const out = capture();
    out.log.info({ applicant: { dob: '1990-01-31', nameBn: 'রহিম', applicationId: 'app-1' } }, 'x');
    expect(out.lines[0]['applicant']).toEqual({ dob: '[redacted]', nameBn: '[redacted]', applicationId: 'app-1' });
  });

  it('redacts PII keys two levels deep', () => {
    const out = capture();
    out.log.info({ a: { b: { mobileNumber: '01712345678', code: 'X1' } } }, 'x');
    expect(out.lines[0]['a']).toEqual({ b: { mobileNumber: '[redacted]', code: 'X1' } });
  });

  it('redacts every listed PII key wherever it sits in the first three levels', () => {
    const record = Object.fromEntries(PII_KEYS.map((k) => [k, `secret-${k}`]));
    const out = capture();
    out.log.info({ ...record, one: { ...record }, two: { deeper: { ...record } } }, 'x');
    expect(out.raw[0]).not.toContain('secret-');
  });

  it('redacts the authorization, cookie and internal-context request headers and keeps the others', () => {
    const out = capture();
    out.log.info(
      {
        req: {
          method: 'POST',
          headers: { authorization: 'Bearer abc.def', cookie: 'sid=1', 'x-ekyc-internal-context': 'payload.sig', 'content-type': 'application/json' },
        },
      },
      'request',
    );
    expect(out.lines[0]['req']).toEqual({
      method: 'POST',
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-ekyc-internal-context': '[redacted]', 'content-type': 'application/json' },
    });
    expect(out.raw[0]).not.toContain('Bearer');
  });

  it('redacts GraphQL variables, top-level and nested', () => {
    const out = capture();
    out.log.info({ operationName: 'Submit', variables: { nid: '123' }, graphql: { variables: { input: { x: 1 } } } }, 'x');
    expect(out.lines[0]).toMatchObject({ operationName: 'Submit', variables: '[redacted]', graphql: { variables: '[redacted]' } });
  });

  it('does not change the object the caller logged', () => {
    const out = capture();
    const payload = { nidNumber: '1234567890', applicant: { dob: '1990-01-31' } };
    out.log.info(payload, 'x');
    expect(payload).toEqual({ nidNumber: '1234567890', applicant: { dob: '1990-01-31' } });
  });

  it('keeps the service field and redaction on child loggers', () => {
    const out = capture();
    out.log.child({ requestId: 'req-1' }).info({ email: 'a@example.com' }, 'x');
    expect(out.lines[0]).toMatchObject({ service: 'identity-document', requestId: 'req-1', email: '[redacted]' });
  });
});

describe('errors in logs', () => {
  it('quote no submitted values: quoted literals other than plain names, and long digit runs, are redacted', () => {
    const out = capture();
    const err = new Error(
      'Variable "$i" got invalid value "01712345678" at "i.mobileNumber"; Expected type "CreateApplicationInput". Name "Md. Rahim Uddin", নাম "রহিম"',
    );
    out.log.error({ err }, 'gateway error');
    out.log.error({ err: 'invalid input syntax for type uuid: "x y" near 1981 6745 0639 6383' }, 'as a string');
    const text = out.raw.join('');
    for (const value of ['01712345678', 'Md. Rahim Uddin', 'রহিম', 'x y', '1981 6745']) expect(text).not.toContain(value);
    const [first, second] = out.lines as [LogLine, LogLine];
    expect((first['err'] as { message: string }).message).toBe(
      'Variable "$i" got invalid value "[redacted]" at "i.mobileNumber"; Expected type "CreateApplicationInput". Name "[redacted]", নাম "[redacted]"',
    );
    expect((first['err'] as { stack: string }).stack).toContain('logger.spec.ts');
    expect(second['err']).toBe('invalid input syntax for type uuid: "[redacted]" near [redacted]');
  });

  it('redact what libraries attach to an error, however nested', () => {
    const out = capture();
    const err = Object.assign(new Error('400: Bad Request'), {
      extensions: { response: { body: { errors: [{ message: 'Variable "$a" got invalid value "1955-07-12"' }] } } },
    });
    out.log.error({ err }, 'gateway error');
    expect(out.raw.join('')).not.toContain('1955-07-12');
    expect(out.raw.join('')).toContain('Variable');
  });

  it('keep what diagnoses a fault: addresses, ports, codes, short numbers', () => {
    const out = capture();
    out.log.error({ err: new Error('connect ECONNREFUSED 127.0.0.1:4003 after 3 tries; encoding "UTF8"') }, 'x');
    expect((out.lines[0]?.['err'] as { message: string }).message).toBe('connect ECONNREFUSED 127.0.0.1:4003 after 3 tries; encoding "UTF8"');
  });
});
