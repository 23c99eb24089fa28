import type { Run } from '../api/models.js';

/**
 * A run's title: the one its result gives (a routine's run: "Rotina: Aniversariantes do dia"), else its
 * kind's title.
 */
export function runTitle(run: Pick<Run, 'kind' | 'result'>, kindTitle: (kind: string) => string): string {
  const own =
    run.result && typeof run.result === 'object' ? (run.result as { title?: unknown }).title : undefined;
  return typeof own === 'string' && own ? own : kindTitle(run.kind);
}
