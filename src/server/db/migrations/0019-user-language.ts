import type { Kysely } from 'kysely';

/**
 * The reader's language, kept server-side (#17 item 14):
 * - `users.language`: 'pt-BR' | 'en', the language of everything the user reads — the web app (the PT/EN
 *   switch stores it), API answers that ask for no language, and the notifications and run-summary e-mails
 *   they receive. Existing users read Portuguese, as before.
 * - `job_logs.message_en` and `jobs.progress_message_en`: the English twins of a run's log lines and progress
 *   message, written beside the pt-BR text (as a run's summary keeps `summaryEn` beside `summary`); null for
 *   lines written in one language only (older runs), which read the same in both.
 * One column per statement: SQLite adds one at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('pt-BR'))
    .execute();
  await db.schema.alterTable('job_logs').addColumn('message_en', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('progress_message_en', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').dropColumn('progress_message_en').execute();
  await db.schema.alterTable('job_logs').dropColumn('message_en').execute();
  await db.schema.alterTable('users').dropColumn('language').execute();
}
