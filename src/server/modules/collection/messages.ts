import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { CollectionRequestsTable } from '../../db/schema.js';
import { emitEvent } from '../automation/index.js';
import { formatDateBR } from '../br/index.js';
import {
  type ContactRecipientRow,
  contactRecipientColumns,
  recipientOfContactRow,
} from '../clients/index.js';
import { calendarOf, yieldToEventLoop } from '../engine/index.js';
import {
  newSendMemo,
  remember,
  renderTemplate,
  type SendInput,
  type SendMemo,
  send,
  whatsappSettingsOf,
} from '../messaging/index.js';
import { findOffice, getOffice, type Office } from '../platform/index.js';
import { isSettled, type TemplateDefinition } from './collection.schema.js';
import { competenciaLabel, ladderDays } from './due-date.js';
import { addHistory } from './history.js';
import { currentLink } from './links.js';
import { officeToday } from './program-rules.js';
import { loadVersion } from './templates.service.js';

/**
 * The messages of Cobrança de Arquivos: the request when a programação opens (and again on "Enviar nova
 * solicitação ao cliente"), the daily reminders and the overdue event. Every message goes through the
 * outbox with an idempotency key, inside the transaction that records it, so a restart or a retry never
 * sends one twice:
 * - request: `collection-request:<requestId>:<contactId>:<n>` (n: 0 on opening, then each new request);
 * - reminder: `collection-reminder:<contactId>:<date>` — ONE per contact per day, whatever the number of
 *   requests and companies it covers.
 * Channels: e-mail first; WhatsApp when the contact has no e-mail, and as the delivery-time fallback when
 * the e-mail fails for good (messaging's fallback), when the office has WhatsApp set up.
 */

const CHANNELS = ['email', 'whatsapp'] as const;

/**
 * Sends one logical message to a contact: by e-mail (falling back to WhatsApp when the e-mail fails for
 * good, or straight to WhatsApp when the contact has no e-mail) and — when the office has WhatsApp set up
 * and the contact has a number and opted in — on WhatsApp too, under the same key with `:whatsapp`.
 * Returns whether anything new was queued (a duplicate key queues nothing).
 */
async function sendToContact(
  ctx: AppContext,
  db: Db,
  c: ContactRecipientRow,
  input: Omit<SendInput, 'to' | 'channels'>,
  whatsappReady: boolean,
  memo: SendMemo,
): Promise<{ queued: boolean; duplicate: boolean }> {
  const both = whatsappReady && !!c.email && !!c.whatsapp && c.whatsapp_opt_in === 1;
  const first = await send(
    ctx,
    db,
    { ...input, to: recipientOfContactRow(c), channels: both ? ['email'] : [...CHANNELS] },
    memo,
  );
  let queued = first.status === 'queued' && !first.duplicate;
  if (both) {
    const wa = await send(
      ctx,
      db,
      { ...input, to: recipientOfContactRow(c), channels: ['whatsapp'], key: `${input.key}:whatsapp` },
      memo,
    );
    queued ||= wa.status === 'queued' && !wa.duplicate;
  }
  return { queued, duplicate: first.duplicate };
}

/** Whether the office can send on WhatsApp (read once per memo). */
const whatsappReadyOf = (db: Db, officeId: string, memo: SendMemo) =>
  remember(memo, `collection-whatsapp:${officeId}`, async () => !!(await whatsappSettingsOf(db, officeId)));
const SYSTEM = { kind: 'system' as const, id: null, name: 'Sistema' };

/**
 * The variables of a message the model writes (the request, a reminder, the receipt): its subject and body
 * rendered with `vars`, the client's link and the contact's name.
 */
export function modelMessage(
  def: TemplateDefinition,
  kind: 'request' | 'reminder' | 'receipt',
  vars: Record<string, unknown>,
  link: string,
  contactName: string,
) {
  const texts = def.communication;
  return {
    message: {
      subject: renderTemplate(texts[`${kind}Subject`], vars).trim(),
      body: renderTemplate(texts[`${kind}Body`], vars).trim(),
      link,
    },
    contact: { name: contactName },
  };
}

/** The contacts of these clients that can be reached (an e-mail or a WhatsApp number). */
export async function reachableContacts(
  db: Db,
  officeId: string,
  clientIds: string[],
): Promise<ContactRecipientRow[]> {
  if (!clientIds.length) return [];
  const out: ContactRecipientRow[] = [];
  for (let i = 0; i < clientIds.length; i += 1000) {
    out.push(
      ...(await db
        .selectFrom('contacts')
        .select(contactRecipientColumns)
        .where('office_id', '=', officeId)
        .where('client_id', 'in', clientIds.slice(i, i + 1000))
        .where((eb) => eb.or([eb('email', 'is not', null), eb('whatsapp', 'is not', null)]))
        .orderBy('id')
        .execute()),
    );
  }
  return out;
}

