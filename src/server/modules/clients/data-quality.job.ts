import { z } from 'zod';
import { interpolate, type Lang, type Localized, localize } from '../../http/i18n.js';
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
  progress: {
    'pt-BR': '{checked} de {total} clientes verificados',
    en: '{checked} of {total} clients checked',
  },
  withoutEmail: { 'pt-BR': 'sem e-mail', en: 'no e-mail' },
  withoutWhatsapp: { 'pt-BR': 'sem WhatsApp', en: 'no WhatsApp' },
  withoutResponsible: { 'pt-BR': 'sem responsável', en: 'no responsible person' },
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
    const examples: Localized[] = [];
    for await (const batch of iterateClients(ctx.app.db, officeId, 500)) {
      if (ctx.signal.aborted) throw new Error('cancelled');
      for (const c of batch) {
        if (c.status !== 'active') continue;
        counts.checked++;
        const issues: Localized[] = [];
        if (c.emails.length === 0) {
          counts.withoutEmail++;
          issues.push(dataQualityTexts.withoutEmail);
        }
        if (!c.whatsapp) {
          counts.withoutWhatsapp++;
          issues.push(dataQualityTexts.withoutWhatsapp);
        }
        if (c.responsibles.length === 0) {
          counts.withoutResponsible++;
          issues.push(dataQualityTexts.withoutResponsible);
        }
        if (issues.length && examples.length < 200) {
          const line = (lang: Lang) => `${c.legalName}: ${issues.map((i) => i[lang]).join(', ')}`;
          examples.push({ 'pt-BR': line('pt-BR'), en: line('en') });
        }
      }
      await ctx.progress(
        total ? (counts.checked / total) * 100 : 100,
        localize(dataQualityTexts.progress, { checked: counts.checked, total }),
      );
      // SQLite's queries hold the event loop: let requests run between pages (engine/yield.ts).
      await yieldToEventLoop();
    }
    for (const line of examples) await ctx.logLine('warn', line);
    const summary = {
      'pt-BR': interpolate(dataQualityTexts.summary['pt-BR'], counts),
      en: interpolate(dataQualityTexts.summary.en, counts),
    };
    await ctx.logLine('info', summary);
    return { ...counts, ...localizedSummary(summary) };
  },
});
