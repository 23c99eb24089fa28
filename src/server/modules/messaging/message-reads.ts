import type { Db } from '../../db/database.js';
import type { MessageRow } from '../../db/schema.js';

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
