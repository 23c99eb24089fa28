import { z } from 'zod';
import { interpolate, type Localized } from '../../http/i18n.js';
import { defineJob, localizedSummary, yieldToEventLoop } from '../engine/index.js';
import { iterateClients } from './clients.repo.js';

/** The run's summary, in both languages (the runs API shows the reader's). */
const dataQualityTexts = {
  summary: {
    'pt-BR':
      '{checked} clientes verificados: {withoutEmail} sem e-mail, {withoutWhatsapp} sem WhatsApp, ' +
      '{withoutResponsible} sem responsável.',
    en:
      '{checked} clients checked: {withoutEmail} without e-mail, {withoutWhatsapp} without WhatsApp, ' +
      '{withoutResponsible} without a responsible person.',
  },
} satisfies Record<string, Localized>;

/**
 * "Verificar cadastro de clientes": scans the office's active clients and reports the ones that cannot be
 * reached or have no one in charge (no e-mail, no WhatsApp, no responsible). A background run with
 * progress, log lines and a summary.
 */
export const clientsDataQuality = defineJob({
  kind: 'clients.data-quality',
  title: { 'pt-BR': 'Verificar cadastro de clientes', en: 'Check client records' },
  payload: z.object({}),
  leaseMs: 120_000,
  async run(_payload, ctx) {
    const officeId = ctx.job.officeId;
    if (!officeId) throw new Error('office required');
    const total = Number(
      (
        await ctx.app.db
          .selectFrom('clients')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('office_id', '=', officeId)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow()
      ).n,
    );
    const counts = { checked: 0, withoutEmail: 0, withoutWhatsapp: 0, withoutResponsible: 0 };
    const examples: string[] = [];
    for await (const batch of iterateClients(ctx.app.db, officeId, 500)) {
      if (ctx.signal.aborted) throw new Error('cancelled');
      for (const c of batch) {
        if (c.status !== 'active') continue;
        counts.checked++;
        const issues: string[] = [];
        if (c.emails.length === 0) {
          counts.withoutEmail++;
          issues.push('sem e-mail');
        }
        if (!c.whatsapp) {
          counts.withoutWhatsapp++;
          issues.push('sem WhatsApp');
        }
        if (c.responsibles.length === 0) {
          counts.withoutResponsible++;
          issues.push('sem responsável');
        }
        if (issues.length && examples.length < 200) examples.push(`${c.legalName}: ${issues.join(', ')}`);
      }
      await ctx.progress(
        total ? (counts.checked / total) * 100 : 100,
        `${counts.checked} de ${total} clientes verificados`,
      );
      // SQLite's queries hold the event loop: let requests run between pages (engine/yield.ts).
      await yieldToEventLoop();
    }
    for (const line of examples) await ctx.logLine('warn', line);
    const summary = {
      'pt-BR': interpolate(dataQualityTexts.summary['pt-BR'], counts),
      en: interpolate(dataQualityTexts.summary.en, counts),
    };
    await ctx.logLine('info', summary['pt-BR']);
    return { ...counts, ...localizedSummary(summary) };
  },
});
