import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Selectable } from 'kysely';
import { blobStore } from '../../../blobs/index.js';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { officeRow } from '../../../db/office-row.js';
import type { CnabFilesTable } from '../../../db/schema.js';
import { newId } from '../../../ids.js';
import { type Actor, findOffice } from '../../platform/index.js';
import { billingAudit } from '../audit.js';
import { BillingError } from '../billing.errors.js';
import { todayIn } from '../billing.service.js';
import { type PaymentInput, registerPayments } from '../payments.service.js';
import type { CnabIssue } from './cnab.errors.js';
import type {
  CnabFile,
  GenerateRemessaInput,
  RemessaCandidate,
  RetornoLine,
  RetornoResult,
} from './cnab.schema.js';
import type { CnabLayout } from './layout.js';
import { type CnabFormat, formatsOf, layoutOf } from './layouts/index.js';
import { linesOf } from './reader.js';
import { type CnabAccount, type CnabTitle, remessaWriter } from './remessa.js';
import { type RetornoEntry, readRetorno } from './retorno.js';

/** The largest retorno accepted (a bank's daily file of 100,000 entries is about 50 MB in CNAB 240). */
export const RETORNO_MAX_BYTES = 64 * 1024 * 1024;
/** Issues listed when a file is refused (the count says how many there were). */
const MAX_ISSUES_LISTED = 200;

const toFile = (r: Selectable<CnabFilesTable>): CnabFile => ({
  id: r.id,
  bankAccountId: r.bank_account_id,
  kind: r.kind,
  format: r.format,
  sequence: r.sequence,
  fileName: r.file_name,
  sha256: r.sha256,
  size: Number(r.size),
  recordCount: r.record_count,
  appliedCount: r.applied_count,
  duplicateCount: r.duplicate_count,
  unmatchedCount: r.unmatched_count,
  createdAt: r.created_at,
});

async function officeOf(ctx: AppContext, officeId: string) {
  const office = await findOffice(ctx.db, officeId);
  if (!office) throw new BillingError('bank_account_not_found');
  return office;
}

const accountOf = (db: Db, officeId: string, id: string) =>
  db
    .selectFrom('bank_accounts')
    .selectAll()
    .where(officeRow(officeId, id))
    .executeTakeFirstOrThrow(() => new BillingError('bank_account_not_found'));

function layoutFor(bankCode: string, format: CnabFormat | undefined): CnabLayout {
  const f = format ?? formatsOf(bankCode)[0] ?? '240';
  const layout = layoutOf(bankCode, f);
  if (!layout) throw new BillingError('no_layout', { params: { bank: bankCode, format: f } });
  return layout;
}

const onlyDigits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');

/** Boletos of an account waiting to be registered (not in a remessa yet), by due date. */
export async function listRemessaCandidates(
  ctx: AppContext,
  officeId: string,
  bankAccountId: string,
): Promise<RemessaCandidate[]> {
  await accountOf(ctx.db, officeId, bankAccountId);
  const rows = await ctx.db
    .selectFrom('boletos')
    .innerJoin('invoices', 'invoices.id', 'boletos.invoice_id')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .select([
      'boletos.id as boletoId',
      'boletos.invoice_id as invoiceId',
      'clients.legal_name as clientName',
      'invoices.period as period',
      'boletos.nosso_numero as nossoNumero',
      'boletos.due_date as dueDate',
      'boletos.amount_cents as amountCents',
    ])
    .where('boletos.office_id', '=', officeId)
    .where('boletos.bank_account_id', '=', bankAccountId)
    .where('boletos.status', '=', 'registered_pending')
    .where('boletos.remessa_id', 'is', null)
    .orderBy('boletos.due_date')
    .orderBy('boletos.id')
    .execute();
  return rows.map((r) => ({ ...r, amountCents: Number(r.amountCents) }));
}

/** Titles read per page while a remessa is written (one query per page). */
const REMESSA_PAGE = 1000;
/** Boletos marked per statement (bind parameters stay well under SQLite's and PostgreSQL's limits). */
const MARK_CHUNK = 500;

/**
 * Writes the remessa of the chosen boletos of one account, in one transaction: the next sequence number
 * (NSA) of the account; the boletos marked as sent in the file (refused with 409 — and nothing kept —
 * when any is already in a remessa, of another account or not awaiting registration); then the file
 * written as a stream into the blob store, its titles read in keyset pages of the marked boletos (due
 * date, id: one query per page, the lines of a page written as it arrives), with its SHA-256 and size.
 */
