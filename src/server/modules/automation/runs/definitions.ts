import type { z } from 'zod';
import type { ruleDefinition } from '../../../../shared/schemas/automation.js';
import type { Db } from '../../../db/database.js';

export type RuleDefinition = z.output<typeof ruleDefinition>;

/** Published versions never change: parsed once per process, by `ruleId:version`. */
const versions = new Map<string, RuleDefinition>();
const MAX = 20_000;

const keyOf = (ruleId: string, version: number) => `${ruleId}:${version}`;

/** Remembers a version just read or written (its JSON already parsed). */
export function rememberVersion(ruleId: string, version: number, def: RuleDefinition): void {
  if (versions.size >= MAX) versions.clear();
  versions.set(keyOf(ruleId, version), def);
}

/** The definitions of these rule versions (one query for those not already known). */
export async function loadVersions(
  db: Db,
  wanted: readonly { ruleId: string; version: number }[],
): Promise<Map<string, RuleDefinition>> {
  const out = new Map<string, RuleDefinition>();
  const missing = new Map<string, { ruleId: string; version: number }>();
  for (const w of wanted) {
    const k = keyOf(w.ruleId, w.version);
    const hit = versions.get(k);
    if (hit) out.set(k, hit);
    else missing.set(k, w);
  }
  if (missing.size) {
    const ruleIds = [...new Set([...missing.values()].map((m) => m.ruleId))];
    for (let i = 0; i < ruleIds.length; i += 500) {
      const rows = await db
        .selectFrom('automation_rule_versions')
        .select(['rule_id', 'version', 'definition'])
        .where('rule_id', 'in', ruleIds.slice(i, i + 500))
        .execute();
      for (const r of rows) {
        const k = keyOf(r.rule_id, Number(r.version));
        if (!missing.has(k)) continue;
        const def = JSON.parse(r.definition) as RuleDefinition;
        rememberVersion(r.rule_id, Number(r.version), def);
        out.set(k, def);
      }
    }
  }
  return out;
}

export const versionKey = keyOf;
