import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { DialectName } from './db/database.js';
import type { Database } from './db/schema.js';

/** What every service function receives: the database, the clock, the configuration and a logger. */
export interface AppContext {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  config: Config;
  log: Logger;
}

/** The authenticated caller of a request: a staff member's session or an office's API token. */
export interface Principal {
  kind: 'session' | 'token';
  officeId: string;
  /** The user behind a session; null for an API token. */
  userId: string | null;
  role: 'admin' | 'staff';
  csrfToken: string | null;
  /** The user's language (users.language); null for an API token, which reads what it asks for. */
  language: 'pt-BR' | 'en' | null;
}
