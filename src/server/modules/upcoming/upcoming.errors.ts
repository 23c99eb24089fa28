import { defineErrors } from '../../http/errors.js';

/** Errors of Próximos envios. */
export const UpcomingError = defineErrors('upcoming', {
  window_too_long: {
    status: 400,
    'pt-BR': 'Escolha um período de até {max} dias.',
    en: 'Choose a period of at most {max} days.',
  },
  window_reversed: {
    status: 400,
    'pt-BR': 'A data final é anterior à inicial.',
    en: 'The end date is before the start date.',
  },
});
