import { ConfigError, jsonEnv, optionalEnv, parseEnv, portSchema, serviceEnvShape, z } from './index';

const schema = z.object({ ...serviceEnvShape, PORT: portSchema(4001) });
const KEY = Buffer.alloc(32, 7).toString('base64');
const minimal = {
  DATABASE_URL: 'postgres://ekyc:pw@localhost:5432/ekyc',
  KAFKA_BROKERS: 'localhost:9092',
  INTERNAL_CONTEXT_SECRET: 's'.repeat(32),
  PII_ENCRYPTION_KEY: KEY,
};

function configErrorOf(source: Record<string, string | undefined>, run: () => unknown = () => parseEnv('identity-document', schema, source)): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but the configuration parsed');
}

describe('parseEnv', () => {
  it('returns typed values with defaults for the optional variables', () => {
    expect(parseEnv('identity-document', schema, minimal)).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://ekyc:pw@localhost:5432/ekyc',
      KAFKA_BROKERS: ['localhost:9092'],
      KAFKA_REPLICATION_FACTOR: 1,
      INTERNAL_CONTEXT_SECRET: 's'.repeat(32),
      PII_ENCRYPTION_KEY: KEY,
      PII_PREVIOUS_KEYS: [],
      OUTBOX_POLL_MS: 250,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      PORT: 4001,
    });
  });

  it('reads earlier PII keys as a list, each checked like the current one', () => {
    const old = Buffer.alloc(32, 9).toString('base64');
    expect(parseEnv('x', schema, { ...minimal, PII_PREVIOUS_KEYS: ` ${old} , ${KEY}` }).PII_PREVIOUS_KEYS).toEqual([old, KEY]);
    expect(configErrorOf({ ...minimal, PII_PREVIOUS_KEYS: `${old},short` }).problems).toEqual(['PII_PREVIOUS_KEYS.1: must be 32 bytes, base64-encoded']);
  });

  it('coerces numeric variables from their string form', () => {
    const env = parseEnv('identity-document', schema, { ...minimal, KAFKA_REPLICATION_FACTOR: '3', OUTBOX_POLL_MS: '50', PORT: '0', NODE_ENV: 'production' });
    expect(env).toMatchObject({ KAFKA_REPLICATION_FACTOR: 3, OUTBOX_POLL_MS: 50, PORT: 0, NODE_ENV: 'production' });
  });

  it('accepts the postgresql:// scheme as well as postgres://', () => {
    expect(parseEnv('x', schema, { ...minimal, DATABASE_URL: 'postgresql://localhost/ekyc' }).DATABASE_URL).toBe('postgresql://localhost/ekyc');
  });

  it('splits KAFKA_BROKERS on commas and trims each broker', () => {
    const env = parseEnv('x', schema, { ...minimal, KAFKA_BROKERS: ' kafka-1:9092 , kafka-2:9092,kafka-3:9092 ,' });
    expect(env.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092', 'kafka-3:9092']);
  });

  it('lists every problem when several variables are wrong at once', () => {
    const err = configErrorOf({
      DATABASE_URL: 'mysql://localhost/ekyc',
      KAFKA_BROKERS: '',
      INTERNAL_CONTEXT_SECRET: 'short',
      PII_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64'),
      LOG_LEVEL: 'verbose',
      OUTBOX_POLL_MS: '-5',
      PORT: '70000',
    });
    const names = ['DATABASE_URL', 'KAFKA_BROKERS', 'INTERNAL_CONTEXT_SECRET', 'PII_ENCRYPTION_KEY', 'LOG_LEVEL', 'OUTBOX_POLL_MS', 'PORT'];
    expect(err.problems).toHaveLength(names.length);
    for (const name of names) {
      expect(err.problems.some((p) => p.startsWith(`${name}: `))).toBe(true);
      expect(err.message).toContain(name);
    }
  });

  it('names the service and each missing required variable', () => {
    const err = configErrorOf({});
    expect(err.name).toBe('ConfigError');
    expect(err.service).toBe('identity-document');
    expect(err.message.startsWith('identity-document: invalid configuration:')).toBe(true);
    for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'INTERNAL_CONTEXT_SECRET', 'PII_ENCRYPTION_KEY']) {
      expect(err.message).toContain(`- ${name}: `);
    }
  });

  it('reports a root-level problem as (root)', () => {
    const err = configErrorOf({}, () => parseEnv('x', z.string(), {}));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^\(root\): /);
  });

  it('accepts a PII_ENCRYPTION_KEY that decodes to 32 bytes', () => {
    expect(parseEnv('x', schema, { ...minimal, PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') }).PII_ENCRYPTION_KEY).toHaveLength(44);
  });

  it.each([
    ['16 bytes', Buffer.alloc(16).toString('base64')],
    ['31 bytes', Buffer.alloc(31).toString('base64')],
    ['33 bytes', Buffer.alloc(33).toString('base64')],
    ['the 32 raw characters instead of base64', 'k'.repeat(32)],
  ])('rejects a PII_ENCRYPTION_KEY of %s', (_label, key) => {
    const err = configErrorOf({ ...minimal, PII_ENCRYPTION_KEY: key });
    expect(err.problems).toEqual(['PII_ENCRYPTION_KEY: must be 32 bytes, base64-encoded']);
  });

  it('rejects an INTERNAL_CONTEXT_SECRET shorter than 32 characters', () => {
    expect(configErrorOf({ ...minimal, INTERNAL_CONTEXT_SECRET: 's'.repeat(31) }).problems).toEqual(['INTERNAL_CONTEXT_SECRET: at least 32 characters']);
  });

  it('rejects a non-numeric replication factor instead of coercing it to NaN', () => {
    expect(configErrorOf({ ...minimal, KAFKA_REPLICATION_FACTOR: 'three' }).problems[0]).toMatch(/^KAFKA_REPLICATION_FACTOR: /);
  });
});

describe('KAFKA_BROKERS', () => {
  it.each([' , ', ',', 'localhost', 'kafka:port'])('rejects %j, which names no host:port broker', (value) => {
    expect(configErrorOf({ ...minimal, KAFKA_BROKERS: value }).problems.join('\n')).toContain('KAFKA_BROKERS');
  });
});

describe('optionalEnv and jsonEnv', () => {
  const schema = z.object({ FAULTS: optionalEnv(jsonEnv(z.object({ failRate: z.number().min(0).max(1) }))) });

  it('reads an empty or absent variable as unset, and JSON by its schema', () => {
    expect(parseEnv('svc', schema, { FAULTS: '' })).toEqual({ FAULTS: undefined });
    expect(parseEnv('svc', schema, {})).toEqual({ FAULTS: undefined });
    expect(parseEnv('svc', schema, { FAULTS: '{"failRate":0.5}' })).toEqual({ FAULTS: { failRate: 0.5 } });
  });

  it('names text that is not JSON, and JSON that breaks the schema', () => {
    expect(() => parseEnv('svc', schema, { FAULTS: '{failRate' })).toThrow(/FAULTS.*must be JSON/s);
    expect(() => parseEnv('svc', schema, { FAULTS: '{"failRate":2}' })).toThrow(/FAULTS/);
  });
});
