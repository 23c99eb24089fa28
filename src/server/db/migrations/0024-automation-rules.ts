import type { Kysely } from 'kysely';
import { notNull, nullable, parent, timestamps } from '../migration-columns.js';
import { dropTables, indexes, officeTable } from '../migration-helpers.js';

/**
 * Automações: rules on the stages of a pipeline (a draft and immutable published versions), the entries of
 * items into stages (the loop guard's memory), and rule runs — one per entry and rule, exactly once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await officeTable(db, 'automation_rules')
    .$call(notNull('text', 'pipeline_id', 'stage_id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    // The RuleDefinition being edited (JSON), null when the published version is current.
    .addColumn('draft', 'text')
    // The current published version (0: never published).
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .$call(timestamps)
    .execute();
  await indexes(db, 'automation_rules', {
    automation_rules_stage_idx: ['office_id', 'pipeline_id', 'stage_id', 'position'],
  });

  await db.schema
    .createTable('automation_rule_versions')
    .addColumn('rule_id', 'text', parent('automation_rules'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .$call(notNull('text', 'office_id', 'definition', 'published_at'))
    .addColumn('published_by', 'text')
    .addPrimaryKeyConstraint('automation_rule_versions_pk', ['rule_id', 'version'])
    .execute();

  await officeTable(db, 'automation_entries')
    .$call(notNull('text', 'pipeline_id', 'stage_id', 'item_id'))
    .addColumn('event_id', 'text')
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('left_at', 'text')
    // active | left | loop
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await indexes(db, 'automation_entries', {
    automation_entries_item_idx: ['office_id', 'pipeline_id', 'item_id', 'entered_at'],
  });

  await officeTable(db, 'automation_runs')
    .addColumn('entry_id', 'text', parent('automation_entries'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .$call(notNull('text', 'item_id', 'pipeline_id', 'action'))
    .addColumn('group_no', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .$call(nullable('text', 'condition_values', 'outcome', 'error'))
    .addColumn('test_mode', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .$call(nullable('text', 'started_at', 'finished_at'))
    .addUniqueConstraint('automation_runs_entry_rule_uq', ['entry_id', 'rule_id'])
    .execute();
  // The drain's claim: an office's due runs in due order.
  await indexes(db, 'automation_runs', {
    automation_runs_due_idx: ['office_id', 'status', 'due_at'],
    automation_runs_item_idx: ['office_id', 'pipeline_id', 'item_id'],
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropTables(db, [
    'automation_runs',
    'automation_entries',
    'automation_rule_versions',
    'automation_rules',
  ]);
}
