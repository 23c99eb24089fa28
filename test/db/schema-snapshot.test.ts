import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

/**
 * The schema a fresh database reaches through every migration, described in a stable text and compared
 * with the committed file under `__snapshots__/`. A migration that has shipped must never change what it
 * creates, so a refactor of the migrations (helpers, `$call`) has to leave both files byte-identical; a
 * new migration changes them on purpose (`npx vitest run test/db/schema-snapshot.test.ts -u`, then
 * review the diff).
 */
async function describeSqlite(t: TestContext): Promise<string> {
  const { rows } = await sql<{ type: string; name: string; tbl_name: string; sql: string | null }>`
    select type, name, tbl_name, sql from sqlite_master order by type, name`.execute(t.db);
  return rows.map((r) => `${r.type} ${r.name} on ${r.tbl_name}\n  ${r.sql ?? '(implicit)'}`).join('\n');
}

async function describePostgres(t: TestContext): Promise<string> {
  const columns = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>`
    select table_name, column_name, data_type, is_nullable, column_default
    from information_schema.columns where table_schema = 'public'
    order by table_name, ordinal_position`.execute(t.db);
  const indexes = await sql<{ tablename: string; indexname: string; indexdef: string }>`
    select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'
    order by tablename, indexname`.execute(t.db);
  const constraints = await sql<{ table_name: string; conname: string; def: string }>`
    select cl.relname as table_name, co.conname, pg_get_constraintdef(co.oid) as def
    from pg_constraint co
    join pg_class cl on cl.oid = co.conrelid
    join pg_namespace ns on ns.oid = cl.relnamespace
    where ns.nspname = 'public'
    order by cl.relname, co.conname`.execute(t.db);
  return [
    '# columns (table.column type, nullable, default), in table order',
    ...columns.rows.map(
      (c) =>
        `${c.table_name}.${c.column_name} ${c.data_type} ${c.is_nullable === 'YES' ? 'null' : 'not null'}` +
        (c.column_default === null ? '' : ` default ${c.column_default}`),
    ),
    '# indexes',
    ...indexes.rows.map((i) => `${i.tablename} ${i.indexname}: ${i.indexdef}`),
    '# constraints',
    ...constraints.rows.map((c) => `${c.table_name} ${c.conname}: ${c.def}`),
  ].join('\n');
}

for (const dialect of dialects) {
  describe(`schema after every migration (${dialect})`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
    });
    afterAll(async () => t.destroy());

    it('matches the committed description, so no applied migration changed', async () => {
      const text = dialect === 'sqlite' ? await describeSqlite(t) : await describePostgres(t);
      await expect(`${text}\n`).toMatchFileSnapshot(`./__snapshots__/schema.${dialect}.txt`);
    });
  });
}
