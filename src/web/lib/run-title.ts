import type { Run } from '../api/models.js';
import type { Lang } from '../i18n/lang.js';

/**
 * A run's title: the one the server names it by (a routine's run: "Rotina: Aniversariantes do dia", queued
 * or failed too), else the one its result gives, else its kind's title.
 */
export function runTitle(
  run: Pick<Run, 'kind' | 'result' | 'title'>,
  kindTitle: (kind: string) => string,
  lang: Lang,
): string {
  if (run.title) return run.title[lang];
  const own =
    run.result && typeof run.result === 'object' ? (run.result as { title?: unknown }).title : undefined;
  return typeof own === 'string' && own ? own : kindTitle(run.kind);
}
