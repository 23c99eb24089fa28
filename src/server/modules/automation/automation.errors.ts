import { defineErrors } from '../../http/errors.js';

export const AutomationError = defineErrors('automation', {
  unknown_rule: {
    status: 404,
    'pt-BR': 'Regra de automação desconhecida: {key}.',
    en: 'Unknown automation rule: {key}.',
  },
});
