/**
 * collection — Cobrança de Arquivos at an office's scale: 10,000 clients with an 8-item Processo Modelo.
 *
 * Per dialect (SQLite, then PostgreSQL):
 * - **generation**: one competência's programações for every client (`generateRequests`, the service the
 *   monthly schedule's job calls: the checklist copied per request, responsibles, exactly-once keys), timed
 *   for three competências; the figure is the median of the three;
 * - then more months until `BENCH_MONTHS` × clients programações exist (120,000 by default), and through
 *   `app.inject()` on the real Fastify app (routing, auth, validation, the queries, serialisation):
 *   - **the client's page** `GET /api/portal/collection/:token` for random contacts (each answers for one
 *     company with twelve open months: 96 items) — p95 over `BENCH_REQUESTS` requests;
 *   - **the grid** `GET /api/collection/requests` with filters (competência + status, responsible, overdue,
 *     "only mine", a search, a client), pages of 25 — p95.
 * Once (SQLite; the file path does not touch the database's speed), over real HTTP (a TCP port):
 * - **uploads**: 50 concurrent 10 MiB PDFs through the office's attach route (multipart, streamed to the
 *   blob store, type check and content checks on the way) — the process's peak RSS growth over its baseline;
 * - **zip**: `GET /api/collection/requests/:id/zip` of a programação with 500 files of 2 MiB (distinct
 *   blobs, stored; PDFs are stored, not deflated) read to the end — MB/s (10^6 bytes) and peak RSS growth,
 *   median of three downloads.
 *
 * Knobs: BENCH_CLIENTS=10000 BENCH_MONTHS=12 BENCH_REQUESTS=200 BENCH_ONLY=sqlite|postgres
 *        BENCH_UPLOADS=50 BENCH_ZIP_FILES=500
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { blobStore } from '../src/server/blobs/index.js';
import { registerCatalog } from '../src/server/catalog.js';
import type { AppContext } from '../src/server/context.js';
import type { DatabaseHandle, DialectName } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { newId } from '../src/server/ids.js';
import {
  createTemplate,
  generateRequests,
  issueLink,
  templateInput,
} from '../src/server/modules/collection/index.js';
import { pickFrom, seededRandom } from '../src/shared/seeded-random.js';
import { benchApp, benchContext, login, seedBenchOffice } from './support/app.js';
import { buildClientData, insertClientData } from './support/clients-data.js';
import { say } from './support/log.js';
import { onBenchDatabase } from './support/pg.js';
import { rssMb } from './support/rss.js';
import { onSqliteBenchDatabase, withTempDir } from './support/sqlite.js';
import { measure, round, summarize } from './support/stats.js';

registerCatalog();

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 12);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 50);
const ZIP_FILES = Number(process.env.BENCH_ZIP_FILES ?? 500);
const ONLY = process.env.BENCH_ONLY as DialectName | undefined;
const UPLOAD_BYTES = 10 * 1024 * 1024;
const ZIP_FILE_BYTES = 2 * 1024 * 1024;
/** Competências timed for the generation figure (median of three); then the others up to MONTHS. */
const TIMED_MONTHS = 3;

export const targets = {
  sqlite_generate_s: 20,
  pg_generate_s: 40,
  portal_p95_ms: 100,
  grid_p95_ms: 50,
  upload_rss_growth_mb: 150,
  zip_mb_per_s: 100,
  zip_rss_growth_mb: 100,
};

const competencias = Array.from({ length: Math.max(MONTHS, TIMED_MONTHS) }, (_, i) => {
  const m = i % 12;
  return `${2025 + Math.floor(i / 12)}-${String(m + 1).padStart(2, '0')}`;
});

const item = (name: string, acceptedTypes: string[], maxBytes = 20 * 1024 * 1024, multiple = true) => ({
  name,
  instructions: `Envie ${name.toLowerCase()} do mês.`,
  kind: 'file' as const,
  requirement: 'required' as const,
  acceptedTypes,
  maxBytes,
  multiple,
  professionId: null,
});

