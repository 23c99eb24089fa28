import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCommitStats, writeTransaction } from '../../src/server/db/group-commit.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';

/** Scratch tables, outside the product's schema. */
async function createProbeTables(t: TestContext) {
  await sql`create table gc_parent (id integer primary key)`.execute(t.db);
  await sql`create table gc_probe (seq integer primary key, member text not null, parent_id integer references gc_parent (id))`.execute(
    t.db,
  );
}

const probeRows = async (t: TestContext) =>
  (await sql<{ seq: number; member: string }>`select seq, member from gc_probe order by seq`.execute(t.db))
    .rows;

describe('writeTransaction on SQLite: group commit', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext('sqlite');
    await createProbeTables(t);
  });
  afterEach(async () => t.destroy());

  it('runs concurrent writers in arrival order, each seeing those before it, and commits them together', async () => {
    const writers = Array.from({ length: 40 }, (_, i) =>
      writeTransaction(t, async (trx) => {
        const { n } = (await sql<{ n: number }>`select count(*) as n from gc_probe`.execute(trx)).rows[0]!;
        await sql`insert into gc_probe (seq, member) values (${Number(n) + 1}, ${`w${i}`})`.execute(trx);
        return Number(n) + 1;
      }),
    );
    const seqs = await Promise.all(writers);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await probeRows(t)).toEqual(seqs.map((seq, i) => ({ seq, member: `w${i}` })));
    const stats = groupCommitStats(t.db);
    expect(stats.members).toBe(40);
    // The first writer commits alone; the 39 that queued behind it share far fewer COMMITs.
    expect(stats.commits).toBeLessThan(10);
  });

  it('answers a writer only once its COMMIT has returned: another connection already sees its row', async () => {
    const file = join(t.config.dataDir, 'test.sqlite');
    const other = new SQLite(file, { readonly: true });
    try {
      const seen: number[] = [];
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          writeTransaction(t, async (trx) => {
            await sql`insert into gc_probe (seq, member) values (${i + 1}, 'x')`.execute(trx);
          }).then(() => {
            seen.push(
              (other.prepare('select count(*) as n from gc_probe where seq = ?').get(i + 1) as { n: number })
                .n,
            );
          }),
        ),
      );
      expect(seen).toEqual(Array(10).fill(1));
    } finally {
      other.close();
    }
  });

  it('rolls a failing writer back to its savepoint and rejects it with its own error; the others commit', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((member, i) =>
        writeTransaction(t, async (trx) => {
          await sql`insert into gc_probe (seq, member) values (${i + 1}, ${member})`.execute(trx);
          if (member === 'b') throw new Error('b changed its mind');
          if (member === 'c')
            await sql`insert into gc_probe (seq, member) values (1, 'duplicate')`.execute(trx);
          return member;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('b changed its mind');
    expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(await probeRows(t)).toEqual([
      { seq: 1, member: 'a' },
      { seq: 4, member: 'd' },
    ]);
  });

  it('rejects every writer of a group whose COMMIT fails, and writes nothing of theirs', async () => {
    // Three writers that arrive together form one group.
    const group = ['x', 'y', 'z'].map((member, i) =>
      writeTransaction(t, async (trx) => {
        if (member === 'y') {
          // A deferred foreign key is checked only at COMMIT: the whole group's COMMIT fails.
          await sql`pragma defer_foreign_keys = on`.execute(trx);
          await sql`insert into gc_probe (seq, member, parent_id) values (${i + 1}, ${member}, 999)`.execute(
            trx,
          );
        } else {
          await sql`insert into gc_probe (seq, member) values (${i + 1}, ${member})`.execute(trx);
        }
        return member;
      }),
    );
    const results = await Promise.allSettled(group);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await probeRows(t)).toEqual([]);
    expect(groupCommitStats(t.db)).toEqual({ members: 0, commits: 0 });
    // The connection is usable again: the next writer commits.
    await writeTransaction(t, async (trx) => {
      await sql`insert into gc_probe (seq, member) values (1, 'after')`.execute(trx);
    });
    expect(await probeRows(t)).toEqual([{ seq: 1, member: 'after' }]);
  });
});

describe.each(dialects)('writeTransaction on %s: a transaction', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
    await createProbeTables(t);
  });
  afterEach(async () => t.destroy());

  it('commits what returns and undoes what throws', async () => {
    await writeTransaction(t, async (trx) => {
      await sql`insert into gc_probe (seq, member) values (1, 'kept')`.execute(trx);
    });
    await expect(
      writeTransaction(t, async (trx) => {
        await sql`insert into gc_probe (seq, member) values (2, 'undone')`.execute(trx);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await probeRows(t)).toEqual([{ seq: 1, member: 'kept' }]);
  });
});
