import { defineErrors } from '../http/errors.js';

/** Errors of `expediente backup` and `expediente restore` (the CLI prints both languages). */
export const BackupError = defineErrors('backup', {
  postgres: {
    status: 400,
    'pt-BR':
      'Com PostgreSQL (DATABASE_URL) o backup é feito com pg_dump e pg_restore, e os arquivos com a cópia do bucket: veja docs/operations.md, "Backup e restauração".',
    en: 'With PostgreSQL (DATABASE_URL) back up with pg_dump and pg_restore, and the files by copying the bucket: see docs/operations.md, "Backup and restore".',
  },
  no_database: {
    status: 404,
    'pt-BR': 'Não há banco de dados em {path}: confira DATA_DIR.',
    en: 'There is no database at {path}: check DATA_DIR.',
  },
  output_exists: {
    status: 409,
    'pt-BR': 'O arquivo {path} já existe; escolha outro nome (um backup nunca sobrescreve outro).',
    en: 'The file {path} already exists; choose another name (a backup never overwrites another).',
  },
  not_empty: {
    status: 409,
    'pt-BR':
      'A pasta de dados {path} não está vazia. Restaure numa pasta vazia, ou use --force para substituir o banco, a chave e os arquivos que ela tem (pare o servidor antes).',
    en: 'The data directory {path} is not empty. Restore into an empty one, or pass --force to replace its database, key and files (stop the server first).',
  },
  not_a_backup: {
    status: 400,
    'pt-BR': 'O arquivo {path} não é um backup do Expediente (falta o manifesto ou ele é inválido).',
    en: 'The file {path} is not an Expediente backup (its manifest is missing or invalid).',
  },
  unexpected_entry: {
    status: 400,
    'pt-BR': 'O backup contém um item inesperado ({name}); nada foi restaurado.',
    en: 'The backup holds an unexpected entry ({name}); nothing was restored.',
  },
  checksum_mismatch: {
    status: 400,
    'pt-BR': 'O backup está corrompido: {name} não confere com o manifesto ({why}); nada foi restaurado.',
    en: 'The backup is corrupt: {name} does not match its manifest ({why}); nothing was restored.',
  },
  integrity: {
    status: 500,
    'pt-BR': 'A verificação de integridade do banco falhou ({detail}); nada foi gravado.',
    en: 'The database integrity check failed ({detail}); nothing was written.',
  },
  newer_format: {
    status: 400,
    'pt-BR': 'O backup tem o formato {version}, mais novo do que esta versão entende; atualize o Expediente.',
    en: 'The backup has format {version}, newer than this version understands; upgrade Expediente.',
  },
});
