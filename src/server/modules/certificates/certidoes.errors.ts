import { defineErrors } from '../../http/errors.js';

/** Errors of clients' certidões (tax-clearance certificates). */
export const CertidoesError = defineErrors('certidoes', {
  not_found: {
    status: 404,
    'pt-BR': 'Certidão não encontrada.',
    en: 'Certificate of good standing not found.',
  },
  no_file: {
    status: 404,
    'pt-BR': 'Esta certidão não tem arquivo anexado.',
    en: 'This certificate of good standing has no attached file.',
  },
  file_too_large: {
    status: 413,
    'pt-BR': 'O arquivo da certidão passa de {max}. Envie um PDF menor.',
    en: 'The file is larger than {max}. Upload a smaller PDF.',
  },
  file_not_pdf: {
    status: 400,
    'pt-BR': 'O arquivo da certidão deve ser um PDF.',
    en: 'The file must be a PDF.',
  },
});
