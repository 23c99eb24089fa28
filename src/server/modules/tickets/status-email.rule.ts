import type { Db } from '../../db/database.js';
import type { Localized } from '../../http/i18n.js';
import {
  type EnterResult,
  RULE_ENGINE_KEY,
  type SeedRule,
  type StageEntered,
  type SubscriberOutcome,
  seedPublishedRules,
} from '../automation/index.js';
import type { SendResult } from '../messaging/index.js';
import { type TicketStatus, ticketStatuses } from './tickets.schema.js';
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

/** The template the status e-mail rules send. */
export const STATUS_EMAIL_TEMPLATE = 'tickets.status-changed';

/** The statuses a move enters (`open` is only the first status): one status e-mail rule each. */
export const STATUS_EMAIL_STAGES: readonly TicketStatus[] = ticketStatuses.filter((s) => s !== 'open');

/**
 * The ticket status e-mail, as normal rules of the tickets pipeline: on every stage a move enters, "Enviar
 * e-mail" to the requester with the template `tickets.status-changed` (the number, subject, from/to, the
 * comment and the portal link). Seeded, published and on, in every office (migration 0031 for the offices
 * that existed, {@link seedStatusEmailRules} on office creation); the office switches them off, edits the
 * template or adds a delay in Automações like any other rule.
 */
export function statusEmailRules(): SeedRule[] {
  return STATUS_EMAIL_STAGES.map((stageId) => ({
    stageId,
    definition: {
      name: 'E-mail ao cliente: mudança de status',
      action: 'message.email',
      input: {
        to: { kind: 'client' },
        template: STATUS_EMAIL_TEMPLATE,
        subject: null,
        body: null,
        attachDocument: false,
      },
      mode: 'sequence',
      delay: { kind: 'none' },
      condition: null,
    },
  }));
}

/** Seeds the status e-mail rules of a new office (the platform's office-creation hook). */
export async function seedStatusEmailRules(trx: Db, officeId: string, at: Date): Promise<void> {
  await seedPublishedRules(trx, officeId, TICKETS_PIPELINE, statusEmailRules(), at);
}

/** An e-mail's outcome as the API reports it, with the reason in every language. */
export interface EmailResult {
  status: 'queued' | 'skipped' | 'disabled';
  reason: Localized | null;
  messageId: string | null;
}

/** "Não foi possível enviar o e-mail", with the reason when there is one. */
const notSent = (reason: Localized | null | undefined): Localized =>
  reason
    ? {
        'pt-BR': `Não foi possível enviar o e-mail: ${reason['pt-BR']}`,
        en: `The e-mail could not be sent: ${reason.en}`,
      }
    : { 'pt-BR': 'Não foi possível enviar o e-mail.', en: 'The e-mail could not be sent.' };

/** The outcome of a `send()`, worded for the user ("Não foi possível enviar o e-mail: cliente sem e-mail cadastrado"). */
export function emailResultOf(r: SendResult): EmailResult {
  if (r.status === 'queued') return { status: 'queued', reason: null, messageId: r.messageId };
  return {
    status: 'skipped',
    reason: notSent(r.reason),
    messageId: r.messageId,
  };
}

const disabled: EmailResult = {
  status: 'disabled',
  reason: {
    'pt-BR': 'O e-mail de mudança de status está desativado para este status (Automações).',
    en: 'The status-change e-mail is switched off for this status (Automações).',
  },
  messageId: null,
};

const isStatusEmail = (r: { action: string; input: Record<string, unknown> }) =>
  r.action === 'message.email' && r.input.template === STATUS_EMAIL_TEMPLATE;

/**
 * The status e-mail's outcome among a move's event outcomes: the rule engine ran the stage's immediate
 * rules in the move's transaction, so the e-mail rule's run tells what happened (queued, not sent and why,
 * or failed and why); a rule with a delay says when it will go; none on: disabled.
 */
export function statusEmailOutcome(outcomes: SubscriberOutcome[]): EmailResult {
  const o = outcomes.find((x) => x.key === RULE_ENGINE_KEY);
  const entered = o?.status === 'ran' ? (o.result as EnterResult) : null;
  const run = entered?.inline.find(isStatusEmail);
  if (run) {
    if (run.status === 'done') {
      const message = (run.outcome?.output?.message ?? {}) as {
        id?: string;
        status?: string;
        reason?: Localized | null;
      };
      if (message.status === 'queued')
        return { status: 'queued', reason: null, messageId: message.id ?? null };
      return emailResultOf({
        status: 'skipped',
        reason: message.reason ?? null,
        messageId: message.id ?? null,
      } as SendResult);
    }
    return {
      status: 'skipped',
      reason: notSent(run.error),
      messageId: null,
    };
  }
  const later = entered?.later.find(isStatusEmail);
  if (later)
    return {
      status: 'queued',
      reason: later.dueAt
        ? {
            'pt-BR': `O e-mail será enviado por uma regra com espera (${later.dueAt}).`,
            en: `The e-mail will be sent by a rule with a delay (${later.dueAt}).`,
          }
        : {
            'pt-BR': 'O e-mail será enviado depois das regras anteriores deste status.',
            en: "The e-mail will be sent after this status's earlier rules.",
          },
      messageId: null,
    };
  return disabled;
}
