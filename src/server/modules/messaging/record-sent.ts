import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db, DialectName } from '../../db/database.js';

/**
 * A provider's acceptance of one message, to record: `sent`, when, and the provider's id for it — fenced
 * by the delivery's attempt (`fence`: the job's `holdsJob`), and only over the `sending` the attempt's take
 * set, so a stale attempt (rescued, its job run again elsewhere) records nothing.
 */
export interface Acceptance {
  id: string;
  providerId: string;
  at: string;
  fence: Expression<SqlBool>;
}

interface Waiting extends Acceptance {
  resolve(): void;
  reject(err: unknown): void;
}

interface Recorder {
  /** Acceptances waiting for the next statement. */
  queue: Waiting[];
  /** A statement is in flight: what arrives meanwhile goes in the next one, sent when it returns. */
  busy: boolean;
}

const recorders = new WeakMap<Db, Recorder>();

/** At most this many acceptances per statement (each brings its fence's two parameters). */
const PER_STATEMENT = 200;

/** `case when id = … then … else <column> end`: each row's own value in one statement. */
const perRow = (list: readonly Acceptance[], column: string, value: (a: Acceptance) => string) =>
  sql<string>`case ${sql.join(
    list.map((a) => sql`when id = ${a.id} then ${value(a)}`),
    sql` `,
  )} else ${sql.ref(column)} end`;

function statement(db: Db, list: readonly Acceptance[]) {
  const one = list.length === 1 ? list[0]! : null;
  return db
    .updateTable('messages')
    .set({
      status: 'sent',
      sent_at: one ? one.at : perRow(list, 'sent_at', (a) => a.at),
      provider_message_id: one ? one.providerId : perRow(list, 'provider_message_id', (a) => a.providerId),
      error: null,
      updated_at: list.reduce((m, a) => (a.at > m ? a.at : m), list[0]!.at),
    })
    .where(
      'id',
      'in',
      list.map((a) => a.id),
    )
    .where('status', '=', 'sending')
    .where((eb) => (one ? one.fence : eb.or(list.map((a) => eb.and([eb('id', '=', a.id), a.fence])))));
}

async function drain(db: Db, r: Recorder): Promise<void> {
  while (r.queue.length > 0) {
    const list = r.queue.splice(0, PER_STATEMENT);
    try {
      await statement(db, list).execute();
      for (const a of list) a.resolve();
    } catch (err) {
      for (const a of list) a.reject(err);
    }
  }
  r.busy = false;
}

/**
 * Records a provider's acceptance of a message (`sent`), fenced by its delivery's attempt. SQLite, or
 * inside a transaction (`db` is not the root handle): at once, as its own statement. PostgreSQL: group
 * commit — when no recording is in flight, the acceptance goes out at the next turn of the event loop with
 * those that arrived in the same turn; while one is in flight, those that arrive meanwhile wait for it and
 * then go out together, in one `UPDATE … WHERE (id = $1 AND <fence 1>) OR (id = $2 AND <fence 2>) …`.
 * Each row keeps its own attempt's fence, so the statement grants each acceptance exactly as its own
 * statement would. A lone delivery waits for nothing; under load, a worker's concurrent deliveries cost one
 * statement (and one commit) per round trip instead of one each. The wait is at most one statement's, so
 * the window in which a crash leaves an accepted message `sending` (the duplicate window) stays that short.
 */
export function recordSent(db: Db, root: Db, dialect: DialectName, a: Acceptance): Promise<void> {
  if (dialect === 'sqlite' || db !== root)
    return statement(db, [a])
      .execute()
      .then(() => {});
  return new Promise((resolve, reject) => {
    let r = recorders.get(root);
    if (!r) {
      r = { queue: [], busy: false };
      recorders.set(root, r);
    }
    r.queue.push({ ...a, resolve, reject });
    if (r.busy) return;
    r.busy = true;
    const recorder = r;
    setImmediate(() => void drain(root, recorder));
  });
}
