/** True when a driver error is a unique-constraint violation, on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** PostgreSQL SQLSTATEs of a server going away or not accepting connections yet (classes 08 and 57P). */
const unreachableCodes = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '57P01', // admin_shutdown (a restart ended the session)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** What node-postgres says when the socket of a session in use closes under it. */
const unreachableMessages =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * True when a database call failed because the server could not be reached — it is restarting, down, or
 * the network between is — rather than because of the statement: the same call may well succeed in a few
 * seconds. Looks through `cause` (a wrapped error) and AggregateError (a connection tried on each address).
 */
export function isDatabaseUnreachable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && unreachableCodes.has(e.code)) return true;
  if (typeof e.message === 'string' && unreachableMessages.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnreachable(x, depth + 1))) return true;
  return isDatabaseUnreachable(e.cause, depth + 1);
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
