import { defineErrors } from '../../http/errors.js';
import { uploadErrors } from '../../http/upload-errors.js';

/** Cobrança de Arquivos: every refusal, in pt-BR (the client's and the office's words) and English. */
export const CollectionError = defineErrors('collection', {
  template_not_found: {
    status: 404,
    'pt-BR': 'Processo Modelo não encontrado.',
    en: 'Service template not found.',
  },
  template_inactive: {
    status: 409,
    'pt-BR': 'O Processo Modelo “{name}” está desativado: ative-o antes de programar.',
    en: 'The service template “{name}” is deactivated: activate it before scheduling.',
  },
  request_not_found: { status: 404, 'pt-BR': 'Programação não encontrada.', en: 'Request not found.' },
  unknown_stage: {
    status: 400,
    'pt-BR': 'Situação de programação desconhecida: {stage}.',
    en: 'Unknown request status: {stage}.',
  },
  field_not_writable: {
    status: 400,
    'pt-BR': 'O campo “{field}” da programação não pode ser alterado por uma automação.',
    en: 'The request field “{field}” cannot be changed by an automation.',
  },
  item_not_found: {
    status: 404,
    'pt-BR': 'Item do checklist não encontrado.',
    en: 'Checklist item not found.',
  },
  file_not_found: { status: 404, 'pt-BR': 'Arquivo não encontrado.', en: 'File not found.' },
  program_not_found: {
    status: 404,
    'pt-BR': 'Programação recorrente não encontrada.',
    en: 'Recurring schedule not found.',
  },
  contact_not_found: { status: 404, 'pt-BR': 'Contato não encontrado.', en: 'Contact not found.' },
  skip_not_found: {
    status: 404,
    'pt-BR': 'Este item não está marcado como “Não me pedir nos próximos meses” para o cliente.',
    en: 'This item is not marked “Do not ask me in the coming months” for the client.',
  },
  user_not_found: {
    status: 400,
    'pt-BR': 'O responsável escolhido não é um usuário ativo do escritório.',
    en: 'The chosen responsible is not an active user of the office.',
  },
  audience_empty: {
    status: 400,
    'pt-BR': 'Nenhum cliente ativo corresponde ao público escolhido.',
    en: 'No active client matches the chosen audience.',
  },
  request_closed: {
    status: 409,
    'pt-BR': 'Esta solicitação já foi encerrada pelo escritório; não é possível alterá-la.',
    en: 'This request has already been closed by the office; it can no longer be changed.',
  },
  request_not_closed: {
    status: 409,
    'pt-BR': 'Só é possível reabrir uma programação baixada ou cancelada.',
    en: 'Only a closed or cancelled request can be reopened.',
  },
  item_not_file: {
    status: 400,
    'pt-BR': 'O item “{name}” é uma atividade do escritório: não recebe arquivos nem respostas do cliente.',
    en: 'The item “{name}” is an office activity: it takes no files or answers from the client.',
  },
  item_single_file: {
    status: 409,
    'pt-BR': 'O item “{name}” aceita um único arquivo e já tem um. Exclua o anterior para enviar outro.',
    en: 'The item “{name}” takes a single file and already has one. Delete it to send another.',
  },
  file_not_yours: {
    status: 403,
    'pt-BR': 'Você só pode excluir arquivos que você mesmo enviou.',
    en: 'You can only delete files you sent yourself.',
  },
  ...uploadErrors,
  too_many_files: {
    status: 413,
    'pt-BR': 'Envie um arquivo de cada vez.',
    en: 'Send one file at a time.',
  },
  file_type: {
    status: 400,
    'pt-BR': 'O arquivo “{name}” não é de um tipo aceito para este item. Tipos aceitos: {types}.',
    en: 'The file “{name}” is not of a type accepted for this item. Accepted types: {types}.',
  },
  file_content_mismatch: {
    status: 400,
    'pt-BR':
      'O conteúdo do arquivo “{name}” não corresponde à extensão .{ext}. Confira se é o arquivo certo.',
    en: 'The content of “{name}” does not match its .{ext} extension. Check that it is the right file.',
  },
  file_too_large: {
    status: 413,
    'pt-BR': 'O arquivo “{name}” é maior que o limite de {max} deste item.',
    en: 'The file “{name}” is larger than this item’s limit of {max}.',
  },
  file_empty: {
    status: 400,
    'pt-BR': 'O arquivo “{name}” está vazio. Confira o arquivo e envie de novo.',
    en: 'The file “{name}” is empty. Check the file and send it again.',
  },
  link_invalid: {
    status: 404,
    'pt-BR': 'Link inválido. Peça ao escritório um novo link para enviar seus documentos.',
    en: 'Invalid link. Ask the office for a new link to send your documents.',
  },
  link_expired: {
    status: 410,
    'pt-BR': 'Este link não vale mais. Peça ao escritório um novo link para enviar seus documentos.',
    en: 'This link is no longer valid. Ask the office for a new link to send your documents.',
  },
  no_email: {
    status: 409,
    'pt-BR': 'O contato não tem e-mail cadastrado para receber o comprovante.',
    en: 'The contact has no e-mail address to receive the receipt.',
  },
  nothing_to_receipt: {
    status: 409,
    'pt-BR': 'Nenhum arquivo novo foi enviado desde o último comprovante.',
    en: 'No new file was sent since the last receipt.',
  },
});