export async function generateRemessa(
  ctx: AppContext,
  actor: Actor,
  input: GenerateRemessaInput,
): Promise<CnabFile> {
  const office = await officeOf(ctx, actor.officeId);
  const now = ctx.clock.now();
  const today = todayIn(office.timeZone, now);
  const ids = [...new Set(input.boletoIds)];
  return writeTransaction(ctx, async (trx) => {
    const acc = await accountOf(trx, actor.officeId, input.bankAccountId);
    const layout = layoutFor(acc.bank_code, input.format);
    const id = newId();
    let marked = 0;
    for (let i = 0; i < ids.length; i += MARK_CHUNK) {
      const r = await trx
        .updateTable('boletos')
        .set({ remessa_id: id, updated_at: now.toISOString() })
        .where('office_id', '=', actor.officeId)
        .where('bank_account_id', '=', acc.id)
        .where('status', '=', 'registered_pending')
        .where('remessa_id', 'is', null)
        .where('id', 'in', ids.slice(i, i + MARK_CHUNK))
        .executeTakeFirst();
      marked += Number(r.numUpdatedRows);
    }
    if (marked !== ids.length) {
      throw new BillingError('boletos_not_pending', { params: { count: ids.length - marked } });
    }
    const last = await trx
      .selectFrom('cnab_files')
      .select((eb) => eb.fn.max('sequence').as('max'))
      .where('bank_account_id', '=', acc.id)
      .where('kind', '=', 'remessa')
      .executeTakeFirst();
    const sequence = Number(last?.max ?? 0) + 1;
    const account: CnabAccount = {
      bankCode: acc.bank_code,
      agency: onlyDigits(acc.agency),
      agencyDigit: acc.agency_digit,
      account: onlyDigits(acc.account),
      accountDigit: acc.account_digit,
      carteira: acc.carteira,
      convenio: acc.convenio,
      interestMonthBp: Number(acc.interest_month_bp),
      fineBp: Number(acc.fine_bp),
      companyName: office.name,
      companyDocument: onlyDigits(office.cnpj),
    };
    const discount = Number(acc.discount_cents);
    const discountDays = Number(acc.discount_days);
    const titleOf = (r: TitleRow): CnabTitle => ({
      nossoNumero: r.nosso_numero,
      nossoNumeroDv: r.nosso_numero_dv,
      documentNumber: r.period,
      reference: r.id.replace(/-/g, '').slice(0, 25),
      dueDate: r.due_date,
      issuedOn: today < r.due_date ? today : r.due_date,
      amountCents: Number(r.amount_cents),
      discountCents: discount > 0 && discount < Number(r.amount_cents) ? discount : 0,
      discountUntil: discount > 0 ? minusDays(r.due_date, discountDays) : null,
      payer: {
        name: r.legal_name,
        document: onlyDigits(r.document),
        address: [r.street, r.number, r.complement].filter(Boolean).join(', '),
        district: r.district ?? '',
        cep: onlyDigits(r.cep).padEnd(8, '0'),
        city: r.city ?? '',
        state: r.state ?? '',
      },
      messages: [r.description],
    });
    const time = now.toISOString().slice(11, 19).replace(/:/g, '');
    const writer = remessaWriter(layout, { account, sequence, generatedAt: { date: today, time } });
    const hash = createHash('sha256');
    let written = 0;
    // Latin-1, one chunk per page: the blob store hashes and stores it as it comes.
    const chunk = (text: string) => {
      const bytes = Buffer.from(text, 'latin1');
      hash.update(bytes);
      return bytes;
    };
    async function* remessaBytes(): AsyncGenerator<Buffer> {
      yield chunk(writer.header());
      let after: { dueDate: string; id: string } | null = null;
      for (;;) {
        const rows = await remessaPage(trx, id, after, REMESSA_PAGE);
        if (rows.length === 0) break;
        let text = '';
        for (const r of rows) text += writer.title(titleOf(r));
        written += rows.length;
        yield chunk(text);
        const end = rows[rows.length - 1]!;
        after = { dueDate: end.due_date, id: end.id };
        if (rows.length < REMESSA_PAGE) break;
      }
      yield chunk(writer.trailer());
    }
    const stored = await blobStore(ctx).put(remessaBytes());
    if (written !== ids.length) throw new Error(`remessa wrote ${written} of ${ids.length} titles`);
    const row: Selectable<CnabFilesTable> = {
      id,
      office_id: actor.officeId,
      bank_account_id: acc.id,
      kind: 'remessa',
      format: layout.format,
      sequence,
      file_name: `CB${today.slice(8, 10)}${today.slice(5, 7)}${String(sequence % 100).padStart(2, '0')}.REM`,
      sha256: hash.digest('hex'),
      blob_ref: stored.ref,
      size: stored.size,
      record_count: ids.length,
      applied_count: 0,
      duplicate_count: 0,
      unmatched_count: 0,
      created_by: actor.userId,
      created_at: now.toISOString(),
    };
    await trx.insertInto('cnab_files').values(row).execute();
    const file = toFile(row);
    await billingAudit.cnabFile.record(trx, { ...actor, at: now }, id, 'remessa', { after: file });
    return file;
  });
}

function minusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

type TitleRow = Awaited<ReturnType<typeof remessaPage>>[number];

/**
 * One page of a remessa's titles: the boletos marked with its id after `after` in (due date, id) order —
 * a range of the index `boletos_remessa_idx`.
 */
const remessaPage = (
  db: Db,
  remessaId: string,
  after: { dueDate: string; id: string } | null,
  limit: number,
) => {
  let q = db
    .selectFrom('boletos')
    .innerJoin('invoices', 'invoices.id', 'boletos.invoice_id')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .select([
      'boletos.id',
      'boletos.nosso_numero',
      'boletos.nosso_numero_dv',
      'boletos.due_date',
      'boletos.amount_cents',
      'invoices.period',
      'invoices.description',
      'clients.legal_name',
      'clients.document',
      'clients.street',
      'clients.number',
      'clients.complement',
      'clients.district',
      'clients.cep',
      'clients.city',
      'clients.state',
    ])
    .where('boletos.remessa_id', '=', remessaId);
  if (after) {
    const { dueDate, id } = after;
    q = q.where((eb) =>
      eb.or([
        eb('boletos.due_date', '>', dueDate),
        eb.and([eb('boletos.due_date', '=', dueDate), eb('boletos.id', '>', id)]),
      ]),
    );
  }
  return q.orderBy('boletos.due_date').orderBy('boletos.id').limit(limit).execute();
};

/** The CNAB files of the office, newest first (optionally one kind). */
export async function listCnabFiles(
  ctx: AppContext,
  officeId: string,
  kind?: 'remessa' | 'retorno',
): Promise<CnabFile[]> {
  let q = ctx.db.selectFrom('cnab_files').selectAll().where('office_id', '=', officeId);
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
  return rows.map(toFile);
}

/** A CNAB file's blob and name, to download. */
export async function cnabFileBlob(ctx: AppContext, officeId: string, id: string) {
  const row = await ctx.db
    .selectFrom('cnab_files')
    .select(['blob_ref', 'file_name'])
    .where(officeRow(officeId, id))
    .executeTakeFirst();
  if (!row) throw new BillingError('cnab_file_not_found');
  return { ref: row.blob_ref, filename: row.file_name };
}

// ---------------------------------------------------------------- retorno

const issueView = (i: CnabIssue) => {
  const at = i.extra as { line?: number | null; position?: number | null; field?: string | null };
  return {
    line: at.line ?? null,
    position: at.position ?? null,
    field: at.field ?? null,
    code: i.code,
    messages: i.messages,
  };
};

/** The layout a retorno's first line asks for among the bank's, by its length (240 or 400). */
function retornoLayout(bankCode: string, firstLine: string): CnabLayout {
  const formats = formatsOf(bankCode);
  if (formats.length === 0)
    throw new BillingError('no_layout', { params: { bank: bankCode, format: '240' } });
  const byLength = formats.map((f) => layoutOf(bankCode, f)!).find((l) => l.lineLength === firstLine.length);
  return byLength ?? layoutOf(bankCode, formats[0]!)!;
}

interface Match {
  boletoId: string;
  invoiceId: string;
  status: string;
  dueDate: string;
  clientName: string;
}

