import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';

/** Runs `body` with a fresh temporary directory (`prefix…`), removed afterwards, also when it throws. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `bench` on a new SQLite database (`bench.sqlite`) in a fresh temporary directory, which it also gets
 * for the blobs; then closes the handle and removes the directory, also when the bench throws. The SQLite
 * twin of `onBenchDatabase`.
 */
export async function onSqliteBenchDatabase<T>(
  prefix: string,
  bench: (handle: DatabaseHandle, dir: string) => Promise<T>,
): Promise<T> {
  return withTempDir(prefix, async (dir) => {
    const handle = openDatabase({ sqliteFile: join(dir, 'bench.sqlite') });
    try {
      return await bench(handle, dir);
    } finally {
      await handle.destroy();
    }
  });
}
