import { describe, expect, it } from 'vitest';
import { keysetPages, pagesById } from './keyset.js';

/** A table of `n` rows with ids `r01`…, read as the query of `pagesById` would, logging each `after`. */
function table(n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({ id: `r${String(i + 1).padStart(2, '0')}` }));
  const asked: string[] = [];
  const page = (size: number) => async (after: string) => {
    asked.push(after);
    return rows.filter((r) => r.id > after).slice(0, size);
  };
  return { page, asked };
}

async function read(n: number, size: number) {
  const t = table(n);
  const pages: string[][] = [];
  for await (const p of pagesById(size, t.page(size))) pages.push(p.map((r) => r.id));
  return { pages, asked: t.asked };
}

describe('pagesById', () => {
  it('reads every row once, page by page after the last id, and stops after a short page', async () => {
    expect(await read(5, 2)).toEqual({
      pages: [['r01', 'r02'], ['r03', 'r04'], ['r05']],
      asked: ['', 'r02', 'r04'],
    });
  });

  it('asks once more after a full last page, and yields no empty page', async () => {
    expect(await read(4, 2)).toEqual({
      pages: [
        ['r01', 'r02'],
        ['r03', 'r04'],
      ],
      asked: ['', 'r02', 'r04'],
    });
    expect(await read(0, 2)).toEqual({ pages: [], asked: [''] });
  });
});

describe('keysetPages', () => {
  it("pages on a composite cursor, passing null first and the last row's cursor after each full page", async () => {
    const rows = [
      { at: 1, id: 'b' },
      { at: 1, id: 'c' },
      { at: 2, id: 'a' },
    ];
    const asked: ({ at: number; id: string } | null)[] = [];
    const page = async (after: { at: number; id: string } | null) => {
      asked.push(after);
      return rows
        .filter((r) => !after || r.at > after.at || (r.at === after.at && r.id > after.id))
        .slice(0, 2);
    };
    const pages: string[][] = [];
    for await (const p of keysetPages(2, page, (last) => ({ at: last.at, id: last.id })))
      pages.push(p.map((r) => r.id));
    expect({ pages, asked }).toEqual({
      pages: [['b', 'c'], ['a']],
      asked: [null, { at: 1, id: 'c' }],
    });
  });
});
