import type { Db } from '../../db/database.js';
import { interpolate, type Lang, type Localized } from '../../http/i18n.js';
import { newId } from '../../ids.js';
import { formatDateBR } from '../br/index.js';

/**
 * The history of a programação: every change as data (action + params), written in the same transaction
 * as the change; the sentence is written in the reader's language when read.
 */

export const historyTexts = {
  created: {
    'pt-BR':
      'Programação criada: competência {competencia}, vencimento {dueDate}, versão {version} do modelo.',
    en: 'Request created: competência {competencia}, due {dueDate}, template version {version}.',
  },
  request_sent: {
    'pt-BR': 'Solicitação enviada ao cliente ({count} mensagem(ns)).',
    en: 'Request sent to the client ({count} message(s)).',
  },
  request_not_sent: {
    'pt-BR': 'Solicitação não enviada: o cliente não tem contatos com e-mail ou WhatsApp.',
    en: 'Request not sent: the client has no contact with e-mail or WhatsApp.',
  },
  notified: {
    'pt-BR': 'Nova solicitação enviada ao cliente ({count} mensagem(ns)).',
    en: 'New request sent to the client ({count} message(s)).',
  },
  reminder_sent: { 'pt-BR': 'Lembrete enviado ao cliente.', en: 'Reminder sent to the client.' },
  file_received: { 'pt-BR': 'Arquivo “{file}” recebido.', en: 'File “{file}” received.' },
  file_deleted: { 'pt-BR': 'Arquivo “{file}” excluído.', en: 'File “{file}” deleted.' },
  answered_none_this_month: {
    'pt-BR': 'Resposta do cliente: “Este mês não tenho”.',
    en: 'Client’s answer: “I don’t have it this month”.',
  },
  answered_never_ask_again: {
    'pt-BR': 'Resposta do cliente: “Não me pedir nos próximos meses”.',
    en: 'Client’s answer: “Don’t ask me in the coming months”.',
  },
  answered_will_send_later: {
    'pt-BR': 'Resposta do cliente: “Vou enviar depois” (até {date}).',
    en: 'Client’s answer: “I’ll send it later” (by {date}).',
  },
  state_dispensed: { 'pt-BR': 'Item dispensado.', en: 'Item dispensed.' },
  state_done: { 'pt-BR': 'Atividade concluída.', en: 'Activity done.' },
  state_pending: { 'pt-BR': 'Item voltou a pendente.', en: 'Item set back to pending.' },
  requirement: {
    'pt-BR': 'Status do item alterado de {from} para {to}.',
    en: 'Item status changed from {fromEn} to {toEn}.',
  },
  comment: { 'pt-BR': 'Comentário: {comment}', en: 'Comment: {comment}' },
  item_reopened: {
    'pt-BR': 'Item reaberto e pedido de novo ao cliente: {comment}',
    en: 'Item reopened and asked again of the client: {comment}',
  },
  transferred: {
    'pt-BR': 'Programação transferida de {from} para {to}.',
    en: 'Request transferred from {from} to {to}.',
  },
  status: {
    'pt-BR': 'Situação da programação: {from} → {to}.',
    en: 'Request status: {fromEn} → {toEn}.',
  },
  closed: {
    'pt-BR': 'Baixa: {status}.{note}',
    en: 'Closed: {statusEn}.{note}',
  },
  auto_closed: {
    'pt-BR': 'Baixa automática: todos os itens obrigatórios resolvidos.',
    en: 'Closed automatically: every required item settled.',
  },
  reopened: { 'pt-BR': 'Programação reaberta.', en: 'Request reopened.' },
  due_date_changed: {
    'pt-BR': 'Vencimento alterado de {date} para {dueDate}.',
    en: 'Due date changed from {date} to {dueDate}.',
  },
  overdue: { 'pt-BR': 'Programação vencida com itens pendentes.', en: 'Request overdue with pending items.' },
} satisfies Record<string, Localized>;
export type HistoryAction = keyof typeof historyTexts;

export const statusLabels: Record<string, Localized> = {
  open: { 'pt-BR': 'Aberto', en: 'Open' },
  started: { 'pt-BR': 'Iniciado', en: 'Started' },
  closed: { 'pt-BR': 'Baixado', en: 'Closed' },
  cancelled: { 'pt-BR': 'Cancelado', en: 'Cancelled' },
};
export const requirementLabels: Record<string, Localized> = {
  required: { 'pt-BR': 'Obrigatória', en: 'Required' },
  should: { 'pt-BR': 'Deve ser realizada', en: 'Should be done' },
  optional: { 'pt-BR': 'Dispensável', en: 'Optional' },
};
export const closeStatusLabels: Record<string, Localized> = {
  delivered: { 'pt-BR': 'Entregue', en: 'Delivered' },
  delivered_with_pending: { 'pt-BR': 'Entregue com pendências', en: 'Delivered with pending items' },
  cancelled: { 'pt-BR': 'Cancelado', en: 'Cancelled' },
};

export interface HistoryEntry {
  officeId: string;
  requestId: string;
  itemId?: string | null;
  itemName?: string | null;
  action: HistoryAction;
  params?: Record<string, string | number>;
  actor: { kind: 'staff' | 'client' | 'system'; id: string | null; name: string };
  at: string;
}

/** Orders the lines written in one instant (their `at` ties): increasing within the process. */
let last = 0;
const nextSeq = () => {
  last = Math.max(Date.now() * 1000, last + 1);
  return last;
};

/** Writes history rows (inside the caller's transaction). */
export async function addHistory(db: Db, entries: HistoryEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await db
      .insertInto('collection_history')
      .values(
        entries.slice(i, i + 500).map((e) => ({
          id: newId(),
          office_id: e.officeId,
          request_id: e.requestId,
          item_id: e.itemId ?? null,
          item_name: e.itemName ?? null,
          action: e.action,
          params: JSON.stringify(e.params ?? {}),
          actor_kind: e.actor.kind,
          actor_id: e.actor.id,
          actor_name: e.actor.name,
          at: e.at,
          seq: nextSeq(),
        })),
      )
      .execute();
  }
}

const SYSTEM: Localized = { 'pt-BR': 'Sistema', en: 'System' };

/** The history of a request, oldest first, each entry a sentence in `lang`. */
export async function readHistory(db: Db, officeId: string, requestId: string, lang: Lang) {
  const rows = await db
    .selectFrom('collection_history')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('request_id', '=', requestId)
    .orderBy('at')
    .orderBy('seq')
    .execute();
  return rows.map((r) => {
    const params = JSON.parse(r.params) as Record<string, string | number>;
    const texts = historyTexts[r.action as HistoryAction];
    const shown: Record<string, string | number> = { ...params };
    for (const k of ['dueDate', 'date'])
      if (typeof shown[k] === 'string')
        shown[k] = lang === 'en' ? shown[k] : formatDateBR(shown[k] as string);
    return {
      at: r.at,
      actor: r.actor_kind === 'system' ? SYSTEM[lang] : r.actor_name,
      action: r.action,
      itemName: r.item_name,
      text: texts ? interpolate(texts[lang], shown) : r.action,
    };
  });
}
