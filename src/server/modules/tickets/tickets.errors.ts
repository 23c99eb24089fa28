import { defineErrors } from '../../http/errors.js';
import { uploadErrors } from '../../http/upload-errors.js';

/** The message of a refused move; the service fills it with the status labels of each language. */
export const invalidMoveMessages = {
  'pt-BR':
    'Não é possível mover o atendimento de {fromLabel} para {toLabel}. A partir de {fromLabel}, as movimentações permitidas são: {allowedLabels}.',
  en: 'The ticket cannot move from {fromLabel} to {toLabel}. From {fromLabel}, the allowed moves are: {allowedLabels}.',
};

export const TicketsError = defineErrors('tickets', {
  not_found: { status: 404, 'pt-BR': 'Atendimento não encontrado.', en: 'Ticket not found.' },
  invalid_move: { status: 422, ...invalidMoveMessages },
  version_conflict: {
    status: 409,
    'pt-BR':
      'Este atendimento foi alterado por outra pessoa enquanto você o editava (você tinha a versão {given}; a atual é a {current}). Recarregue-o para ver as mudanças e tente novamente.',
    en: 'Someone else changed this ticket while you were editing it (you had version {given}; the current one is {current}). Reload it to see the changes and try again.',
  },
  notify_after_movement: {
    status: 409,
    'pt-BR':
      'Notificar só está disponível enquanto o atendimento não tiver movimentações; este já foi movimentado {count} vez(es).',
    en: 'Notify is only available while the ticket has no movements; this one has been moved {count} time(s).',
  },
  ...uploadErrors,
  too_many_files: {
    status: 413,
    'pt-BR': 'Envie no máximo {max} arquivos de cada vez.',
    en: 'Send at most {max} files at a time.',
  },
  file_too_large: {
    status: 413,
    'pt-BR': 'O arquivo “{name}” passa do limite de {max} por arquivo.',
    en: 'The file “{name}” exceeds the limit of {max} per file.',
  },
  file_type_not_allowed: {
    status: 415,
    'pt-BR':
      'Tipo de arquivo não permitido: “{name}”. Envie PDF, imagens (PNG, JPG, GIF, WEBP, TIFF), documentos do Office ou OpenDocument, XML, TXT, CSV ou ZIP.',
    en: 'File type not allowed: “{name}”. Send PDF, images (PNG, JPG, GIF, WEBP, TIFF), Office or OpenDocument files, XML, TXT, CSV or ZIP.',
  },
  file_content_mismatch: {
    status: 415,
    'pt-BR': 'O conteúdo do arquivo “{name}” não corresponde à extensão .{ext}.',
    en: 'The content of “{name}” does not match its .{ext} extension.',
  },
  file_not_found: { status: 404, 'pt-BR': 'Arquivo não encontrado.', en: 'File not found.' },
  portal_link_invalid: {
    status: 404,
    'pt-BR': 'Link inválido. Peça ao escritório um novo link do atendimento.',
    en: 'Invalid link. Ask the office for a new link to the ticket.',
  },
  portal_link_expired: {
    status: 410,
    'pt-BR': 'Este link expirou. Peça ao escritório um novo link do atendimento.',
    en: 'This link has expired. Ask the office for a new link to the ticket.',
  },
});
