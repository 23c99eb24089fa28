/**
 * A boolean as its 0/1 column (both dialects store flags as integers); `undefined` stays `undefined`, which
 * Kysely leaves out of an insert's values or an update's `set`, so a partial update reads
 * `{ active: flag(input.active) }`.
 */
export function flag(value: boolean): 0 | 1;
export function flag(value: boolean | undefined): 0 | 1 | undefined;
export function flag(value: boolean | undefined): 0 | 1 | undefined {
  return value === undefined ? undefined : value ? 1 : 0;
}
