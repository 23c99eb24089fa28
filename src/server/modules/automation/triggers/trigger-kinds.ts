import type { TriggerKind } from '../registry.js';
import { clientRepliedTrigger } from './client-replied.trigger.js';
import { checklistCompleteTrigger, fileReceivedTrigger } from './collection.trigger.js';
import { dateReachedTrigger } from './date-reached.trigger.js';
import { fieldChangedTrigger } from './field-changed.trigger.js';
import { formSubmittedTrigger } from './form-submitted.trigger.js';
import { invoicePaidTrigger } from './invoice-paid.trigger.js';
import { noMovementTrigger } from './no-movement.trigger.js';
import { webhookTrigger } from './webhook.trigger.js';

/** The product's trigger kinds, in the order the editor offers them (registered in catalog.ts). */
export const triggerKinds = [
  invoicePaidTrigger,
  clientRepliedTrigger,
  fileReceivedTrigger,
  checklistCompleteTrigger,
  formSubmittedTrigger,
  webhookTrigger,
  fieldChangedTrigger,
  noMovementTrigger,
  dateReachedTrigger,
] as TriggerKind<unknown>[];
