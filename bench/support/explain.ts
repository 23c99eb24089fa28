import SQLite from 'better-sqlite3';
import { type CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/server/db/schema.js';

export type ExplainTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/**
 * Runs `fn` on a second, logging connection to the same database, captures every SELECT it issues and
 * returns each with its plan: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL.
 */
export async function explainQueries(
  target: ExplainTarget,
  fn: (db: Kysely<Database>) => Promise<unknown>,
): Promise<string[]> {
  const captured: CompiledQuery[] = [];
  const log = (event: { level: string; query: CompiledQuery }) => {
    if (event.level === 'query') captured.push(event.query);
  };
  const out: string[] = [];
  if (target.dialect === 'sqlite') {
    const database = new SQLite(target.file, { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }), log });
    try {
      await fn(db);
      for (const q of captured.filter((c) => /^\s*select/i.test(c.sql))) {
        const plan = database.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as {
          detail: string;
        }[];
        out.push(`${q.sql}\n${plan.map((p) => `    ${p.detail}`).join('\n')}`);
      }
    } finally {
      await db.destroy();
    }
    return out;
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 2 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  try {
    await fn(db);
    for (const q of captured.filter((c) => /^\s*select/i.test(c.sql))) {
      const r = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`,
        q.parameters as unknown[],
      );
      out.push(`${q.sql}\n${r.rows.map((p) => `    ${p['QUERY PLAN']}`).join('\n')}`);
    }
  } finally {
    await db.destroy();
  }
  return out;
}
