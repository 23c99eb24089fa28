/**
 * The routines bench's data set, written by a child process: 100,000 clients (BENCH_CLIENTS), each with a
 * responsible and one digital certificate, 5 % of them expiring within 30 days. Seeding in a process of its
 * own keeps what building and inserting the rows leaves on the heap out of the measured process's RSS.
 * Run by `seedInChild()`; not a module to import elsewhere.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import { registerCatalog } from '../../src/server/catalog.js';
import type { DialectName } from '../../src/server/db/database.js';
import { openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import type {
  ClientCertificatesTable,
  ClientResponsiblesTable,
  ClientRow,
} from '../../src/server/db/schema.js';
import { newId } from '../../src/server/ids.js';
import { cnpjCheckDigits } from '../../src/server/modules/br/index.js';
import { newClientRow } from '../../src/server/modules/clients/clients.service.js';
import { benchContext, seedBenchOffice } from './app.js';

registerCatalog();

export const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
/** Every 20th client (5 %) has a certificate expiring within 30 days; all of those are active. */
const EXPIRING_EVERY = 20;
const CHUNK = 10_000;
const DAY = 86_400_000;

/** Where the child writes: the SQLite file, or the PostgreSQL database's URL. */
export interface SeedTarget {
  dialect: DialectName;
  sqliteFile?: string;
  databaseUrl?: string;
}

export interface SeededOffice {
  officeId: string;
  adminId: string;
  /** The Analista Fiscal profession: the certificates' responsible. */
  professionId: string;
  expiring: number;
  seconds: number;
}

/** Migrates and seeds the database in a child process, relative to `now`; resolves with the office. */
export function seedInChild(target: SeedTarget, now: Date): Promise<SeededOffice> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(target), now.toISOString()], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let seeded: SeededOffice | undefined;
    child.once('error', reject);
    child.on('message', (m: SeededOffice) => {
      seeded = m;
    });
    child.once('exit', (code) => {
      if (code === 0 && seeded) resolve(seeded);
      else reject(new Error(`the seeding process exited with ${code}`));
    });
  });
}

/** A valid numeric CNPJ, distinct for every `i` (branch 0001). */
function cnpjOf(i: number): string {
  const base = `${String(i + 1).padStart(8, '0')}0001`;
  return base + cnpjCheckDigits(base);
}

/**
 * Inserts the clients (20 % inactive), their responsible (the admin, as Analista Fiscal) and one certificate
 * each, chunk by chunk so the data set never sits whole in memory.
 */
async function seedData(
  db: ReturnType<typeof openDatabase>['db'],
  dialect: DialectName,
  officeId: string,
  userId: string,
  professionId: string,
  now: Date,
) {
  const per = dialect === 'sqlite' ? 500 : 1000;
  let expiring = 0;
  for (let from = 0; from < CLIENTS; from += CHUNK) {
    const clients: ClientRow[] = [];
    const responsibles: ClientResponsiblesTable[] = [];
    const certificates: Insertable<ClientCertificatesTable>[] = [];
    const created = new Date(now.getTime() - 400 * DAY);
    for (let i = from; i < Math.min(CLIENTS, from + CHUNK); i++) {
      const row = newClientRow(
        officeId,
        {
          legalName: `Empresa Bench ${i} Ltda`,
          document: { kind: 'cnpj', value: cnpjOf(i) },
          emails: [`cliente${i}@bench.com.br`],
          status: i % 5 === 4 ? 'inactive' : 'active',
        },
        created,
      );
      clients.push(row);
      responsibles.push({
        client_id: row.id,
        profession_id: professionId,
        user_id: userId,
        office_id: officeId,
      });
      const soon = i % EXPIRING_EVERY === 0;
      if (soon) expiring++;
      // Expiring: 0–29 days left (each crosses one of 30/15/5); the others: 2 months to 2 years.
      const days = soon ? Math.floor(i / EXPIRING_EVERY) % 30 : 60 + (i % 640);
      certificates.push({
        id: newId(),
        office_id: officeId,
        client_id: row.id,
        kind: 'a1',
        holder_name: row.legal_name.toUpperCase(),
        document: row.document,
        document_kind: 'cnpj',
        certificate_type: 'e-CNPJ',
        issuer: 'AC SOLUTI Multipla v5',
        serial_number: (i + 0x1000).toString(16).toUpperCase(),
        not_before: new Date(now.getTime() - (365 - days) * DAY).toISOString(),
        not_after: new Date(now.getTime() + days * DAY + 6 * 3_600_000).toISOString(),
        fingerprint: null,
        certificate_pem: null,
        media: null,
        notes: null,
        notice_done: 0,
        created_by: null,
        created_at: created.toISOString(),
        updated_at: created.toISOString(),
      });
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < clients.length; i += per)
        await trx
          .insertInto('clients')
          .values(clients.slice(i, i + per))
          .execute();
      for (let i = 0; i < responsibles.length; i += per * 4)
        await trx
          .insertInto('client_responsibles')
          .values(responsibles.slice(i, i + per * 4))
          .execute();
      for (let i = 0; i < certificates.length; i += per)
        await trx
          .insertInto('client_certificates')
          .values(certificates.slice(i, i + per))
          .execute();
    });
  }
  return expiring;
}

async function seed(target: SeedTarget, now: Date): Promise<SeededOffice> {
  const t0 = performance.now();
  const handle = openDatabase(
    target.databaseUrl ? { databaseUrl: target.databaseUrl } : { sqliteFile: target.sqliteFile! },
  );
  try {
    const ctx = benchContext(handle);
    await migrateToLatest(handle.db);
    const { office, admin, professions } = await seedBenchOffice(ctx, `admin-${target.dialect}@bench.com.br`);
    const fiscal = professions.find((p) => p.name === 'Analista Fiscal') ?? professions[0]!;
    const expiring = await seedData(handle.db, target.dialect, office.id, admin.id, fiscal.id, now);
    if (target.dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(handle.db);
    return {
      officeId: office.id,
      adminId: admin.id,
      professionId: fiscal.id,
      expiring,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    await handle.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = JSON.parse(process.argv[2]!) as SeedTarget;
  seed(target, new Date(process.argv[3]!))
    .then((seeded) => process.send?.(seeded, () => process.exit(0)))
    .catch((error: unknown) => {
      process.stderr.write(
        `seeding failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    });
}
