/**
 * Billing's actions for Automações (registered in catalog.ts):
 * - `billing.create_invoice` ("Criar fatura"): an invoice with PIX for the item's client, the amount fixed
 *   in the rule or read from an item field (money, cents), due in N business days of the office calendar.
 *   The invoice remembers the item and the run (a retried run finds it; `invoice.paid` carries the item,
 *   so the "Fatura paga" trigger moves that card). Its PDF is kept with the item and linked:
 *   `vars.invoice = { id, amount, amountText, dueDate, pixCode, link }` for the following e-mail.
 * - `billing.open_invoices` (auxiliary): the client's open invoices into `vars.openInvoices`.
 * Limitation: an invoice belongs to a competência (the due date's month) and a client has one invoice per
 * competência (monthly fees rely on it), so a second invoice of the same client and month is refused.
 */
import { buffer } from 'node:stream/consumers';
import { z } from 'zod';
import { text } from '../../../shared/schemas/fields.js';
import {
  actionKindOf,
  checkLiquid,
  renderRule,
  ruleContext,
  storeRunDocument,
  withOffice,
} from '../automation/index.js';
import { formatMoneyBRL } from '../br/index.js';
import { calendarOf } from '../engine/index.js';
import { findOffice } from '../platform/index.js';
import { BillingError } from './billing.errors.js';
import {
  findInvoiceByPeriod,
  findInvoiceByRun,
  findSettings,
  type InvoiceWithClient,
  insertInvoiceOnce,
  openInvoicesOf,
  toInvoice,
} from './billing.repo.js';
import { auditNewInvoice, newInvoiceRow, pdfOf, todayIn } from './billing.service.js';
import { periodLabel, periodOf } from './due-date.js';
import { invoiceFilename } from './invoice-pdf.js';

const amountInput = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('fixed'), cents: z.number().int().min(1).max(10_000_000_000) }),
  z.strictObject({ from: z.literal('field'), field: text(60).min(1) }),
]);

const createInvoiceInput = z.strictObject({
  amount: amountInput,
  /** Business days from the run's day (office calendar). */
  dueInBusinessDays: z.number().int().min(0).max(90).default(5),
  /** Liquid over the item and client: the invoice's description. */
  description: text(120).min(1).default('{{ item.title }}'),
});
type CreateInvoiceInput = z.infer<typeof createInvoiceInput>;

