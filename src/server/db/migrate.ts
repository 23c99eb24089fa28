import { type Kysely, type Migration, type MigrationProvider, Migrator, SqliteAdapter, sql } from 'kysely';
import * as m0001 from './migrations/0001-platform.js';
import * as m0002 from './migrations/0002-clients.js';
import * as m0003 from './migrations/0003-engine.js';
import * as m0004 from './migrations/0004-schedules.js';
import * as m0005 from './migrations/0005-clients-filter-index.js';
import * as m0006 from './migrations/0006-messaging.js';
import * as m0007 from './migrations/0007-tickets.js';
import * as m0008 from './migrations/0008-routines.js';
import * as m0009 from './migrations/0009-certificates.js';
import * as m0010 from './migrations/0010-billing.js';
import * as m0011 from './migrations/0011-rate-windows.js';
import * as m0012 from './migrations/0012-tickets-client-index.js';
import * as m0013 from './migrations/0013-jobs-finished-index.js';
import * as m0014 from './migrations/0014-client-consent.js';
import * as m0015 from './migrations/0015-message-fallback.js';
import * as m0016 from './migrations/0016-possible-duplicates.js';
import * as m0017 from './migrations/0017-routine-schedule-spec.js';
import * as m0018 from './migrations/0018-collection.js';
import * as m0019 from './migrations/0019-user-language.js';
import * as m0021 from './migrations/0021-log-order-onboarding.js';
import * as m0022 from './migrations/0022-collection-whatsapp.js';
import * as m0023 from './migrations/0023-contacts-email-index.js';
import * as m0024 from './migrations/0024-automation-rules.js';
import * as m0025 from './migrations/0025-processes.js';
import * as m0026 from './migrations/0026-tasks.js';
import * as m0027 from './migrations/0027-boletos.js';
import * as m0028 from './migrations/0028-cnab.js';
import * as m0029 from './migrations/0029-automation-triggers.js';
import * as m0030 from './migrations/0030-automation-actions.js';
import * as m0031 from './migrations/0031-ticket-status-email-rules.js';
import * as m0034 from './migrations/0034-boletos-remessa-index.js';
import * as m0039 from './migrations/0039-ticket-status-count-shards.js';
import type { Database } from './schema.js';

/** Every migration, in order. Listed statically so the compiled build needs no directory scan. */
const migrations: Record<string, Migration> = {
  '0001-platform': m0001,
  '0002-clients': m0002,
  '0003-engine': m0003,
  '0004-schedules': m0004,
  '0005-clients-filter-index': m0005,
  '0006-messaging': m0006,
  '0007-tickets': m0007,
  '0008-routines': m0008,
  '0009-certificates': m0009,
  '0010-billing': m0010,
  '0011-rate-windows': m0011,
  '0012-tickets-client-index': m0012,
  '0013-jobs-finished-index': m0013,
  '0014-client-consent': m0014,
  '0015-message-fallback': m0015,
  '0016-possible-duplicates': m0016,
  '0017-routine-schedule-spec': m0017,
  '0018-collection': m0018,
  '0019-user-language': m0019,
  '0021-log-order-onboarding': m0021,
  '0022-collection-whatsapp': m0022,
  '0023-contacts-email-index': m0023,
  '0024-automation-rules': m0024,
  '0025-processes': m0025,
  '0026-tasks': m0026,
  '0027-boletos': m0027,
  '0028-cnab': m0028,
  '0029-automation-triggers': m0029,
  '0030-automation-actions': m0030,
  '0031-ticket-status-email-rules': m0031,
  '0034-boletos-remessa-index': m0034,
  '0039-ticket-status-count-shards': m0039,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema to the latest version; safe to call at every start and from several processes at once:
 * each migration runs once.
 * - PostgreSQL: Kysely's migrator holds a transaction-level advisory lock and runs the pending migrations
 *   in one transaction; a second process waits, then finds nothing pending.
 * - SQLite: Kysely's migrator takes no lock there (its adapter's lock is a no-op, meant for one
 *   connection) and runs each statement outside a transaction, so two processes starting together both
 *   saw `0001` pending and the second failed on "table already exists" (test/ops/migrate-race.test.ts).
 *   Here the whole run is one `BEGIN IMMEDIATE` transaction: the file's write lock is the migration lock
 *   (other processes wait on `busy_timeout`, then find nothing pending), and a migration cut short by a
 *   crash leaves nothing half-applied (SQLite's DDL is transactional).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return runMigrator(db);
  await beginImmediate(db);
  try {
    const applied = await runMigrator(db);
    await sql`commit`.execute(db);
    return applied;
  } catch (err) {
    await sql`rollback`.execute(db).catch(() => {});
    throw err;
  }
}

async function runMigrator(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** How long a process waits for another's migrations (SQLite) before it gives up. */
const MIGRATION_WAIT_MS = 300_000;

/**
 * Takes SQLite's write lock. Each attempt waits up to the connection's `busy_timeout` (10 s); a long
 * migration in another process is waited out for `MIGRATION_WAIT_MS` in all.
 */
async function beginImmediate(db: Kysely<Database>) {
  const until = Date.now() + MIGRATION_WAIT_MS;
  for (;;) {
    try {
      await sql`begin immediate`.execute(db);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
    }
  }
}

/**
 * Migrations this build knows that the database has not applied: empty when the schema is current.
 * `/api/health/ready` answers 503 until it is (a web process started before `migrate` ran).
 */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  // The migration table read directly: `Migrator.getMigrations()` first looks the table up in the catalog
  // (about 30 ms of PostgreSQL's CPU per call), and haproxy asks every web process every second.
  let applied: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = new Set(rows.map((r) => r.name));
  } catch {
    // No migration table yet (a new database), or no database: the Migrator says which (or throws).
    const infos = await new Migrator({ db, provider }).getMigrations();
    return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
  }
  return Object.keys(migrations).filter((name) => !applied.has(name));
}
