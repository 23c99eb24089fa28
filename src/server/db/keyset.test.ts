import { describe, expect, it } from 'vitest';
import { pagesById } from './keyset.js';

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
