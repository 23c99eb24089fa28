import { describe, expect, it } from 'vitest';
import { keysetPages } from './keyset-pages.js';

describe('keysetPages', () => {
  it('asks for each page after the last id of the one before, until a page comes back empty', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const asked: string[] = [];
    const pages: string[][] = [];
    for await (const rows of keysetPages(async (after) => {
      asked.push(after);
      return ids
        .filter((id) => id > after)
        .slice(0, 2)
        .map((id) => ({ id }));
    }))
      pages.push(rows.map((r) => r.id));
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(asked).toEqual(['', 'b', 'd', 'e']);
  });

  it('yields nothing for an empty query', async () => {
    const pages: unknown[] = [];
    for await (const rows of keysetPages(async () => [] as { id: string }[])) pages.push(rows);
    expect(pages).toEqual([]);
  });
});
