import { describe, expect, it } from 'vitest';
import { persist } from './persist.js';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('persist', () => {
  it('writes again while the database is unreachable, then returns the write’s result', async () => {
    let calls = 0;
    const out = await persist(async () => {
      calls++;
      if (calls < 3) throw refused();
      return 'recorded';
    });
    expect(out).toBe('recorded');
    expect(calls).toBe(3);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    await expect(
      persist(async () => {
        calls++;
        throw unique;
      }),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);
  });

  it('gives up with the last error once its time is spent', async () => {
    let calls = 0;
    await expect(
      persist(async () => {
        calls++;
        throw refused();
      }, 600),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // 0.25 s, then 0.5 s would pass the 0.6 s budget: two tries.
    expect(calls).toBe(2);
  });
});
