import type { Run } from '../api/models.js';
import type { Lang } from '../i18n/lang.js';

/**
 * A run's title: the one the server names it by (its kind's `runTitles`: a routine's run is "Rotina:
 * Aniversariantes do dia", queued or failed too), else its kind's title.
 */
export function runTitle(
  run: Pick<Run, 'kind' | 'title'>,
  kindTitle: (kind: string) => string,
  lang: Lang,
): string {
  return run.title ? run.title[lang] : kindTitle(run.kind);
}
