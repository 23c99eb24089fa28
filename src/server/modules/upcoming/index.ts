/**
 * upcoming — Próximos envios: what the office will send over the next days (routine occurrences with their
 * dry run counts, collection reminders, delayed automation rule steps), asked of the modules that own them. Owns no table.
 */
export { upcomingRoutes } from './upcoming.routes.js';
