import type { DataSource } from 'typeorm';

/**
 * Applies a service's migrations to an empty database, reverts every one, and applies them again: the
 * down migrations really undo the up ones. Returns the tables present after the first run.
 */
export async function migrationsAreReversible(createDs: () => DataSource): Promise<{ tables: string[]; afterRevert: string[] }> {
  const ds = createDs();
  await ds.initialize();
  const schema = (ds.options as { schema?: string }).schema as string;
  const tablesNow = async () =>
    (
      (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`, [
        schema,
      ])) as Array<{ table_name: string }>
    ).map((r) => r.table_name);
  try {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.query(`CREATE SCHEMA "${schema}"`);
    await ds.runMigrations({ transaction: 'each' });
    const tables = await tablesNow();
    while ((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".migrations`))[0].n > 0) await ds.undoLastMigration({ transaction: 'each' });
    const afterRevert = await tablesNow();
    await ds.runMigrations({ transaction: 'each' });
    return { tables, afterRevert };
  } finally {
    await ds.destroy();
  }
}
