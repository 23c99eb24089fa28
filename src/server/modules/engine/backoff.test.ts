import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };
  it('doubles per attempt, between half and the full step', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(500);
    expect(backoffDelay(policy, 1, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 3, () => 0)).toBe(2000);
    expect(backoffDelay(policy, 3, () => 1)).toBe(4000);
  });
  it('is capped', () => {
    expect(backoffDelay(policy, 30, () => 1)).toBe(60_000);
    expect(backoffDelay(policy, 30, () => 0)).toBe(30_000);
  });
});
