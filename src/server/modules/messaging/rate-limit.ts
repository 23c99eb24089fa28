import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Channel } from './messaging.schema.js';

const MINUTE = 60_000;

/**
 * Reserves one send within the office's per-minute limit on `channel`, or says how many milliseconds to
 * wait. The limit holds per calendar minute (at most `limit` sends between hh:mm:00 and hh:mm:59.999),
 * counted in the database, so it holds across every worker on every machine. One upsert, whatever the send
 * rate: the row of the (office, channel) is either in the current minute and below the limit (used + 1),
 * in an older minute (reset to 1), or full (nothing returned).
 *
 * Run it in the transaction that marks the message as sending, so a reservation is kept only with it.
 */
export async function reserveSend(
  db: Db,
  officeId: string,
  channel: Channel,
  limit: number,
  now: Date,
): Promise<number> {
  const windowStart = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const window = new Date(windowStart).toISOString();
  const { rows } = await sql<{ used: number }>`
    insert into rate_windows (office_id, channel, window_start, used)
    values (${officeId}, ${channel}, ${window}, 1)
    on conflict (office_id, channel) do update set
      used = case when rate_windows.window_start = excluded.window_start then rate_windows.used + 1 else 1 end,
      window_start = excluded.window_start
    where rate_windows.window_start <> excluded.window_start or rate_windows.used < ${limit}
    returning used`.execute(db);
  if (rows.length === 1) return 0;
  return Math.max(1000, windowStart + MINUTE - now.getTime());
}
