import { defineErrors } from '../http/errors.js';

/** Errors of the blob store, shared by every adapter (so a caller handles one set, whatever the store). */
export const BlobsError = defineErrors('blobs', {
  not_found: {
    status: 404,
    'pt-BR': 'O arquivo não foi encontrado no armazenamento.',
    en: 'The file was not found in storage.',
  },
  too_large: {
    status: 413,
    'pt-BR': 'O arquivo passa do limite de {max}.',
    en: 'The file exceeds the limit of {max}.',
  },
  unavailable: {
    status: 503,
    'pt-BR': 'O armazenamento de arquivos está indisponível no momento. Tente novamente em instantes.',
    en: 'File storage is unavailable right now. Try again shortly.',
  },
  file_infected: {
    status: 422,
    'pt-BR':
      'O arquivo {name} não foi aceito: o antivírus encontrou nele {signature}. Confira o arquivo no seu computador e envie outro.',
    en: 'The file {name} was not accepted: the antivirus found {signature} in it. Check the file on your computer and send another.',
  },
  virus_scan_unavailable: {
    status: 503,
    'pt-BR':
      'Não foi possível verificar o arquivo contra vírus agora, por isso ele não foi guardado. Tente novamente em alguns minutos.',
    en: 'The file could not be checked for viruses right now, so it was not kept. Try again in a few minutes.',
  },
});

/** Seconds a client should wait before retrying when the store is down (sent as Retry-After). */
export const RETRY_AFTER_SECONDS = 30;

/**
 * The store could not be reached (network, 5xx, disk full): a 503 whose problem document carries
 * `Retry-After` (the problem handler copies `headers['retry-after']`).
 */
export function storeUnavailable(cause: unknown) {
  const err = new BlobsError('unavailable', { cause });
  return Object.assign(err, { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } });
}

/** Formats a byte count for the too_large message (`10 MiB`, `512 KiB`). */
export function byteLabel(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
