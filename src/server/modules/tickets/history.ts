import type { AppContext } from '../../context.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { formatDateBR, formatMoneyBRL } from '../br/index.js';
import { getAudit } from '../platform/index.js';
import { statusLabel } from './status-machine.js';
import { TicketsError } from './tickets.errors.js';
import { findTicketRow, listMovementRows } from './tickets.repo.js';
import type { HistoryEntry, Ticket, TicketStatus } from './tickets.schema.js';

/**
 * The Histórico tab: every change of a ticket in plain words, oldest first — its creation and edits, the
 * Notificar e-mails and the files (from the audit log), and its status moves (from the movements).
 */

const fieldLabels: Partial<Record<keyof Ticket, Localized>> = {
  clientName: { 'pt-BR': 'Solicitante', en: 'Requester' },
  contactName: { 'pt-BR': 'Contato', en: 'Contact' },
  serviceName: { 'pt-BR': 'Serviço', en: 'Service' },
  accountantName: { 'pt-BR': 'Contador', en: 'Accountant' },
  responsibleName: { 'pt-BR': 'Responsável', en: 'Responsible' },
  subject: { 'pt-BR': 'Assunto', en: 'Subject' },
  description: { 'pt-BR': 'Descrição', en: 'Description' },
  valueCents: { 'pt-BR': 'Valor', en: 'Value' },
  kind: { 'pt-BR': 'Tipo', en: 'Kind' },
  dueDate: { 'pt-BR': 'Vencimento', en: 'Due date' },
  debtCents: { 'pt-BR': 'Valor do débito', en: 'Debt amount' },
};

const kindLabels: Record<Ticket['kind'], Localized> = {
  service: { 'pt-BR': 'Atendimento', en: 'Service request' },
  debt_collection: { 'pt-BR': 'Cobrança de débito', en: 'Debt collection' },
};

const empty: Localized = { 'pt-BR': '(vazio)', en: '(empty)' };

function show(field: keyof Ticket, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return empty[lang];
  if (field === 'valueCents' || field === 'debtCents') return formatMoneyBRL(Number(value));
  if (field === 'dueDate') return formatDateBR(String(value));
  if (field === 'kind') return kindLabels[value as Ticket['kind']][lang];
  return `“${String(value)}”`;
}

/** "Alterou Responsável: “Ana” → “Bruno”; Valor: R$ 10,00 → R$ 20,00." (null when nothing visible changed). */
function describeUpdate(before: Partial<Ticket>, after: Partial<Ticket>, lang: Lang): string | null {
  const parts: string[] = [];
  for (const [field, label] of Object.entries(fieldLabels) as [keyof Ticket, Localized][]) {
    if (JSON.stringify(before[field] ?? null) === JSON.stringify(after[field] ?? null)) continue;
    parts.push(
      field === 'description'
        ? label[lang]
        : `${label[lang]}: ${show(field, before[field], lang)} → ${show(field, after[field], lang)}`,
    );
  }
  if (!parts.length) return null;
  return `${lang === 'en' ? 'Changed' : 'Alterou'} ${parts.join('; ')}.`;
}

function size(bytes: number, lang: Lang): string {
  const kb = bytes / 1024;
  const text = kb < 1024 ? `${kb.toFixed(1)} KB` : `${(kb / 1024).toFixed(1)} MB`;
  return lang === 'en' ? text : text.replace('.', ',');
}

type Snapshot = Record<string, unknown> | null;

function describeAudit(action: string, before: Snapshot, after: Snapshot, lang: Lang): string | null {
  const en = lang === 'en';
  switch (action) {
    case 'create': {
      const t = (after ?? {}) as Partial<Ticket>;
      return en
        ? `Opened ticket #${t.number}: “${t.subject}”.`
        : `Abriu o atendimento nº ${t.number}: “${t.subject}”.`;
    }
    case 'update':
      return describeUpdate((before ?? {}) as Partial<Ticket>, (after ?? {}) as Partial<Ticket>, lang);
    case 'notify': {
      // Say only what happened: an e-mail that was not queued did not notify anyone.
      if (after?.email === 'queued') {
        return en
          ? 'Notified the client by e-mail that the ticket was opened.'
          : 'Notificou o cliente por e-mail sobre a abertura do atendimento.';
      }
      const reason = (after?.reason as Localized | null | undefined)?.[lang];
      const base = en
        ? 'Tried to notify the client by e-mail that the ticket was opened.'
        : 'Tentou notificar o cliente por e-mail sobre a abertura do atendimento.';
      return reason ? `${base} ${reason}` : base;
    }
    case 'file_upload':
      return en
        ? `Attached the file “${after?.name}” (${size(Number(after?.size ?? 0), lang)}).`
        : `Anexou o arquivo “${after?.name}” (${size(Number(after?.size ?? 0), lang)}).`;
    case 'file_delete':
      return en ? `Removed the file “${before?.name}”.` : `Removeu o arquivo “${before?.name}”.`;
    default:
      return null;
  }
}

function describeMove(from: TicketStatus, to: TicketStatus, comment: string | null, lang: Lang): string {
  const en = lang === 'en';
  const base =
    to === 'reopened'
      ? en
        ? `Reopened the ticket (${statusLabel(from, lang)} → ${statusLabel(to, lang)}).`
        : `Reabriu o atendimento (${statusLabel(from, lang)} → ${statusLabel(to, lang)}).`
      : en
        ? `Moved from ${statusLabel(from, lang)} to ${statusLabel(to, lang)}.`
        : `Moveu de ${statusLabel(from, lang)} para ${statusLabel(to, lang)}.`;
  return comment ? `${base} ${en ? 'Comment' : 'Comentário'}: “${comment}”` : base;
}

export async function ticketHistory(
  ctx: AppContext,
  officeId: string,
  ticketId: string,
  lang: Lang,
): Promise<HistoryEntry[]> {
  if (!(await findTicketRow(ctx.db, officeId, ticketId))) throw new TicketsError('not_found');
  const [audit, moves] = await Promise.all([
    getAudit(ctx, officeId, { page: 1, pageSize: 10_000, entity: 'ticket', entityId: ticketId }),
    listMovementRows(ctx.db, officeId, ticketId),
  ]);
  const out: (HistoryEntry & { order: number })[] = [];
  for (const a of audit.items) {
    const text = describeAudit(a.action, a.before, a.after, lang);
    if (text) out.push({ at: a.at, actorName: a.userName, text, order: a.action === 'create' ? 0 : 1 });
  }
  for (const m of moves)
    out.push({
      at: m.at,
      actorName: m.actor_name,
      text: describeMove(m.from_status, m.to_status, m.comment, lang),
      order: 1,
    });
  return out
    .sort((x, y) => x.at.localeCompare(y.at) || x.order - y.order)
    .map(({ order: _order, ...entry }) => entry);
}
