import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/server/db/database.js';
import { type PgCluster, startPgCluster } from '../../test/support/pg-cluster.js';

export type { PgCluster };

/**
 * Starts a throwaway PostgreSQL cluster (initdb + pg_ctl on 127.0.0.1 and a free port, as the
 * `postgres` user when we are root) and makes sure it is removed even if the bench dies.
 */
export async function startBenchCluster(): Promise<PgCluster> {
  const cluster = await startPgCluster();
  const stop = () => cluster.stop();
  process.once('exit', stop);
  return cluster;
}

/**
 * Runs `bench` on a new database `name` of a throwaway cluster (`poolSize`: the handle's pool), then closes
 * the handle and stops the cluster, also when the bench throws.
 */
export async function onBenchDatabase<T>(
  name: string,
  options: { poolSize?: number },
  bench: (handle: DatabaseHandle, url: string, cluster: PgCluster) => Promise<T>,
): Promise<T> {
  const cluster = await startBenchCluster();
  try {
    const url = await createDatabase(cluster, name);
    const handle = openDatabase({ databaseUrl: url, ...options });
    try {
      return await bench(handle, url, cluster);
    } finally {
      await handle.destroy();
    }
  } finally {
    await cluster.stop();
  }
}

/** Creates a database on the cluster and returns its connection string. */
export async function createDatabase(cluster: PgCluster, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}
