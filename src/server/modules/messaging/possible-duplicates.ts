import type { Db } from '../../db/database.js';

/**
 * How many messages may have reached their recipient twice: an earlier delivery attempt was cut after the
 * provider was called and before its answer was recorded (the engine's documented duplicate window). For
 * `/metrics` (all offices) or one office. Served by a partial index: such messages are rare.
 */
export async function countPossibleDuplicates(db: Db, officeId?: string): Promise<number> {
  let q = db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('possible_duplicate', '=', 1);
  if (officeId) q = q.where('office_id', '=', officeId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
