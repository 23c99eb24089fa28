import type { AppContext } from '../../context.js';
import { calendarOf } from '../engine/index.js';
import { whatsappSettingsOf } from '../messaging/index.js';
import { getOffice } from '../platform/index.js';
import { competenciaLabel, ladderDays } from './due-date.js';
import {
  clientsById,
  reachableContacts,
  remindable,
  requestColumns,
  versionCache,
  withOpenItems,
} from './messages.js';
import { officeToday } from './program-rules.js';

/** One reminder the daily run will send for a programação on a day, as things stand now. */
export interface UpcomingReminder {
  day: string;
  requestId: string;
  clientId: string;
  clientName: string;
  /** "Documentos mensais 11/2026". */
  title: string;
  responsibleId: string | null;
  /** The client's contacts that would get it (an e-mail or a WhatsApp number). */
  contacts: number;
  channels: ('email' | 'whatsapp')[];
  /** The items still asked for that day. */
  items: number;
  /** The programação's page: where to stop it (receive, dispense or cancel). */
  path: string;
}

/**
 * The reminders the ladder will send per programação and day in [from, to] (civil days; never before the
 * office's today), computed as `runReminders` decides them: an open programação whose request went out,
 * with items still to ask for on that day, on a ladder day (business days from its due date) or a day the
 * client promised an item for. A forecast from today's state: an item received meanwhile drops out.
 */
export async function upcomingReminders(
  ctx: AppContext,
  officeId: string,
  window: { from: string; to: string; clientId?: string | undefined; responsibleId?: string | undefined },
): Promise<UpcomingReminder[]> {
  const office = await getOffice(ctx, officeId);
  const calendar = calendarOf(office);
  const today = officeToday(ctx, office.timeZone);
  const from = window.from < today ? today : window.from;
  if (from > window.to) return [];
  let q = ctx.db
    .selectFrom('collection_requests')
    .select([...requestColumns, 'responsible_id'])
    .where('office_id', '=', officeId)
    .where('status', 'in', ['open', 'started'])
    .where('request_sent_at', 'is not', null);
  if (window.clientId) q = q.where('client_id', '=', window.clientId);
  if (window.responsibleId) q = q.where('responsible_id', '=', window.responsibleId);
  const open = await q.orderBy('due_date').orderBy('id').execute();
  if (!open.length) return [];

  const version = versionCache(ctx.db);
  const clientIds = [...new Set(open.map((r) => r.client_id))];
  const clients = await clientsById(ctx.db, officeId, clientIds);
  const whatsappReady = !!(await whatsappSettingsOf(ctx.db, officeId));
  const reach = new Map<string, { contacts: number; channels: Set<'email' | 'whatsapp'> }>();
  for (const c of await reachableContacts(ctx.db, officeId, clientIds)) {
    const r = reach.get(c.client_id) ?? { contacts: 0, channels: new Set() };
    r.contacts++;
    if (c.email) r.channels.add('email');
    if (whatsappReady && c.whatsapp && (!c.email || c.whatsapp_opt_in === 1)) r.channels.add('whatsapp');
    reach.set(c.client_id, r);
  }

  const out: UpcomingReminder[] = [];
  for await (const [r, list] of withOpenItems(ctx.db, open)) {
    if (!list.some((it) => remindable(it, window.to))) continue;
    const def = await version(r.template_version_id);
    const days = new Set(ladderDays(r.due_date, def.reminderOffsets, calendar));
    for (const it of list) if (it.state === 'will_send_later' && it.send_later_on) days.add(it.send_later_on);
    for (const day of [...days].sort()) {
      if (day < from || day > window.to) continue;
      const asked = list.filter((it) => remindable(it, day));
      if (!asked.length) continue;
      const client = clients.get(r.client_id);
      const contact = reach.get(r.client_id);
      out.push({
        day,
        requestId: r.id,
        clientId: r.client_id,
        clientName: client?.name ?? '',
        title: `${r.template_name} ${competenciaLabel(r.competencia)}`,
        responsibleId: r.responsible_id,
        contacts: contact?.contacts ?? 0,
        channels: [...(contact?.channels ?? [])].sort(),
        items: asked.length,
        path: `/collection/requests/${r.id}`,
      });
    }
  }
  return out.sort((a, b) => a.day.localeCompare(b.day) || a.requestId.localeCompare(b.requestId));
}
