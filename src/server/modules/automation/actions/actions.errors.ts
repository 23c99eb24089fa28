import { defineErrors } from '../../../http/errors.js';

/** Why an action of a rule could not do its work (the run is marked failed with this reason). */
export const ActionError = defineErrors('automation', {
  action_no_client: {
    status: 422,
    'pt-BR': 'O item não está ligado a um cliente: não há a quem enviar.',
    en: 'The item is not linked to a client: there is no one to send to.',
  },
  action_contact_not_found: {
    status: 422,
    'pt-BR': 'O contato escolhido na regra não existe mais.',
    en: 'The contact chosen in the rule no longer exists.',
  },
  action_no_recipient_user: {
    status: 422,
    'pt-BR': 'Ninguém a avisar: {reason}.',
    en: 'No one to notify: {reason}.',
  },
  action_no_document: {
    status: 422,
    'pt-BR': 'Não há documento a anexar: nenhuma regra anterior deste estágio criou um documento.',
    en: 'There is no document to attach: no earlier rule of this stage created one.',
  },
  action_field_not_number: {
    status: 422,
    'pt-BR': 'O campo “{field}” do item não tem um valor em dinheiro válido.',
    en: 'The item field “{field}” holds no valid amount of money.',
  },
  webhook_forbidden_address: {
    status: 422,
    'pt-BR':
      'Endereço do webhook recusado: {host} aponta para uma rede privada, local ou reservada ({address}).',
    en: 'Webhook address refused: {host} points to a private, local or reserved network ({address}).',
  },
  webhook_unresolvable: {
    status: 422,
    'pt-BR': 'Não foi possível resolver o endereço do webhook: {host}.',
    en: 'Could not resolve the webhook host: {host}.',
  },
  webhook_failed: {
    status: 502,
    'pt-BR': 'O webhook falhou após {attempts} tentativa(s): {reason}.',
    en: 'The webhook failed after {attempts} attempt(s): {reason}.',
  },
  document_not_found: {
    status: 404,
    'pt-BR': 'Documento não encontrado ou link inválido.',
    en: 'Document not found or invalid link.',
  },
});
