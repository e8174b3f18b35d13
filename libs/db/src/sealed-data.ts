import type { DataSource } from 'typeorm';
import { DecryptionError, UnknownKeyError, type PiiCipher } from '@ekyc/crypto';

/** A column of a service's schema that holds values sealed with the PII cipher, bound to the row's tenant. */
export interface SealedColumn {
  table: string;
  column: string;
  /** `text`: `cipher.encrypt` output; `bytes`: `encryptBytes` output in a bytea column. */
  kind: 'text' | 'bytes';
  /** The column of the tenant the value is bound to; `tenant_id` when not given. */
  tenantColumn?: string;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
const BYTES_MAGIC = Buffer.from([0xec, 0x02]);

function qualified(ds: DataSource, sealed: SealedColumn): { table: string; column: string; tenant: string } {
  const schema = (ds.options as { schema?: string }).schema ?? '';
  const tenant = sealed.tenantColumn ?? 'tenant_id';
  for (const name of [schema, sealed.table, sealed.column, tenant]) if (!IDENT.test(name)) throw new Error(`sealed column: ${name} is not a plain identifier`);
  return { table: `"${schema}"."${sealed.table}"`, column: `"${sealed.column}"`, tenant: `"${tenant}"` };
}

/**
 * A service's sealed columns, table by table: `{ submissions: { ocr_enc: 'text' } }`. Each service lists every column of
 * its schema that holds values sealed with the PII cipher: checked at start (a service does not run on data it cannot
 * open) and re-sealed by `npm run pii:rekey` after a key rotation. Events (Kafka, the outbox, the audit chain) keep the
 * key of their time: keep old keys in PII_PREVIOUS_KEYS while they may be replayed.
 */
export const sealedColumns = (tables: Record<string, Record<string, SealedColumn['kind']>>): readonly SealedColumn[] =>
  Object.entries(tables).flatMap(([table, columns]) => Object.entries(columns).map(([column, kind]) => ({ table, column, kind })));

/** SQL that is true for a value not sealed under the current key (sealed before key ids, or under another key). */
function notCurrent(column: string, kind: SealedColumn['kind'], keyId: string, param: string): { sql: string; value: string | Buffer } {
  if (kind === 'text') return { sql: `${column} NOT LIKE ${param}`, value: `v2.${keyId}.%` };
  return { sql: `substring(${column} from 1 for 8) <> ${param}`, value: Buffer.concat([BYTES_MAGIC, Buffer.from(keyId, 'base64url')]) };
}

export interface SealedDataProblem {
  column: string;
  /** The key a value names that this process was not given, or null for values no key of the ring opens. */
  keyId: string | null;
}

/**
 * Tries a few stored values of each sealed column that are not sealed under the current key, among its first
 * `scanPerColumn` rows; returns what this process cannot open. A service runs it at start and refuses to run on data it cannot read, instead of failing request by
 * request. Values under the current key are not sampled: this process wrote them.
 */
export async function unreadableSealedData(
  ds: DataSource,
  cipher: PiiCipher,
  columns: readonly SealedColumn[],
  samplePerColumn = 5,
  scanPerColumn = 2_000,
): Promise<SealedDataProblem[]> {
  const problems: SealedDataProblem[] = [];
  for (const sealed of columns) {
    const { table, column, tenant } = qualified(ds, sealed);
    const filter = notCurrent(column, sealed.kind, cipher.keyId, '$1');
    // Bounded: the first rows in storage order (the oldest, mostly), so a start never scans a whole large table.
    const rows: Array<{ tenant: string; value: string | Buffer }> = await ds.query(
      `SELECT tenant, value FROM (SELECT ${tenant}::text AS tenant, ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL LIMIT ${Number(scanPerColumn)}) s
        WHERE ${filter.sql.replace(column, 'value')} LIMIT ${Number(samplePerColumn)}`,
      [filter.value],
    );
    for (const row of rows) {
      try {
        if (sealed.kind === 'text') cipher.decrypt(row.value as string, row.tenant);
        else cipher.decryptBytes(row.value as Buffer, row.tenant);
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
        problems.push({ column: `${sealed.table}.${sealed.column}`, keyId: err instanceof UnknownKeyError ? err.keyId : cipher.keyIdOf(row.value) });
        break;
      }
    }
  }
  return problems;
}

/** What to tell an operator whose service found data it cannot open. */
export function sealedDataRefusal(service: string, problems: readonly SealedDataProblem[]): string {
  const keys = [...new Set(problems.map((p) => p.keyId).filter((k): k is string => k !== null))];
  const where = problems.map((p) => p.column).join(', ');
  return [
    `${service}: stored personal data is sealed under ${keys.length > 0 ? `key id(s) ${keys.join(', ')}` : 'a key'} that this service was not given (in ${where}).`,
    'Set PII_ENCRYPTION_KEY to the key that sealed it, or add that key to PII_PREVIOUS_KEYS; then `npm run pii:rekey` re-seals the data with the current key.',
    'In development, `npm start` keeps the key with the dev database; a database filled by a run that no longer has its key cannot be read: drop it (dropdb ekyc) to start over.',
  ].join('\n');
}

/** At start: throws, with what to do, when stored values cannot be opened with the keys this process was given. */
export async function refuseUnreadableSealedData(service: string, ds: DataSource, cipher: PiiCipher, columns: readonly SealedColumn[]): Promise<void> {
  const problems = await unreadableSealedData(ds, cipher, columns);
  if (problems.length > 0) throw new Error(sealedDataRefusal(service, problems));
}

export interface RekeyResult {
  column: string;
  resealed: number;
  /** Values none of the keys opens, left as they are. */
  unreadable: number;
}

/**
 * Re-seals every value of the columns that is not under the current key (older keys, values from before key ids) with
 * the current key, in batches, each value updated only if it did not change meanwhile. With `dryRun`, only counts.
 */
export async function rekeySealedData(
  ds: DataSource,
  cipher: PiiCipher,
  columns: readonly SealedColumn[],
  options: { batchSize?: number; dryRun?: boolean } = {},
): Promise<RekeyResult[]> {
  const batchSize = options.batchSize ?? 500;
  const results: RekeyResult[] = [];
  for (const sealed of columns) {
    const { table, column, tenant } = qualified(ds, sealed);
    const filter = notCurrent(column, sealed.kind, cipher.keyId, '$1');
    const result: RekeyResult = { column: `${sealed.table}.${sealed.column}`, resealed: 0, unreadable: 0 };
    const skipped = new Set<string>();
    for (;;) {
      const rows: Array<{ row: string; tenant: string; value: string | Buffer }> = await ds.query(
        `SELECT ctid::text AS row, ${tenant}::text AS tenant, ${column} AS value FROM ${table}
          WHERE ${column} IS NOT NULL AND ${filter.sql} AND NOT (ctid::text = ANY($2)) LIMIT ${Number(batchSize)}`,
        [filter.value, [...skipped]],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        let resealed: string | Buffer;
        try {
          resealed =
            sealed.kind === 'text'
              ? cipher.encrypt(cipher.decrypt(row.value as string, row.tenant), row.tenant)
              : cipher.encryptBytes(cipher.decryptBytes(row.value as Buffer, row.tenant), row.tenant);
        } catch (err) {
          if (!(err instanceof DecryptionError)) throw err;
          result.unreadable += 1;
          skipped.add(row.row);
          continue;
        }
        if (options.dryRun) {
          result.resealed += 1;
          skipped.add(row.row);
          continue;
        }
        const [, updated] = (await ds.query(`UPDATE ${table} SET ${column} = $1 WHERE ctid = $2::tid AND ${column} = $3`, [resealed, row.row, row.value])) as [
          unknown,
          number,
        ];
        result.resealed += updated;
        if (updated === 0) skipped.add(row.row);
      }
    }
    results.push(result);
  }
  return results;
}

/**
 * Entry point of `apps/<app>/src/rekey.ts`: re-seals the app's stored values with the current key (`--dry-run`: counts
 * only), prints a line per column and exits non-zero when some value could not be opened.
 */
export function rekeyCli(service: string, open: () => { ds: DataSource; cipher: PiiCipher }, columns: readonly SealedColumn[]): void {
  const dryRun = process.argv.includes('--dry-run');
  const { ds, cipher } = open();
  const run = async () => {
    await ds.initialize();
    try {
      const results = await rekeySealedData(ds, cipher, columns, { dryRun });
      for (const r of results) {
        process.stdout.write(
          `${service}: ${r.column}: ${r.resealed} ${dryRun ? 'to re-seal' : 're-sealed'} with key ${cipher.keyId}${r.unreadable > 0 ? `, ${r.unreadable} unreadable with the keys given` : ''}\n`,
        );
      }
      return results.some((r) => r.unreadable > 0) ? 1 : 0;
    } finally {
      await ds.destroy();
    }
  };
  run().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`${service}: re-keying failed: ${err.message}\n`);
      process.exit(1);
    },
  );
}