async function matchBoletos(db: Db, officeId: string, accountId: string, entries: RetornoEntry[]) {
  const lengths = (
    await db
      .selectFrom('boletos')
      .select((eb) => eb.fn<number>('length', ['nosso_numero']).as('n'))
      .where('office_id', '=', officeId)
      .where('bank_account_id', '=', accountId)
      .groupBy((eb) => eb.fn<number>('length', ['nosso_numero']))
      .execute()
  ).map((r) => Number(r.n));
  const candidates = new Set<string>();
  for (const e of entries) {
    for (const n of lengths) if (n >= e.nossoNumero.length) candidates.add(e.nossoNumero.padStart(n, '0'));
  }
  const found = new Map<string, Match>();
  const all = [...candidates];
  for (let i = 0; i < all.length; i += 500) {
    const rows = await db
      .selectFrom('boletos')
      .innerJoin('invoices', 'invoices.id', 'boletos.invoice_id')
      .innerJoin('clients', 'clients.id', 'invoices.client_id')
      .select([
        'boletos.id',
        'boletos.invoice_id',
        'boletos.nosso_numero',
        'boletos.status',
        'boletos.due_date',
        'clients.legal_name',
      ])
      .where('boletos.office_id', '=', officeId)
      .where('boletos.bank_account_id', '=', accountId)
      .where('boletos.nosso_numero', 'in', all.slice(i, i + 500))
      .where('boletos.status', '<>', 'cancelled')
      .execute();
    for (const r of rows) {
      found.set(r.nosso_numero.replace(/^0+(?=\d)/, ''), {
        boletoId: r.id,
        invoiceId: r.invoice_id,
        status: r.status,
        dueDate: r.due_date,
        clientName: r.legal_name,
      });
    }
  }
  return found;
}

/**
 * Takes a retorno of an account: streamed to the blob store, then read whole and checked line by line
 * against the account's bank layout (the one whose line length the file has). A file with any issue is
 * refused (422, every issue listed with its line, position and field) and nothing is applied. Otherwise,
 * in one transaction for the whole file (all or nothing per file), applied in batches of 500 lines
 * (`applyBatch`), each entry is recorded once — the unique key (office, account, nosso número,
 * occurrence, date) makes an event already applied from an earlier upload a `duplicate` — and applied:
 * confirmed and rejected move the boleto, paid registers the payment (`registerPayment`: tariff, juros
 * and multa kept apart), written off closes the boleto; an unknown nosso número is listed, not applied.
 */
