import { defineTemplate } from '../messaging/index.js';

/**
 * The billing module's messages, editable by the office in Mensagens → Modelos. `invoice.amountCents` goes
 * through `| money`, dates through `| date`; `invoice.period` is already written `11/2026`.
 */

const office = ['office.name', 'office.cnpj', 'office.city', 'office.state'];
const invoice = [
  'client.name',
  'client.document',
  'invoice.period',
  'invoice.description',
  'invoice.amountCents',
  'invoice.dueDate',
  'invoice.pixCode',
  'invoice.txid',
  'invoice.linhaDigitavel',
  'invoice.nossoNumero',
];

/**
 * The WhatsApp messages' payment lines: the linha digitável when a boleto was issued, then the PIX code
 * (each only when there is one); the text after it follows on the same line.
 */
const whatsappPayment = [
  '{% if invoice.linhaDigitavel != "" %}Boleto (linha digitável), no PDF anexo:',
  '{{ invoice.linhaDigitavel }}',
  '',
  '{% endif %}{% if invoice.pixCode != "" %}PIX copia e cola:',
  '{{ invoice.pixCode }}',
  '',
  '{% endif %}',
].join('\n');

/**
 * The e-mails' payment lines: the linha digitável after `boleto` when a boleto was issued, then the PIX
 * code after `pix` and the lines of `afterPix` (each only when there is one); the text after it follows on
 * the same line.
 */
const emailPayment = (boleto: string, pix: string, afterPix: string[] = []) =>
  [
    `{% if invoice.linhaDigitavel != "" %}${boleto}:`,
    '',
    '{{ invoice.linhaDigitavel }}',
    '',
    `{% endif %}{% if invoice.pixCode != "" %}${pix}:`,
    '',
    '{{ invoice.pixCode }}',
    '',
    ...afterPix,
    '{% endif %}',
  ].join('\n');

/** The e-mails' last lines: the office signs. */
const emailSignature = ['', 'Atenciosamente,', '{{ office.name }}'];

/** The approved WhatsApp templates' parameters, for the invoice and its overdue reminder alike. */
const whatsappParams = [
  '{{ client.name }}',
  '{{ invoice.period }}',
  '{{ invoice.amountCents | money }}',
  '{{ invoice.dueDate | date }}',
  // The last one: the PIX code, or the linha digitável without PIX.
  '{% if invoice.pixCode != "" %}{{ invoice.pixCode }}{% else %}{{ invoice.linhaDigitavel }}{% endif %}',
];

/** The month's invoice, with the PDF attached (routine "Honorários"). */
defineTemplate({
  key: 'billing.invoice',
  description: {
    'pt-BR': 'Honorários: cobrança do mês, com PIX e o PDF anexo (enviada ao cliente)',
    en: "Fees: the month's invoice, with PIX and the PDF attached (sent to the client)",
  },
  variables: [...office, ...invoice],
  transactional: true,
  defaults: {
    email: {
      subject: 'Honorários {{ invoice.period }} — vencimento em {{ invoice.dueDate | date }}',
      body: [
        'Olá, {{ client.name }}.',
        '',
        'Segue a cobrança dos honorários da competência {{ invoice.period }}:',
        '',
        'Valor: {{ invoice.amountCents | money }}',
        'Vencimento: {{ invoice.dueDate | date }}',
        '',
        `${emailPayment(
          'Para pagar com boleto, use a linha digitável no aplicativo ou no site do seu banco (o boleto está no PDF anexo)',
          'Para pagar com PIX, leia o QR code do PDF anexo no aplicativo do seu banco ou use o código PIX copia e cola',
          ['Identificador do pagamento: {{ invoice.txid }}', ''],
        )}Se o pagamento já foi feito, por favor desconsidere esta mensagem.`,
        ...emailSignature,
      ].join('\n'),
    },
    whatsapp: {
      body: [
        'Olá, {{ client.name }}! Seguem os honorários de {{ invoice.period }}: {{ invoice.amountCents | money }}, vencimento em {{ invoice.dueDate | date }}.',
        '',
        `${whatsappPayment}{{ office.name }}`,
      ].join('\n'),
      templateName: 'expediente_honorarios',
      params: whatsappParams,
    },
  },
});

