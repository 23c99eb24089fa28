/**
 * Terminology of Próximos envios.
 *
 * - **Entry**: one thing that will go out (or wake up) on a day: a **routine occurrence** (an active
 *   routine's schedule fires; its audience is what its dry run for that day counts), a **collection
 *   reminder** (the daily reminder of a programação, on a day of its ladder), or a **rule step** (an
 *   automation rule's run waiting for its delay, or in sequence behind an earlier rule of the same stage:
 *   a message, a task, a webhook… about one item).
 * - **Window**: the civil days [from, to] in the office's time zone; by default today and the next 30.
 * - **Stop**: what the office can do to keep an entry from going out: cancel a rule step
 *   (`POST /api/automation/runs/:id/cancel`), or change it on the owner's page (the routine, the
 *   programação).
 * The module owns no table: it asks the modules that own each kind through their index.
 */
import { z } from 'zod';
import { civilDay } from '../../../shared/schemas/fields.js';
import { out } from '../../http/schemas.js';
import { channels } from '../messaging/index.js';

/** The longest window one request may ask for (two months). */
export const MAX_WINDOW_DAYS = 62;

export const upcomingQuery = z.strictObject({
  from: civilDay.optional(),
  to: civilDay.optional(),
  clientId: z.uuid().optional(),
  channel: z.enum(channels).optional(),
  responsibleId: z.uuid().optional(),
});
export type UpcomingQuery = z.output<typeof upcomingQuery>;

export const upcomingKinds = ['routine', 'collection_reminder', 'rule_step'] as const;

export const upcomingEntrySchema = z.object({
  /** Stable within a window: `routine:<kind>:<instant>`, `collection:<programação>:<day>`. */
  id: z.string(),
  kind: z.enum(upcomingKinds),
  /** The office's civil day it goes out on. */
  day: out.date,
  /** The instant, when known (a routine's schedule); a reminder goes with the day's reminder run. */
  at: out.dateTime.nullable(),
  title: z.string(),
  channels: z.array(z.enum(channels)),
  client: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Who it concerns: a routine's audience (its dry run's records), a reminder's contacts. */
  audience: z.number().int().nullable(),
  /** A routine's dry run stopped at its limit: at least `audience`. */
  audienceTruncated: z.boolean(),
  /** Messages a routine's dry run would queue; a reminder's items still asked for go in `items`. */
  messages: z.number().int().nullable(),
  items: z.number().int().nullable(),
  responsible: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** A rule step's item (a ticket, a programação, a process card) and its page. */
  item: z.object({ title: z.string(), path: z.string() }).nullable(),
  /**
   * A rule step's rule: its pipeline and stage (the Automações page is `/automacoes?pipeline=<id>`), and
   * whether it waits in sequence behind an earlier rule (`waitsFor`; then `at` is its earliest time).
   */
  rule: z
    .object({
      id: z.string(),
      pipelineId: z.string(),
      pipeline: z.string(),
      stage: z.string(),
      waiting: z.boolean(),
      waitsFor: z.string().nullable(),
    })
    .nullable(),
  /**
   * How to stop it: `cancel_run` — cancel the rule step (`POST /api/automation/runs/:runId/cancel`);
   * `link` — the routine's page (switch it off), the programação's.
   */
  stop: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('link'), path: z.string() }),
    z.object({ kind: z.literal('cancel_run'), runId: z.string() }),
  ]),
});
export type UpcomingEntry = z.infer<typeof upcomingEntrySchema>;

export const upcomingSchema = z.object({
  from: out.date,
  to: out.date,
  entries: z.array(upcomingEntrySchema),
  /** Entries per day of the window (days with none left out), for the month calendar. */
  days: z.array(z.object({ day: out.date, count: z.number().int() })),
});
