import 'reflect-metadata';
import { DataSource, type DataSourceOptions, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

export interface ServiceDataSourceOptions {
  url: string;
  /** The Postgres schema this service owns; it touches no other. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  applicationName: string;
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
  });
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Fully qualified table name in the data source's own schema, for raw SQL. */
export function tableIn(ds: DataSource, table: string): string {
  const schema = (ds.options as { schema?: string }).schema;
  if (!schema) throw new Error('data source has no schema');
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** Creates the service schema (the migrations table lives in it) and runs pending migrations. */
export async function migrateDataSource(ds: DataSource): Promise<string[]> {
  const schema = (ds.options as { schema?: string }).schema;
  const initialisedHere = !ds.isInitialized;
  if (initialisedHere) await ds.initialize();
  try {
    if (schema) await ds.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    if (initialisedHere) await ds.destroy();
  }
}

export async function pingDataSource(ds: DataSource): Promise<boolean> {
  try {
    await ds.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Opaque cursor over (created_at, id), stable under concurrent inserts. */
export interface KeysetCursor {
  createdAt: string;
  id: string;
}
export const encodeCursor = (c: KeysetCursor): string => Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');
export function decodeCursor(cursor: string): KeysetCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      ISO_INSTANT.test(value[0]) &&
      !Number.isNaN(Date.parse(value[0]))
    ) {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    /* falls through to null */
  }
  return null;
}

export { DataSource };

export type KeysetPage<T> = { ok: true; rows: T[]; hasNextPage: boolean } | { ok: false; reason: 'INVALID_CURSOR' };

/**
 * Keyset pagination over (timeColumn, id), newest first unless `order` is ASC (queues: oldest first): orders, applies
 * the `after` cursor and fetches one extra row to know whether another page follows. Filters belong on `qb` before the call.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  options: { alias: string; timeColumn: string; first: number; after?: string | null; order?: 'ASC' | 'DESC' },
): Promise<KeysetPage<T>> {
  const { alias, timeColumn, first, after } = options;
  const order = options.order ?? 'DESC';
  const cursor = after ? decodeCursor(after) : null;
  if (after && !cursor) return { ok: false, reason: 'INVALID_CURSOR' };
  qb.orderBy(`${alias}.${timeColumn}`, order)
    .addOrderBy(`${alias}.id`, order)
    .limit(first + 1);
  if (cursor)
    qb.andWhere(`(${alias}.${timeColumn}, ${alias}.id) ${order === 'DESC' ? '<' : '>'} (:cursorTime, :cursorId)`, {
      cursorTime: cursor.createdAt,
      cursorId: cursor.id,
    });
  const rows = await qb.getMany();
  return { ok: true, rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** Entry point of `apps/<app>/src/migrate.ts`: runs the app's pending migrations and exits. */
export function migrateCli(service: string, createDataSource: () => DataSource): void {
  migrateDataSource(createDataSource()).then(
    (ran) => {
      process.stdout.write(`${service}: ${ran.length === 0 ? 'schema up to date' : `applied ${ran.join(', ')}`}\n`);
    },
    (err: Error) => {
      process.stderr.write(`${service}: migration failed: ${err.message}\n`);
      process.exit(1);
    },
  );
}

export { loadSealedBlob, storeSealedBlob, type Blob, type SealedBlobRow } from './sealed-blobs';
export {
  refuseUnreadableSealedData,
  rekeyCli,
  rekeySealedData,
  sealedColumns,
  sealedDataRefusal,
  unreadableSealedData,
  type RekeyResult,
  type SealedColumn,
  type SealedDataProblem,
} from './sealed-data';
