import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable, isUniqueViolation } from './errors.js';

describe('isDatabaseUnreachable', () => {
  it('knows a restart, a refused connection and a dropped session', () => {
    expect(isDatabaseUnreachable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(
      true,
    );
    expect(
      isDatabaseUnreachable(
        Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnreachable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isDatabaseUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnreachable(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
  });

  it('looks through a cause and an AggregateError (each address refused)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnreachable(new Error('routine failed', { cause: refused }))).toBe(true);
    expect(isDatabaseUnreachable(new AggregateError([refused, refused]))).toBe(true);
  });

  it('does not take a statement’s own failure for an outage', () => {
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(isDatabaseUnreachable(unique)).toBe(false);
    expect(isUniqueViolation(unique)).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(
      isDatabaseUnreachable(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })),
    ).toBe(false);
    expect(isDatabaseUnreachable(null)).toBe(false);
    expect(isDatabaseUnreachable('ECONNREFUSED')).toBe(false);
  });
});
