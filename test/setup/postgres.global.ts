import type { TestProject } from 'vitest/node';
import { startPgCluster } from '../support/pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/**
 * Starts one throwaway PostgreSQL cluster for the whole test run (or uses TEST_DATABASE_URL, a server
 * where we may create databases) and stops it at the end. Each test file creates its own databases.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  const cluster = await startPgCluster();
  project.provide('pgUrl', cluster.url);
  const stop = () => cluster.stop();
  process.once('exit', stop);
  return stop;
}
