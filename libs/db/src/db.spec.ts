import { createServiceDataSource, decodeCursor, encodeCursor, quoteIdent, tableIn, type ServiceDataSourceOptions } from './index';

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const options = (schema: string): ServiceDataSourceOptions => ({
  url: 'postgres://ekyc:pw@127.0.0.1:1/ekyc',
  schema,
  entities: [],
  migrations: [],
  applicationName: 'unit-test',
});

describe('keyset cursors', () => {
  const cursor = { createdAt: '2024-05-01T10:00:00.123Z', id: '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b' };

  it('round-trips a cursor', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('encodes to URL-safe text that does not expose raw JSON', () => {
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encoded).not.toContain(cursor.id);
  });

  it.each([
    ['an empty string', ''],
    ['garbage', '%%%not-a-cursor%%%'],
    ['base64 of non-JSON', b64url('hello world')],
    ['a JSON object', b64url(JSON.stringify({ createdAt: '2024-05-01T10:00:00Z', id: 'x' }))],
    ['a one-element array', b64url(JSON.stringify(['2024-05-01T10:00:00Z']))],
    ['a three-element array', b64url(JSON.stringify(['2024-05-01T10:00:00Z', 'a', 'b']))],
    ['a numeric id', b64url(JSON.stringify(['2024-05-01T10:00:00Z', 7]))],
    ['a numeric timestamp', b64url(JSON.stringify([1714557600000, 'a']))],
    ['a non-date first element', b64url(JSON.stringify(['not a date', 'a']))],
    ['JSON null', b64url('null')],
  ])('decodes %s to null', (_label, encoded) => {
    expect(decodeCursor(encoded)).toBeNull();
  });
});

describe('quoteIdent', () => {
  it('wraps an identifier in double quotes', () => {
    expect(quoteIdent('identity_document')).toBe('"identity_document"');
  });

  it('doubles embedded double quotes so the name cannot break out', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(quoteIdent('x"; DROP TABLE t; --')).toBe('"x""; DROP TABLE t; --"');
  });
});

describe('createServiceDataSource', () => {
  it.each(['Bad-Name', 'x; drop', 'UPPER', '1starts_with_digit', '', 'a'.repeat(64), 'quote"d'])('rejects the schema name %p', (schema) => {
    expect(() => createServiceDataSource(options(schema))).toThrow(`invalid schema name "${schema}"`);
  });

  it('builds an unconnected data source for a valid schema, whose tables are schema-qualified', () => {
    const ds = createServiceDataSource(options('identity_document'));
    expect(ds.isInitialized).toBe(false);
    expect(tableIn(ds, 'outbox')).toBe('"identity_document"."outbox"');
  });
});

describe('cursor dates', () => {
  it.each(['foo 12', '1', '2026-11-21', 'Sat Nov 21 2026'])('rejects a cursor whose instant %j is not an ISO timestamp', (instant) => {
    expect(decodeCursor(Buffer.from(JSON.stringify([instant, 'x'])).toString('base64url'))).toBeNull();
  });
});
