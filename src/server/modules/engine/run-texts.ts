import type { Lang, Localized } from '../../http/i18n.js';
import type { Run } from './engine.schema.js';

/**
 * What the engine itself writes about a run, in both languages: the verdict and title of the
 * notification a requester gets, and the summary of a run whose handler gave none.
 */
export const runTexts = {
  noResult: { 'pt-BR': 'Sem resultado.', en: 'No result.' },
  verdict: {
    succeeded: { 'pt-BR': 'concluída', en: 'completed' },
    failed: { 'pt-BR': 'falhou', en: 'failed' },
    dead: { 'pt-BR': 'falhou', en: 'failed' },
    cancelled: { 'pt-BR': 'cancelada', en: 'cancelled' },
  },
  /** `{verdict}` is one of `verdict`, `{title}` the run's title. */
  finishedTitle: { 'pt-BR': 'Execução {verdict}: {title}', en: 'Run {verdict}: {title}' },
} satisfies {
  noResult: Localized;
  verdict: Record<'succeeded' | 'failed' | 'dead' | 'cancelled', Localized>;
  finishedTitle: Localized;
};

/**
 * The summary members of a handler's result, from a text in both languages. `summary` stays the pt-BR
 * text (what the notification, the summary e-mail and runs stored before English existed carry);
 * `summaryEn` is its English twin, which the runs API shows an English reader instead (`localizeRun`).
 *
 * @example return { ...localizedSummary({ 'pt-BR': 'Nada a fazer.', en: 'Nothing to do.' }), skipped: true };
 */
export function localizedSummary(text: Localized): { summary: string; summaryEn: string } {
  return { summary: text['pt-BR'], summaryEn: text.en };
}

/**
 * Result members stored with an English twin (`<member>En`). `title`: routine runs stored before a run's
 * name came from its kind's `runTitles` named themselves in their results.
 */
const twinned = ['summary', 'title'] as const;

/**
 * A stored run as its reader reads it. A result's `summaryEn` (and a legacy `titleEn`; and `errorEn`, written beside
 * the pt-BR `error` of a run that died of a catalogued error) replace the pt-BR texts for an English
 * reader; the twins themselves never leave the server, so the result shows the same members in both
 * languages. Runs stored with pt-BR texts only read in pt-BR.
 */
export function localizeRun<R extends Run>(run: R, lang: Lang): R {
  const result = run.result;
  if (!result || typeof result !== 'object' || Array.isArray(result)) return run;
  const stored = result as Record<string, unknown>;
  if (!twinned.some((k) => `${k}En` in stored) && !('errorEn' in stored)) return run;
  const english = lang === 'en';
  const localized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (key === 'errorEn' || twinned.some((k) => key === `${k}En`)) continue;
    const twin = stored[`${key}En`];
    localized[key] = english && twinned.includes(key as never) && typeof twin === 'string' ? twin : value;
  }
  const errorEn = stored.errorEn;
  return {
    ...run,
    result: Object.keys(localized).length ? localized : null,
    error: english && typeof errorEn === 'string' && run.error ? errorEn : run.error,
  };
}
