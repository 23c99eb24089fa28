import { z } from 'zod';
import { defineRoutine, inAudience } from '../routines/index.js';
import {
  activeContracts,
  type ContractWithClient,
  countActiveContracts,
  findSettings,
  toInvoice,
  updateInvoice,
} from './billing.repo.js';
import { ensureInvoice } from './billing.service.js';
import './billing.templates.js';
import { findDefaultBankAccount } from './boletos.repo.js';
import { ensureBoleto } from './boletos.service.js';
import { billingSlots } from './due-date.js';
import { invoiceAttachment, invoiceVars, paymentVars } from './notices.js';

/**
 * Honorários: makes each client's invoice of the month — once, whatever the number of runs — with its
 * PIX "copia e cola" and, when the contract says boleto (or both), its boleto on the office's default
 * bank account — and sends it with the PDF attached (the boleto's linha digitável in the message).
 *
 * On a reference date D, a contract is billed for the current competência and the next one once the
 * window has opened, D ≥ due date − `daysBeforeDue` (see `billingSlots`). A window missed by an earlier
 * run is caught up on the next one; when the rule's due date has already passed, the invoice is due on
 * D + `daysBeforeDue`. Run it daily (recommended): each client then receives the invoice `daysBeforeDue`
 * days before it is due. With a monthly schedule, set `daysBeforeDue` to at least the days between the
 * run and the due day.
 *
 * Keys: the invoice is unique per (office, client, competência); its message is `invoice:<invoiceId>`
 * (per channel), sent once — a re-run finds `notified_at` set and does not even render the PDF again.
 */
export const billingMonthlyFees = defineRoutine({
  kind: 'billing.monthly-fees',
  config: z.object({
    daysBeforeDue: z
      .number()
      .int()
      .min(0)
      .max(31)
      .default(5)
      .meta({
        label: {
          'pt-BR': 'Gerar e enviar quantos dias antes do vencimento',
          en: 'Generate and send how many days before due',
        },
        help: {
          'pt-BR':
            'Com a rotina diária, cada cobrança é gerada e enviada este número de dias antes do vencimento. Numa rotina mensal, use pelo menos a distância entre o dia da execução e o dia do vencimento.',
          en: 'With a daily schedule, each invoice is generated and sent this many days before it is due. With a monthly schedule, use at least the days between the run and the due day.',
        },
      }),
  }),
  templates: { client: 'billing.invoice' },
  channels: ['email', 'whatsapp'],
  count: ({ db, officeId, settings }) =>
    countActiveContracts(db, officeId, inAudience(settings.audience, 'fee_contracts.client_id')),
  async *select(ctx) {
    if (!(await findSettings(ctx.db, ctx.officeId))) {
      await ctx.log('error', {
        'pt-BR':
          'A chave PIX do escritório não está configurada: nenhuma cobrança foi gerada. Configure-a na aba Honorários de um cliente.',
        en: "The office's PIX key is not set up: no invoice was generated. Set it up in a client's Fees tab.",
      });
      return;
    }
    yield* activeContracts(
      ctx.db,
      ctx.officeId,
      inAudience(ctx.settings.audience, 'fee_contracts.client_id'),
    );
  },
  async perRecord(ctx, contract: ContractWithClient, config) {
    const settings = await findSettings(ctx.db, ctx.officeId);
    if (!settings) throw new Error('PIX não configurado');
    const now = ctx.app.clock.now();
    const slots = billingSlots(
      { dueRule: contract.due_rule, dueDay: contract.due_day, startPeriod: contract.start_period },
      ctx.date,
      config.daysBeforeDue,
      ctx.calendar,
    );
    for (const slot of slots) {
      const { invoice, created } = await ensureInvoice(ctx.db, {
        officeId: ctx.officeId,
        clientId: contract.client_id,
        contractId: contract.id,
        period: slot.period,
        amountCents: Number(contract.amount_cents),
        dueDate: slot.dueDate,
        settings,
        createdBy: null,
        at: now,
      });
      if (created) {
        ctx.count('generated');
        if (slot.late) ctx.count('late');
      }
      // A paid or cancelled invoice (made by hand) is not sent; one already sent is not sent again.
      if (invoice.status !== 'open') continue;
      // The contract collects by boleto: the invoice's boleto on the office's default account, in this
      // record's transaction (the nosso número is taken with it), once — a re-run finds it.
      if (contract.payment_method !== 'pix' && !invoice.notified_at) {
        const account = await findDefaultBankAccount(ctx.db, ctx.officeId);
        if (!account) ctx.count('no_bank_account');
        else {
          const made = await ensureBoleto(ctx.db, {
            officeId: ctx.officeId,
            invoice,
            account,
            userId: null,
            at: now,
            today: ctx.date,
          });
          if (made.created) ctx.count('boleto_issued');
        }
      }
      if (invoice.notified_at) {
        ctx.count('already_sent');
        continue;
      }
      // No channel configured: the invoices are made, and sent by a later run once a channel is on.
      if (ctx.settings.channels.length === 0) continue;
      const dto = toInvoice(invoice, ctx.date);
      const results = await ctx.notifyClient(contract.client_id, {
        vars: invoiceVars(dto, await paymentVars(ctx.db, ctx.officeId, dto)),
        key: `invoice:${invoice.id}`,
        attachments: await invoiceAttachment(ctx.app, ctx.db, ctx.officeId, dto),
      });
      const queued = results.some((r) => r.status === 'queued');
      const at = now.toISOString();
      await updateInvoice(ctx.db, ctx.officeId, invoice.id, {
        notified_at: at,
        sent_at: queued ? at : null,
      });
      ctx.count(queued ? 'sent' : 'not_sent');
    }
  },
  describe: (c: ContractWithClient) => c.client_name,
});