/** "Documentos mensais — Simples Nacional", 8 items. */
const modelInput = templateInput.parse({
  name: 'Documentos mensais — Simples Nacional',
  serviceId: null,
  autoClose: false,
  due: { day: 10, businessDays: false, monthOffset: 1, adjust: 'postpone' },
  reminderOffsets: [-3, -1, 0, 2, 5],
  communication: {
    requestSubject: 'Documentos de {{ competencia }}',
    requestBody: 'Olá, {{ contact.name }}.\n{{ summary }}\n{{ link }}',
    reminderSubject: 'Lembrete',
    reminderBody: 'Faltam:\n{{ summary }}\n{{ link }}',
    receiptSubject: 'Comprovante',
    receiptBody: 'Recebemos:\n{{ summary }}',
  },
  items: [
    item('Extrato bancário', ['pdf', 'ofx']),
    item('Notas de entrada (XML)', ['xml', 'zip']),
    item('Notas de saída (XML)', ['xml', 'zip']),
    item('Folha de pagamento', ['pdf'], 20 * 1024 * 1024, false),
    item('Guias pagas', ['pdf', 'jpg', 'png']),
    item('Comprovantes de despesas', ['pdf', 'jpg', 'png']),
    item('Contratos e alterações', ['pdf']),
    item('Outros', ['pdf', 'zip', 'xlsx', 'csv', 'txt']),
  ],
});

interface Seeded {
  ctx: AppContext;
  app: FastifyInstance;
  officeId: string;
  adminId: string;
  templateId: string;
  clientIds: string[];
  contactIds: string[];
}

async function seed(handle: DatabaseHandle, dir: string): Promise<Seeded> {
  const ctx = benchContext(handle, {
    dataDir: dir,
    blobStore: { kind: 'local', dir: join(dir, 'blobs') },
  });
  await migrateToLatest(handle.db);
  const { office, admin } = await seedBenchOffice(ctx);
  const data = buildClientData(office.id, { count: CLIENTS, inactiveShare: 0 });
  await insertClientData(handle.db, handle.dialect, data);
  const now = new Date().toISOString();
  const contacts = data.rows.map((c, i) => ({
    id: newId(),
    office_id: office.id,
    client_id: c.id,
    name: `Contato ${i}`,
    role: null,
    email: `contato${i}@cliente.com.br`,
    whatsapp: null,
    birthday: null,
    email_opt_out: 0,
    whatsapp_opt_in: 0,
    created_at: now,
    updated_at: now,
  }));
  const per = handle.dialect === 'sqlite' ? 500 : 1000;
  await handle.db.transaction().execute(async (trx) => {
    for (let i = 0; i < contacts.length; i += per)
      await trx
        .insertInto('contacts')
        .values(contacts.slice(i, i + per))
        .execute();
  });
  const actor = { officeId: office.id, userId: admin.id };
  const template = await createTemplate(ctx, actor, modelInput);
  const app = await benchApp(ctx);
  return {
    ctx,
    app,
    officeId: office.id,
    adminId: admin.id,
    templateId: template.id,
    clientIds: data.rows.map((r) => r.id),
    contactIds: contacts.map((c) => c.id),
  };
}

const generate = (s: Seeded, competencia: string) =>
  generateRequests(s.ctx, {
    officeId: s.officeId,
    templateId: s.templateId,
    competencia,
    clientIds: s.clientIds,
    programId: null,
    actor: { officeId: s.officeId, userId: s.adminId },
    actorName: 'Ana Bench',
  });

