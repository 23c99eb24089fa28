import type { Localized } from '../../http/i18n.js';
import { defineBuiltinRule, type StageEntered, type SubscriberOutcome } from '../automation/index.js';
import { recipientOfClient } from '../clients/index.js';
import { type SendResult, send } from '../messaging/index.js';
import { portalLink } from './portal-token.js';
import { statusLabels } from './status-machine.js';
import type { TicketStatus } from './tickets.schema.js';
import './tickets.templates.js';

/** The tickets pipeline's id (its stages are the ticket statuses). */
export const TICKETS_PIPELINE = 'tickets';

/**
 * What a ticket's `item.stage_entered` event carries (enough for its rules to act without a re-read), with
 * the StageEntered fields the automation engine reads (pipeline `tickets`, stage = the new status).
 */
export interface TicketStageEntered extends StageEntered {
  ticketId: string;
  number: number;
  subject: string;
  clientId: string;
  from: TicketStatus;
  to: TicketStatus;
  comment: string | null;
  movementId: string;
  actorName: string | null;
}

export const STATUS_EMAIL_RULE = 'tickets.status-email';

/**
 * The first built-in rule: on every ticket status change, e-mail the requester's company e-mails
 * (template `tickets.status-changed`, one message per movement). A client without e-mail does not stop
 * the move: the outbox records a skipped message with the reason, and the move answers it.
 */
defineBuiltinRule<SendResult>({
  key: STATUS_EMAIL_RULE,
  event: 'item.stage_entered',
  name: {
    'pt-BR': 'E-mail ao cliente a cada mudança de status do atendimento',
    en: 'E-mail the client on every ticket status change',
  },
  description: {
    'pt-BR':
      'Quando um atendimento muda de status, envia ao e-mail da empresa solicitante o modelo “Atendimento: mudança de status”, com o comentário e o link para acompanhar.',
    en: 'When a ticket changes status, sends the requester company\'s e-mail the "Ticket: status changed" template, with the comment and the link to follow it.',
  },
  appliesTo: (e) => e.entity === 'ticket',
  async run(app, trx, e) {
    const p = e.payload as TicketStageEntered;
    const recipient = (await recipientOfClient(trx, e.officeId, p.clientId)) ?? {
      kind: 'client' as const,
      id: p.clientId,
      emails: [],
    };
    return send(app, trx, {
      officeId: e.officeId,
      to: recipient,
      channels: ['email'],
      template: 'tickets.status-changed',
      vars: {
        client: { name: recipient.name ?? '' },
        ticket: { number: p.number, subject: p.subject, link: portalLink(app, e.officeId, p.ticketId).url },
        move: {
          from: statusLabels[p.from]['pt-BR'],
          to: statusLabels[p.to]['pt-BR'],
          comment: p.comment,
          actor: p.actorName,
          at: e.at.toISOString(),
        },
      },
      key: `ticket-move:${p.movementId}`,
      cause: { kind: 'ticket', id: p.ticketId },
    });
  },
});

/** An e-mail's outcome as the API reports it, with the reason in every language. */
export interface EmailResult {
  status: 'queued' | 'skipped' | 'disabled';
  reason: Localized | null;
  messageId: string | null;
}

/** The outcome of a `send()`, worded for the user ("Não foi possível enviar o e-mail: cliente sem e-mail cadastrado"). */
export function emailResultOf(r: SendResult): EmailResult {
  if (r.status === 'queued') return { status: 'queued', reason: null, messageId: r.messageId };
  return {
    status: 'skipped',
    reason: r.reason
      ? {
          'pt-BR': `Não foi possível enviar o e-mail: ${r.reason['pt-BR']}`,
          en: `The e-mail could not be sent: ${r.reason.en}`,
        }
      : { 'pt-BR': 'Não foi possível enviar o e-mail.', en: 'The e-mail could not be sent.' },
    messageId: r.messageId,
  };
}

const disabled: EmailResult = {
  status: 'disabled',
  reason: {
    'pt-BR': 'O e-mail automático de mudança de status está desativado neste escritório.',
    en: 'The automatic status-change e-mail is switched off in this office.',
  },
  messageId: null,
};

/** The status e-mail's outcome among an event's outcomes. */
export function statusEmailOutcome(outcomes: SubscriberOutcome[]): EmailResult {
  const o = outcomes.find((x) => x.key === STATUS_EMAIL_RULE);
  if (!o || o.status === 'disabled') return disabled;
  return emailResultOf(o.result as SendResult);
}
