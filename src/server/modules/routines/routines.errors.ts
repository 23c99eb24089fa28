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
  invalid_saved_config: {
    status: 400,
    'pt-BR': 'A configuração salva desta rotina não é mais válida. Abra a rotina, corrija e salve.',
    en: 'The saved configuration of this routine is no longer valid. Open it, fix it and save.',
  },
});
