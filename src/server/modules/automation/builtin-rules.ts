import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { type Actor, auditTrail } from '../platform/index.js';
import { AutomationError } from './automation.errors.js';
import type { BuiltinRuleView, EventType } from './automation.schema.js';
import type { AppEvent } from './events.js';

/**
 * A rule shipped with the product: a subscriber to one event type, on by default in every office, which the
 * office can switch off (Configurações → Automação). Its pt-BR message text lives in an editable template
 * (messaging `defineTemplate`), so "editing the rule" means editing its template and switching it.
 */
export interface BuiltinRule<R> {
  key: string;
  event: EventType;
  name: Localized;
  description: Localized;
  /** Whether the event concerns this rule (e.g. only tickets' stage changes). */
  appliesTo(event: AppEvent): boolean;
  /** Runs inside the emitting transaction (read and write through `trx` only). */
  run(ctx: AppContext, trx: Db, event: AppEvent): Promise<R>;
}

/**
 * The built-in rules (none today: the ticket status e-mail, the first one, became normal rules of the
 * tickets pipeline, seeded in every office). The settings API stays for the next one.
 */
const rules = new Map<string, BuiltinRule<unknown>>();

/**
 * Settings read recently, per office and rule: a move does not read the settings table every time. A
 * change made in this process is seen at once; one made by another process within {@link SETTING_TTL_MS}.
 */
const recentSettings = new Map<string, { enabled: boolean; until: number }>();
const SETTING_TTL_MS = 5_000;

/** Whether a rule is on for an office (no stored setting: on). */
export async function isRuleEnabled(db: Db, officeId: string, key: string): Promise<boolean> {
  const cacheKey = `${officeId}|${key}`;
  const hit = recentSettings.get(cacheKey);
  if (hit && hit.until > Date.now()) return hit.enabled;
  const row = await db
    .selectFrom('automation_rule_settings')
    .select('enabled')
    .where('office_id', '=', officeId)
    .where('rule_key', '=', key)
    .executeTakeFirst();
  const enabled = row ? row.enabled === 1 : true;
  if (recentSettings.size >= 10_000) recentSettings.clear();
  recentSettings.set(cacheKey, { enabled, until: Date.now() + SETTING_TTL_MS });
  return enabled;
}

/** Every built-in rule with its setting in the office, names in `lang`. */
export async function listBuiltinRules(
  ctx: AppContext,
  officeId: string,
  lang: Lang,
): Promise<BuiltinRuleView[]> {
  const rows = await ctx.db
    .selectFrom('automation_rule_settings')
    .select(['rule_key', 'enabled'])
    .where('office_id', '=', officeId)
    .execute();
  const stored = new Map(rows.map((r) => [r.rule_key, r.enabled === 1]));
  return [...rules.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((r) => ({
      key: r.key,
      name: r.name[lang],
      description: r.description[lang],
      event: r.event,
      enabled: stored.get(r.key) ?? true,
    }));
}

/** A built-in rule switched on or off is an `automation_rule` entry, keyed by the rule's key. */
const ruleAudit = auditTrail('automation_rule');

/** Switches rules on or off for the office (validated first, then one audited transaction). */
export async function setBuiltinRules(
  ctx: AppContext,
  actor: Actor,
  items: { key: string; enabled: boolean }[],
): Promise<void> {
  items.forEach((item, i) => {
    if (!rules.has(item.key))
      throw new AutomationError('unknown_rule', {
        params: { key: item.key },
        fields: [
          {
            field: `items.${i}.key`,
            code: 'not_found',
            message: { 'pt-BR': 'Regra desconhecida.', en: 'Unknown rule.' },
          },
        ],
      });
  });
  await writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    for (const item of items) {
      recentSettings.delete(`${actor.officeId}|${item.key}`);
      const before = await isRuleEnabled(trx, actor.officeId, item.key);
      recentSettings.delete(`${actor.officeId}|${item.key}`);
      await trx
        .insertInto('automation_rule_settings')
        .values({
          office_id: actor.officeId,
          rule_key: item.key,
          enabled: item.enabled ? 1 : 0,
          updated_by: actor.userId,
          updated_at: now.toISOString(),
        })
        .onConflict((oc) =>
          oc.columns(['office_id', 'rule_key']).doUpdateSet({
            enabled: item.enabled ? 1 : 0,
            updated_by: actor.userId,
            updated_at: now.toISOString(),
          }),
        )
        .execute();
      if (before !== item.enabled) {
        await ruleAudit.update(
          trx,
          { ...actor, at: now },
          item.key,
          { enabled: before },
          { enabled: item.enabled },
        );
      }
    }
  });
  for (const item of items) recentSettings.delete(`${actor.officeId}|${item.key}`);
}