/** A reminder of an open invoice past its due date (routine "Honorários em atraso"). */
defineTemplate({
  key: 'billing.invoice-overdue',
  // Asks the client to answer (files, a receipt): its e-mail gets a Reply-To that reaches the office.
  expectsReply: true,
  description: {
    'pt-BR': 'Honorários em atraso: lembrete ao cliente após o vencimento',
    en: 'Overdue fees: reminder to the client after the due date',
  },
  variables: [...office, ...invoice, 'invoice.daysOverdue'],
  transactional: true,
  defaults: {
    email: {
      subject: 'Lembrete: honorários {{ invoice.period }} em aberto',
      body: [
        'Olá, {{ client.name }}.',
        '',
        'Não identificamos o pagamento dos honorários da competência {{ invoice.period }}, no valor de {{ invoice.amountCents | money }}, com vencimento em {{ invoice.dueDate | date }} ({{ invoice.daysOverdue }} dia(s) em atraso).',
        '',
        `${emailPayment(
          'Boleto (linha digitável), também no PDF anexo',
          'Para pagar com PIX, use o QR code do PDF anexo ou o código PIX copia e cola',
        )}Se o pagamento já foi feito, por favor desconsidere esta mensagem ou responda com o comprovante.`,
        ...emailSignature,
      ].join('\n'),
    },
    whatsapp: {
      body: [
        'Olá, {{ client.name }}. Os honorários de {{ invoice.period }} ({{ invoice.amountCents | money }}, vencimento em {{ invoice.dueDate | date }}) ainda estão em aberto.',
        '',
        `${whatsappPayment}Se já pagou, desconsidere. {{ office.name }}`,
      ].join('\n'),
      templateName: 'expediente_honorarios_atraso',
      params: whatsappParams,
    },
  },
});

/** To the client's responsible (or an administrator): a client is in arrears. */
defineTemplate({
  key: 'billing.overdue-staff',
  description: {
    'pt-BR': 'Honorários em atraso: aviso ao responsável pelo cliente',
    en: "Overdue fees: notice to the client's responsible",
  },
  variables: [...office, ...invoice, 'invoice.daysOverdue', 'link'],
  transactional: true,
  defaults: {
    email: {
      subject: 'Cliente em atraso: {{ client.name }} — honorários {{ invoice.period }}',
      body: [
        'O cliente {{ client.name }} ({{ client.document | document }}) está com os honorários da competência {{ invoice.period }} em aberto: {{ invoice.amountCents | money }}, vencidos em {{ invoice.dueDate | date }} ({{ invoice.daysOverdue }} dia(s) em atraso).',
        '',
        'Um lembrete foi enviado ao cliente. Quando o pagamento chegar, dê baixa na cobrança:',
        '{{ link }}',
      ].join('\n'),
    },
  },
});

/** To the client, before the yearly adjustment applies: the new fee, from when, and why. */
export const feeAdjustmentLetter = {
  subject: 'Reajuste anual dos honorários a partir de {{ adjustment.effectiveOn | date }}',
  body: [
    'Olá, {{ client.name }}.',
    '',
    'Conforme o contrato de prestação de serviços, os honorários mensais serão reajustados a partir de {{ adjustment.effectiveOn | date }}:',
    '',
    'Valor atual: {{ adjustment.oldAmountCents | money }}',
    'Novo valor: {{ adjustment.newAmountCents | money }}',
    'Critério: {{ adjustment.basis }}',
    '',
    'Ficamos à disposição para qualquer dúvida.',
    '{{ office.name }}',
  ].join('\n'),
};

defineTemplate({
  key: 'billing.fee-adjustment',
  description: {
    'pt-BR': 'Reajuste anual: carta ao cliente com o novo valor dos honorários',
    en: 'Yearly adjustment: letter to the client with the new fee',
  },
  variables: [
    ...office,
    'client.name',
    'client.document',
    'adjustment.effectiveOn',
    'adjustment.oldAmountCents',
    'adjustment.newAmountCents',
    'adjustment.basis',
  ],
  transactional: true,
  defaults: { email: feeAdjustmentLetter },
});
