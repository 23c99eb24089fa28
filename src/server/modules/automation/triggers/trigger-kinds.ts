import type { TriggerKind } from '../registry.js';
import { clientRepliedTrigger } from './client-replied.trigger.js';
import { checklistCompleteTrigger, fileReceivedTrigger } from './collection.trigger.js';
import { dateReachedTrigger } from './date-reached.trigger.js';
import { fieldChangedTrigger } from './field-changed.trigger.js';
import { formSubmittedTrigger } from './form-submitted.trigger.js';
import { invoicePaidTrigger } from './invoice-paid.trigger.js';
import { noMovementTrigger } from './no-movement.trigger.js';
import type { TriggerKindId } from './trigger-texts.js';
import { webhookTrigger } from './webhook.trigger.js';

/**
 * The product's trigger kinds by kind, in the order the editor offers them (registered in catalog.ts): one
 * per entry of `triggerTexts`, under its own kind, so a missing, an extra or a misfiled one is a compile error.
 */
const byKind = {
  invoice_paid: invoicePaidTrigger,
  client_replied: clientRepliedTrigger,
  file_received: fileReceivedTrigger,
  checklist_complete: checklistCompleteTrigger,
  form_submitted: formSubmittedTrigger,
  webhook: webhookTrigger,
  field_changed: fieldChangedTrigger,
  no_movement: noMovementTrigger,
  date_reached: dateReachedTrigger,
} satisfies { [K in TriggerKindId]: { kind: K } };

export const triggerKinds = Object.values(byKind) as TriggerKind<unknown>[];
