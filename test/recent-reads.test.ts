import { describe, expect, it } from 'vitest';
import { RecentReads } from '../src/server/recent-reads.js';

describe('RecentReads', () => {
  it('loads a key once for concurrent callers and serves it until its time is up', async () => {
    const reads = new RecentReads<string>(200);
    const db = {};
    let loads = 0;
    const load = async () => `office v${++loads}`;
    const [a, b] = await Promise.all([reads.get(db, 'o1', load), reads.get(db, 'o1', load)]);
    expect([a, b, loads]).toEqual(['office v1', 'office v1', 1]);
    expect(await reads.get(db, 'o1', load)).toBe('office v1');
    await new Promise((r) => setTimeout(r, 300));
    expect(await reads.get(db, 'o1', load)).toBe('office v2');
  });

  it('forgets a key on demand, keeps databases apart, and never keeps a failed load', async () => {
    const reads = new RecentReads<number>();
    const one = {};
    const other = {};
    let n = 0;
    const load = async () => ++n;
    expect(await reads.get(one, 'k', load)).toBe(1);
    expect(await reads.get(other, 'k', load)).toBe(2);
    expect(await reads.get(one, 'k', load)).toBe(1);
    reads.forget(one, 'k');
    expect(await reads.get(one, 'k', load)).toBe(3);
    await expect(reads.get(one, 'bad', async () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );
    expect(await reads.get(one, 'bad', load)).toBe(4);
  });
});