export async function uploadRetorno(
  ctx: AppContext,
  actor: Actor,
  bankAccountId: string,
  file: { filename: string; stream: Readable },
): Promise<RetornoResult> {
  const office = await officeOf(ctx, actor.officeId);
  const acc = await accountOf(ctx.db, actor.officeId, bankAccountId);
  const store = blobStore(ctx);
  const stored = await store.put(file.stream, { maxBytes: RETORNO_MAX_BYTES });
  const bytes = await buffer(await store.open(stored.ref));
  // CNAB files are ASCII; banks that send accents send them in Latin-1.
  const lines = linesOf(bytes.toString('latin1'));
  const layout = retornoLayout(acc.bank_code, lines[0] ?? '');
  const read = readRetorno(layout, lines);
  if (read.issues.length > 0) {
    const listed = read.issues.slice(0, MAX_ISSUES_LISTED).map(issueView);
    throw new BillingError('cnab_invalid', {
      params: { count: read.issues.length, first: read.issues[0]!.messages['pt-BR'] },
      extra: { issues: listed, issueCount: read.issues.length },
    });
  }
  const now = ctx.clock.now();
  const today = todayIn(office.timeZone, now);
  const fineBp = Number(acc.fine_bp);
  return writeTransaction(ctx, async (trx) => {
    const matches = await matchBoletos(trx, actor.officeId, acc.id, read.entries);
    const fileId = newId();
    const lineResults: RetornoLine[] = [];
    const counts = { applied: 0, duplicate: 0, unmatched: 0 };
    await trx
      .insertInto('cnab_files')
      .values({
        id: fileId,
        office_id: actor.officeId,
        bank_account_id: acc.id,
        kind: 'retorno',
        format: layout.format,
        sequence: read.fileSequence,
        file_name: file.filename.slice(0, 200) || 'retorno.ret',
        sha256: stored.ref.slice('sha256:'.length),
        blob_ref: stored.ref,
        size: stored.size,
        record_count: read.entries.length,
        applied_count: 0,
        duplicate_count: 0,
        unmatched_count: 0,
        created_by: actor.userId,
        created_at: now.toISOString(),
      })
      .execute();
    const boletoStatus = new Map<string, string>();
    for (const m of matches.values()) boletoStatus.set(m.boletoId, m.status);
    for (let i = 0; i < read.entries.length; i += RETORNO_BATCH) {
      const batch = await applyBatch(ctx, trx, actor, today, {
        fileId,
        accountId: acc.id,
        fineBp,
        entries: read.entries.slice(i, i + RETORNO_BATCH),
        matches,
        boletoStatus,
      });
      for (const line of batch) {
        if (line.result === 'applied' || line.result === 'paid_twice') counts.applied++;
        else if (line.result === 'duplicate') counts.duplicate++;
        else if (line.result === 'unmatched') counts.unmatched++;
        lineResults.push(line);
      }
    }
    await trx
      .updateTable('cnab_files')
      .set({
        applied_count: counts.applied,
        duplicate_count: counts.duplicate,
        unmatched_count: counts.unmatched,
      })
      .where('id', '=', fileId)
      .execute();
    const row = await trx
      .selectFrom('cnab_files')
      .selectAll()
      .where('id', '=', fileId)
      .executeTakeFirstOrThrow();
    const fileView = toFile(row);
    const paidLines = lineResults.filter((l) => l.outcome === 'paid');
    // One audit entry for the file: what it applied, with the invoices it paid (and paid twice).
    await billingAudit.cnabFile.record(trx, { ...actor, at: now }, fileId, 'retorno', {
      after: {
        ...fileView,
        paidInvoiceIds: paidLines.filter((l) => l.result === 'applied').map((l) => l.invoiceId),
        paidTwiceInvoiceIds: paidLines.filter((l) => l.result === 'paid_twice').map((l) => l.invoiceId),
      },
    });
    return { file: fileView, lines: lineResults };
  });
}

/** Entries applied per batch: one multi-row insert of entries, one read of invoices, bulk updates. */
const RETORNO_BATCH = 500;

/**
 * Applies one batch of a retorno's entries inside the file's transaction: the entries inserted in one
 * statement (`ON CONFLICT DO NOTHING RETURNING id` — an event already recorded, by an earlier upload or
 * an earlier line, is a `duplicate` and nothing else happens for it), the payments of the new `paid`
 * entries registered together (`registerPayments`: the invoices read in one query, payments and
 * `invoice.paid` events in multi-row inserts; the audit is the file's one entry), the boletos moved with one update per status, and the
 * entries whose payment found the invoice already paid marked `paid_twice`. Line order is kept: a
 * boleto's status, as earlier lines left it, decides what a later line does.
 */
