import { defineErrors } from '../../../http/errors.js';
import type { Localized } from '../../../http/i18n.js';

/** Automações — triggers: the API's refusals (codes prefixed `trigger_`/`hook_` within `automation.`). */
export const TriggersError = defineErrors('automation', {
  trigger_not_found: {
    status: 404,
    'pt-BR': 'Gatilho de automação não encontrado.',
    en: 'Automation trigger not found.',
  },
  trigger_pipeline_not_found: {
    status: 404,
    'pt-BR': 'Pipeline não encontrado: {pipelineId}.',
    en: 'Pipeline not found: {pipelineId}.',
  },
  hook_not_found: {
    status: 404,
    'pt-BR': 'Endereço de webhook desconhecido ou desativado.',
    en: 'Unknown or disabled webhook address.',
  },
  hook_item_not_found: {
    status: 404,
    'pt-BR': 'Item não encontrado neste pipeline: {itemId}.',
    en: 'Item not found in this pipeline: {itemId}.',
  },
  hook_client_not_found: {
    status: 404,
    'pt-BR': 'Nenhum cliente do escritório tem o CNPJ/CPF {document}.',
    en: 'No client of the office has the CNPJ/CPF {document}.',
  },
});

/** The field errors of a trigger's definition (pt-BR and English), by code. */
export const triggerFieldMessages = {
  unknown_trigger_kind: {
    'pt-BR': 'Tipo de gatilho desconhecido.',
    en: 'Unknown trigger kind.',
  },
  unknown_stage: {
    'pt-BR': 'Este estágio não existe no pipeline.',
    en: 'This stage does not exist in the pipeline.',
  },
  unknown_pipeline_field: {
    'pt-BR': 'O pipeline não tem este campo.',
    en: 'The pipeline has no such field.',
  },
  not_a_date_field: {
    'pt-BR': 'Escolha um campo de data do pipeline.',
    en: 'Choose a date field of the pipeline.',
  },
} satisfies Record<string, Localized>;
export type TriggerFieldCode = keyof typeof triggerFieldMessages;

/** A field error of a trigger's definition. */
export const triggerIssue = (field: string, code: TriggerFieldCode) => ({
  field,
  code,
  message: triggerFieldMessages[code],
});
