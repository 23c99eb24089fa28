import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { InvoicePaymentsTable } from '../../db/schema.js';
import { newId } from '../../ids.js';
import { emitEvents, type InvoicePaid } from '../automation/index.js';
import type { CivilDate } from '../br/index.js';
import { type Actor, type AuditRecord, appendAudits, findOffice } from '../platform/index.js';
import { BillingError } from './billing.errors.js';
import {
  findInvoice,
  findInvoices,
  type InvoiceWithClient,
  toInvoice,
  updateInvoicesBulk,
} from './billing.repo.js';
import type { Invoice, InvoicePayment, PayInvoiceInput } from './billing.schema.js';
import { openInvoiceOf, todayIn } from './billing.service.js';

/**
 * One payment an invoice received. Terms:
 * - `full`: the payments reach the invoice's amount (juros and multa aside) — the invoice is paid;
 * - `partial`: they fall short — the invoice stays open for the rest (its overdue notices go on);
 * - `overpaid`: they pass it (beyond juros and multa) — paid, the excess shown for a refund;
 * - `duplicate`: the invoice was already paid (say by PIX, then its boleto too) — the whole payment is
 *   kept apart for the office to refund, never merged into the first.
 */
export interface PaymentInput {
  invoiceId: string;
  source: 'manual' | 'retorno' | 'statement';
  method: 'pix' | 'boleto' | 'other';
  amountCents: number;
  paidOn: CivilDate;
  tariffCents?: number;
  interestCents?: number;
  fineCents?: number;
  /** What it came from (a retorno entry, a statement line). */
  reference?: string | null;
  note?: string | null;
}

export interface RegisteredPayment {
  paymentId: string;
  kind: 'partial' | 'full' | 'overpaid' | 'duplicate';
  invoice: InvoiceWithClient;
}

/**
 * Registers a payment of an invoice inside the caller's transaction — the one way every payment goes
 * (baixa manual, retorno, statement match): the payment row, the invoice's status and flag, the audit
 * entry, and, when this payment makes the invoice paid, `invoice.paid` (Automações) — which also ends its
 * overdue notices, since those only look at open invoices.
 */
export async function registerPayment(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  today: CivilDate,
  input: PaymentInput,
): Promise<RegisteredPayment> {
  const [one] = await registerPayments(ctx, trx, actor, today, [input]);
  return one!;
}

/**
 * Registers many payments inside the caller's transaction, with the same rules as `registerPayment`
 * applied in order (a second payment of the same invoice sees the first): the invoices read in one query
 * per 500, the payment rows, audit entries and `invoice.paid` events in multi-row inserts, the invoices
 * updated in bulk. Results in the order of `inputs`. An unknown invoice aborts the whole call.
 *
 * `audit: 'caller'` leaves out the audit entry per invoice, for a caller that records the whole set in
 * one entry of its own: a retorno file (its entry names the file; each payment row keeps its retorno
 * entry in `reference`).
 */
export async function registerPayments(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  today: CivilDate,
  inputs: readonly PaymentInput[],
  options: { audit?: 'each' | 'caller' } = {},
): Promise<RegisteredPayment[]> {
  const auditEach = (options.audit ?? 'each') === 'each';
  if (inputs.length === 0) return [];
  const rows = await findInvoices(trx, actor.officeId, [...new Set(inputs.map((i) => i.invoiceId))]);
  const current = new Map(rows.map((r) => [r.id, r]));
  const now = ctx.clock.now();
  const at = now.toISOString();
  const payments: Insertable<InvoicePaymentsTable>[] = [];
  const audits: AuditRecord[] = [];
  const paidEvents: { view: Invoice; row: InvoiceWithClient }[] = [];
  const patches = new Map<string, Partial<InvoiceWithClient>>();
  const results: RegisteredPayment[] = [];
  for (const input of inputs) {
    const before = current.get(input.invoiceId);
    if (!before) throw new BillingError('invoice_not_found');
    const { kind, patch, refund } = planPayment(before, input);
    const paymentId = newId();
    payments.push({
      id: paymentId,
      office_id: actor.officeId,
      invoice_id: before.id,
      source: input.source,
      method: input.method,
      amount_cents: input.amountCents,
      paid_on: input.paidOn,
      tariff_cents: input.tariffCents ?? 0,
      interest_cents: input.interestCents ?? 0,
      fine_cents: input.fineCents ?? 0,
      kind,
      refund_cents: refund,
      refunded_at: null,
      reference: input.reference ?? null,
      note: input.note ?? null,
      created_by: actor.userId,
      created_at: at,
    });
    const after: InvoiceWithClient = { ...before, ...patch, updated_at: at };
    current.set(before.id, after);
    patches.set(before.id, { ...patches.get(before.id), ...patch, updated_at: at });
    const afterView = toInvoice(after, today);
    if (auditEach)
      audits.push({
        ...actor,
        at: now,
        entity: 'invoice',
        entityId: before.id,
        action: kind === 'duplicate' ? 'pay_twice' : kind === 'partial' ? 'pay_partial' : 'pay',
        before: toInvoice(before, today),
        after: {
          ...afterView,
          payment: {
            id: paymentId,
            source: input.source,
            method: input.method,
            amountCents: input.amountCents,
            kind,
          },
        },
      });
    if (kind === 'full' || kind === 'overpaid') paidEvents.push({ view: afterView, row: after });
    results.push({ paymentId, kind, invoice: after });
  }
  for (let i = 0; i < payments.length; i += 500) {
    await trx
      .insertInto('invoice_payments')
      .values(payments.slice(i, i + 500))
      .execute();
  }
  await updateInvoicesBulk(
    trx,
    actor.officeId,
    [...patches].map(([id, patch]) => ({ id, patch })),
  );
  await appendAudits(trx, audits);
  await emitInvoicesPaid(ctx, trx, actor, paidEvents);
  return results;
}

