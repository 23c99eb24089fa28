import type { Kysely } from 'kysely';

/**
 * Automações — triggers (gatilhos): each belongs to one stage of a pipeline and moves an item into it when
 * its event happens. `config` is the kind's own JSON (checked by the kind's schema when saved); `secret` is
 * the incoming webhook's URL token (null for other kinds). `automation_trigger_fires` records what the
 * daily sweeps (no movement for N business days, a date field reached) fired, one row per trigger, item and
 * civil day: a sweep run twice the same day fires nothing twice, and a date reached fires once per date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('automation_triggers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('office_id', 'text', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('allow_back', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('secret', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('automation_triggers_secret_uq', ['secret'])
    .execute();
  // The trigger engine's read: an office's triggers of the kinds an event fires.
  await db.schema
    .createIndex('automation_triggers_kind_idx')
    .on('automation_triggers')
    .columns(['office_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('automation_triggers_pipeline_idx')
    .on('automation_triggers')
    .columns(['office_id', 'pipeline_id', 'stage_id', 'position'])
    .execute();
  await db.schema
    .createTable('automation_trigger_fires')
    .addColumn('trigger_id', 'text', (c) =>
      c.notNull().references('automation_triggers.id').onDelete('cascade'),
    )
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('office_id', 'text', (c) => c.notNull())
    /** What the fire was about: the target date of a "date reached" trigger; the last movement otherwise. */
    .addColumn('mark', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('automation_trigger_fires_pk', ['trigger_id', 'item_id', 'day'])
    .execute();
  await db.schema
    .createIndex('automation_trigger_fires_mark_idx')
    .on('automation_trigger_fires')
    .columns(['trigger_id', 'item_id', 'mark'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('automation_trigger_fires').execute();
  await db.schema.dropTable('automation_triggers').execute();
}
