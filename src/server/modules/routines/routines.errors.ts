import { defineErrors } from '../../http/errors.js';

export const RoutinesError = defineErrors('routines', {
  not_found: {
    status: 404,
    'pt-BR': 'Rotina não encontrada: {kind}.',
    en: 'Routine not found: {kind}.',
  },
  schedule_required: {
    status: 400,
    'pt-BR': 'Defina quando a rotina roda (Dia/Periodicidade/Hora) antes de ativá-la.',
    en: 'Set when the routine runs (day, frequency, time) before activating it.',
  },
  version_conflict: {
    status: 409,
    'pt-BR': 'Esta rotina foi alterada por outra pessoa. Recarregue a página e tente novamente.',
    en: 'Someone else changed this routine. Reload the page and try again.',
  },
  run_in_past: {
    status: 400,
    'pt-BR': 'A data e hora da execução já passaram.',
    en: 'The run date and time are in the past.',
  },
  empty_file: {
    status: 400,
    'pt-BR': 'O arquivo está vazio.',
    en: 'The file is empty.',
  },
  file_not_utf8: {
    status: 400,
    'pt-BR':
      'O arquivo {name} não está em UTF-8. No Excel, salve como "CSV UTF-8 (delimitado por vírgulas)".',
    en: 'The file {name} is not UTF-8. In Excel, save it as "CSV UTF-8 (comma delimited)".',
  },
  file_not_text: {
    status: 400,
    'pt-BR':
      'O arquivo {name} não é um texto CSV (parece uma planilha ou outro arquivo binário). Exporte-o como CSV.',
    en: 'The file {name} is not CSV text (it looks like a spreadsheet or another binary file). Export it as CSV.',
  },
  file_not_csv: {
    status: 400,
    'pt-BR': 'O arquivo {name} não é um CSV válido (linha {line}): confira as aspas e os separadores.',
    en: 'The file {name} is not valid CSV (line {line}): check its quotes and separators.',
  },
  invalid_saved_config: {
    status: 400,
    'pt-BR': 'A configuração salva desta rotina não é mais válida. Abra a rotina, corrija e salve.',
    en: 'The saved configuration of this routine is no longer valid. Open it, fix it and save.',
  },
  // A run's failures (routines.run): stored as the run's error, in both languages, never an HTTP answer;
  // the status says what kind of failure each is.
  run_without_office: {
    status: 500,
    'pt-BR': 'Execução de rotina sem escritório.',
    en: 'A routine run without an office.',
  },
  run_routine_missing: {
    status: 404,
    'pt-BR': 'Rotina não encontrada: ela foi removida?',
    en: 'Routine not found: was it removed?',
  },
  run_unknown_kind: {
    status: 400,
    'pt-BR': 'Tipo de rotina desconhecido: {kind}.',
    en: 'Unknown routine kind: {kind}.',
  },
  run_invalid_config: {
    status: 400,
    'pt-BR': 'A configuração salva desta rotina não é válida ({fields}). Abra a rotina, corrija e salve.',
    en: 'The saved configuration of this routine is not valid ({fields}). Open the routine, fix it and save.',
  },
});
