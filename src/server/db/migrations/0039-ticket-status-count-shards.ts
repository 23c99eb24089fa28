import { type Kysely, sql } from 'kysely';
import { officeId } from '../migration-columns.js';

/**
 * `ticket_status_counts` split into shards: one row per office, status **and shard** (0–15), the count of a
 * status being the sum of its shards. Every opening and move of an office used to write the same `open` row,
 * and on PostgreSQL each held that row locked until its commit, so the office's openings queued on it (the
 * cluster bench's slowest statement, docs/benchmarks.md). A transaction now writes the shard it picks at
 * random (`addToStatusCounts`), so concurrent openings rarely meet on a row; reads add the shards up.
 *
 * The primary key changes, which SQLite cannot alter in place: the table is rebuilt on both dialects (a new
 * table, the old rows copied as shard 0, the old table dropped, the new one renamed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ticket_status_counts_sharded')
    .$call(officeId)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_status_counts_shard_pk', ['office_id', 'status', 'shard'])
    .execute();
  await sql`insert into ticket_status_counts_sharded (office_id, status, shard, n)
    select office_id, status, 0, n from ticket_status_counts`.execute(db);
  await db.schema.dropTable('ticket_status_counts').execute();
  await db.schema.alterTable('ticket_status_counts_sharded').renameTo('ticket_status_counts').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ticket_status_counts_single')
    .$call(officeId)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_status_counts_pk', ['office_id', 'status'])
    .execute();
  await sql`insert into ticket_status_counts_single (office_id, status, n)
    select office_id, status, sum(n) from ticket_status_counts group by office_id, status`.execute(db);
  await db.schema.dropTable('ticket_status_counts').execute();
  await db.schema.alterTable('ticket_status_counts_single').renameTo('ticket_status_counts').execute();
}
