/** True when a driver error is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Driver codes of a full disk: SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100), the OS's ENOSPC/EDQUOT. */
const FULL = new Set(['SQLITE_FULL', '53100', 'ENOSPC', 'EDQUOT']);

/**
 * True when a write failed because the disk (or quota) is full, on either dialect — looked for along the
 * error's causes, since layers wrap it. The write was rolled back: the database is intact, and writes
 * work again once there is space (test/ops/disk-full.test.ts).
 */
export function isStorageFull(err: unknown): boolean {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && FULL.has(code)) return true;
  }
  return false;
}