async function benchDialect(handle: DatabaseHandle, dir: string) {
  const dialect = handle.dialect;
  const tag = dialect === 'sqlite' ? 'sqlite' : 'pg';
  say(`[${dialect}] seeding ${CLIENTS} clients and contacts…`);
  const s = await seed(handle, dir);
  const times: number[] = [];
  for (const [i, competencia] of competencias.entries()) {
    const t0 = performance.now();
    const r = await generate(s, competencia);
    const sec = (performance.now() - t0) / 1000;
    if (r.created !== CLIENTS) throw new Error(`generated ${r.created} of ${CLIENTS} for ${competencia}`);
    if (i < TIMED_MONTHS) times.push(sec);
    say(`[${dialect}] ${competencia}: ${r.created} programações in ${sec.toFixed(1)} s`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const generateS = sorted[Math.floor(sorted.length / 2)]!;
  const total = await s.ctx.db
    .selectFrom('collection_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  say(`[${dialect}] ${Number(total.n)} programações; generation median ${generateS.toFixed(1)} s`);
  // What autovacuum does in a running installation after a month's generation: fresh statistics and a
  // visibility map (PostgreSQL's index-only counts read the heap for pages it does not mark all-visible).
  if (dialect === 'postgres') await sql`vacuum analyze collection_requests`.execute(s.ctx.db);
  else await sql`analyze`.execute(s.ctx.db);

  // The client's page: one link per contact, random contacts.
  const random = seededRandom(4242);
  const tokens: string[] = [];
  // Distinct contacts: issuing a contact's link again revokes the one before.
  const linked = new Set<string>();
  while (linked.size < Math.min(100, s.contactIds.length)) linked.add(pickFrom(s.contactIds, random));
  for (const contactId of linked) {
    tokens.push((await issueLink(s.ctx, { officeId: s.officeId, userId: s.adminId }, contactId)).token);
  }
  let ip = 0;
  const portal = await measure(async () => {
    const token = pickFrom(tokens, random);
    // Each request from its own address: the portal's rate limit is per address.
    const res = await s.app.inject({
      method: 'GET',
      url: `/api/portal/collection/${token}`,
      remoteAddress: `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip++ & 255}`,
    });
    if (res.statusCode !== 200) throw new Error(`portal ${res.statusCode} ${res.body.slice(0, 200)}`);
  }, REQUESTS);
  const portalSummary = summarize(portal);

  const session = await login(s.app, 'admin@bench.com.br');
  const last = competencias[Math.min(MONTHS, competencias.length) - 1]!;
  const filters = [
    `competencia=${last}&status=open`,
    `competencia=${competencias[0]}&overdue=true`,
    `responsibleId=${s.adminId}&status=open`,
    'mine=true&sort=dueDate',
    'q=Padaria',
    `clientId=${pickFrom(s.clientIds, random)}`,
    `competencia=${last}&q=Padaria&status=open`,
  ];
  const grid = await measure(async () => {
    const page = 1 + Math.floor(random() * 20);
    await session.get(`/api/collection/requests?${pickFrom(filters, random)}&page=${page}&pageSize=25`);
  }, REQUESTS);
  const gridSummary = summarize(grid);
  say(
    `[${dialect}] client page p50 ${round(portalSummary.p50)} ms p95 ${round(portalSummary.p95)} ms; grid p50 ${round(gridSummary.p50)} ms p95 ${round(gridSummary.p95)} ms`,
  );
  return {
    seeded: s,
    figures: {
      [`${tag}_generate_s`]: round(generateS, 2),
      [`${tag}_generate_s_runs`]: times.map((t) => round(t, 2)).join(','),
      [`${tag}_programacoes`]: Number(total.n),
      [`${tag}_portal_p95_ms`]: round(portalSummary.p95),
      [`${tag}_portal_p50_ms`]: round(portalSummary.p50),
      [`${tag}_grid_p95_ms`]: round(gridSummary.p95),
      [`${tag}_grid_p50_ms`]: round(gridSummary.p50),
    } as Record<string, number | string>,
  };
}

/** Samples this process's RSS every 10 ms while `fn` runs; returns the peak growth over the start. */
async function peakRssGrowth<T>(fn: () => Promise<T>): Promise<{ value: T; growthMb: number }> {
  const base = rssMb();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 10);
  try {
    const value = await fn();
    peak = Math.max(peak, rssMb());
    return { value, growthMb: peak - base };
  } finally {
    clearInterval(timer);
  }
}

/** A multipart body with one `size`-byte PDF, produced chunk by chunk (the client holds no whole file). */
function multipartPdf(
  size: number,
  name: string,
  boundary: string,
): { body: ReadableStream<Uint8Array>; length: number } {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const first = Buffer.from(chunk);
  first.write('%PDF-1.7\n', 0, 'latin1');
  let sent = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(head);
        return;
      }
      if (sent >= size) {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      const n = Math.min(chunk.length, size - sent);
      controller.enqueue((sent === 0 ? first : chunk).subarray(0, n));
      sent += n;
    },
  });
  return { body, length: head.length + size + tail.length };
}

async function staffHeaders(app: FastifyInstance) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'admin@bench.com.br', password: 'bench-password-123' },
  });
  const cookie = res.cookies.find((c) => c.name === 'exp_session')!;
  return {
    cookie: `exp_session=${cookie.value}`,
    'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken,
  };
}

