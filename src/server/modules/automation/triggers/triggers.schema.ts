import { z } from 'zod';
import { triggerDefinition } from '../../../../shared/schemas/automation.js';
import { taxIdField } from '../../../../shared/schemas/fields.js';
import { out, text } from '../../../http/schemas.js';

/** Automações — triggers: the API's shapes (the definition itself is shared with the web's editor). */

/** POST /api/automation/pipelines/:pipelineId/triggers and PUT /api/automation/triggers/:id. */
export const triggerBody = triggerDefinition.extend({
  /** The stage the trigger moves items into. */
  stageId: text(100).min(1),
});
export type TriggerBody = z.output<typeof triggerBody>;

export const pipelineParam = z.strictObject({ pipelineId: text(200).min(1) });

export const triggerSchema = z.object({
  id: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  kind: z.string(),
  /** The kind's name in the request's language ("Fatura paga"). */
  name: z.string(),
  /** One line for the column's header: the kind's `describe` of this configuration. */
  description: z.string(),
  config: z.record(z.string(), z.unknown()),
  allowBack: z.boolean(),
  enabled: z.boolean(),
  position: z.number().int(),
  /** The incoming webhook's address (kind `webhook`), to give to the other system. */
  webhookUrl: z.string().nullable(),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
});
export type TriggerView = z.infer<typeof triggerSchema>;

export const triggerListSchema = z.object({ items: z.array(triggerSchema) });

/**
 * The incoming webhook's body: the item (`itemId`, in the trigger's pipeline) or the client (`clientDocument`,
 * CNPJ/CPF: the client's open items of the pipeline); `data` is kept with the event for the rules.
 */
export const hookBody = z
  .strictObject({
    itemId: text(100).min(1).optional(),
    clientDocument: taxIdField.optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.itemId === !b.clientDocument)
      ctx.addIssue({
        code: 'custom',
        path: ['itemId'],
        message: 'item_or_client',
        params: { i18n: 'item_or_client' },
      });
  });
export type HookBody = z.output<typeof hookBody>;

/** Any spelling: a made-up secret is a 404, like a revoked one. */
export const hookParam = z.strictObject({ secret: z.string().min(1).max(200) });

export const hookAnswerSchema = z.object({
  /** The `webhook.received` event's id. */
  eventId: z.string(),
  moved: z.array(
    z.object({
      pipelineId: z.string(),
      itemId: z.string(),
      title: z.string(),
      from: z.string(),
      to: z.string(),
    }),
  ),
});
