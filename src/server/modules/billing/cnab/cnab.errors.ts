import { defineErrors } from '../../../http/errors.js';

/**
 * What can be wrong with a CNAB line. Each issue names the line, the position and the field; the reader
 * collects them (a file is refused whole, with all of its issues), the writer throws the first.
 */
export const CnabError = defineErrors('cnab', {
  empty_file: { status: 422, 'pt-BR': 'O arquivo está vazio.', en: 'The file is empty.' },
  line_length: {
    status: 422,
    'pt-BR': 'Linha {line}: tem {actual} caracteres; o layout {layout} pede {expected}.',
    en: 'Line {line}: {actual} characters long; layout {layout} needs {expected}.',
  },
  unknown_record: {
    status: 422,
    'pt-BR': 'Linha {line}, posição {position}: tipo de registro "{value}" desconhecido no layout {layout}.',
    en: 'Line {line}, position {position}: unknown record type "{value}" in layout {layout}.',
  },
  constant: {
    status: 422,
    'pt-BR': 'Linha {line}, posição {position} (campo {field}): esperado "{expected}", encontrado "{value}".',
    en: 'Line {line}, position {position} (field {field}): expected "{expected}", found "{value}".',
  },
  not_numeric: {
    status: 422,
    'pt-BR': 'Linha {line}, posição {position} (campo {field}): "{value}" não é numérico.',
    en: 'Line {line}, position {position} (field {field}): "{value}" is not numeric.',
  },
  bad_date: {
    status: 422,
    'pt-BR': 'Linha {line}, posição {position} (campo {field}): "{value}" não é uma data válida.',
    en: 'Line {line}, position {position} (field {field}): "{value}" is not a valid date.',
  },
  other_bank: {
    status: 422,
    'pt-BR':
      'Linha {line}, posição {position} (campo {field}): o arquivo é do banco {value}, a conta é do banco {expected}.',
    en: 'Line {line}, position {position} (field {field}): the file is from bank {value}, the account is at bank {expected}.',
  },
  other_version: {
    status: 422,
    'pt-BR':
      'Linha {line}, posição {position} (campo {field}): versão de layout {value}; esperada {expected}.',
    en: 'Line {line}, position {position} (field {field}): layout version {value}; expected {expected}.',
  },
  not_retorno: {
    status: 422,
    'pt-BR': 'Linha {line}, posição {position} (campo {field}): o arquivo não é um retorno.',
    en: 'Line {line}, position {position} (field {field}): the file is not a retorno.',
  },
  no_header: {
    status: 422,
    'pt-BR': 'Linha 1: o arquivo não começa com o header do arquivo.',
    en: 'Line 1: the file does not start with a file header.',
  },
  no_trailer: {
    status: 422,
    'pt-BR': 'Linha {line}: o arquivo não termina com o trailer do arquivo.',
    en: 'Line {line}: the file does not end with a file trailer.',
  },
  unpaired_segment: {
    status: 422,
    'pt-BR': 'Linha {line}: segmento {field} sem o segmento que o acompanha.',
    en: 'Line {line}: segment {field} without its companion segment.',
  },
  too_long: {
    status: 422,
    'pt-BR': 'Linha {line}, posição {position} (campo {field}): "{value}" não cabe em {expected} caracteres.',
    en: 'Line {line}, position {position} (field {field}): "{value}" does not fit in {expected} characters.',
  },
  not_a_text_file: {
    status: 422,
    'pt-BR': 'Linha {line}: caractere inválido; um arquivo CNAB é texto.',
    en: 'Line {line}: invalid character; a CNAB file is text.',
  },
});

export type CnabIssue = InstanceType<typeof CnabError>;
