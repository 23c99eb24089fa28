/**
 * A statement counter for the benches: counts every SQL statement the process runs (better-sqlite3's
 * `run`/`all`/`get`/`iterate`, node-postgres's `query`), keyed by its text, so a bench can say how many
 * statements one operation costs and which. `countStatements()` installs it (once); `snapshot()` and
 * `diff()` compare two moments.
 */
import { createRequire } from 'node:module';

const counts = new Map<string, number>();
let installed = false;

const keyOf = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/\(\?(, \?)*\)(, \(\?(, \?)*\))*/g, '(…)')
    .slice(0, 160);

export function countStatements(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const SQLite = require('better-sqlite3');
  const db = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(db.prepare('select 1'));
  db.close();
  for (const m of ['run', 'all', 'get', 'iterate'] as const) {
    const orig = proto[m];
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      const k = keyOf(this.source);
      counts.set(k, (counts.get(k) ?? 0) + 1);
      return orig.apply(this, args);
    };
  }
  const pg = require('pg');
  const q = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, config: unknown, ...rest: unknown[]) {
    const text = typeof config === 'string' ? config : (config as { text?: string })?.text;
    if (text) {
      const k = keyOf(text);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return q.call(this, config, ...rest);
  };
}

export const snapshot = (): Map<string, number> => new Map(counts);

/** The statements run since `before`, most frequent first, and their total. */
export function diff(before: Map<string, number>): { total: number; top: [string, number][] } {
  const out: [string, number][] = [];
  let total = 0;
  for (const [k, n] of counts) {
    const d = n - (before.get(k) ?? 0);
    if (d > 0) {
      out.push([k, d]);
      total += d;
    }
  }
  return { total, top: out.sort((a, b) => b[1] - a[1]) };
}
