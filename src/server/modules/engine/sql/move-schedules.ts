import { sql } from 'kysely';
import type { Db, DialectName } from '../../../db/database.js';

/** One schedule's step forward: from the `next_fire_at` this scheduler read, to its new one. */
export interface ScheduleMove {
  id: string;
  /** The `next_fire_at` the scheduler read: the guard. */
  from: string;
  next: string | null;
  last: string;
}

/**
 * Moves many schedules' `next_fire_at` on in one statement, each guarded by the value its scheduler read:
 * a row changes only if no other scheduler moved it first (and it is not paused). Returns the ids this
 * call moved — the schedules whose due occurrences this scheduler, and only it, now records.
 */
export async function moveSchedules(
  db: Db,
  dialect: DialectName,
  moves: readonly ScheduleMove[],
  now: Date,
): Promise<Set<string>> {
  if (moves.length === 0) return new Set();
  const json = JSON.stringify(moves);
  const at = now.toISOString();
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ id: string }>`
          update schedules set next_fire_at = m.next, last_fire_at = m.last, updated_at = ${at}
          from jsonb_to_recordset(cast(${json} as jsonb)) as m(id text, "from" text, next text, last text)
          where schedules.id = m.id and schedules.next_fire_at = m."from" and schedules.paused = 0
          returning schedules.id`.execute(db)
      : // SQLite: the unary `+` keeps the planner off the due index (next_fire_at, paused), which it would
        // otherwise walk for every element of the array: one primary-key lookup per move instead.
        await sql<{ id: string }>`
          update schedules set next_fire_at = m.value ->> 'next', last_fire_at = m.value ->> 'last',
            updated_at = ${at}
          from json_each(${json}) as m
          where schedules.id = m.value ->> 'id' and +schedules.next_fire_at = m.value ->> 'from'
            and +schedules.paused = 0
          returning id`.execute(db);
  return new Set(rows.map((r) => r.id));
}
