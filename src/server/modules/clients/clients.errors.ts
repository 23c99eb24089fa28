import { defineErrors } from '../../http/errors.js';

export const ClientsError = defineErrors('clients', {
  not_found: { status: 404, 'pt-BR': 'Cliente não encontrado.', en: 'Client not found.' },
  contact_not_found: { status: 404, 'pt-BR': 'Contato não encontrado.', en: 'Contact not found.' },
  service_not_found: { status: 404, 'pt-BR': 'Serviço não encontrado.', en: 'Service not found.' },
  duplicate_document: {
    status: 409,
    'pt-BR': 'Já existe um cliente com o {kind} {document} neste escritório.',
    en: 'A client with {kind} {document} already exists in this office.',
  },
  service_name_taken: {
    status: 409,
    'pt-BR': 'Já existe um serviço com este nome.',
    en: 'A service with this name already exists.',
  },
  empty_csv: {
    status: 400,
    'pt-BR': 'O arquivo CSV está vazio ou sem cabeçalho.',
    en: 'The CSV file is empty or has no header.',
  },
  csv_missing_columns: {
    status: 400,
    'pt-BR': 'O cabeçalho do CSV não tem as colunas obrigatórias: {columns}.',
    en: 'The CSV header lacks the required columns: {columns}.',
  },
  csv_unreadable: {
    status: 400,
    'pt-BR': 'Não foi possível ler o CSV: {reason}',
    en: 'Could not read the CSV: {reason}',
  },
  csv_too_many_rows: {
    status: 413,
    'pt-BR': 'O CSV tem mais de {max} linhas. Divida-o em arquivos menores.',
    en: 'The CSV has more than {max} rows. Split it into smaller files.',
  },
});
