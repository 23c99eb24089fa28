import type { ErrorSpec } from './errors.js';

/**
 * The errors of a multipart upload route that every module words the same, spread into the module's
 * catalog (`...uploadErrors`): the code stays the module's (`tickets.not_multipart`, `collection.no_files`).
 */
export const uploadErrors = {
  not_multipart: {
    status: 415,
    'pt-BR': 'Envie os arquivos como multipart/form-data.',
    en: 'Send the files as multipart/form-data.',
  },
  no_files: { status: 400, 'pt-BR': 'Nenhum arquivo foi enviado.', en: 'No file was sent.' },
} satisfies Record<string, ErrorSpec>;
