import type { Db } from '../../../db/database.js';
import { newId } from '../../../ids.js';
import type { RuleDefinition } from '../runs/definitions.js';

/** A rule a module ships to every office: published (version 1) and on, editable like any other. */
export interface SeedRule {
  stageId: string;
  definition: RuleDefinition;
}

/**
 * Adds published rules to a pipeline of a new office (inside the office's creating transaction), each at
 * the end of its stage. A rule made this way is a normal rule: the office switches it off, edits and
 * republishes it, or deletes it in Automações.
 */
export async function seedPublishedRules(
  trx: Db,
  officeId: string,
  pipelineId: string,
  rules: readonly SeedRule[],
  at: Date,
): Promise<void> {
  const now = at.toISOString();
  for (const r of rules) {
    const last = await trx
      .selectFrom('automation_rules')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('office_id', '=', officeId)
      .where('pipeline_id', '=', pipelineId)
      .where('stage_id', '=', r.stageId)
      .executeTakeFirst();
    const id = newId();
    await trx
      .insertInto('automation_rules')
      .values({
        id,
        office_id: officeId,
        pipeline_id: pipelineId,
        stage_id: r.stageId,
        position: last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1,
        enabled: 1,
        draft: null,
        version: 1,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx
      .insertInto('automation_rule_versions')
      .values({
        rule_id: id,
        version: 1,
        office_id: officeId,
        definition: JSON.stringify(r.definition),
        published_at: now,
        published_by: null,
      })
      .execute();
  }
}
