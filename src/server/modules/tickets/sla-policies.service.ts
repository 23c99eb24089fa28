import type { AppContext } from '../../context.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { FieldIssue } from '../../http/errors.js';
import { fieldsError } from '../../http/validation.js';
import type { Actor } from '../platform/index.js';
import { ticketsAudit } from './audit.js';
import type { PutSlaPoliciesInput, SlaPolicy } from './tickets.schema.js';

/**
 * SLA targets per service, in business hours of the office calendar (stored as minutes). A ticket takes its
 * service's targets when it is opened (or when its service changes); later policy changes apply to new
 * tickets, so a ticket's due dates never move under it.
 */

export async function listSlaPolicies(ctx: AppContext, officeId: string): Promise<SlaPolicy[]> {
  const rows = await ctx.db
    .selectFrom('ticket_sla_policies as p')
    .innerJoin('services as s', 's.id', 'p.service_id')
    .select(['p.service_id', 's.name', 'p.first_response_minutes', 'p.resolution_minutes'])
    .where('p.office_id', '=', officeId)
    .orderBy('s.name')
    .execute();
  return rows.map((r) => ({
    serviceId: r.service_id,
    serviceName: r.name,
    firstResponseHours: r.first_response_minutes === null ? null : r.first_response_minutes / 60,
    resolutionHours: r.resolution_minutes === null ? null : r.resolution_minutes / 60,
  }));
}

/** Replaces the office's policies (items with neither target are dropped). Validated first, one transaction. */
export async function putSlaPolicies(
  ctx: AppContext,
  actor: Actor,
  input: PutSlaPoliciesInput,
): Promise<SlaPolicy[]> {
  const ids = input.items.map((i) => i.serviceId);
  const known = new Set(
    ids.length
      ? (
          await ctx.db
            .selectFrom('services')
            .select('id')
            .where('office_id', '=', actor.officeId)
            .where('id', 'in', ids)
            .execute()
        ).map((r) => r.id)
      : [],
  );
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  input.items.forEach((item, i) => {
    if (!known.has(item.serviceId))
      issues.push({
        field: `items.${i}.serviceId`,
        code: 'not_found',
        message: { 'pt-BR': 'Serviço não encontrado.', en: 'Service not found.' },
      });
    else if (seen.has(item.serviceId))
      issues.push({
        field: `items.${i}.serviceId`,
        code: 'duplicate',
        message: { 'pt-BR': 'Serviço repetido.', en: 'Service listed twice.' },
      });
    seen.add(item.serviceId);
  });
  if (issues.length) throw fieldsError(...issues);

  const before = await listSlaPolicies(ctx, actor.officeId);
  await writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    await trx.deleteFrom('ticket_sla_policies').where('office_id', '=', actor.officeId).execute();
    const rows = input.items
      .filter((i) => i.firstResponseHours !== null || i.resolutionHours !== null)
      .map((i) => ({
        office_id: actor.officeId,
        service_id: i.serviceId,
        first_response_minutes: i.firstResponseHours === null ? null : Math.round(i.firstResponseHours * 60),
        resolution_minutes: i.resolutionHours === null ? null : Math.round(i.resolutionHours * 60),
        updated_at: now.toISOString(),
      }));
    if (rows.length) await trx.insertInto('ticket_sla_policies').values(rows).execute();
    await ticketsAudit.slaPolicies.update(
      trx,
      { ...actor, at: now },
      actor.officeId,
      { items: before },
      { items: rows },
    );
  });
  return listSlaPolicies(ctx, actor.officeId);
}