/** What a payment does to an invoice as it stands (see `PaymentInput` for the kinds). */
function planPayment(
  before: InvoiceWithClient,
  input: PaymentInput,
): { kind: RegisteredPayment['kind']; patch: Partial<InvoiceWithClient>; refund: number } {
  const charges = (input.interestCents ?? 0) + (input.fineCents ?? 0);
  const prior = before.status === 'open' ? Number(before.paid_amount_cents ?? 0) : 0;
  const total = prior + input.amountCents;
  const amount = Number(before.amount_cents);
  if (before.status !== 'open') {
    return { kind: 'duplicate', refund: input.amountCents, patch: { payment_flag: 'paid_twice' } };
  }
  if (total - charges < amount) {
    return {
      kind: 'partial',
      refund: 0,
      patch: { paid_amount_cents: total, payment_flag: 'partial', paid_on: input.paidOn },
    };
  }
  const kind = total - charges > amount ? 'overpaid' : 'full';
  return {
    kind,
    refund: kind === 'overpaid' ? total - charges - amount : 0,
    patch: {
      status: 'paid',
      paid_on: input.paidOn,
      paid_amount_cents: total,
      payment_note: input.note ?? before.payment_note,
      payment_flag: kind === 'overpaid' ? 'overpaid' : null,
    },
  };
}

/** `invoice.paid`, in the paying transaction: Automações triggers ("Fatura paga") move the client's items. */
async function emitInvoicesPaid(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  paid: readonly {
    view: Invoice;
    row: Pick<InvoiceWithClient, 'automation_pipeline_id' | 'automation_item_id'>;
  }[],
): Promise<void> {
  await emitEvents<InvoicePaid>(
    ctx,
    trx,
    paid.map(({ view: invoice, row }) => ({
      officeId: actor.officeId,
      type: 'invoice.paid',
      entity: 'invoice',
      entityId: invoice.id,
      payload: {
        invoiceId: invoice.id,
        clientId: invoice.clientId,
        amountCents: invoice.amountCents,
        paidAmountCents: invoice.paidAmountCents ?? invoice.amountCents,
        paidOn: invoice.paidOn ?? null,
        // An invoice a rule created ("Criar fatura") names its item: the "Fatura paga" trigger moves it.
        item:
          row.automation_pipeline_id && row.automation_item_id
            ? { pipelineId: row.automation_pipeline_id, itemId: row.automation_item_id }
            : null,
      },
      actorId: actor.userId,
    })),
  );
}

/**
 * Baixa manual: the payment arrived (on `paidOn`, default today), for the amount given or what is left
 * of the invoice's. Only an open invoice takes it (409 otherwise): a second payment the office types by
 * hand is a mistake, while one the bank reports is real money to refund (`registerPayment`).
 */
export async function payInvoice(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: PayInvoiceInput,
): Promise<Invoice> {
  const office = await findOffice(ctx.db, actor.officeId);
  const today = todayIn(office?.timeZone ?? 'America/Sao_Paulo', ctx.clock.now());
  return writeTransaction(ctx, async (trx) => {
    const before = await openInvoiceOf(trx, actor.officeId, id);
    const rest = Number(before.amount_cents) - Number(before.paid_amount_cents ?? 0);
    const { invoice } = await registerPayment(ctx, trx, actor, today, {
      invoiceId: id,
      source: 'manual',
      method: 'other',
      amountCents: input.amountCents ?? rest,
      paidOn: input.paidOn ?? today,
      note: input.note ?? null,
    });
    return toInvoice(invoice, today);
  });
}

/** The payments of an invoice, oldest first. */
export async function listPayments(
  ctx: AppContext,
  officeId: string,
  invoiceId: string,
): Promise<InvoicePayment[]> {
  if (!(await findInvoice(ctx.db, officeId, invoiceId))) throw new BillingError('invoice_not_found');
  const rows = await ctx.db
    .selectFrom('invoice_payments')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    method: r.method,
    amountCents: Number(r.amount_cents),
    paidOn: r.paid_on,
    tariffCents: Number(r.tariff_cents),
    interestCents: Number(r.interest_cents),
    fineCents: Number(r.fine_cents),
    kind: r.kind,
    refundCents: Number(r.refund_cents),
    refundedAt: r.refunded_at,
    note: r.note,
    createdAt: r.created_at,
  }));
}