export const createInvoiceAction = actionKindOf<CreateInvoiceInput>({
  kind: 'billing.create_invoice',
  input: createInvoiceInput as unknown as z.ZodType<CreateInvoiceInput>,
  describe: (input, lang) => {
    const amount =
      input.amount.from === 'fixed'
        ? formatMoneyBRL(input.amount.cents)
        : lang === 'en'
          ? `field “${input.amount.field}”`
          : `campo “${input.amount.field}”`;
    return lang === 'en'
      ? `Create an invoice of ${amount}, due in ${input.dueInBusinessDays} business days`
      : `Criar fatura de ${amount}, vencendo em ${input.dueInBusinessDays} dias úteis`;
  },
  async validate(_db, _officeId, input, pipeline) {
    const issues = checkLiquid({ description: input.description }, pipeline);
    if (input.amount.from === 'field') {
      const key = input.amount.field;
      const f = pipeline.fields.find((x) => x.key === key);
      if (!f || (f.type !== 'money' && f.type !== 'number'))
        issues.push({
          field: 'amount.field',
          code: 'unknown_field',
          message: {
            'pt-BR': `O pipeline não tem um campo de valor “${key}”.`,
            en: `The pipeline has no amount field “${key}”.`,
          },
        });
    }
    return issues;
  },
  async execute(ctx, input) {
    const clientId = ctx.item.clientId;
    if (!clientId) throw new BillingError('automation_no_client');
    const office = await findOffice(ctx.db, ctx.officeId);
    if (!office) throw new BillingError('client_not_found');
    const today = todayIn(office.timeZone, ctx.now);
    const cents =
      input.amount.from === 'fixed' ? input.amount.cents : Number(ctx.item.fields[input.amount.field]);
    if (!Number.isInteger(cents) || cents <= 0)
      throw new BillingError('automation_amount_invalid', {
        params: { field: input.amount.from === 'field' ? input.amount.field : 'amount' },
      });
    const dueDate = calendarOf(office).addBusinessDays(today, input.dueInBusinessDays);
    const description = renderRule(
      input.description,
      await withOffice(ctx.db, ctx.officeId, await ruleContext(ctx)),
    ).slice(0, 120);
    const period = periodOf(dueDate);
    const summaryOf = (verb: { 'pt-BR': string; en: string }) => ({
      'pt-BR': `${verb['pt-BR']} de ${formatMoneyBRL(cents)}, vencimento ${dueDate.split('-').reverse().join('/')}`,
      en: `${verb.en} of ${formatMoneyBRL(cents)}, due ${dueDate}`,
    });
    if (ctx.testMode) {
      return {
        summary: summaryOf({
          'pt-BR': 'Teste: fatura seria criada',
          en: 'Test: an invoice would be created',
        }),
        output: {
          invoice: {
            id: null,
            amount: cents,
            amountText: formatMoneyBRL(cents),
            dueDate,
            pixCode: null,
            link: null,
          },
        },
      };
    }
    let row: InvoiceWithClient | undefined = await findInvoiceByRun(ctx.db, ctx.officeId, ctx.run.id);
    if (!row) {
      if (await findInvoiceByPeriod(ctx.db, ctx.officeId, clientId, period))
        throw new BillingError('invoice_exists', { params: { period: periodLabel(period) } });
      const settings = await findSettings(ctx.db, ctx.officeId);
      if (!settings) throw new BillingError('pix_not_configured');
      const ensure = {
        officeId: ctx.officeId,
        clientId,
        contractId: null,
        period,
        amountCents: cents,
        dueDate,
        settings,
        createdBy: null,
        at: ctx.now,
      };
      await insertInvoiceOnce(
        ctx.db,
        newInvoiceRow(ensure, description, {
          pipelineId: ctx.item.pipelineId,
          itemId: ctx.item.id,
          runId: ctx.run.id,
        }),
      );
      row = (await findInvoiceByRun(ctx.db, ctx.officeId, ctx.run.id))!;
      await auditNewInvoice(ctx.db, ensure, row);
    }
    const invoice = toInvoice(row, today);
    const pdf = await buffer(await pdfOf(ctx.db, office, invoice));
    const doc = await storeRunDocument(
      ctx,
      invoiceFilename(invoice.clientName, invoice.period).replace(/\.pdf$/, ''),
      pdf,
    );
    return {
      summary: summaryOf({ 'pt-BR': 'Fatura criada', en: 'Invoice created' }),
      output: {
        invoice: {
          id: invoice.id,
          amount: invoice.amountCents,
          amountText: formatMoneyBRL(invoice.amountCents),
          dueDate: invoice.dueDate,
          pixCode: invoice.pixCode,
          link: doc.link,
          documentId: doc.id,
        },
      },
      links: [
        { kind: 'invoice', id: invoice.id, label: formatMoneyBRL(invoice.amountCents) },
        { kind: 'document', id: doc.id, label: doc.name },
      ],
    };
  },
});

const openInvoicesInput = z.strictObject({});
type OpenInvoicesInput = z.infer<typeof openInvoicesInput>;

export const openInvoicesAction = actionKindOf<OpenInvoicesInput>({
  kind: 'billing.open_invoices',
  input: openInvoicesInput,
  describe: (_input, lang) =>
    lang === 'en' ? "Read the client's open invoices" : 'Ler as faturas em aberto do cliente',
  async execute(ctx) {
    const clientId = ctx.item.clientId;
    const office = await findOffice(ctx.db, ctx.officeId);
    const today = todayIn(office?.timeZone ?? 'America/Sao_Paulo', ctx.now);
    const rows = clientId ? await openInvoicesOf(ctx.db, ctx.officeId, clientId) : [];
    const openInvoices = rows.map((r) => {
      const i = toInvoice(r, today);
      return {
        id: i.id,
        description: i.description,
        amount: i.amountCents,
        dueDate: i.dueDate,
        overdue: i.status === 'overdue',
        daysOverdue: i.daysOverdue,
        pixCode: i.pixCode,
      };
    });
    const total = openInvoices.reduce((s, i) => s + i.amount, 0);
    return {
      summary: {
        'pt-BR': `${openInvoices.length} fatura(s) em aberto, ${formatMoneyBRL(total)}`,
        en: `${openInvoices.length} open invoice(s), ${formatMoneyBRL(total)}`,
      },
      output: {
        openInvoices,
        openInvoicesCount: openInvoices.length,
        openInvoicesTotal: total,
        openInvoicesOverdue: openInvoices.filter((i) => i.overdue).length,
      },
    };
  },
});