async function benchFiles(s: Seeded) {
  await s.app.listen({ port: 0, host: '127.0.0.1' });
  const address = s.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const headers = await staffHeaders(s.app);
  const extratos = await s.ctx.db
    .selectFrom('collection_request_items')
    .select(['id', 'request_id'])
    .where('office_id', '=', s.officeId)
    .where('name', '=', 'Extrato bancário')
    .limit(UPLOADS + 1)
    .execute();

  // 50 concurrent 10 MiB uploads.
  const upload = async (target: { id: string; request_id: string }, i: number) => {
    const boundary = `----bench${i}${Date.now()}`;
    const { body, length } = multipartPdf(UPLOAD_BYTES, `extrato-${i}.pdf`, boundary);
    const res = await fetch(`${base}/api/collection/requests/${target.request_id}/items/${target.id}/files`, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(length),
      },
      body,
      duplex: 'half',
    } as RequestInit);
    if (res.status !== 201) throw new Error(`upload ${res.status} ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer();
  };
  // Warm-up: one upload (routes, the multipart parser, the store's directories).
  await upload(extratos[UPLOADS]!, UPLOADS);
  const t0 = performance.now();
  const up = await peakRssGrowth(() => Promise.all(extratos.slice(0, UPLOADS).map((t, i) => upload(t, i))));
  const uploadS = (performance.now() - t0) / 1000;
  say(
    `[files] ${UPLOADS} concurrent uploads of ${UPLOAD_BYTES / 1048576} MiB in ${uploadS.toFixed(1)} s; peak RSS growth ${up.growthMb.toFixed(0)} MB`,
  );

  // A programação with 500 distinct 2 MiB files.
  const target = extratos[0]!;
  const store = blobStore(s.ctx);
  const content = Buffer.alloc(ZIP_FILE_BYTES, 0x41);
  const now = new Date().toISOString();
  const rows = [];
  for (let i = 0; i < ZIP_FILES; i++) {
    content.write(`%PDF-1.7\n% arquivo ${i} ${newId()}\n`, 0, 'latin1');
    const blob = await store.put(content);
    rows.push({
      id: newId(),
      office_id: s.officeId,
      request_id: target.request_id,
      item_id: target.id,
      name: `documento-${String(i).padStart(3, '0')}.pdf`,
      size: blob.size,
      content_type: 'application/pdf',
      blob_ref: blob.ref,
      uploaded_by_kind: 'client' as const,
      uploaded_by_id: null,
      uploaded_by_name: 'Contato Bench',
      warnings: '[]',
      receipt_at: null,
      uploaded_at: now,
    });
  }
  for (let i = 0; i < rows.length; i += 100)
    await s.ctx.db
      .insertInto('collection_files')
      .values(rows.slice(i, i + 100))
      .execute();
  const expected = ZIP_FILES * ZIP_FILE_BYTES;
  const zipRuns: { mbPerS: number; growthMb: number }[] = [];
  for (let run = 0; run < 3; run++) {
    const t1 = performance.now();
    const z = await peakRssGrowth(async () => {
      const res = await fetch(`${base}/api/collection/requests/${target.request_id}/zip`, { headers });
      if (res.status !== 200 || !res.body) throw new Error(`zip ${res.status}`);
      let bytes = 0;
      const reader = res.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
      return bytes;
    });
    const sec = (performance.now() - t1) / 1000;
    if (z.value < expected) throw new Error(`zip of ${z.value} bytes, expected at least ${expected}`);
    zipRuns.push({ mbPerS: z.value / 1e6 / sec, growthMb: z.growthMb });
    say(
      `[files] zip of ${(z.value / 1e6).toFixed(0)} MB in ${sec.toFixed(2)} s: ${(z.value / 1e6 / sec).toFixed(0)} MB/s, peak RSS growth ${z.growthMb.toFixed(0)} MB`,
    );
  }
  const median = [...zipRuns].sort((a, b) => a.mbPerS - b.mbPerS)[1]!;
  return {
    upload_rss_growth_mb: round(up.growthMb),
    upload_s: round(uploadS, 2),
    upload_mb_per_s: round((UPLOADS * UPLOAD_BYTES) / 1e6 / uploadS),
    zip_mb_per_s: round(median.mbPerS),
    zip_mb_per_s_runs: zipRuns.map((r) => round(r.mbPerS)).join(','),
    zip_rss_growth_mb: round(Math.max(...zipRuns.map((r) => r.growthMb))),
  };
}

export async function run(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = { clients: CLIENTS, months: MONTHS };
  if (ONLY !== 'postgres') {
    await onSqliteBenchDatabase('bench-collection-', async (handle, dir) => {
      const { seeded, figures: f } = await benchDialect(handle, dir);
      Object.assign(figures, f, await benchFiles(seeded));
      await seeded.app.close();
    });
  }
  if (ONLY !== 'sqlite') {
    await withTempDir('bench-collection-pg-', (dir) =>
      onBenchDatabase('bench_collection', { poolSize: 10 }, async (handle) => {
        const { seeded, figures: f } = await benchDialect(handle, dir);
        Object.assign(figures, f);
        await seeded.app.close();
      }),
    );
  }
  // The headline figures the issue names: the page latencies of SQLite (the embedded default), or of
  // PostgreSQL when only it ran.
  const lead = ONLY === 'postgres' ? 'pg' : 'sqlite';
  figures.portal_p95_ms = figures[`${lead}_portal_p95_ms`] ?? Number.NaN;
  figures.grid_p95_ms = figures[`${lead}_grid_p95_ms`] ?? Number.NaN;
  return figures;
}
