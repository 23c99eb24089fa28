import type { Lang, Localized } from '../../http/i18n.js';

/**
 * What the outbox says about a delivery problem (`messages.error`): a sentence in each language, then the
 * provider's own answer as it came ("SMTP 550: 5.1.1 no such user"), which is not ours to translate.
 * Stored as JSON; rows written before this format hold plain text, shown as they are.
 */
export function deliveryError(what: Localized, detail?: string | null): string {
  const tail = detail ? ` — ${detail.slice(0, 900)}` : '';
  return JSON.stringify({ 'pt-BR': `${what['pt-BR']}${tail}`, en: `${what.en}${tail}` });
}

/** The stored problem in the reader's language. */
export function localizeDeliveryError(stored: string | null, lang: Lang): string | null {
  if (!stored?.startsWith('{')) return stored;
  try {
    const text = (JSON.parse(stored) as Partial<Localized>)[lang];
    return typeof text === 'string' ? text : stored;
  } catch {
    return stored;
  }
}

/** The problems a delivery can meet, in words the office's staff understand. */
export const problem = {
  refused: {
    'pt-BR': 'O provedor recusou a mensagem',
    en: 'The provider refused the message',
  },
  bounced: {
    'pt-BR': 'O destinatário foi recusado (endereço ou número que não recebe mensagens)',
    en: 'The recipient was refused (an address or number that cannot receive messages)',
  },
  retrying: {
    'pt-BR': 'Falha temporária; uma nova tentativa está agendada',
    en: 'Temporary failure; another attempt is scheduled',
  },
  exhausted: {
    'pt-BR': 'Falhou em todas as tentativas',
    en: 'Failed on every attempt',
  },
  providerLimit: {
    'pt-BR': 'O provedor pediu para aguardar (limite de envio); nova tentativa agendada',
    en: 'The provider asked us to wait (sending limit); another attempt is scheduled',
  },
  providerLimitStuck: {
    'pt-BR': 'O provedor continuou limitando os envios a cada tentativa; verifique a conta no provedor',
    en: 'The provider kept limiting sends at every attempt; check the account with the provider',
  },
  officeLimit: {
    'pt-BR': 'Limite por minuto do escritório atingido; a mensagem aguarda a vez',
    en: "The office's per-minute limit was reached; the message waits its turn",
  },
  whatsappNotSetUp: {
    'pt-BR': 'O WhatsApp não está configurado no escritório',
    en: 'WhatsApp is not set up for the office',
  },
  smsNotSetUp: {
    'pt-BR': 'O SMS não está configurado no escritório',
    en: 'SMS is not set up for the office',
  },
  outsideWindow: {
    'pt-BR':
      'Fora da janela de 24 horas do WhatsApp e o modelo não tem um modelo aprovado pela Meta: só é possível enviar texto livre a quem escreveu ao escritório nas últimas 24 horas',
    en: 'Outside the WhatsApp 24-hour window and the template has no Meta-approved template: free text can only go to someone who wrote to the office in the last 24 hours',
  },
  reportedFailed: {
    'pt-BR': 'O provedor informou que a entrega falhou',
    en: 'The provider reported that delivery failed',
  },
} satisfies Record<string, Localized>;
