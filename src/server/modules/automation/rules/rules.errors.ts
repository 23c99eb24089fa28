import { defineErrors } from '../../../http/errors.js';

/** The rule engine's errors (codes prefixed `automation.rule_…`-style to stay apart from other parts). */
export const RulesError = defineErrors('automation', {
  rule_not_found: {
    status: 404,
    'pt-BR': 'Regra de automação não encontrada.',
    en: 'Automation rule not found.',
  },
  pipeline_not_found: {
    status: 404,
    'pt-BR': 'Funil não encontrado neste escritório: {pipeline}.',
    en: 'Pipeline not found in this office: {pipeline}.',
  },
  stage_not_found: {
    status: 404,
    'pt-BR': 'Estágio não encontrado no funil: {stage}.',
    en: 'Stage not found in the pipeline: {stage}.',
  },
  item_not_found: {
    status: 404,
    'pt-BR': 'Item não encontrado neste funil.',
    en: 'Item not found in this pipeline.',
  },
  run_not_found: {
    status: 404,
    'pt-BR': 'Execução de regra não encontrada.',
    en: 'Rule run not found.',
  },
  run_not_cancellable: {
    status: 409,
    'pt-BR': 'Só uma etapa pendente ou aguardando pode ser cancelada (esta está “{status}”).',
    en: 'Only a pending or waiting step can be cancelled (this one is “{status}”).',
  },
  nothing_to_publish: {
    status: 409,
    'pt-BR': 'A regra não tem rascunho para publicar.',
    en: 'The rule has no draft to publish.',
  },
  not_published: {
    status: 409,
    'pt-BR': 'Publique a regra antes de aplicá-la aos itens do estágio.',
    en: "Publish the rule before applying it to the stage's items.",
  },
  invalid_rule: {
    status: 400,
    'pt-BR': 'A regra tem campos inválidos. Corrija-os e tente novamente.',
    en: 'The rule has invalid fields. Fix them and try again.',
  },
  invalid_order: {
    status: 400,
    'pt-BR': 'A ordem enviada não corresponde às regras do funil: {reason}.',
    en: "The order sent does not match the pipeline's rules: {reason}.",
  },
  field_not_writable: {
    status: 422,
    'pt-BR': 'O campo “{field}” não existe ou não pode ser alterado.',
    en: 'The field “{field}” does not exist or cannot be changed.',
  },
  invalid_value: {
    status: 422,
    'pt-BR': 'Valor inválido para o campo “{field}”.',
    en: 'Invalid value for the field “{field}”: {reason}',
  },
  user_not_found: {
    status: 422,
    'pt-BR': 'Usuário não encontrado (ou inativo) neste escritório.',
    en: 'User not found (or inactive) in this office.',
  },
});