/** One person across companies: the same e-mail (or WhatsApp number) is one contact for reminders. */
const personKey = (c: ContactRecipientRow) =>
  c.email ? `e:${c.email.toLowerCase()}` : c.whatsapp ? `w:${c.whatsapp}` : `c:${c.id}`;

export async function clientsById(db: Db, officeId: string, ids: string[]) {
  const map = new Map<string, { name: string; document: string }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('clients')
      .select(['id', 'legal_name', 'document'])
      .where('office_id', '=', officeId)
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) map.set(r.id, { name: r.legal_name, document: r.document });
  }
  return map;
}

const officeVars = (o: Office) => ({ name: o.name, cnpj: o.cnpj, city: o.city, state: o.state });

/** A version's definition, read once per run. */
export function versionCache(db: Db) {
  const cache = new Map<string, Promise<TemplateDefinition>>();
  return (id: string) => {
    let hit = cache.get(id);
    if (!hit) {
      hit = loadVersion(db, id);
      cache.set(id, hit);
    }
    return hit;
  };
}

/** The columns of a programação its request and its reminders are written from. */
export const requestColumns = [
  'id',
  'client_id',
  'competencia',
  'due_date',
  'template_version_id',
  'template_name',
  'notify_count',
] as const;
type RequestToSend = Pick<Selectable<CollectionRequestsTable>, (typeof requestColumns)[number]>;

export async function openItems(db: Db, requestIds: string[]) {
  const rows = requestIds.length
    ? await db
        .selectFrom('collection_request_items')
        .select(['request_id', 'name', 'instructions', 'requirement', 'kind', 'state', 'send_later_on'])
        .where('request_id', 'in', requestIds)
        .orderBy('request_id')
        .orderBy('position')
        .execute()
    : [];
  const by = new Map<string, typeof rows>();
  for (const r of rows) by.set(r.request_id, [...(by.get(r.request_id) ?? []), r]);
  return by;
}

/** Requests per read of {@link withOpenItems}. */
const ITEMS_PER_READ = 500;

/**
 * Each request with its open items, read {@link ITEMS_PER_READ} requests at a time; the event loop gets a
 * turn between reads (the reminder and the upcoming list pass over every open programação of an office).
 */
export async function* withOpenItems<R extends { id: string }>(db: Db, requests: readonly R[]) {
  for (let i = 0; i < requests.length; i += ITEMS_PER_READ) {
    const slice = requests.slice(i, i + ITEMS_PER_READ);
    const items = await openItems(
      db,
      slice.map((r) => r.id),
    );
    for (const r of slice) yield [r, items.get(r.id) ?? []] as const;
    await yieldToEventLoop();
  }
}

/**
 * Sends a request's message to each reachable contact of its client (inside `db`, the caller's
 * transaction). `n` distinguishes a new request (Enviar nova solicitação) from the first one.
 */
async function sendRequestMessages(
  ctx: AppContext,
  db: Db,
  office: Office,
  r: RequestToSend,
  def: TemplateDefinition,
  client: { name: string; document: string },
  contacts: ContactRecipientRow[],
  items: { name: string; instructions: string; kind: string; state: string }[],
  n: number,
  memo: SendMemo,
) {
  const asked = items.filter((i) => i.kind === 'file' && i.state === 'pending');
  let sent = 0;
  for (const c of contacts) {
    const link = await currentLink(ctx, db, office.id, c.id);
    const vars = {
      office: officeVars(office),
      contact: { name: c.name },
      client: { name: client.name, document: client.document },
      competencia: competenciaLabel(r.competencia),
      dueDate: r.due_date,
      service: def.name,
      link: link.url,
      items: asked.map((i) => ({ name: i.name, instructions: i.instructions })),
      summary: asked.map((i) => `• ${i.name}`).join('\n'),
    };
    const out = await sendToContact(
      ctx,
      db,
      c,
      {
        officeId: office.id,
        template: 'collection.request',
        vars: modelMessage(def, 'request', vars, link.url, c.name),
        key: `collection-request:${r.id}:${c.id}:${n}`,
        cause: { kind: 'collection_request', id: r.id },
      },
      await whatsappReadyOf(db, office.id, memo),
      memo,
    );
    if (out.queued) sent++;
  }
  return sent;
}

/**
 * Sends the request of every programação of the office not yet sent (`request_sent_at` null), a hundred
 * per slice, each request in its own transaction with its history line.
 */
