import { defineErrors } from '../../http/errors.js';

export const ProcessesError = defineErrors('processes', {
  pipeline_not_found: { status: 404, 'pt-BR': 'Processo não encontrado.', en: 'Pipeline not found.' },
  stage_not_found: { status: 404, 'pt-BR': 'Etapa não encontrada.', en: 'Stage not found.' },
  field_not_found: { status: 404, 'pt-BR': 'Campo não encontrado.', en: 'Field not found.' },
  card_not_found: { status: 404, 'pt-BR': 'Cartão não encontrado.', en: 'Card not found.' },
  stage_not_in_pipeline: {
    status: 422,
    'pt-BR': 'Esta etapa não pertence ao processo do cartão.',
    en: "This stage does not belong to the card's pipeline.",
  },
  stage_has_cards: {
    status: 409,
    'pt-BR': 'A etapa “{name}” tem {count} cartão(ões). Escolha para qual etapa movê-los antes de excluí-la.',
    en: 'The stage “{name}” has {count} card(s). Choose the stage to move them to before deleting it.',
  },
  last_stage: {
    status: 409,
    'pt-BR': 'Um processo precisa de pelo menos uma etapa.',
    en: 'A pipeline needs at least one stage.',
  },
  move_to_same_stage: {
    status: 422,
    'pt-BR': 'Escolha outra etapa para onde mover os cartões.',
    en: 'Choose another stage to move the cards to.',
  },
  order_mismatch: {
    status: 422,
    'pt-BR': 'A nova ordem precisa listar cada item do processo exatamente uma vez.',
    en: 'The new order must list every item of the pipeline exactly once.',
  },
  field_key_taken: {
    status: 409,
    'pt-BR': 'Já existe um campo com a chave “{key}” neste processo.',
    en: 'This pipeline already has a field with the key “{key}”.',
  },
  card_closed: {
    status: 409,
    'pt-BR': 'Este cartão está concluído ou arquivado. Reabra-o para movê-lo.',
    en: 'This card is closed or archived. Reopen it to move it.',
  },
  pipeline_inactive: {
    status: 409,
    'pt-BR': 'Este processo está desativado.',
    en: 'This pipeline is switched off.',
  },
  form_not_found: {
    status: 404,
    'pt-BR': 'Formulário não encontrado. Confira o endereço com o escritório.',
    en: 'Form not found. Check the address with the office.',
  },
});
