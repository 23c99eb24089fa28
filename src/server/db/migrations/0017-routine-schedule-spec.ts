import { type Kysely, sql } from 'kysely';

/**
 * `routines.schedule_spec`: the routine's Dia/Periodicidade/Hora (a ScheduleSpec, JSON), kept on the routine
 * itself. Only an active routine has an engine schedule (Execuções → Agendas); an inactive one keeps its
 * spec here and gets a schedule again when switched on. The paused schedules that inactive routines used to
 * keep — agendas the office never made — are removed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('routines').addColumn('schedule_spec', 'text').execute();
  await sql`update routines set schedule_spec =
    (select s.spec from schedules s where s.id = routines.schedule_id)
    where schedule_id is not null`.execute(db);
  const kept = sql`select schedule_id from routines where active = 0 and schedule_id is not null`;
  await sql`delete from schedule_occurrences where schedule_id in (${kept})`.execute(db);
  await sql`delete from schedules where id in (${kept})`.execute(db);
  await sql`update routines set schedule_id = null where active = 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('routines').dropColumn('schedule_spec').execute();
}
