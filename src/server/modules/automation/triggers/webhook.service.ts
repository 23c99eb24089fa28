import type { AppContext } from '../../../context.js';
import { writeTransaction } from '../../../db/group-commit.js';
import { prepared } from '../../../db/prepared.js';
import { findClientByDocument } from '../../clients/index.js';
import { emitEvent } from '../events.js';
import { pipelineKindOf } from '../registry.js';
import { TRIGGER_OUTCOME, type TriggerMove, withKnownTrigger } from './trigger-engine.js';
import { TriggersError } from './triggers.errors.js';
import type { HookBody } from './triggers.schema.js';

const triggerBySecret = prepared((db, secret: string) =>
  db.selectFrom('automation_triggers').selectAll().where('secret', '=', secret).where('kind', '=', 'webhook'),
);

/**
 * An incoming webhook call (`POST /api/automation/hooks/<secret>`): the secret names one enabled trigger of
 * kind `webhook`; the body names the item (in the trigger's pipeline) or the client (CNPJ/CPF). In one
 * transaction it emits `webhook.received` — `{ triggerId, pipelineId, itemId | clientId, data }` — whose
 * trigger subscriber moves the item(s) into the trigger's stage; the answer lists what moved. An item that is
 * not in the trigger's pipeline, or a document no client has, is refused and leaves nothing written.
 */
export async function receiveHook(ctx: AppContext, secret: string, body: HookBody) {
  return writeTransaction(ctx, async (trx) => {
    const row = await triggerBySecret.first(trx, secret);
    const adapter = row && row.enabled === 1 ? pipelineKindOf(row.pipeline_id) : undefined;
    if (!row || !adapter) throw new TriggersError('hook_not_found');
    let clientId: string | null = null;
    if (!body.itemId) {
      const document = body.clientDocument!.value;
      const client = await findClientByDocument(trx, row.office_id, document);
      if (!client) throw new TriggersError('hook_client_not_found', { params: { document } });
      clientId = client.id;
    }
    // The engine fires this trigger alone, from the row read here (no second read of it).
    const { event, outcomes } = await withKnownTrigger(trx, row, () =>
      emitEvent(ctx, trx, {
        officeId: row.office_id,
        type: 'webhook.received',
        entity: 'automation_trigger',
        entityId: row.id,
        payload: {
          triggerId: row.id,
          pipelineId: row.pipeline_id,
          itemId: body.itemId ?? null,
          clientId,
          data: body.data ?? null,
        },
      }),
    );
    const result = outcomes.find((o) => o.key === TRIGGER_OUTCOME)?.result as
      | { moved: TriggerMove[] }
      | undefined;
    const moved = result?.moved ?? [];
    // The named item is looked up only when the trigger did not move it (a move reads it itself): absent
    // from the pipeline, the call is refused and the event rolls back with the rest of this transaction.
    if (body.itemId && moved.length === 0) {
      const item = await adapter.loadItem(trx, row.office_id, row.pipeline_id, body.itemId);
      if (!item) throw new TriggersError('hook_item_not_found', { params: { itemId: body.itemId } });
    }
    return {
      eventId: event.id,
      moved: moved.map(({ triggerId: _t, ...m }) => m),
    };
  });
}
