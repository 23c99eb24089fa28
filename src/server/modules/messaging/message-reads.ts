import { type Expression, PostgresAdapter, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { prepared } from '../../db/prepared.js';
import type { MessageRow } from '../../db/schema.js';
import { attemptOfFence, holdsAttempt } from '../engine/index.js';

interface Pending {
  ids: Map<string, ((row: MessageRow | null) => void)[]>;
  fail: ((err: unknown) => void)[];
}

/** Reads waiting for the next turn of the event loop, per database handle. */
const pending = new WeakMap<Db, Pending>();

/** Messages per statement: well under SQLite's bound-parameter limit. */
const PER_STATEMENT = 500;

/**
 * The message a delivery is about, if it is still to be delivered (`queued`, or `sending` by an attempt
 * that was cut). The deliveries a worker starts together — the jobs of one claim, up to its concurrency —
 * ask in the same turn of the event loop; their reads are gathered into one `SELECT … WHERE id IN (…)`,
 * so on PostgreSQL a claimed batch costs one round trip to read its messages instead of one per message.
 * A plain read outside any transaction, as each delivery's own read was: what it sees is re-checked by the
 * fenced take (`takeForSend`) before the provider is called.
 */
export function readMessageToDeliver(db: Db, id: string): Promise<MessageRow | null> {
  return new Promise((resolve, reject) => {
    let p = pending.get(db);
    if (!p) {
      p = { ids: new Map(), fail: [] };
      pending.set(db, p);
      setImmediate(() => void flush(db));
    }
    const waiting = p.ids.get(id);
    if (waiting) waiting.push(resolve);
    else p.ids.set(id, [resolve]);
    p.fail.push(reject);
  });
}

async function flush(db: Db) {
  const p = pending.get(db);
  pending.delete(db);
  if (!p) return;
  try {
    const ids = [...p.ids.keys()];
    const found = new Map<string, MessageRow>();
    for (let i = 0; i < ids.length; i += PER_STATEMENT) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + PER_STATEMENT))
        .where('status', 'in', ['queued', 'sending'])
        .execute();
      for (const r of rows) found.set(r.id, r);
    }
    for (const [id, resolves] of p.ids) for (const resolve of resolves) resolve(found.get(id) ?? null);
  } catch (err) {
    for (const reject of p.fail) reject(err);
  }
}

interface Take {
  id: string;
  fence: Expression<SqlBool>;
  now: string;
  resolve(row: { possible_duplicate: number } | null): void;
  reject(err: unknown): void;
}

const takes = new WeakMap<Db, Take[]>();

/**
 * The fenced take of `takeForSend` (deliver.job.ts): `sending`, one more attempt, for each message of `list`
 * still held by its own attempt (`each`: its fence, and for the read-and-take below its office too), in
 * one statement.
 */
function takeStatement<T extends Pick<Take, 'id' | 'fence' | 'now'>>(
  db: Db,
  list: readonly T[],
  each: (t: T) => Expression<SqlBool> = (t) => t.fence,
) {
  const now = list.reduce((m, t) => (t.now > m ? t.now : m), list[0]!.now);
  return db
    .updateTable('messages')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      // The right-hand side reads the row as it was before this statement.
      possible_duplicate: eb
        .case()
        .when('status', '=', 'sending')
        .then(1)
        .else(eb.ref('possible_duplicate'))
        .end(),
      updated_at: now,
    }))
    .where('status', 'in', ['queued', 'sending'])
    .where((eb) => eb.or(list.map((t) => eb.and([eb('id', '=', t.id), each(t)]))));
}

/**
 * Takes a message for its provider call, fenced by the delivery's attempt (`fence`: the job's
 * `holdsJob`); null when the attempt lost its job or the message was dealt with meanwhile. On PostgreSQL
 * the takes of one turn of the event loop — the deliveries of one claim reach this point together — are
 * one `UPDATE … WHERE (id = $1 AND <fence 1>) OR (id = $2 AND <fence 2>) … RETURNING`: each row still
 * carries its own attempt's fence, so a take is granted exactly as its own statement would grant it, in one
 * round trip for the lot. SQLite runs each take at once (its statements cost no round trip).
 */
export function takeMessage(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  id: string,
  fence: Expression<SqlBool>,
  now: string,
): Promise<{ possible_duplicate: number } | null> {
  const one = { id, fence, now, resolve: () => {}, reject: () => {} };
  if (dialect === 'sqlite')
    return takeStatement(db, [one])
      .returning(['id', 'possible_duplicate'])
      .executeTakeFirst()
      .then((r) => r ?? null);
  return new Promise((resolve, reject) => {
    let list = takes.get(db);
    if (!list) {
      list = [];
      takes.set(db, list);
      setImmediate(() => void flushTakes(db));
    }
    // The same message twice in one turn (never expected): the second goes alone, after, as it would have.
    if (list.some((t) => t.id === id)) {
      setImmediate(() =>
        takeStatement(db, [one])
          .returning(['id', 'possible_duplicate'])
          .executeTakeFirst()
          .then((r) => resolve(r ?? null), reject),
      );
      return;
    }
    list.push({ ...one, resolve, reject });
  });
}

async function flushTakes(db: Db) {
  const list = takes.get(db);
  takes.delete(db);
  if (!list?.length) return;
  try {
    const rows = await takeStatement(db, list).returning(['id', 'possible_duplicate']).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const t of list) t.resolve(byId.get(t.id) ?? null);
  } catch (err) {
    for (const t of list) t.reject(err);
  }
}

interface ReadTake extends Omit<Take, 'resolve'> {
  /** The office the delivery's job names: only a message of that office is taken. */
  officeId: string;
  resolve(row: MessageRow | null): void;
}

