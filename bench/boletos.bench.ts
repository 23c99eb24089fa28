/**
 * Boletos (issue #21): `npm run bench -- boletos`.
 *
 * PDF leg (boleto-banks): 10,000 invoices with a boleto on SQLite — each invoice's PDF (invoice page and
 * boleto page: recibo do pagador, ficha de compensação, ITF barcode) rendered and read to the end, as the
 * fee routine does before storing it. Reported: PDFs per second (median of three runs) and the process's
 * peak RSS (targets: ≥ 200 PDFs/s, < 400 MB). boleto-cnab adds the remessa and retorno legs here.
 *
 * Also reported: `pdfs_per_cpu_s`, PDFs per second of this process's CPU time (what a busy shared machine does
 * not inflate much). Knobs: BOLETO_BENCH_INVOICES=10000; BENCH_ONLY=pdf (this leg only) or sqlite|postgres
 * (the CNAB legs only, on that dialect).
 *
 * Last stdout line: one JSON object (`pdfs_per_s`, `peak_rss_mb`, …).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { registerCatalog } from '../src/server/catalog.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { newId } from '../src/server/ids.js';
import { insertInvoiceOnce, listInvoices } from '../src/server/modules/billing/billing.repo.js';
import { pdfOf, unsettledInvoice } from '../src/server/modules/billing/billing.service.js';
import { insertBankAccount } from '../src/server/modules/billing/boletos.repo.js';
import { ensureBoleto } from '../src/server/modules/billing/boletos.service.js';
import type { Invoice } from '../src/server/modules/billing/index.js';
import { saveFeeContract, savePixSettings } from '../src/server/modules/billing/index.js';
import { cnpjCheckDigits } from '../src/server/modules/br/index.js';
import { createClientBody } from '../src/server/modules/clients/clients.schema.js';
import { createClient } from '../src/server/modules/clients/index.js';
import { findOffice } from '../src/server/modules/platform/index.js';
import { monthlyFee } from '../test/billing/fee-contract.js';
import { benchContext, seedBenchOffice } from './support/app.js';
import { runCnabLegs } from './support/boletos-cnab.js';
import { selfCpuMs } from './support/cpu.js';
import { say } from './support/log.js';
import { rssMb } from './support/rss.js';
import { round } from './support/stats.js';

const INVOICES = Number(process.env.BOLETO_BENCH_INVOICES ?? 10_000);
const CLIENTS = 200;

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

async function pdfLeg(): Promise<Record<string, number | string>> {
  registerCatalog();
  const dataDir = mkdtempSync(join(tmpdir(), 'expediente-bench-boletos-'));
  let peak = rssMb();
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 50);
  try {
    const handle = openDatabase({ sqliteFile: join(dataDir, 'expediente.sqlite') });
    await migrateToLatest(handle.db);
    const ctx = benchContext(handle);
    const { office, admin } = await seedBenchOffice(ctx);
    const actor = { officeId: office.id, userId: admin.id };
    await savePixSettings(ctx, actor, {
      keyKind: 'email',
      key: 'financeiro@bench.com.br',
      merchantName: 'Bench',
      merchantCity: 'Sao Paulo',
    });
    const now = new Date().toISOString();
    const accountId = newId();
    await insertBankAccount(ctx.db, {
      id: accountId,
      office_id: office.id,
      bank_code: '341',
      label: 'Itaú',
      agency: '0167',
      agency_digit: null,
      account: '45145',
      account_digit: '9',
      carteira: '109',
      convenio: '',
      variation: null,
      next_nosso_numero: 1,
      interest_month_bp: 100,
      fine_bp: 200,
      instructions: JSON.stringify(['Não receber após 30 dias do vencimento.']),
      is_default: 1,
      created_at: now,
      updated_at: now,
    });

    say(`seeding ${CLIENTS} clients, ${INVOICES} invoices with boleto`);
    const t0 = performance.now();
    const clientIds: string[] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const base = `${String(500 + c).padStart(8, '0')}0001`;
      const client = await createClient(
        ctx,
        actor,
        createClientBody.parse({
          legalName: `Cliente Bench ${c} Ltda`,
          document: base + cnpjCheckDigits(base),
        }),
      );
      await saveFeeContract(ctx, actor, client.id, monthlyFee(100_000 + c, { paymentMethod: 'both' }));
      clientIds.push(client.id);
    }
    const account = await ctx.db
      .selectFrom('bank_accounts')
      .selectAll()
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const perClient = Math.ceil(INVOICES / CLIENTS);
    let made = 0;
    for (let m = 0; m < perClient && made < INVOICES; m++) {
      const year = 2026 + Math.floor(m / 12);
      const period = `${year}-${String((m % 12) + 1).padStart(2, '0')}`;
      await ctx.db.transaction().execute(async (trx) => {
        for (const clientId of clientIds) {
          if (made >= INVOICES) break;
          const id = newId();
          const row = {
            id,
            office_id: office.id,
            client_id: clientId,
            contract_id: null,
            period,
            amount_cents: 100_000 + made,
            due_date: `${period}-10`,
            status: 'open' as const,
            txid: `HON${period.replace('-', '')}${id.replace(/-/g, '').slice(-16).toUpperCase()}`,
            pix_code: null,
            description: `Honorários ${period}`,
            ...unsettledInvoice,
            created_by: null,
            created_at: now,
            updated_at: now,
            automation_pipeline_id: null,
            automation_item_id: null,
            automation_run_id: null,
          };
          await insertInvoiceOnce(trx, row);
          await ensureBoleto(trx, {
            officeId: office.id,
            invoice: row,
            account,
            userId: null,
            at: new Date(),
            today: '2026-01-02',
          });
          made++;
        }
      });
    }
    say(`seeded in ${round((performance.now() - t0) / 1000)} s`);

    const officeDto = (await findOffice(ctx.db, office.id))!;
    const invoices: Invoice[] = [];
    for (let page = 1; invoices.length < INVOICES; page++) {
      const res = await listInvoices(
        ctx.db,
        office.id,
        { page, pageSize: 500, sort: 'dueDate', order: 'asc' },
        '2026-01-02',
      );
      if (res.items.length === 0) break;
      invoices.push(...res.items);
    }

    const rates: number[] = [];
    const cpuRates: number[] = [];
    let bytes = 0;
    for (let runNo = 1; runNo <= 3; runNo++) {
      const started = performance.now();
      const cpu0 = selfCpuMs();
      bytes = 0;
      for (const invoice of invoices) bytes += await drain(await pdfOf(ctx.db, officeDto, invoice));
      const seconds = (performance.now() - started) / 1000;
      const cpuMs = selfCpuMs() - cpu0;
      rates.push(invoices.length / seconds);
      cpuRates.push(invoices.length / (cpuMs / 1000));
      say(
        `run ${runNo}: ${invoices.length} PDFs in ${round(seconds, 2)} s — ${round(invoices.length / seconds)} PDFs/s, CPU ${round(cpuMs / invoices.length, 2)} ms per PDF (${round(invoices.length / (cpuMs / 1000))}/s of CPU), ${round(bytes / invoices.length / 1024)} KiB each, RSS ${round(rssMb())} MB`,
      );
    }
    await handle.destroy();
    rates.sort((a, b) => a - b);
    cpuRates.sort((a, b) => a - b);
    const median = rates[1]!;
    peak = Math.max(peak, rssMb());
    say(`PDFs/s median of three: ${round(median)} (target ≥ 200); peak RSS ${round(peak)} MB (target < 400)`);
    return {
      invoices: invoices.length,
      pdfs_per_s: round(median),
      pdfs_per_cpu_s: round(cpuRates[1]!),
      pdf_kib: round(bytes / invoices.length / 1024),
      peak_rss_mb: round(peak),
    };
  } finally {
    clearInterval(sampler);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The PDF leg (boleto-banks), then the CNAB legs (boleto-cnab: `remessa_s`, `sqlite_retorno_s`, `pg_retorno_s`). */
export async function run(): Promise<Record<string, number | string>> {
  const only = process.env.BENCH_ONLY;
  const pdf = only === 'sqlite' || only === 'postgres' ? {} : await pdfLeg();
  return { ...pdf, ...(only === 'pdf' ? {} : await runCnabLegs()) };
}
