import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import { fieldMessages } from '../../../shared/schemas/messages.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import { HttpError } from '../../http/errors.js';
import { found } from '../../http/found.js';
import { fieldIssue, fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import {
  type BusinessCalendar,
  buildBrCode,
  type CivilDate,
  maxDescriptionLength,
  normalizeMerchantText,
  normalizePixText,
  type PixIssue,
  parsePixKey,
  validateStaticPix,
} from '../br/index.js';
import { calendarOf } from '../engine/index.js';
import { type Actor, findOffice, type Office } from '../platform/index.js';
import { billingAudit } from './audit.js';
import { BillingError } from './billing.errors.js';
import {
  type ContractRow,
  clientTotals,
  findBillingClient,
  findContract,
  findInvoice,
  findInvoiceByPeriod,
  findSettings,
  type InvoiceRow,
  type InvoiceWithClient,
  insertContract,
  insertInvoiceOnce,
  listArrears as listArrearsRows,
  listInvoices as listInvoiceRows,
  type SettingsRow,
  saveSettings,
  toContract,
  toInvoice,
  toPixSettings,
  updateContract,
  updateInvoice,
} from './billing.repo.js';
import {
  type BillingSummary,
  type CreateInvoiceInput,
  type FeeContract,
  type FeeContractInput,
  type Invoice,
  type InvoiceListQuery,
  MAX_BUSINESS_DAY,
  type PixSettings,
  type PixSettingsInput,
} from './billing.schema.js';
import { boletoForPdf } from './boleto-document.js';
import { cancelLiveBoleto } from './boletos.repo.js';
import { addMonths, dueDateFor, periodLabel, periodOf } from './due-date.js';
import { type InvoicePdfData, invoiceFilename, invoicePdfStream } from './invoice-pdf.js';

/** Today's civil date in a time zone. */
export function todayIn(timeZone: string, now: Date): CivilDate {
  return DateTime.fromJSDate(now, { zone: timeZone }).toFormat('yyyy-MM-dd');
}

async function officeOf(db: Db, officeId: string): Promise<Office> {
  const office = await findOffice(db, officeId);
  if (!office) throw new HttpError('not_found');
  return office;
}

// ---------------------------------------------------------------- PIX settings

const pixIssueMessages: Record<PixIssue['field'], (max?: number) => [string, string]> = {
  key: () => [
    'Chave PIX inválida para o tipo escolhido. Use CPF ou CNPJ com dígitos válidos, e-mail, celular com DDD (+55) ou chave aleatória.',
    'Invalid PIX key for the chosen type. Use a CPF or CNPJ with valid check digits, an e-mail, a mobile number with area code (+55) or a random key.',
  ],
  merchantName: (max) => [
    `Nome do recebedor: de 1 a ${max} caracteres (sem acentos).`,
    `Receiver name: 1 to ${max} characters (accents removed).`,
  ],
  merchantCity: (max) => [
    `Cidade do recebedor: de 1 a ${max} caracteres (sem acentos).`,
    `Receiver city: 1 to ${max} characters (accents removed).`,
  ],
  amountCents: () => ['Valor inválido para PIX.', 'Invalid PIX amount.'],
  txid: () => ['Identificador inválido.', 'Invalid identifier.'],
  description: () => ['Descrição longa demais.', 'Description too long.'],
  payload: () => ['Código PIX inválido.', 'Invalid PIX code.'],
};

/** The office's PIX settings, or null when not set up. */
export async function getPixSettings(ctx: AppContext, officeId: string): Promise<PixSettings | null> {
  const row = await findSettings(ctx.db, officeId);
  return row ? toPixSettings(row) : null;
}

/**
 * Saves the office's PIX key, merchant name and city after checking them against the BR Code rules (the
 * key in its DICT form, name and city stored as the payer's bank shows them: no accents, upper case).
 */
export async function savePixSettings(
  ctx: AppContext,
  actor: Actor,
  input: PixSettingsInput,
): Promise<PixSettings> {
  const issues = validateStaticPix({
    key: input.key,
    keyKind: input.keyKind,
    merchantName: input.merchantName,
    merchantCity: input.merchantCity,
  });
  if (issues.length) {
    throw fieldsError(
      ...issues.map((i) => {
        const [pt, en] = pixIssueMessages[i.field](i.max);
        return fieldIssue(i.field, i.code, pt, en);
      }),
    );
  }
  // validateStaticPix accepted it: the key parses.
  const key = parsePixKey(input.key, input.keyKind)!;
  return writeTransaction(ctx, async (trx) => {
    const before = await findSettings(trx, actor.officeId);
    const now = ctx.clock.now();
    const row: SettingsRow = {
      office_id: actor.officeId,
      pix_key: key.value,
      pix_key_kind: key.kind,
      merchant_name: normalizeMerchantText(input.merchantName),
      merchant_city: normalizeMerchantText(input.merchantCity),
      updated_at: now.toISOString(),
    };
    await saveSettings(trx, row);
    const after = toPixSettings(row);
    await billingAudit.settings.record(
      trx,
      { ...actor, at: now },
      actor.officeId,
      before ? 'update' : 'create',
      { before: before ? toPixSettings(before) : null, after },
    );
    return after;
  });
}

// ---------------------------------------------------------------- fee contracts

const clientOrThrow = (db: Db, officeId: string, clientId: string) =>
  found(findBillingClient(db, officeId, clientId), () => new BillingError('client_not_found'));

/** Creates or replaces a client's fee contract; the audit log keeps every version. */
export async function saveFeeContract(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  input: FeeContractInput,
): Promise<FeeContract> {
  if (input.dueRule === 'business_day' && input.dueDay > MAX_BUSINESS_DAY) {
    throw fieldsError(
      fieldIssue(
        'dueDay',
        'too_big',
        `Dia útil de 1 a ${MAX_BUSINESS_DAY}.`,
        `Business day from 1 to ${MAX_BUSINESS_DAY}.`,
      ),
    );
  }
  return writeTransaction(ctx, async (trx) => {
    await clientOrThrow(trx, actor.officeId, clientId);
    const before = await findContract(trx, actor.officeId, clientId);
    // Left out, the rule stays as it is; either way a rule needs the anniversary it applies on.
    const adjustment =
      input.adjustment === undefined ? (before ? toContract(before).adjustment : null) : input.adjustment;
    if (adjustment && !input.readjustmentDate)
      throw fieldsError(
        fieldIssue(
          'readjustmentDate',
          'anniversary_required',
          fieldMessages.anniversary_required['pt-BR'],
          fieldMessages.anniversary_required.en,
        ),
      );
    const now = ctx.clock.now().toISOString();
    const values = {
      adjustment_method: adjustment?.method ?? null,
      adjustment_index: adjustment?.method === 'index' ? adjustment.index : null,
      adjustment_bp: adjustment?.method === 'percentage' ? adjustment.bp : null,
      adjustment_mw_multiple: adjustment?.method === 'minimum_wage' ? adjustment.mwMultiple : null,
      amount_cents: input.amountCents,
      due_rule: input.dueRule,
      due_day: input.dueDay,
      start_period: input.startPeriod,
      readjustment_date: input.readjustmentDate,
      readjustment_note: input.readjustmentNote,
      active: input.active ? 1 : 0,
      payment_method: input.paymentMethod ?? 'pix',
      updated_at: now,
    };
    let id: string;
    if (before) {
      id = before.id;
      await updateContract(trx, actor.officeId, id, values);
    } else {
      id = newId();
      await insertContract(trx, {
        ...values,
        id,
        office_id: actor.officeId,
        client_id: clientId,
        created_at: now,
      });
    }
    const after = toContract((await findContract(trx, actor.officeId, clientId))!);
    await billingAudit.contract.record(
      trx,
      { ...actor, at: new Date(now) },
      id,
      before ? 'update' : 'create',
      {
        before: before ? toContract(before) : null,
        after,
      },
    );
    return after;
  });
}

/** What the client page's Honorários tab shows above the invoices. */
export async function getBillingSummary(
  ctx: AppContext,
  officeId: string,
  clientId: string,
): Promise<BillingSummary> {
  await clientOrThrow(ctx.db, officeId, clientId);
  const office = await officeOf(ctx.db, officeId);
  const today = todayIn(office.timeZone, ctx.clock.now());
  const [contractRow, settings, totals] = await Promise.all([
    findContract(ctx.db, officeId, clientId),
    findSettings(ctx.db, officeId),
    clientTotals(ctx.db, officeId, clientId, today),
  ]);
  const contract = contractRow ? toContract(contractRow) : null;
  let nextDueDate: string | null = null;
  if (contract?.active) {
    const calendar = calendarOf(office);
    const first = periodOf(today) < contract.startPeriod ? contract.startPeriod : periodOf(today);
    for (const period of [first, addMonths(first, 1)]) {
      const due = dueDateFor(contract, period, calendar);
      if (due >= today) {
        nextDueDate = due;
        break;
      }
    }
  }
  return {
    contract,
    pixConfigured: !!settings,
    inArrears: totals.overdueCount > 0,
    ...totals,
    nextDueDate,
  };
}

// ---------------------------------------------------------------- invoices

/** `HON` + competência + 16 random hex digits: 25 characters of `[A-Z0-9]`, the most field 62/05 takes. */
export function newTxid(period: string): string {
  return `HON${period.replace('-', '')}${randomBytes(8).toString('hex').toUpperCase()}`;
}

export interface EnsureInvoiceInput {
  officeId: string;
  clientId: string;
  contractId: string | null;
  period: string;
  amountCents: number;
  dueDate: CivilDate;
  settings: SettingsRow;
  createdBy: string | null;
  at: Date;
}

/**
 * The invoice of a client and competência, made now if it does not exist yet — in the caller's
 * transaction, once however many runs, retries or nodes ask (the unique key decides, not a read).
 */
export async function ensureInvoice(
  db: Db,
  input: EnsureInvoiceInput,
): Promise<{ invoice: InvoiceWithClient; created: boolean }> {
  const existing = await findInvoiceByPeriod(db, input.officeId, input.clientId, input.period);
  if (existing) return { invoice: existing, created: false };
  const row = newInvoiceRow(input, `Honorários ${periodLabel(input.period)}`, null);
  const created = await insertInvoiceOnce(db, row);
  const invoice = (await findInvoiceByPeriod(db, input.officeId, input.clientId, input.period))!;
  if (created) await auditNewInvoice(db, input, invoice);
  return { invoice, created };
}

/** The automation item and rule run an invoice comes from ("Criar fatura"). */
export interface InvoiceOrigin {
  pipelineId: string;
  itemId: string;
  runId: string;
}

/** A new invoice's columns that start empty: nothing paid, cancelled, notified or flagged yet. */
export const unsettledInvoice = {
  paid_on: null,
  paid_amount_cents: null,
  payment_note: null,
  cancelled_at: null,
  cancel_reason: null,
  notified_at: null,
  sent_at: null,
  last_reminder_day: null,
  payment_flag: null,
} as const;

/** A new open invoice row with its PIX code (txid and BR Code made here). */
export function newInvoiceRow(
  input: EnsureInvoiceInput,
  description: string,
  origin: InvoiceOrigin | null,
): InvoiceRow {
  const txid = newTxid(input.period);
  const pixDescription = normalizePixText(description);
  const pixCode = buildBrCode({
    key: input.settings.pix_key,
    keyKind: input.settings.pix_key_kind,
    merchantName: input.settings.merchant_name,
    merchantCity: input.settings.merchant_city,
    amountCents: input.amountCents,
    txid,
    description:
      normalizePixText(pixDescription).length <= maxDescriptionLength(input.settings.pix_key)
        ? pixDescription
        : null,
    singleUse: true,
  });
  const now = input.at.toISOString();
  return {
    id: newId(),
    office_id: input.officeId,
    client_id: input.clientId,
    contract_id: input.contractId,
    period: input.period,
    amount_cents: input.amountCents,
    due_date: input.dueDate,
    status: 'open',
    txid,
    pix_code: pixCode,
    description,
    ...unsettledInvoice,
    created_by: input.createdBy,
    created_at: now,
    updated_at: now,
    automation_pipeline_id: origin?.pipelineId ?? null,
    automation_item_id: origin?.itemId ?? null,
    automation_run_id: origin?.runId ?? null,
  };
}

/** The audit entry of an invoice just made (by a person, a routine or a rule). */
export async function auditNewInvoice(db: Db, input: EnsureInvoiceInput, invoice: InvoiceWithClient) {
  const by = { officeId: input.officeId, userId: input.createdBy, at: input.at };
  // Seen on its own due date: a new invoice is open, never overdue, in the log.
  await billingAudit.invoice.create(db, by, invoice.id, toInvoice(invoice, input.dueDate));
}

/**
 * Makes a client's invoice for a competência by hand (Gerar cobrança): the contract's amount and due rule
 * unless given. 409 when the competência already has one (even cancelled: one per competência).
 */
export async function createInvoice(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  input: CreateInvoiceInput,
): Promise<Invoice> {
  const office = await officeOf(ctx.db, actor.officeId);
  const calendar: BusinessCalendar = calendarOf(office);
  const now = ctx.clock.now();
  return writeTransaction(ctx, async (trx) => {
    await clientOrThrow(trx, actor.officeId, clientId);
    const exists = () =>
      new BillingError('invoice_exists', { params: { period: periodLabel(input.period) } });
    if (await findInvoiceByPeriod(trx, actor.officeId, clientId, input.period)) throw exists();
    const settings = await findSettings(trx, actor.officeId);
    if (!settings) throw new BillingError('pix_not_configured');
    const contract: ContractRow | undefined = await findContract(trx, actor.officeId, clientId);
    const amountCents = input.amountCents ?? (contract ? Number(contract.amount_cents) : undefined);
    const dueDate =
      input.dueDate ??
      (contract
        ? dueDateFor({ dueRule: contract.due_rule, dueDay: contract.due_day }, input.period, calendar)
        : undefined);
    if (amountCents === undefined || dueDate === undefined) throw new BillingError('no_contract');
    const { invoice, created } = await ensureInvoice(trx, {
      officeId: actor.officeId,
      clientId,
      contractId: contract?.id ?? null,
      period: input.period,
      amountCents,
      dueDate,
      settings,
      createdBy: actor.userId,
      at: now,
    });
    if (!created) throw exists();
    return toInvoice(invoice, todayIn(office.timeZone, now));
  });
}

export async function getInvoice(ctx: AppContext, officeId: string, id: string): Promise<Invoice> {
  const office = await officeOf(ctx.db, officeId);
  const row = await invoiceOf(ctx.db, officeId, id);
  return toInvoice(row, todayIn(office.timeZone, ctx.clock.now()));
}

export async function listInvoices(ctx: AppContext, officeId: string, q: InvoiceListQuery) {
  const office = await officeOf(ctx.db, officeId);
  return listInvoiceRows(ctx.db, officeId, q, todayIn(office.timeZone, ctx.clock.now()));
}

export async function listArrears(ctx: AppContext, officeId: string) {
  const office = await officeOf(ctx.db, officeId);
  return listArrearsRows(ctx.db, officeId, todayIn(office.timeZone, ctx.clock.now()));
}

const statusWords = {
  paid: { 'pt-BR': 'paga', en: 'paid' },
  cancelled: { 'pt-BR': 'cancelada', en: 'cancelled' },
} as const;

/** The office's invoice by id (`invoice_not_found` when it has none). */
export const invoiceOf = (db: Db, officeId: string, id: string) =>
  found(findInvoice(db, officeId, id), () => new BillingError('invoice_not_found'));

/** The office's invoice by id, still open: a paid or cancelled one is `invoice_not_open`, naming its status. */
export async function openInvoiceOf(db: Db, officeId: string, id: string) {
  const row = await invoiceOf(db, officeId, id);
  if (row.status !== 'open')
    throw new BillingError('invoice_not_open', { params: { status: statusWords[row.status]['pt-BR'] } });
  return row;
}

/** Changes an open (or overdue) invoice in one audited transaction. */
async function changeOpenInvoice(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: string,
  patch: (today: CivilDate) => Partial<InvoiceRow>,
  andThen?: (trx: Db, invoice: Invoice) => Promise<unknown>,
): Promise<Invoice> {
  const office = await officeOf(ctx.db, actor.officeId);
  const now = ctx.clock.now();
  const today = todayIn(office.timeZone, now);
  return writeTransaction(ctx, async (trx) => {
    const before = await openInvoiceOf(trx, actor.officeId, id);
    await updateInvoice(trx, actor.officeId, id, { ...patch(today), updated_at: now.toISOString() });
    const after = (await findInvoice(trx, actor.officeId, id))!;
    await billingAudit.invoice.record(trx, { ...actor, at: now }, id, action, {
      before: toInvoice(before, today),
      after: toInvoice(after, today),
    });
    const invoice = toInvoice(after, today);
    await andThen?.(trx, invoice);
    return invoice;
  });
}

export function cancelInvoice(ctx: AppContext, actor: Actor, id: string, reason: string | null) {
  return changeOpenInvoice(
    ctx,
    actor,
    id,
    'cancel',
    () => ({
      status: 'cancelled',
      cancelled_at: ctx.clock.now().toISOString(),
      cancel_reason: reason,
    }),
    // Its boleto goes with it (the bank is told by the next remessa's baixa, boleto-cnab).
    (trx) => cancelLiveBoleto(trx, actor.officeId, id, ctx.clock.now().toISOString()),
  );
}

/** The PDF of an invoice and its file name. */
export async function invoicePdf(
  ctx: AppContext,
  officeId: string,
  id: string,
): Promise<{ pdf: Readable; filename: string }> {
  const office = await officeOf(ctx.db, officeId);
  const row = await invoiceOf(ctx.db, officeId, id);
  const invoice = toInvoice(row, todayIn(office.timeZone, ctx.clock.now()));
  return {
    pdf: await pdfOf(ctx.db, office, invoice),
    filename: invoiceFilename(invoice.clientName, invoice.period),
  };
}

/** Renders an invoice of an office, as a stream: with its boleto page when it has one. */
export async function pdfOf(
  db: Db,
  office: Office,
  invoice: Invoice,
  onBarcode?: InvoicePdfData['onBarcode'],
): Promise<Readable> {
  const { boleto, showPix } = await boletoForPdf(db, office, invoice);
  return invoicePdfStream({
    office: { name: office.name, cnpj: office.cnpj, city: office.city, state: office.state },
    client: { name: invoice.clientName, document: invoice.clientDocument },
    invoice: { ...invoice, paidOn: invoice.paidOn },
    boleto,
    showPix,
    ...(onBarcode ? { onBarcode } : {}),
  });
}
