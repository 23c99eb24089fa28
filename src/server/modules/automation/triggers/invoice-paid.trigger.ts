import { z } from 'zod';
import { defineTrigger } from '../registry.js';

/**
 * "Fatura paga": an invoice was paid (billing's `invoice.paid`: manual baixa, PIX, boleto, statement). It
 * moves the item that created the invoice (`payload.item`, action "Criar fatura") when it is in the
 * trigger's pipeline; otherwise the client's open items of the pipeline.
 */
export const invoicePaidTrigger = defineTrigger({
  kind: 'invoice_paid',
  name: { 'pt-BR': 'Fatura paga', en: 'Invoice paid' },
  description: {
    'pt-BR': 'Quando uma fatura do cliente é paga (baixa manual, PIX, boleto ou extrato).',
    en: "When one of the client's invoices is paid (manual, PIX, boleto or bank statement).",
  },
  event: 'invoice.paid',
  config: z.strictObject({}),
  describe: (_c, lang) => (lang === 'en' ? 'When an invoice is paid' : 'Quando uma fatura é paga'),
  matches: () => true,
});
