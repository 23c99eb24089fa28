import { describe, expect, it } from 'vitest';
import { found } from './found.js';

describe('found', () => {
  const notFound = () => new Error('not found');

  it('answers what the lookup found, a falsy value too', async () => {
    expect(await found(Promise.resolve({ id: 'a' }), notFound)).toEqual({ id: 'a' });
    expect(await found(Promise.resolve(0), notFound)).toBe(0);
    expect(await found(Promise.resolve(''), notFound)).toBe('');
  });

  it.each([
    ['null', Promise.resolve(null)],
    ['undefined', Promise.resolve(undefined)],
    ['a lookup that could not be asked', undefined],
  ])('throws the module’s error when it found %s', async (_name, lookup) => {
    await expect(found(lookup, notFound)).rejects.toThrow('not found');
  });
});
