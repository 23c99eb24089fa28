import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * The ticket status e-mail becomes normal rules of the tickets pipeline: every existing office gets, on each
 * status a move enters (all but `open`), a published "Enviar e-mail" rule with the template
 * `tickets.status-changed`, at the end of the stage's rules. An office that had switched the built-in rule
 * `tickets.status-email` off gets them switched off; that setting row is then removed (the built-in rule
 * is gone). New offices get the same rules on creation (tickets' `seedStatusEmailRules`).
 * The definition is written out here, frozen, as the migration saw it.
 */
const STAGES = ['reopened', 'analyzing', 'waiting', 'cancelled', 'rejected', 'done'] as const;
const DEFINITION = JSON.stringify({
  name: 'E-mail ao cliente: mudança de status',
  action: 'message.email',
  input: {
    to: { kind: 'client' },
    template: 'tickets.status-changed',
    subject: null,
    body: null,
    attachDocument: false,
  },
  mode: 'sequence',
  delay: { kind: 'none' },
  condition: null,
});

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was, not the app's types.
export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  const offices: { id: string }[] = await db.selectFrom('offices').select('id').execute();
  const off = new Set(
    (
      await db
        .selectFrom('automation_rule_settings')
        .select('office_id')
        .where('rule_key', '=', 'tickets.status-email')
        .where('enabled', '=', 0)
        .execute()
    ).map((r: { office_id: string }) => r.office_id),
  );
  for (const office of offices) {
    for (const stage of STAGES) {
      const last = await db
        .selectFrom('automation_rules')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('office_id', '=', office.id)
        .where('pipeline_id', '=', 'tickets')
        .where('stage_id', '=', stage)
        .executeTakeFirst();
      const id = randomUUID();
      await db
        .insertInto('automation_rules')
        .values({
          id,
          office_id: office.id,
          pipeline_id: 'tickets',
          stage_id: stage,
          position: last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1,
          enabled: off.has(office.id) ? 0 : 1,
          draft: null,
          version: 1,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('automation_rule_versions')
        .values({
          rule_id: id,
          version: 1,
          office_id: office.id,
          definition: DEFINITION,
          published_at: now,
          published_by: null,
        })
        .execute();
    }
  }
  await db.deleteFrom('automation_rule_settings').where('rule_key', '=', 'tickets.status-email').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up.
export async function down(db: Kysely<any>): Promise<void> {
  const rules = db
    .selectFrom('automation_rule_versions')
    .select('rule_id')
    .where('version', '=', 1)
    .where('definition', '=', DEFINITION);
  await db
    .deleteFrom('automation_rules')
    .where('pipeline_id', '=', 'tickets')
    .where('id', 'in', rules)
    .execute();
}
