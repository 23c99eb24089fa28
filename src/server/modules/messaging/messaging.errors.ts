import { defineErrors } from '../../http/errors.js';
import type { Localized } from '../../http/i18n.js';

export const MessagingError = defineErrors('messaging', {
  template_syntax: {
    status: 400,
    'pt-BR': 'Erro no modelo, linha {line}: {reasonPt}',
    en: 'Template error, line {line}: {reason}',
  },
  template_tag_unavailable: {
    status: 400,
    'pt-BR':
      'A tag {tag} (linha {line}) não está disponível nos modelos: cada modelo é independente e não inclui outros arquivos. Escreva o texto no próprio modelo.',
    en: 'The {tag} tag (line {line}) is not available in templates: each template stands alone and includes no other file. Write the text in the template itself.',
  },
  unknown_variable: {
    status: 400,
    'pt-BR': 'Variável desconhecida na linha {line}: {variable}. Disponíveis: {available}.',
    en: 'Unknown variable on line {line}: {variable}. Available: {available}.',
  },
  unknown_template: { status: 404, 'pt-BR': 'Modelo desconhecido: {key}.', en: 'Unknown template: {key}.' },
  office_not_found: { status: 404, 'pt-BR': 'Escritório não encontrado.', en: 'Office not found.' },
  message_not_found: { status: 404, 'pt-BR': 'Mensagem não encontrada.', en: 'Message not found.' },
  client_not_found: { status: 404, 'pt-BR': 'Cliente não encontrado.', en: 'Client not found.' },
  not_retryable: {
    status: 409,
    'pt-BR': 'Só é possível reenviar mensagens que falharam ou foram devolvidas.',
    en: 'Only failed or bounced messages can be sent again.',
  },
  not_cancellable: {
    status: 409,
    'pt-BR': 'Só é possível cancelar mensagens na fila.',
    en: 'Only queued messages can be cancelled.',
  },
  attachments_too_large: {
    status: 413,
    'pt-BR': 'Os anexos passam de {max}.',
    en: 'The attachments exceed {max}.',
  },
  smtp_failed: {
    status: 502,
    'pt-BR': 'O servidor SMTP recusou a mensagem: {reason}',
    en: 'The SMTP server refused the message: {reason}',
  },
  whatsapp_not_configured: {
    status: 409,
    'pt-BR': 'O WhatsApp não está configurado neste escritório.',
    en: 'WhatsApp is not configured for this office.',
  },
  whatsapp_window_closed: {
    status: 409,
    'pt-BR':
      'Faz mais de 24 horas que o contato não escreve pelo WhatsApp: só um modelo aprovado pode ser enviado agora.',
    en: 'The contact has not written on WhatsApp in the last 24 hours: only an approved template can be sent now.',
  },
});

/**
 * A delivery failure that retrying will not fix (SMTP 5xx, an invalid token, a refused template).
 * `bounced`: the recipient's address itself was refused (SMTP 5xx to RCPT TO, a number not on WhatsApp),
 * so the message ends `bounced` rather than `failed`: the address needs fixing, not the settings.
 */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
  readonly bounced: boolean;
  /**
   * Our own words for the problem (not set up, outside the window, a limit that never lifts…). The outbox
   * shows them, followed by the provider's answer when `cause` is one.
   */
  readonly reason: Localized | null;
  constructor(message: string, options: { bounced?: boolean; reason?: Localized; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.bounced = options.bounced ?? false;
    this.reason = options.reason ?? null;
  }
}
