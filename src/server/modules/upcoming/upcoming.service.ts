import type { AppContext } from '../../context.js';
import type { Lang } from '../../http/i18n.js';
import { upcomingSteps } from '../automation/index.js';
import { addDays } from '../br/index.js';
import { clientNames } from '../clients/index.js';
import { upcomingReminders } from '../collection/index.js';
import { civilToInstant } from '../engine/index.js';
import { type Channel, channels } from '../messaging/index.js';
import { getOffice, listUsers } from '../platform/index.js';
import { routineOccurrences } from '../routines/index.js';
import { UpcomingError } from './upcoming.errors.js';
import { MAX_WINDOW_DAYS, type UpcomingEntry, type UpcomingQuery } from './upcoming.schema.js';

const civilOf = (at: Date, timeZone: string) => at.toLocaleDateString('en-CA', { timeZone });

/** Rule steps read per request at most (the calendar of a busy office shows the first ones). */
const MAX_RULE_STEPS = 2000;

/**
 * Próximos envios: what will go out over the window — each active routine's occurrences with the audience
 * its dry run counts, each programação's reminders on its ladder days, and the automation rule steps
 * waiting for their delay or behind an earlier rule (at their earliest time) — merged, in time order, with the filters applied: a client (routines whose
 * audience includes it; its programações; steps about its items), a channel, a responsible (programações
 * and items of that responsible; a routine has no single responsible, so none shows).
 */
export async function upcoming(ctx: AppContext, officeId: string, q: UpcomingQuery, lang: Lang) {
  const office = await getOffice(ctx, officeId);
  const now = ctx.clock.now();
  const today = civilOf(now, office.timeZone);
  const from = q.from ?? today;
  const to = q.to ?? addDays(from, 30);
  if (to < from) throw new UpcomingError('window_reversed');
  if (addDays(from, MAX_WINDOW_DAYS) < to)
    throw new UpcomingError('window_too_long', { params: { max: MAX_WINDOW_DAYS } });

  const start = civilToInstant(from, '00:00', office.timeZone);
  const end = new Date(civilToInstant(addDays(to, 1), '00:00', office.timeZone).getTime() - 1);
  const [routines, reminders, steps, users] = await Promise.all([
    q.responsibleId || end <= now
      ? Promise.resolve([])
      : routineOccurrences(ctx, officeId, { from: start > now ? start : now, to: end, clientId: q.clientId }),
    upcomingReminders(ctx, officeId, { from, to, clientId: q.clientId, responsibleId: q.responsibleId }),
    upcomingSteps(ctx.db, officeId, {
      from: start,
      to: new Date(end.getTime() + 1),
      now,
      limit: MAX_RULE_STEPS,
    }).then((all) =>
      all.filter(
        (s) =>
          (!q.clientId || s.clientId === q.clientId) &&
          (!q.responsibleId || s.responsibleId === q.responsibleId),
      ),
    ),
    listUsers(ctx, officeId, {}),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const stepClients = await clientNames(ctx.db, officeId, [
    ...new Set(steps.flatMap((s) => (s.clientId ? [s.clientId] : []))),
  ]);
  const isChannel = (c: string | null): c is Channel => !!c && (channels as readonly string[]).includes(c);

  const entries: UpcomingEntry[] = [
    ...routines.map(
      (r): UpcomingEntry => ({
        id: `routine:${r.kind}:${r.at}`,
        kind: 'routine',
        day: civilOf(new Date(r.at), office.timeZone),
        at: r.at,
        title: r.title[lang],
        channels: r.channels,
        client: null,
        audience: r.audience,
        audienceTruncated: r.truncated,
        messages: r.messages,
        items: null,
        responsible: null,
        item: null,
        rule: null,
        stop: { kind: 'link', path: r.path },
      }),
    ),
    ...reminders.map(
      (r): UpcomingEntry => ({
        id: `collection:${r.requestId}:${r.day}`,
        kind: 'collection_reminder',
        day: r.day,
        at: null,
        title: r.title,
        channels: r.channels,
        client: { id: r.clientId, name: r.clientName },
        audience: r.contacts,
        audienceTruncated: false,
        messages: null,
        items: r.items,
        responsible: r.responsibleId ? { id: r.responsibleId, name: names.get(r.responsibleId) ?? '' } : null,
        item: null,
        rule: null,
        stop: { kind: 'link', path: r.path },
      }),
    ),
    ...steps.map(
      (s): UpcomingEntry => ({
        id: `rule:${s.runId}`,
        kind: 'rule_step',
        day: civilOf(new Date(s.dueAt), office.timeZone),
        at: s.dueAt,
        title: s.description[lang],
        channels: isChannel(s.channel) ? [s.channel] : [],
        client: s.clientId ? { id: s.clientId, name: stepClients.get(s.clientId) ?? '' } : null,
        audience: null,
        audienceTruncated: false,
        messages: null,
        items: null,
        responsible: s.responsibleId ? { id: s.responsibleId, name: names.get(s.responsibleId) ?? '' } : null,
        item: { title: s.itemTitle, path: s.itemPath },
        rule: {
          id: s.ruleId,
          pipelineId: s.pipeline.id,
          pipeline: s.pipeline.name[lang],
          stage: s.stage.name[lang],
          waiting: s.status === 'waiting',
          waitsFor: s.waitsFor?.[lang] ?? null,
        },
        stop: { kind: 'cancel_run', runId: s.runId },
      }),
    ),
  ]
    .filter((e) => !q.channel || e.channels.includes(q.channel))
    .sort(
      (a, b) =>
        a.day.localeCompare(b.day) || (a.at ?? '').localeCompare(b.at ?? '') || a.id.localeCompare(b.id),
    );

  const perDay = new Map<string, number>();
  for (const e of entries) perDay.set(e.day, (perDay.get(e.day) ?? 0) + 1);
  return { from, to, entries, days: [...perDay].map(([day, count]) => ({ day, count })) };
}
