import { eventTrigger } from './trigger-texts.js';

/**
 * "Fatura paga": an invoice was paid (billing's `invoice.paid`: manual baixa, PIX, boleto, statement). It
 * moves the item that created the invoice (`payload.item`, action "Criar fatura") when it is in the
 * trigger's pipeline; otherwise the client's open items of the pipeline.
 */
export const invoicePaidTrigger = eventTrigger({
  kind: 'invoice_paid',
  event: 'invoice.paid',
  when: { 'pt-BR': 'Quando uma fatura é paga', en: 'When an invoice is paid' },
});
