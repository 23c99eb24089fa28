import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
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
import * as m0019 from './migrations/0019-user-language.js';
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
  '0019-user-language': m0019,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema to the latest version; safe to call at every start and from several processes. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Migrations this build knows that the database has not applied: empty when the schema is current.
 * `/api/health/ready` answers 503 until it is (a web process started before `migrate` ran).
 */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const infos = await new Migrator({ db, provider }).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
