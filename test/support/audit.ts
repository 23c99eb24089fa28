import type { AppContext } from '../../src/server/context.js';

/** The actions the audit log holds for one entity, oldest first: `['create', 'update', 'delete']`. */
export async function auditActions(ctx: AppContext, entity: string, entityId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('audit_log')
    .select('action')
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}
