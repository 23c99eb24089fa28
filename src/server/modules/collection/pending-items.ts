import type { AppContext } from '../../context.js';
import { contactScope } from './links.js';

/**
 * The items a contact may still send, across every company it answers for (open programações, file items
 * pending or promised for later), oldest competência first — what a WhatsApp conversation offers in its
 * interactive list when the client sends a document. Land the file with `storeItemFile`.
 */
export async function pendingItemsForContact(ctx: AppContext, officeId: string, contactId: string) {
  const scope = await contactScope(ctx.db, officeId, contactId);
  const rows = await ctx.db
    .selectFrom('collection_request_items as i')
    .innerJoin('collection_requests as r', 'r.id', 'i.request_id')
    .innerJoin('clients as c', 'c.id', 'r.client_id')
    .select([
      'i.id as itemId',
      'i.name as itemName',
      'i.accepted_types',
      'i.max_bytes',
      'i.state',
      'r.id as requestId',
      'r.competencia',
      'r.due_date as dueDate',
      'r.template_name as templateName',
      'c.id as clientId',
      'c.legal_name as clientName',
    ])
    .where('r.office_id', '=', officeId)
    .where('r.client_id', 'in', scope.clientIds)
    .where('r.status', 'in', ['open', 'started'])
    .where('i.kind', '=', 'file')
    .where('i.state', 'in', ['pending', 'will_send_later'])
    .orderBy('r.competencia')
    .orderBy('c.name_key')
    .orderBy('i.position')
    .execute();
  return rows.map(({ accepted_types, max_bytes, ...r }) => ({
    ...r,
    acceptedTypes: JSON.parse(accepted_types) as string[],
    maxBytes: Math.min(Number(max_bytes), ctx.config.uploadMaxBytes),
  }));
}