const readTakes = new WeakMap<Db, ReadTake[]>();

/**
 * PostgreSQL: reads an e-mail and takes it for its provider call in one fenced statement — for a delivery
 * that knows, before reading, that the call follows at once (deliver.job.ts: an e-mail of an office whose
 * SMTP settings it holds, with no per-minute limit to reserve). As `takeMessage`, the reads-and-takes of
 * one turn of the event loop (the deliveries of one claim) are one `UPDATE … WHERE (id = $1 AND
 * <fence 1>) OR … RETURNING *`, each row under its own attempt's fence; a claimed group costs one round trip
 * where a read and a take cost two. Only a message of that office and channel is taken: null when the
 * message is not one (the caller then reads it the usual way), or is no longer to be delivered, or the
 * attempt lost its job. The row comes back as the take left it (`sending`, its attempts counted).
 */
export function readAndTakeMessage(
  db: Db,
  id: string,
  officeId: string,
  fence: Expression<SqlBool>,
  now: string,
): Promise<MessageRow | null> {
  return new Promise((resolve, reject) => {
    let list = readTakes.get(db);
    if (!list) {
      list = [];
      readTakes.set(db, list);
      setImmediate(() => void flushReadTakes(db));
    }
    const one = { id, officeId, fence, now, resolve, reject };
    // The same message twice in one turn (never expected): the second goes alone, after.
    if (list.some((t) => t.id === id)) {
      setImmediate(() => readAndTakeNow(db, [one]).catch(reject));
      return;
    }
    list.push(one);
  });
}

/**
 * The read-and-take of many e-mails as one SQL text, whatever their number: the rows to take come as arrays,
 * each id with its office and its attempt's ids at the same position, and each row is fenced by its own
 * attempt exactly as its `holdsJob` fences it (attempt-fence.ts in the engine) — so the statement is
 * prepared once per connection (`prepared`, a named statement) instead of parsed for every claimed group,
 * and the worker builds no condition per row. The rows are found by primary key (`id = any(…)`) and a row's
 * office and attempt are looked up by its id's position (`array_position`; the ids are distinct), with no
 * join whose size the planner would have to guess. The ids' array is bound through a one-row subquery
 * (`(select $1)`, an InitPlan): a custom plan then cannot see the array's length any more than the generic
 * plan can, so both cost alike and PostgreSQL keeps the generic plan after its first five runs on a
 * connection instead of planning every run — which it did while a custom plan, seeing an array of four,
 * looked cheaper than the generic plan's assumed ten (docs/benchmarks.md, session 15). The fence is the
 * engine's own condition (`holdsAttempt`).
 */
const readAndTakeEmails = prepared(
  (db: Db, ids: string[], offices: string[], jobs: string[], attemptIds: string[], now: string) => ({
    compile: () => {
      const at = sql`array_position(cast(${ids} as text[]), messages.id)`;
      return sql<MessageRow>`update messages set status = 'sending', attempts = attempts + 1,
          possible_duplicate = case when status = 'sending' then 1 else possible_duplicate end,
          updated_at = ${now}
        where messages.id = any(cast((select cast(${ids} as text[])) as text[])) and channel = 'email'
          and status in ('queued', 'sending')
          and office_id = (cast(${offices} as text[]))[${at}]
          and ${holdsAttempt(sql`(cast(${jobs} as text[]))[${at}]`, sql`(cast(${attemptIds} as text[]))[${at}]`)}
        returning messages.*`.compile(db);
    },
  }),
);

async function readAndTakeNow(db: Db, list: readonly ReadTake[]) {
  const attempts = list.map((t) => attemptOfFence(t.fence));
  const arrays = db.getExecutor().adapter instanceof PostgresAdapter;
  const rows =
    arrays && attempts.every((a) => a !== undefined)
      ? await readAndTakeEmails.rows(
          db,
          list.map((t) => t.id),
          list.map((t) => t.officeId),
          attempts.map((a) => a.jobId),
          attempts.map((a) => a.attemptId),
          list.reduce((m, t) => (t.now > m ? t.now : m), list[0]!.now),
        )
      : // SQLite, or a fence of another kind: written into the statement, once per row.
        await takeStatement(db, list, (t) => sql<SqlBool>`office_id = ${t.officeId} and ${t.fence}`)
          .where('channel', '=', 'email')
          .returningAll()
          .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const t of list) t.resolve(byId.get(t.id) ?? null);
}

async function flushReadTakes(db: Db) {
  const list = readTakes.get(db);
  readTakes.delete(db);
  if (!list?.length) return;
  try {
    await readAndTakeNow(db, list);
  } catch (err) {
    for (const t of list) t.reject(err);
  }
}

/**
 * The latest message received from any of `addresses` (a client's WhatsApp and phone numbers, its
 * e-mails), optionally on one channel: what the client last said (Automações, "Última mensagem").
 */
export async function lastInboundFrom(
  db: Db,
  officeId: string,
  addresses: readonly string[],
  channel?: 'whatsapp' | 'sms' | 'email',
): Promise<{ id: string; channel: string; from: string; body: string; receivedAt: string } | null> {
  const list = [...new Set(addresses.filter(Boolean))];
  if (list.length === 0) return null;
  let q = db
    .selectFrom('inbound_messages')
    .select(['id', 'channel', 'from_address', 'body', 'received_at'])
    .where('office_id', '=', officeId)
    .where('from_address', 'in', list);
  if (channel) q = q.where('channel', '=', channel);
  const row = await q.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row
    ? {
        id: row.id,
        channel: row.channel,
        from: row.from_address,
        body: row.body,
        receivedAt: row.received_at,
      }
    : null;
}