export async function sendPendingRequests(ctx: AppContext, officeId: string): Promise<number> {
  const office = await getOffice(ctx, officeId);
  const memo = newSendMemo();
  const version = versionCache(ctx.db);
  let total = 0;
  for (;;) {
    const batch = await ctx.db
      .selectFrom('collection_requests')
      .select(requestColumns)
      .where('office_id', '=', officeId)
      .where('request_sent_at', 'is', null)
      .where('status', 'in', ['open', 'started'])
      .orderBy('id')
      .limit(100)
      .execute();
    if (!batch.length) break;
    const clients = await clientsById(ctx.db, officeId, [...new Set(batch.map((b) => b.client_id))]);
    const contacts = await reachableContacts(ctx.db, officeId, [...clients.keys()]);
    const items = await openItems(
      ctx.db,
      batch.map((b) => b.id),
    );
    for (const r of batch) {
      const def = await version(r.template_version_id);
      const mine = contacts.filter((c) => c.client_id === r.client_id);
      await ctx.db.transaction().execute(async (trx) => {
        const now = ctx.clock.now().toISOString();
        // Guarded: a concurrent sender that got here first leaves nothing for this one.
        const claimed = await trx
          .updateTable('collection_requests')
          .set({ request_sent_at: now })
          .where('id', '=', r.id)
          .where('request_sent_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== 1) return;
        const sent = await sendRequestMessages(
          ctx,
          trx,
          office,
          r,
          def,
          clients.get(r.client_id) ?? { name: '', document: '' },
          mine,
          items.get(r.id) ?? [],
          0,
          memo,
        );
        total += sent;
        await addHistory(trx, [
          {
            officeId,
            requestId: r.id,
            action: mine.length ? 'request_sent' : 'request_not_sent',
            params: { count: sent },
            actor: SYSTEM,
            at: now,
          },
        ]);
      });
    }
    await yieldToEventLoop();
  }
  return total;
}

/** "Enviar nova solicitação ao cliente": the request again, with the items still asked for. */
export async function sendRequestAgain(
  ctx: AppContext,
  db: Db,
  officeId: string,
  requestId: string,
  actor: { kind: 'staff'; id: string | null; name: string },
): Promise<{ messages: number; skipped: number }> {
  const office = await findOffice(db, officeId);
  const r = await db
    .selectFrom('collection_requests')
    .select(requestColumns)
    .where(officeRow(officeId, requestId))
    .executeTakeFirstOrThrow();
  const def = await loadVersion(db, r.template_version_id);
  const clients = await clientsById(db, officeId, [r.client_id]);
  const contacts = await reachableContacts(db, officeId, [r.client_id]);
  const items = (await openItems(db, [r.id])).get(r.id) ?? [];
  const n = r.notify_count + 1;
  const now = ctx.clock.now().toISOString();
  await db
    .updateTable('collection_requests')
    .set({ notify_count: n, request_sent_at: r.notify_count === 0 ? now : undefined, updated_at: now })
    .where('id', '=', r.id)
    .execute();
  const sent = await sendRequestMessages(
    ctx,
    db,
    office!,
    r,
    def,
    clients.get(r.client_id) ?? { name: '', document: '' },
    contacts,
    items,
    n,
    newSendMemo(),
  );
  await addHistory(db, [
    { officeId, requestId, action: 'notified', params: { count: sent }, actor, at: now },
  ]);
  return { messages: sent, skipped: contacts.length - sent };
}

/** Whether an item is still to be asked for on `day`. */
export const remindable = (i: { kind: string; state: string; send_later_on: string | null }, day: string) =>
  i.kind === 'file' &&
  (i.state === 'pending' || (i.state === 'will_send_later' && !!i.send_later_on && i.send_later_on <= day));

export interface ReminderResult {
  day: string;
  /** Messages created this run (a retry of the same day creates none). */
  messages: number;
  requests: number;
  overdue: number;
}

/**
 * The daily reminders of an office for `day` (its civil date): first the requests not sent yet; then every
 * open programação whose ladder (business days from its due date) includes `day` — or whose client
 * promised an item for `day` ("Vou enviar depois") — and that still has items to ask for is gathered by
 * contact into ONE message per contact; last, each programação past its due date with items pending
 * emits `collection.request_overdue`, once.
 */
export async function runReminders(ctx: AppContext, officeId: string, day?: string): Promise<ReminderResult> {
  await sendPendingRequests(ctx, officeId);
  const office = await getOffice(ctx, officeId);
  const today = day ?? officeToday(ctx, office.timeZone);
  const calendar = calendarOf(office);
  const version = versionCache(ctx.db);
  const result: ReminderResult = { day: today, messages: 0, requests: 0, overdue: 0 };

  const open = await ctx.db
    .selectFrom('collection_requests')
    .select([...requestColumns, 'overdue_at', 'status'])
    .where('office_id', '=', officeId)
    .where('status', 'in', ['open', 'started'])
    .where('request_sent_at', 'is not', null)
    .orderBy('due_date')
    .orderBy('id')
    .execute();

  const due: { r: (typeof open)[number]; names: string[]; def: TemplateDefinition }[] = [];
  const overdue: string[] = [];
  for await (const [r, list] of withOpenItems(ctx.db, open)) {
    const asked = list.filter((it) => remindable(it, today));
    const promisedToday = list.some((it) => it.state === 'will_send_later' && it.send_later_on === today);
    if (r.due_date < today && !r.overdue_at && list.some((it) => it.kind === 'file' && !isSettled(it.state)))
      overdue.push(r.id);
    if (!asked.length) continue;
    const def = await version(r.template_version_id);
    const ladder = ladderDays(r.due_date, def.reminderOffsets, calendar);
    if (!ladder.includes(today) && !promisedToday) continue;
    due.push({ r, names: asked.map((a) => a.name), def });
  }
  result.requests = due.length;

  if (due.length) {
    const clients = await clientsById(ctx.db, officeId, [...new Set(due.map((d) => d.r.client_id))]);
    const contacts = await reachableContacts(ctx.db, officeId, [...clients.keys()]);
    // Gather by person: one message per contact per day across every company it answers for.
    const groups = new Map<string, { contact: ContactRecipientRow; entries: typeof due }>();
    for (const d of due) {
      for (const c of contacts.filter((c) => c.client_id === d.r.client_id)) {
        const key = personKey(c);
        const g = groups.get(key) ?? { contact: c, entries: [] };
        if (c.id < g.contact.id) g.contact = c;
        if (!g.entries.includes(d)) g.entries.push(d);
        groups.set(key, g);
      }
    }
    // The person's key contact is the same every day (its first contact row in the office, whichever
    // companies are due today), so the day's key — and its link — never depend on what is pending.
    const emails = [...groups.keys()].filter((k) => k.startsWith('e:')).map((k) => k.slice(2));
    for (let i = 0; i < emails.length; i += 500) {
      const rows = await ctx.db
        .selectFrom('contacts')
        .select(contactRecipientColumns)
        .where('office_id', '=', officeId)
        .where((eb) => eb(eb.fn('lower', ['email']), 'in', emails.slice(i, i + 500)))
        .execute();
      for (const c of rows) {
        const g = groups.get(personKey(c));
        if (g && c.id < g.contact.id) g.contact = c;
      }
    }
    const memo = newSendMemo();
    for (const g of groups.values()) {
      const first = g.entries[0]!;
      const client = clients.get(first.r.client_id)!;
      await ctx.db.transaction().execute(async (trx) => {
        const link = await currentLink(ctx, trx, officeId, g.contact.id);
        const summary = g.entries
          .map(
            (e) =>
              `${clients.get(e.r.client_id)?.name} — ${e.r.template_name} ${competenciaLabel(e.r.competencia)} (vence ${formatDateBR(e.r.due_date)}):\n${e.names.map((n) => `  • ${n}`).join('\n')}`,
          )
          .join('\n\n');
        const vars = {
          office: officeVars(office),
          contact: { name: g.contact.name },
          client: { name: client.name, document: client.document },
          competencia: competenciaLabel(first.r.competencia),
          dueDate: first.r.due_date,
          service: first.def.name,
          link: link.url,
          items: g.entries.flatMap((e) => e.names.map((name) => ({ name, instructions: '' }))),
          summary,
        };
        const out = await sendToContact(
          ctx,
          trx,
          g.contact,
          {
            officeId,
            template: 'collection.reminder',
            vars: modelMessage(first.def, 'reminder', vars, link.url, g.contact.name),
            key: `collection-reminder:${g.contact.id}:${today}`,
            cause: { kind: 'collection_reminder', id: g.contact.id },
          },
          await whatsappReadyOf(trx, officeId, memo),
          memo,
        );
        if (out.duplicate) return;
        result.messages++;
        const now = ctx.clock.now().toISOString();
        await addHistory(
          trx,
          g.entries.map((e) => ({
            officeId,
            requestId: e.r.id,
            action: 'reminder_sent' as const,
            actor: SYSTEM,
            at: now,
          })),
        );
      });
    }
  }

  for (const id of overdue) {
    await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now().toISOString();
      const claimed = await trx
        .updateTable('collection_requests')
        .set({ overdue_at: now })
        .where('id', '=', id)
        .where('overdue_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      const r = open.find((o) => o.id === id)!;
      await emitEvent(ctx, trx, {
        officeId,
        type: 'collection.request_overdue',
        entity: 'collection_request',
        entityId: id,
        payload: { competencia: r.competencia, dueDate: r.due_date, clientId: r.client_id, day: today },
      });
      await addHistory(trx, [{ officeId, requestId: id, action: 'overdue', actor: SYSTEM, at: now }]);
      result.overdue++;
    });
  }
  return result;
}
