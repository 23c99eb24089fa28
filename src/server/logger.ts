import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

/** JSON logs on stdout, one line per event, with request and job ids where they exist. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'expediente' },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.newPassword'],
      remove: true,
    },
  });
}
