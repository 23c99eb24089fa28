import { type AppError, defineErrors } from '../../http/errors.js';
import type { Localized } from '../../http/i18n.js';

export const EngineError = defineErrors('engine', {
  unknown_kind: {
    status: 400,
    'pt-BR': 'Tipo de rotina desconhecido: {kind}.',
    en: 'Unknown job kind: {kind}.',
  },
  unknown_pool: {
    status: 400,
    'pt-BR': 'Servidor desconhecido: {pool}. Cadastre-o em Servidores antes de usá-lo.',
    en: 'Unknown worker pool: {pool}. Register it under Servers first.',
  },
  invalid_payload: {
    status: 400,
    'pt-BR': 'Os parâmetros da execução são inválidos.',
    en: 'The run parameters are invalid.',
  },
  run_not_found: { status: 404, 'pt-BR': 'Execução não encontrada.', en: 'Run not found.' },
  not_cancellable: {
    status: 409,
    'pt-BR': 'Só é possível cancelar execuções na fila ou em andamento.',
    en: 'Only queued or running runs can be cancelled.',
  },
  not_retryable: {
    status: 409,
    'pt-BR': 'Só é possível repetir execuções que falharam ou foram canceladas.',
    en: 'Only failed or cancelled runs can be retried.',
  },
  schedule_kept: {
    status: 409,
    'pt-BR':
      'A agenda "{name}" é mantida pela página {ownerPt}: altere-a ou desligue-a por lá (Ativo: Não para parar).',
    en: 'The schedule "{name}" is kept by the {ownerEn} page: change or switch it off there (Active: No to stop it).',
  },
  schedule_not_found: { status: 404, 'pt-BR': 'Agenda não encontrada.', en: 'Schedule not found.' },
  pool_exists: {
    status: 409,
    'pt-BR': 'Já existe um servidor com este nome.',
    en: 'A pool with this name exists.',
  },
});

/** The attempt no longer holds the job (its lease expired and another worker took it, or it was cancelled). */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`attempt lost its lease on job ${jobId}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Thrown by a handler for a failure that retrying cannot fix: the job goes straight to `dead`.
 * Give it an error of the module's catalog and the run's error reads in both languages (the pt-BR text
 * in `jobs.error`, the English one beside it in the result, shown by `localizeRun`); a plain string is
 * stored as it is.
 *
 * @example throw new PermanentJobError(new RoutinesError('run_routine_missing'));
 */
export class PermanentJobError extends Error {
  /** The message in each language, when the failure comes from a module's catalog. */
  readonly messages: Localized | null;

  constructor(failure: string | AppError, options?: { cause?: unknown }) {
    const messages = typeof failure === 'string' ? null : failure.messages;
    super(messages ? messages['pt-BR'] : (failure as string), {
      cause: options?.cause ?? (messages ? failure : undefined),
    });
    this.name = 'PermanentJobError';
    this.messages = messages;
  }
}
