import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('makes UUIDv7s that sort in the order they were made, within one millisecond too', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the wall clock in its first 48 bits', () => {
    const before = Date.now();
    const ms = Number.parseInt(newId().replace(/-/g, '').slice(0, 12), 16);
    // A burst may run ahead of the clock by a few milliseconds (the sequence overflowed).
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThan(Date.now() + 1_000);
  });
});
