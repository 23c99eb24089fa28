import { z } from 'zod';
import { defineRoutine, inAudience } from '../routines/index.js';
import {
  countOverdueInvoices,
  type InvoiceWithClient,
  overdueInvoices,
  toInvoice,
  updateInvoice,
} from './billing.repo.js';
import './billing.templates.js';
import { daysBetween, reminderDue } from './due-date.js';
import { clientFeesLink, invoiceAttachment, invoiceVars, paymentVars } from './notices.js';

/**
 * Honorários em atraso: for each open invoice past its due date, a reminder to the client at each
 * configured number of days after the due date, and a notice to the client's responsible (of the
 * routine's profession; an administrator when none).
 *
 * A reminder is keyed `invoice-overdue:<invoiceId>:<day>` (the staff notice
 * `invoice-overdue-staff:<invoiceId>:<day>`), and the invoice remembers the latest day sent: a run that
 * finds several days crossed — the routine was off — sends only the latest one, once; the older ones are
 * never sent late. Paying or cancelling the invoice stops the reminders.
 *
 * The client is "in arrears" while it has an overdue invoice: the billing summary's `inArrears` and the
 * invoices list's `status=overdue` / `inArrears=true` filters read it live, not from this routine.
 */
export const billingOverdueFees = defineRoutine({
  kind: 'billing.overdue-fees',
  config: z.object({
    reminderDays: z
      .array(z.number().int().min(1).max(365))
      .min(1)
      .max(12)
      .default([1, 5, 10])
      .transform((days) => [...new Set(days)].sort((a, b) => a - b))
      .meta({
        label: { 'pt-BR': 'Lembrar quantos dias após o vencimento', en: 'Remind how many days after due' },
        help: {
          'pt-BR':
            'Um lembrete em cada um destes dias de atraso. Se a rotina não rodar num desses dias, envia só o lembrete mais recente, uma vez.',
          en: 'One reminder on each of these days past due. If the routine misses one of them, only the latest reminder is sent, once.',
        },
      }),
  }),
  templates: { client: 'billing.invoice-overdue', staff: 'billing.overdue-staff' },
  channels: ['email', 'whatsapp'],
  count: ({ db, officeId, date, settings }) =>
    countOverdueInvoices(db, officeId, date, inAudience(settings.audience, 'invoices.client_id')),
  async *select(ctx) {
    yield* overdueInvoices(
      ctx.db,
      ctx.officeId,
      ctx.date,
      inAudience(ctx.settings.audience, 'invoices.client_id'),
    );
  },
  async perRecord(ctx, row: InvoiceWithClient, config) {
    ctx.count('overdue');
    const day = reminderDue(config.reminderDays, daysBetween(row.due_date, ctx.date), row.last_reminder_day);
    if (day === null) return;
    const invoice = toInvoice(row, ctx.date);
    const vars = invoiceVars(invoice, await paymentVars(ctx.db, ctx.officeId, invoice));
    if (ctx.settings.channels.length > 0) {
      await ctx.notifyClient(row.client_id, {
        vars,
        key: `invoice-overdue:${row.id}:${day}`,
        attachments: await invoiceAttachment(ctx.app, ctx.db, ctx.officeId, invoice),
      });
    }
    await ctx.notifyResponsible(row.client_id, {
      template: 'billing.overdue-staff',
      vars: { ...vars, link: clientFeesLink(ctx.app, row.client_id) },
      key: `invoice-overdue-staff:${row.id}:${day}`,
    });
    await updateInvoice(ctx.db, ctx.officeId, row.id, {
      last_reminder_day: day,
      updated_at: ctx.app.clock.now().toISOString(),
    });
    ctx.count('reminded');
  },
  describe: (r: InvoiceWithClient) => `${r.client_name} — ${r.period}`,
});
