/**
 * automation — terminology (minimal first cut):
 * - event: something that happened to a record, written to the `events` table in the same transaction as
 *   the change (`item.stage_entered` when a ticket's status changes).
 * - subscriber: in-process code run for an event type inside that same transaction; returns an outcome.
 * - built-in rule: a subscriber shipped with the product (e.g. `tickets.status-email`), enabled per office by
 *   default, which the office can switch off (`automation_rule_settings`).
 */
import { z } from 'zod';

/** The event types the product emits. */
export const eventTypes = [
  'item.stage_entered',
  // Cobrança de Arquivos (collection): a file landed on an item, the client answered an item, a
  // programação passed its due date with items pending (once), every item of a checklist is settled.
  'collection.file_received',
  'collection.item_answered',
  'collection.request_overdue',
  'collection.checklist_complete',
  // billing: an invoice was paid (manual baixa, PIX, a boleto's retorno, a statement match).
  'invoice.paid',
  // messaging: the client wrote to the office (an inbound e-mail or WhatsApp message).
  'message.received',
  // Processos: a public form was submitted (a card was created in the pipeline's first stage).
  'form.submitted',
  // an incoming webhook call on a trigger's secret URL.
  'webhook.received',
  // one of an item's fields changed (by a person or a rule).
  'item.field_changed',
] as const;
export type EventType = (typeof eventTypes)[number];

/** One built-in rule as the settings page shows it (name and description in the request's language). */
export const builtinRuleSchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  /** The event type that triggers it. */
  event: z.string(),
  enabled: z.boolean(),
});
export type BuiltinRuleView = z.infer<typeof builtinRuleSchema>;

/** GET /api/automation/builtin-rules and the answer of PUT. */
export const builtinRulesSchema = z.object({ items: z.array(builtinRuleSchema) });

/** PUT /api/automation/builtin-rules (admin): switch rules on or off; rules not listed keep their setting. */
export const putBuiltinRulesBody = z.strictObject({
  items: z
    .array(z.strictObject({ key: z.string().min(1).max(100), enabled: z.boolean() }))
    .min(1)
    .max(100),
});

/** What `invoice.paid` carries. */
export interface InvoicePaid extends Record<string, unknown> {
  invoiceId: string;
  clientId: string;
  amountCents: number;
  paidAmountCents: number;
  paidOn: string | null;
  /** The automation item that created the invoice (action "Criar fatura"), when one did. */
  item?: { pipelineId: string; itemId: string } | null;
}
