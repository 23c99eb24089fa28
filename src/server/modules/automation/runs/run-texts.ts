import type { Insertable } from 'kysely';
import type { AutomationRunsTable } from '../../../db/schema.js';
import { AppError } from '../../../http/errors.js';
import type { Localized } from '../../../http/i18n.js';
import { newId } from '../../../ids.js';
import { MAX_CHAIN_DEPTH_TEXT } from './limits.js';

export type RunInsert = Insertable<AutomationRunsTable> & { status: string; due_at: string | null };

/** What a new run's row says before it runs: none of these is known until a drain takes it. */
type RunProgress =
  | 'attempts'
  | 'condition_values'
  | 'outcome'
  | 'error'
  | 'test_mode'
  | 'started_at'
  | 'finished_at';

/** The row of a run not started yet, with a new id: no attempt, condition values, outcome or error; not a test. */
export function newRunRow(row: Omit<RunInsert, 'id' | RunProgress>): RunInsert {
  return {
    id: newId(),
    ...row,
    attempts: 0,
    condition_values: null,
    outcome: null,
    error: null,
    test_mode: 0,
    started_at: null,
    finished_at: null,
  };
}

/** Why a run did not run, in both languages (stored as JSON in `automation_runs.error`). */
export const cancelledReason = {
  left: {
    'pt-BR': 'Cancelada: o item saiu do estágio antes da execução.',
    en: 'Cancelled: the item left the stage before it ran.',
  },
  person: { 'pt-BR': 'Cancelada por {name}.', en: 'Cancelled by {name}.' },
} satisfies Record<string, Localized>;

export const loopReason = (tooDeep: boolean): Localized =>
  tooDeep
    ? {
        'pt-BR': `Interrompida: cadeia de automações com mais de ${MAX_CHAIN_DEPTH_TEXT} movimentações seguidas (possível laço).`,
        en: `Stopped: a chain of automations deeper than ${MAX_CHAIN_DEPTH_TEXT} moves (a likely loop).`,
      }
    : {
        'pt-BR': 'Interrompida: o item foi movido mais de 20 vezes em um minuto (possível laço).',
        en: 'Stopped: the item moved more than 20 times in a minute (a likely loop).',
      };

export const skippedNoDate = (field: string): Localized => ({
  'pt-BR': `Não executada: o campo de data “${field}” está vazio.`,
  en: `Not run: the date field “${field}” is empty.`,
});

export const itemGone: Localized = {
  'pt-BR': 'Falhou: o item não existe mais.',
  en: 'Failed: the item no longer exists.',
};

export const unknownAction = (kind: string): Localized => ({
  'pt-BR': `Falhou: ação desconhecida (${kind}).`,
  en: `Failed: unknown action (${kind}).`,
});

/** A thrown error as the history shows it: a user-facing error's own messages, else its text. */
export function reasonOf(err: unknown): Localized {
  if (err instanceof AppError) return err.messages;
  const text = err instanceof Error ? err.message : String(err);
  return { 'pt-BR': `Falhou: ${text}`, en: `Failed: ${text}` };
}
