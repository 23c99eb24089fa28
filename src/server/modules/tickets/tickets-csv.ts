import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../../context.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { formatDateBR, formatDateTimeBR } from '../br/index.js';
import { statusLabel } from './status-machine.js';
import { toTicket } from './ticket-view.js';
import { iterateTicketRows } from './tickets.repo.js';
import type { Ticket, TicketExportQuery } from './tickets.schema.js';
import { resolveFilter, type Viewer } from './tickets.service.js';
import { workCalendarOf } from './work-calendar.js';

/** The grid's columns first (as the seed lists them, Opções aside), then the other fields. */
const columns: [Localized, (t: Ticket, lang: Lang, tz: string) => string][] = [
  [{ 'pt-BR': 'Número', en: 'Number' }, (t) => String(t.number)],
  [{ 'pt-BR': 'Solicitante', en: 'Requester' }, (t) => t.clientName],
  [{ 'pt-BR': 'Assunto', en: 'Subject' }, (t) => t.subject],
  [{ 'pt-BR': 'Responsável', en: 'Responsible' }, (t) => t.responsibleName ?? ''],
  [{ 'pt-BR': 'Data de Abertura', en: 'Opened at' }, (t, _l, tz) => formatDateTimeBR(t.openedAt, tz)],
  [{ 'pt-BR': 'Atualizado', en: 'Updated at' }, (t, _l, tz) => formatDateTimeBR(t.updatedAt, tz)],
  [{ 'pt-BR': 'Valor (R$)', en: 'Value (R$)' }, (t, lang) => money(t.valueCents, lang)],
  [{ 'pt-BR': 'Serviço', en: 'Service' }, (t) => t.serviceName ?? ''],
  [{ 'pt-BR': 'Status', en: 'Status' }, (t, lang) => statusLabel(t.status, lang)],
  [
    { 'pt-BR': 'Tipo', en: 'Kind' },
    (t, lang) =>
      t.kind === 'debt_collection'
        ? lang === 'en'
          ? 'Debt collection'
          : 'Cobrança de débito'
        : lang === 'en'
          ? 'Service request'
          : 'Atendimento',
  ],
  [{ 'pt-BR': 'Contador', en: 'Accountant' }, (t) => t.accountantName ?? ''],
  [{ 'pt-BR': 'Vencimento', en: 'Due date' }, (t) => (t.dueDate ? formatDateBR(t.dueDate) : '')],
  [
    { 'pt-BR': 'Valor do débito (R$)', en: 'Debt amount (R$)' },
    (t, lang) => (t.debtCents === null ? '' : money(t.debtCents, lang)),
  ],
  [
    { 'pt-BR': 'SLA atrasado', en: 'SLA overdue' },
    (t, lang) => (t.sla.overdue ? (lang === 'en' ? 'yes' : 'sim') : lang === 'en' ? 'no' : 'não'),
  ],
];

/** A number a spreadsheet reads: `1234,56` in pt-BR, `1234.56` in English. */
function money(cents: number, lang: Lang): string {
  const text = (cents / 100).toFixed(2);
  return lang === 'en' ? text : text.replace('.', ',');
}

/** A leading = + - @ (or tab/CR) would make a spreadsheet evaluate the cell: neutralise it (CSV injection). */
const formulaSafe = (v: string) => v.replace(/^[=+\-@\t\r]/, "'$&");

/**
 * Streams the tickets matching the grid's filters and sort as CSV: `;`-separated (`,` in English), UTF-8
 * with BOM so spreadsheet apps read accents, formula-safe cells, dates in the office's time zone.
 */
export async function* exportTicketsCsv(
  ctx: AppContext,
  viewer: Viewer,
  q: TicketExportQuery,
  lang: Lang,
): AsyncGenerator<string> {
  const delimiter = lang === 'en' ? ',' : ';';
  const [filter, wc] = await Promise.all([
    resolveFilter(ctx, viewer, q),
    workCalendarOf(ctx.db, viewer.officeId),
  ]);
  const now = ctx.clock.now();
  yield `\uFEFF${stringify([columns.map(([h]) => h[lang])], { delimiter })}`;
  for await (const batch of iterateTicketRows(ctx.db, filter, q.sort, q.order)) {
    const rows = batch.map((r) => {
      const t = toTicket(r, wc, now);
      return columns.map(([, cell]) => formulaSafe(cell(t, lang, wc.timeZone)));
    });
    yield stringify(rows, { delimiter });
  }
}
