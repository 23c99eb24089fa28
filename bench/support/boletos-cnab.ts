/**
 * boletos — CNAB legs of issue #21: one remessa of 10,000 titles (target < 2 s, on SQLite) and one
 * retorno of 10,000 payments applied on SQLite and on PostgreSQL (target < 10 s each).
 *
 * Data: one office, 10,000 clients, one open invoice each with its boleto (Itaú, CNAB 240) awaiting
 * registration, written in bulk. The remessa is `generateRemessa` (the service the route calls: the
 * boletos marked, then the file written as a stream into the blob store from keyset pages of 1,000
 * titles) on all 10,000; the
 * retorno is the bank's answer to it — one liquidação (occurrence 06) per title, written by
 * `writeRetorno` — taken by `uploadRetorno` (stored, read and checked whole, then each entry applied in
 * one transaction through `registerPayment`: payment row, invoice, audit, `invoice.paid`).
 *
 * The PDF leg of the same bench (`pdfs_per_s`, `peak_rss_mb`) is boleto-banks'.
 * Knobs: BENCH_BOLETOS=10000  BENCH_ONLY=sqlite|postgres
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AppContext } from '../../src/server/context.js';
import type { DatabaseHandle } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { newId } from '../../src/server/ids.js';
import { unsettledInvoice } from '../../src/server/modules/billing/billing.service.js';
import { generateRemessa, uploadRetorno } from '../../src/server/modules/billing/cnab/cnab.service.js';
import { layoutOf } from '../../src/server/modules/billing/cnab/layouts/index.js';
import { writeRetorno } from '../../src/server/modules/billing/cnab/retorno.js';
import { buildBoleto } from '../../src/shared/br/boleto/index.js';
import { accountsByBank, insertBankAccount } from '../../test/billing/cnab-helpers.js';
import { benchContext, seedBenchOffice } from './app.js';
import { buildClientData, insertClientData } from './clients-data.js';
import { selfCpuMs } from './cpu.js';
import { say } from './log.js';
import { onBenchDatabase } from './pg.js';
import { onSqliteBenchDatabase, withTempDir } from './sqlite.js';

const BOLETOS = Number(process.env.BENCH_BOLETOS ?? 10_000);
const ONLY = process.env.BENCH_ONLY as 'sqlite' | 'postgres' | undefined;

/** remessa_s: 2, sqlite_retorno_s: 10, pg_retorno_s: 10 (seconds, at most). */

/** Itaú's manual example account, the one the CNAB tests use. */
const account = accountsByBank['341']!;

async function seed(handle: DatabaseHandle, dir: string) {
  const ctx: AppContext = benchContext(handle, {
    dataDir: dir,
    blobStore: { kind: 'local', dir: join(dir, 'blobs') },
  });
  await migrateToLatest(handle.db);
  const { office, admin } = await seedBenchOffice(ctx);
  const data = buildClientData(office.id, { count: BOLETOS, inactiveShare: 0, taggedShare: 0 });
  await insertClientData(handle.db, handle.dialect, data);
  const now = new Date().toISOString();
  const accountId = await insertBankAccount(ctx, office.id, account, { fineBp: 0, interestMonthBp: 0 });
  const boletos: { id: string; nossoNumero: string; dv: string; amountCents: number }[] = [];
  const per = handle.dialect === 'sqlite' ? 300 : 1000;
  await handle.db.transaction().execute(async (trx) => {
    for (let i = 0; i < data.rows.length; i += per) {
      const invoices = [];
      const rows = [];
      for (const [j, c] of data.rows.slice(i, i + per).entries()) {
        const n = i + j + 1;
        const amountCents = 50_000 + (n % 997) * 100;
        const invoiceId = newId();
        invoices.push({
          id: invoiceId,
          office_id: office.id,
          client_id: c.id,
          contract_id: null,
          period: '2026-11',
          amount_cents: amountCents,
          due_date: '2026-11-20',
          status: 'open' as const,
          txid: `HON202611${n.toString(16).toUpperCase().padStart(16, '0')}`,
          pix_code: null,
          description: 'Honorários novembro/2026',
          ...unsettledInvoice,
          created_by: null,
          created_at: now,
          updated_at: now,
        });
        const b = buildBoleto(account, n, { amountCents, dueDate: '2026-11-20', issueDate: '2026-11-01' });
        const id = newId();
        boletos.push({ id, nossoNumero: b.nossoNumero.value, dv: b.nossoNumero.checkDigit, amountCents });
        rows.push({
          id,
          office_id: office.id,
          invoice_id: invoiceId,
          bank_account_id: accountId,
          nosso_numero: b.nossoNumero.value,
          nosso_numero_dv: b.nossoNumero.checkDigit,
          barcode: b.barcode,
          linha_digitavel: b.linhaDigitavel,
          due_date: '2026-11-20',
          amount_cents: amountCents,
          status: 'registered_pending' as const,
          remessa_id: null,
          created_at: now,
          updated_at: now,
        });
      }
      await trx.insertInto('invoices').values(invoices).execute();
      await trx.insertInto('boletos').values(rows).execute();
    }
  });
  return { ctx, actor: { officeId: office.id, userId: admin.id }, accountId, boletos };
}

