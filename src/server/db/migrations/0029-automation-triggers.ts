import type { Kysely } from 'kysely';
import { notNull, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/**
 * Automações — triggers (gatilhos): each belongs to one stage of a pipeline and moves an item into it when
 * its event happens. `config` is the kind's own JSON (checked by the kind's schema when saved); `secret` is
 * the incoming webhook's URL token (null for other kinds). `automation_trigger_fires` records what the
 * daily sweeps (no movement for N business days, a date field reached) fired, one row per trigger, item and
 * civil day: a sweep run twice the same day fires nothing twice, and a date reached fires once per date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'automation_triggers')
    .$call(notNull('text', 'pipeline_id', 'stage_id', 'kind', 'config'))
    .addColumn('allow_back', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('secret', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .$call(timestamps)
    .addUniqueConstraint('automation_triggers_secret_uq', ['secret'])
    .execute();
  // The trigger engine's read: an office's triggers of the kinds an event fires.
  await indexes(db, 'automation_triggers', {
    automation_triggers_kind_idx: ['office_id', 'kind'],
    automation_triggers_pipeline_idx: ['office_id', 'pipeline_id', 'stage_id', 'position'],
  });
  await db.schema
    .createTable('automation_trigger_fires')
    .addColumn('trigger_id', 'text', parent('automation_triggers'))
    .$call(notNull('text', 'item_id', 'day', 'office_id'))
    /** What the fire was about: the target date of a "date reached" trigger; the last movement otherwise. */
    .$call(notNull('text', 'mark', 'fired_at'))
    .addPrimaryKeyConstraint('automation_trigger_fires_pk', ['trigger_id', 'item_id', 'day'])
    .execute();
  await indexes(db, 'automation_trigger_fires', {
    automation_trigger_fires_mark_idx: ['trigger_id', 'item_id', 'mark'],
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, ['automation_trigger_fires', 'automation_triggers']);
}
