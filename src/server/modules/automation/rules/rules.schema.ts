/**
 * Automações — terminology:
 * - pipeline: a record type with ordered stages (tickets, programações, the office's Processos);
 * - rule: one action on a stage, run when an item enters it; edited as a draft, published as immutable
 *   versions (a run keeps the version it started with);
 * - entry: one item's entry into a stage; its rule runs belong to it (one per rule, exactly once);
 * - run (step): one rule's execution for one entry — waiting (in sequence), pending (due at a time),
 *   done, skipped (condition false), failed, cancelled (the item left, or a person), loop (loop guard).
 * These are the API's shapes (answers); the rule body is `ruleDefinition` (src/shared/schemas/automation.ts).
 */
import { z } from 'zod';
import {
  delayUnits,
  ruleDefinition,
  ruleModes,
  ruleRunStatuses,
} from '../../../../shared/schemas/automation.js';
import { out } from '../../../http/schemas.js';
import { actionCategories } from '../registry.js';

export { ruleDefinition };

const fieldTypes = ['text', 'number', 'money', 'date', 'boolean', 'select', 'user', 'client'] as const;

export const pipelineSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  stages: z.array(z.object({ id: z.string(), name: z.string(), color: z.string().nullable() })),
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.enum(fieldTypes),
      options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
      writable: z.boolean(),
    }),
  ),
});
export const pipelinesSchema = z.object({ items: z.array(pipelineSchema) });

export const catalogSchema = z.object({
  actions: z.array(
    z.object({
      category: z.enum(actionCategories),
      name: z.string(),
      items: z.array(
        z.object({
          kind: z.string(),
          name: z.string(),
          description: z.string(),
          external: z.boolean(),
          /** The action's input as JSON Schema (the editor builds its form from it). */
          inputSchema: z.record(z.string(), z.unknown()),
        }),
      ),
    }),
  ),
  triggers: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      description: z.string(),
      event: z.string().nullable(),
      configSchema: z.record(z.string(), z.unknown()),
    }),
  ),
});

/** A rule's definition as answered (the same shape the body takes, defaults applied). */
export const ruleDefinitionOut = z.object({
  name: z.string().nullable(),
  action: z.string(),
  input: z.record(z.string(), z.unknown()),
  mode: z.enum(ruleModes),
  delay: z.union([
    z.object({ kind: z.literal('none'), businessHours: z.boolean().optional() }),
    z.object({
      kind: z.literal('after'),
      amount: z.number().int(),
      unit: z.enum(delayUnits),
      businessHours: z.boolean().optional(),
    }),
    z.object({
      kind: z.literal('field'),
      field: z.string(),
      offsetDays: z.number().int(),
      businessDays: z.boolean(),
      time: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
        .nullable(),
      businessHours: z.boolean().optional(),
    }),
  ]),
  condition: z.record(z.string(), z.unknown()).nullable(),
});

export const ruleSchema = z.object({
  id: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  published: z
    .object({
      version: z.number().int(),
      definition: ruleDefinitionOut,
      publishedAt: out.dateTime,
      publishedBy: z.string().nullable(),
    })
    .nullable(),
  draft: ruleDefinitionOut.nullable(),
  /** The action of the draft (or the published version) in words, in the request's language. */
  description: z.string(),
  updatedAt: out.dateTime,
});
export type RuleView = z.infer<typeof ruleSchema>;

export const rulesOfPipelineSchema = z.object({
  pipelineId: z.string(),
  stages: z.array(z.object({ stageId: z.string(), rules: z.array(ruleSchema) })),
});

export const pipelineParams = z.strictObject({ pipelineId: z.string().min(1).max(100) });
export const stageParams = z.strictObject({
  pipelineId: z.string().min(1).max(100),
  stageId: z.string().min(1).max(100),
});
export const itemParams = z.strictObject({
  pipelineId: z.string().min(1).max(100),
  itemId: z.string().min(1).max(100),
});

export const enabledBody = z.strictObject({ enabled: z.boolean() });

export const orderBody = z.strictObject({
  stages: z
    .array(
      z.strictObject({
        stageId: z.string().min(1).max(100),
        ruleIds: z.array(z.uuid()).max(200),
      }),
    )
    .min(1)
    .max(100),
});

export const applyExistingBody = z.strictObject({ dryRun: z.boolean().default(true) });
export const applyExistingSchema = z.object({
  dryRun: z.boolean(),
  /** Items in the stage (all of them, however many the list shows). */
  count: z.number().int(),
  /** How many of them pass the rule's condition now. */
  matching: z.number().int(),
  /** The first items with their condition's result (dry run). */
  items: z.array(
    z.object({
      itemId: z.string(),
      title: z.string(),
      passes: z.boolean(),
      conditionValues: z.record(z.string(), z.unknown()),
    }),
  ),
  /** Runs created (not a dry run); items already run by this rule in their current entry are left alone. */
  created: z.number().int(),
});

export const testBody = z.strictObject({ itemId: z.string().min(1).max(100) });

const outcomeSchema = z.object({
  summary: z.string(),
  output: z.record(z.string(), z.unknown()).optional(),
  links: z
    .array(
      z.object({
        kind: z.enum(['message', 'task', 'document', 'invoice', 'webhook']),
        id: z.string(),
        label: z.string().optional(),
      }),
    )
    .optional(),
  preview: z
    .array(
      z.object({ channel: z.string(), to: z.string(), subject: z.string().nullable(), body: z.string() }),
    )
    .optional(),
});

export const testResultSchema = z.object({
  item: z.object({ id: z.string(), title: z.string(), stageId: z.string() }),
  runs: z.array(
    z.object({
      ruleId: z.string(),
      version: z.number().int().nullable(),
      draft: z.boolean(),
      description: z.string(),
      status: z.enum(ruleRunStatuses),
      conditionValues: z.record(z.string(), z.unknown()).nullable(),
      outcome: outcomeSchema.nullable(),
      error: z.string().nullable(),
    }),
  ),
});

export const runSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  version: z.number().int(),
  action: z.string(),
  /** The rule's name, or its action in words (null when the rule was deleted). */
  description: z.string().nullable(),
  group: z.number().int(),
  status: z.enum(ruleRunStatuses),
  dueAt: out.dateTime.nullable(),
  conditionValues: z.record(z.string(), z.unknown()).nullable(),
  outcome: outcomeSchema.nullable(),
  error: z.string().nullable(),
  createdAt: out.dateTime,
  finishedAt: out.dateTime.nullable(),
});
export type RunView = z.infer<typeof runSchema>;

export const historySchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      stageId: z.string(),
      stageName: z.string(),
      status: z.enum(['active', 'left', 'loop']),
      chainId: z.string(),
      depth: z.number().int(),
      enteredAt: out.dateTime,
      leftAt: out.dateTime.nullable(),
      runs: z.array(runSchema),
    }),
  ),
});