async function legs(handle: DatabaseHandle, dir: string, label: string) {
  const s = await seed(handle, dir);
  say(`${label}: ${BOLETOS} invoices with boletos seeded`);
  let t0 = performance.now();
  let cpu0 = selfCpuMs();
  const remessa = await generateRemessa(s.ctx, s.actor, {
    bankAccountId: s.accountId,
    boletoIds: s.boletos.map((b) => b.id),
  });
  const remessaS = (performance.now() - t0) / 1000;
  const remessaCpuS = (selfCpuMs() - cpu0) / 1000;
  say(
    `${label}: remessa of ${remessa.recordCount} titles, ${remessa.size} bytes in ${remessaS.toFixed(2)} s (CPU ${remessaCpuS.toFixed(2)} s)`,
  );
  const layout = layoutOf('341', '240')!;
  const text = writeRetorno(
    layout,
    {
      ...account,
      agencyDigit: null,
      accountDigit: '9',
      interestMonthBp: 0,
      fineBp: 0,
      companyName: 'Escritorio Bench',
      companyDocument: '11222333000181',
    },
    1,
    '2026-11-21',
    s.boletos.map((b) => ({
      nossoNumero: b.nossoNumero,
      nossoNumeroDv: b.dv,
      occurrence: '06',
      amountCents: b.amountCents,
      paidCents: b.amountCents,
      tariffCents: 250,
      occurredOn: '2026-11-20',
      creditOn: '2026-11-21',
    })),
  );
  t0 = performance.now();
  cpu0 = selfCpuMs();
  const result = await uploadRetorno(s.ctx, s.actor, s.accountId, {
    filename: 'retorno.ret',
    stream: Readable.from([Buffer.from(text, 'latin1')]),
  });
  const retornoS = (performance.now() - t0) / 1000;
  const retornoCpuS = (selfCpuMs() - cpu0) / 1000;
  if (result.file.appliedCount !== BOLETOS)
    throw new Error(`retorno applied ${result.file.appliedCount} of ${BOLETOS}`);
  say(
    `${label}: retorno of ${result.lines.length} payments applied in ${retornoS.toFixed(2)} s (CPU of this process ${retornoCpuS.toFixed(2)} s)`,
  );
  return { remessaS, retornoS, remessaCpuS, retornoCpuS };
}

/** The CNAB legs, called from `bench/boletos.bench.ts` after the PDF leg. */
export async function runCnabLegs(): Promise<Record<string, number | string>> {
  const figures: Record<string, number | string> = { boletos: BOLETOS };
  const round = (n: number) => Math.round(n * 1000) / 1000;
  if (ONLY !== 'postgres') {
    await onSqliteBenchDatabase('bench-boletos-', async (handle, dir) => {
      const r = await legs(handle, dir, 'sqlite');
      figures.remessa_s = round(r.remessaS);
      figures.remessa_cpu_s = round(r.remessaCpuS);
      figures.sqlite_retorno_s = round(r.retornoS);
      figures.sqlite_retorno_cpu_s = round(r.retornoCpuS);
    });
  }
  if (ONLY !== 'sqlite') {
    await withTempDir('bench-boletos-pg-', (dir) =>
      onBenchDatabase('bench_boletos', { poolSize: 10 }, async (handle) => {
        const r = await legs(handle, dir, 'postgres');
        figures.pg_remessa_s = round(r.remessaS);
        figures.pg_retorno_s = round(r.retornoS);
        // The server's CPU is not in this figure: PostgreSQL runs in processes of its own.
        figures.pg_retorno_node_cpu_s = round(r.retornoCpuS);
      }),
    );
  }
  return figures;
}
