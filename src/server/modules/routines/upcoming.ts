import type { AppContext } from '../../context.js';
import type { Localized } from '../../http/i18n.js';
import { listSchedules, occurrencesBetween } from '../engine/index.js';
import type { Channel } from '../messaging/index.js';
import { getOffice } from '../platform/index.js';
import { routineDefinition } from './define-routine.js';
import { readSettings, referenceDate } from './routine-config.js';
import { listRoutineRows } from './routines.repo.js';
import { previewRoutine } from './routines.service.js';
import { inAudience } from './run-routine.js';

/** One occurrence of an active routine in a window, with what its dry run for that day counts. */
export interface RoutineOccurrence {
  at: string;
  kind: string;
  title: Localized;
  channels: Channel[];
  /** Records the dry run for the occurrence's day handles (clients, contacts…); null if it could not run. */
  audience: number | null;
  /** Messages that dry run would queue. */
  messages: number | null;
  /** The dry run stopped at its preview limit (200 records): the counts are at least these. */
  truncated: boolean;
  /** The routine's page: where to stop it (switch it off or change its schedule). */
  path: string;
}

/** Dry runs per call at most: a daily routine over a month is 31; the rest show without counts. */
const MAX_DRY_RUNS = 93;

/**
 * The occurrences of the office's active, scheduled routines in (from, to], each with the audience count
 * and messages its dry run (Pré-visualizar) gives for that day — run in a transaction that is rolled back,
 * so nothing is sent or written. With `clientId`, only routines whose audience includes that client.
 */
export async function routineOccurrences(
  ctx: AppContext,
  officeId: string,
  window: { from: Date; to: Date; clientId?: string | undefined },
): Promise<RoutineOccurrence[]> {
  const office = await getOffice(ctx, officeId);
  const schedules = new Map((await listSchedules(ctx, officeId)).map((s) => [s.id, s]));
  const out: RoutineOccurrence[] = [];
  let dryRuns = 0;
  for (const row of await listRoutineRows(ctx.db, officeId)) {
    const def = routineDefinition(row.kind);
    const schedule = row.schedule_id ? schedules.get(row.schedule_id) : undefined;
    if (!def || row.active !== 1 || !schedule) continue;
    const settings = readSettings(row, def);
    if (window.clientId) {
      const hit = await ctx.db
        .selectFrom('clients')
        .select('id')
        .where('office_id', '=', officeId)
        .where('id', '=', window.clientId)
        .where(inAudience(settings.audience, 'clients.id'))
        .executeTakeFirst();
      if (!hit) continue;
    }
    for (const at of await occurrencesBetween(ctx, officeId, schedule, window.from, window.to, 62)) {
      let audience: number | null = null;
      let messages: number | null = null;
      let truncated = false;
      if (dryRuns < MAX_DRY_RUNS) {
        dryRuns++;
        try {
          const dry = await previewRoutine(ctx, { officeId, userId: null }, def.kind, {
            date: referenceDate(at, office.timeZone),
          });
          audience = dry.records;
          messages = dry.messages.queued;
          truncated = dry.truncated;
        } catch (err) {
          // A saved configuration that no longer validates: the occurrence shows, without counts.
          ctx.log.warn({ err, kind: def.kind }, 'upcoming: dry run failed');
        }
      }
      out.push({
        at: at.toISOString(),
        kind: def.kind,
        title: def.title,
        channels: settings.channels,
        audience,
        messages,
        truncated,
        path: `/routines/${def.kind}`,
      });
    }
  }
  return out;
}