async function applyBatch(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  today: string,
  b: {
    fileId: string;
    accountId: string;
    fineBp: number;
    entries: RetornoEntry[];
    matches: Map<string, Match>;
    boletoStatus: Map<string, string>;
  },
): Promise<RetornoLine[]> {
  const at = ctx.clock.now().toISOString();
  const planned = b.entries.map((e) => {
    const m = b.matches.get(e.nossoNumero);
    const late = m && e.occurredOn && e.occurredOn > m.dueDate;
    // The layouts carry juros and multa in one field: the multa is the account's percentage (due when
    // paid late), the rest is juros.
    const fine =
      e.outcome === 'paid' && late
        ? Math.min(e.chargesCents, Math.round((e.amountCents * b.fineBp) / 10_000))
        : 0;
    const interest = e.outcome === 'paid' ? e.chargesCents - fine : 0;
    const result: RetornoLine['result'] = !m
      ? 'unmatched'
      : e.outcome === 'info' || e.outcome === 'unknown'
        ? 'ignored'
        : 'applied';
    return { e, m, fine, interest, result: result as RetornoLine['result'], entryId: newId() };
  });
  const inserted = new Set(
    (
      await trx
        .insertInto('cnab_retorno_entries')
        .values(
          planned.map(({ e, m, fine, interest, result, entryId }) => ({
            id: entryId,
            office_id: actor.officeId,
            file_id: b.fileId,
            bank_account_id: b.accountId,
            line_no: e.line,
            nosso_numero: e.nossoNumero,
            boleto_id: m?.boletoId ?? null,
            invoice_id: m?.invoiceId ?? null,
            occurrence: e.occurrence,
            outcome: e.outcome,
            words: JSON.stringify(e.words),
            reasons: JSON.stringify(e.reasons),
            amount_cents: e.amountCents,
            paid_cents: e.paidCents,
            tariff_cents: e.tariffCents,
            interest_cents: interest,
            fine_cents: fine,
            occurred_on: e.occurredOn ?? '',
            credit_on: e.creditOn,
            result:
              result === 'applied'
                ? ('applied' as const)
                : result === 'unmatched'
                  ? ('unmatched' as const)
                  : ('ignored' as const),
            applied_at: at,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['office_id', 'bank_account_id', 'nosso_numero', 'occurrence', 'occurred_on'])
            .doNothing(),
        )
        .returning('id')
        .execute()
    ).map((r) => r.id),
  );
  const payments: PaymentInput[] = [];
  const paymentOf: (number | null)[] = [];
  const boletoTo = new Map<string, 'registered' | 'rejected' | 'paid' | 'written_off'>();
  const move = (id: string, status: 'registered' | 'rejected' | 'paid' | 'written_off') => {
    b.boletoStatus.set(id, status);
    boletoTo.set(id, status);
  };
  for (const p of planned) {
    paymentOf.push(null);
    if (!inserted.has(p.entryId)) {
      p.result = 'duplicate';
      continue;
    }
    if (!p.m || p.result !== 'applied') continue;
    const status = b.boletoStatus.get(p.m.boletoId) ?? p.m.status;
    switch (p.e.outcome) {
      case 'confirmed':
        // A confirmation arriving after the payment does not undo it.
        if (status === 'registered_pending' || status === 'rejected') move(p.m.boletoId, 'registered');
        break;
      case 'rejected':
        if (status === 'registered_pending' || status === 'registered') move(p.m.boletoId, 'rejected');
        break;
      case 'written_off':
        if (status !== 'paid') move(p.m.boletoId, 'written_off');
        break;
      case 'paid':
        paymentOf[paymentOf.length - 1] = payments.length;
        payments.push({
          invoiceId: p.m.invoiceId,
          source: 'retorno',
          method: 'boleto',
          amountCents: p.e.paidCents,
          paidOn: p.e.occurredOn ?? today,
          tariffCents: p.e.tariffCents,
          interestCents: p.interest,
          fineCents: p.fine,
          reference: p.entryId,
        });
        move(p.m.boletoId, 'paid');
        break;
    }
  }
  // The file's one audit entry (uploadRetorno) stands for its payments; each payment row names its entry.
  const registered = await registerPayments(ctx, trx, actor, today, payments, { audit: 'caller' });
  const twice: string[] = [];
  planned.forEach((p, i) => {
    const k = paymentOf[i];
    if (k !== null && k !== undefined && registered[k]!.kind === 'duplicate') {
      p.result = 'paid_twice';
      twice.push(p.entryId);
    }
  });
  if (twice.length > 0) {
    await trx
      .updateTable('cnab_retorno_entries')
      .set({ result: 'paid_twice' })
      .where('id', 'in', twice)
      .execute();
  }
  const byStatus = new Map<string, string[]>();
  for (const [id, status] of boletoTo) byStatus.set(status, [...(byStatus.get(status) ?? []), id]);
  for (const [status, ids] of byStatus) {
    await trx
      .updateTable('boletos')
      .set({ status: status as 'registered' | 'rejected' | 'paid' | 'written_off', updated_at: at })
      .where('id', 'in', ids)
      .execute();
  }
  return planned.map(({ e, m, fine, interest, result }) => ({
    line: e.line,
    nossoNumero: e.nossoNumero,
    occurrence: e.occurrence,
    outcome: e.outcome,
    words: e.words,
    reasons: e.reasons,
    result,
    invoiceId: m?.invoiceId ?? null,
    clientName: m?.clientName ?? null,
    paidCents: e.paidCents,
    tariffCents: e.tariffCents,
    interestCents: interest,
    fineCents: fine,
    occurredOn: e.occurredOn,
  }));
}
