import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { blobStore } from '../../../blobs/index.js';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { officeRow } from '../../../db/office-row.js';
import { newId } from '../../../ids.js';
import { type Actor, findOffice } from '../../platform/index.js';
import { billingAudit } from '../audit.js';
import { BillingError } from '../billing.errors.js';
import { todayIn } from '../billing.service.js';
import { registerPayment } from '../payments.service.js';
import { parseOfx } from './ofx.js';
import type { StatementImport, StatementLine } from './reconcile.schema.js';

/** The largest statement taken. */
export const STATEMENT_MAX_BYTES = 20 * 1024 * 1024;
/** How far from the due date a credit of the same amount is still proposed for an invoice. */
const AMOUNT_DATE_WINDOW_DAYS = 10;

const txidPattern = /HON\d{6}[0-9A-F]{16}/g;

interface Proposal {
  invoiceId: string;
  reason: 'txid' | 'nosso_numero' | 'amount_date';
}

function days(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

/**
 * The invoice a credit most likely pays: its text names an invoice's PIX txid, or a boleto's nosso
 * número; failing both, the one open invoice of that amount due within ten days of the credit (none
 * when two or more fit — the office decides).
 */
async function propose(
  db: Db,
  officeId: string,
  credit: { amountCents: number; postedOn: string; memo: string },
): Promise<Proposal | null> {
  const txids = credit.memo.toUpperCase().match(txidPattern);
  if (txids) {
    const inv = await db
      .selectFrom('invoices')
      .select('id')
      .where('office_id', '=', officeId)
      .where('txid', 'in', txids)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (inv) return { invoiceId: inv.id, reason: 'txid' };
  }
  const runs = credit.memo.match(/\d{7,20}/g);
  if (runs) {
    const boleto = await db
      .selectFrom('boletos')
      .select('invoice_id')
      .where('office_id', '=', officeId)
      .where('nosso_numero', 'in', runs)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (boleto) return { invoiceId: boleto.invoice_id, reason: 'nosso_numero' };
  }
  const open = await db
    .selectFrom('invoices')
    .select(['id', 'due_date'])
    .where('office_id', '=', officeId)
    .where('status', '=', 'open')
    .where('amount_cents', '=', credit.amountCents)
    .limit(20)
    .execute();
  const near = open.filter((i) => days(i.due_date, credit.postedOn) <= AMOUNT_DATE_WINDOW_DAYS);
  return near.length === 1 ? { invoiceId: near[0]!.id, reason: 'amount_date' } : null;
}

/**
 * Takes an OFX statement: kept in the blob store, parsed (not OFX → 422, nothing kept in the database),
 * each credit recorded once (a credit repeated by a later statement is the same FITID) with the invoice
 * proposed for it. Nothing is paid until the office confirms a line.
 */
export async function importStatement(
  ctx: AppContext,
  actor: Actor,
  file: { filename: string; stream: Readable },
): Promise<StatementImport> {
  const store = blobStore(ctx);
  const stored = await store.put(file.stream, { maxBytes: STATEMENT_MAX_BYTES });
  const text = (await buffer(await store.open(stored.ref))).toString('latin1');
  const ofx = parseOfx(text);
  if (!ofx) throw new BillingError('not_ofx');
  const now = ctx.clock.now().toISOString();
  const accountKey = [ofx.bankId, ofx.branchId, ofx.accountId].map((x) => x ?? '').join('/');
  return writeTransaction(ctx, async (trx) => {
    const id = newId();
    let credits = 0;
    let proposed = 0;
    await trx
      .insertInto('statement_imports')
      .values({
        id,
        office_id: actor.officeId,
        file_name: file.filename.slice(0, 200) || 'extrato.ofx',
        sha256: stored.ref.slice('sha256:'.length),
        blob_ref: stored.ref,
        bank_id: ofx.bankId,
        account_id: ofx.accountId,
        start_on: ofx.start,
        end_on: ofx.end,
        credit_count: 0,
        proposed_count: 0,
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    for (const t of ofx.transactions) {
      if (t.amountCents <= 0) continue;
      const p = await propose(trx, actor.officeId, t);
      const r = await trx
        .insertInto('statement_lines')
        .values({
          id: newId(),
          office_id: actor.officeId,
          import_id: id,
          account_key: accountKey,
          fit_id: t.fitId,
          posted_on: t.postedOn,
          amount_cents: t.amountCents,
          memo: t.memo.slice(0, 500),
          status: p ? 'proposed' : 'unmatched',
          invoice_id: p?.invoiceId ?? null,
          match_reason: p?.reason ?? null,
          payment_id: null,
          decided_by: null,
          decided_at: null,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['office_id', 'account_key', 'fit_id']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) {
        credits++;
        if (p) proposed++;
      }
    }
    await trx
      .updateTable('statement_imports')
      .set({ credit_count: credits, proposed_count: proposed })
      .where('id', '=', id)
      .execute();
    const view: StatementImport = {
      id,
      fileName: file.filename.slice(0, 200) || 'extrato.ofx',
      sha256: stored.ref.slice('sha256:'.length),
      bankId: ofx.bankId,
      accountId: ofx.accountId,
      start: ofx.start,
      end: ofx.end,
      creditCount: credits,
      proposedCount: proposed,
      createdAt: now,
    };
    await billingAudit.statementImport.record(trx, { ...actor, at: new Date(now) }, id, 'import', {
      after: view,
    });
    return view;
  });
}

/** A statement's credits with the invoice proposed for each. */
export async function listStatementLines(
  ctx: AppContext,
  officeId: string,
  importId: string,
): Promise<StatementLine[]> {
  const rows = await ctx.db
    .selectFrom('statement_lines as l')
    .leftJoin('invoices as i', 'i.id', 'l.invoice_id')
    .leftJoin('clients as c', 'c.id', 'i.client_id')
    .select([
      'l.id',
      'l.fit_id',
      'l.posted_on',
      'l.amount_cents',
      'l.memo',
      'l.status',
      'l.invoice_id',
      'l.match_reason',
      'l.payment_id',
      'c.legal_name',
      'i.period',
      'i.amount_cents as invoice_amount',
    ])
    .where('l.office_id', '=', officeId)
    .where('l.import_id', '=', importId)
    .orderBy('l.posted_on')
    .orderBy('l.fit_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fitId: r.fit_id,
    postedOn: r.posted_on,
    amountCents: Number(r.amount_cents),
    memo: r.memo,
    status: r.status,
    invoiceId: r.invoice_id,
    clientName: r.legal_name ?? null,
    invoicePeriod: r.period ?? null,
    invoiceAmountCents:
      r.invoice_amount === null || r.invoice_amount === undefined ? null : Number(r.invoice_amount),
    matchReason: r.match_reason,
    paymentId: r.payment_id,
  }));
}

async function lineOf(db: Db, officeId: string, id: string) {
  const line = await db
    .selectFrom('statement_lines')
    .selectAll()
    .where(officeRow(officeId, id))
    .executeTakeFirstOrThrow(() => new BillingError('statement_line_not_found'));
  if (line.status === 'confirmed' || line.status === 'dismissed')
    throw new BillingError('statement_line_decided');
  return line;
}

/**
 * The office confirms a credit pays an invoice (the one proposed, or another it names): the payment is
 * registered like any other — paid, partial, overpaid, or a second payment of a paid invoice to refund.
 */
export async function confirmStatementLine(
  ctx: AppContext,
  actor: Actor,
  id: string,
  invoiceId: string | undefined,
): Promise<StatementLine> {
  const office = await findOffice(ctx.db, actor.officeId);
  const now = ctx.clock.now();
  const today = todayIn(office?.timeZone ?? 'America/Sao_Paulo', now);
  let importId = '';
  await writeTransaction(ctx, async (trx) => {
    const line = await lineOf(trx, actor.officeId, id);
    importId = line.import_id;
    const target = invoiceId ?? line.invoice_id;
    if (!target) throw new BillingError('statement_line_no_invoice');
    const paid = await registerPayment(ctx, trx, actor, today, {
      invoiceId: target,
      source: 'statement',
      method:
        line.match_reason === 'nosso_numero' ? 'boleto' : line.match_reason === 'txid' ? 'pix' : 'other',
      amountCents: Number(line.amount_cents),
      paidOn: line.posted_on,
      reference: line.id,
      note: line.memo.slice(0, 200),
    });
    await trx
      .updateTable('statement_lines')
      .set({
        status: 'confirmed',
        invoice_id: target,
        payment_id: paid.paymentId,
        decided_by: actor.userId,
        decided_at: now.toISOString(),
      })
      .where('id', '=', id)
      .execute();
  });
  return (await listStatementLines(ctx, actor.officeId, importId)).find((l) => l.id === id)!;
}

/** The office says a credit pays no invoice (another income, a transfer). */
export async function dismissStatementLine(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<StatementLine> {
  const now = ctx.clock.now().toISOString();
  let importId = '';
  await writeTransaction(ctx, async (trx) => {
    const line = await lineOf(trx, actor.officeId, id);
    importId = line.import_id;
    await trx
      .updateTable('statement_lines')
      .set({ status: 'dismissed', decided_by: actor.userId, decided_at: now })
      .where('id', '=', id)
      .execute();
    await billingAudit.statementLine.record(trx, { ...actor, at: new Date(now) }, id, 'dismiss');
  });
  return (await listStatementLines(ctx, actor.officeId, importId)).find((l) => l.id === id)!;
}

/** The statements taken, newest first. */
export async function listStatements(ctx: AppContext, officeId: string): Promise<StatementImport[]> {
  const rows = await ctx.db
    .selectFrom('statement_imports')
    .selectAll()
    .where('office_id', '=', officeId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    sha256: r.sha256,
    bankId: r.bank_id,
    accountId: r.account_id,
    start: r.start_on,
    end: r.end_on,
    creditCount: r.credit_count,
    proposedCount: r.proposed_count,
    createdAt: r.created_at,
  }));
}
