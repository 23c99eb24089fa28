/**
 * processes — the answers of the Processos API (the request bodies are in src/shared/schemas/processes.ts).
 *
 * Terms: a **pipeline** (processo) is a record type the office defines, with ordered **stages** (etapas,
 * each with a colour) and its own **fields**; a **card** (cartão) is one item of a pipeline, in one stage,
 * with a client, a responsible, a value, a due date and the values of the pipeline's fields; a
 * **movement** is a card entering a stage (from none when it was created); the **form** is a pipeline's
 * public page (a secret token), whose submissions create cards in the first stage. For automation a
 * pipeline's id is `process:<uuid>` (processes.pipeline.ts).
 */
import { z } from 'zod';
import { askSchema, cardSortable, cardStates, processFieldTypes } from '../../../shared/schemas/processes.js';
import { listQuery, out, pageOf } from '../../http/schemas.js';

export const stageSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  color: z.string().nullable(),
  position: z.number().int(),
});
export type Stage = z.infer<typeof stageSchema>;

export const fieldSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  label: z.string(),
  type: z.enum(processFieldTypes),
  options: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
  required: z.boolean(),
  position: z.number().int(),
});
export type Field = z.infer<typeof fieldSchema>;

export const formSchema = z.object({
  id: z.uuid(),
  token: z.string(),
  /** The public page's path (`/formulario/<token>`), for the link and the embed code. */
  path: z.string(),
  title: z.string(),
  intro: z.string().nullable(),
  ask: askSchema,
  fieldKeys: z.array(z.string()),
  thanks: z.string(),
  active: z.boolean(),
  updatedAt: out.dateTime,
});
export type Form = z.infer<typeof formSchema>;

export const pipelineSummarySchema = z.object({
  id: z.uuid(),
  /** The id rules and triggers use (`process:<uuid>`). */
  automationId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  active: z.boolean(),
  stageCount: z.number().int(),
  openCards: z.number().int(),
  createdAt: out.dateTime,
});
export const pipelineListSchema = z.object({ items: z.array(pipelineSummarySchema) });

export const pipelineSchema = pipelineSummarySchema.extend({
  stages: z.array(stageSchema),
  fields: z.array(fieldSchema),
  form: formSchema.nullable(),
});
export type Pipeline = z.infer<typeof pipelineSchema>;

export const cardSchema = z.object({
  id: z.uuid(),
  pipelineId: z.uuid(),
  pipelineName: z.string(),
  stageId: z.uuid(),
  stageName: z.string(),
  stageColor: z.string().nullable(),
  position: z.number().int(),
  title: z.string(),
  clientId: z.uuid().nullable(),
  clientName: z.string().nullable(),
  responsibleId: z.uuid().nullable(),
  responsibleName: z.string().nullable(),
  valueCents: out.cents,
  dueDate: out.date.nullable(),
  fields: z.record(z.string(), z.unknown()),
  /** What the public form received, when the card came from it. */
  submission: z.record(z.string(), z.unknown()).nullable(),
  state: z.enum(cardStates),
  createdAt: out.dateTime,
  updatedAt: out.dateTime,
  stageEnteredAt: out.dateTime,
  closedAt: out.dateTime.nullable(),
  archivedAt: out.dateTime.nullable(),
});
export type Card = z.infer<typeof cardSchema>;

export const movementSchema = z.object({
  id: z.uuid(),
  fromStageId: z.uuid().nullable(),
  fromStageName: z.string().nullable(),
  toStageId: z.uuid(),
  toStageName: z.string(),
  byUserId: z.uuid().nullable(),
  byUserName: z.string().nullable(),
  source: z.enum(['user', 'form', 'automation']),
  comment: z.string().nullable(),
  at: out.dateTime,
});
export type Movement = z.infer<typeof movementSchema>;

export const cardDetailSchema = cardSchema.extend({ movements: z.array(movementSchema) });
export type CardDetail = z.infer<typeof cardDetailSchema>;

export const boardSchema = z.object({
  pipeline: pipelineSchema,
  columns: z.array(
    z.object({
      stageId: z.uuid(),
      name: z.string(),
      color: z.string().nullable(),
      /** Open cards in the stage (all of them, even beyond the first 200 listed). */
      count: z.number().int(),
      /** The sum of their values, in cents. */
      valueCents: out.cents,
      cards: z.array(cardSchema),
    }),
  ),
});
export type Board = z.infer<typeof boardSchema>;

const optionalUuid = z.uuid().optional();
export const cardListQuery = listQuery(cardSortable, 'updatedAt').extend({
  pipelineId: optionalUuid,
  stageId: optionalUuid,
  clientId: optionalUuid,
  responsibleId: optionalUuid,
  state: z.enum(cardStates).optional(),
});
export type CardListQuery = z.infer<typeof cardListQuery>;
export const cardExportQuery = cardListQuery.omit({ page: true, pageSize: true });
export const cardPageSchema = pageOf(cardSchema);

export const stageDeleteQuery = z.strictObject({
  /** Where the stage's cards go; required when it has cards. */
  moveTo: z.uuid().optional(),
});
export const tokenParams = z.strictObject({ token: z.string().min(10).max(100) });

/** The public form as its page reads it. */
export const publicFormSchema = z.object({
  officeName: z.string(),
  title: z.string(),
  intro: z.string().nullable(),
  ask: askSchema,
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: z.enum(processFieldTypes),
      options: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
      required: z.boolean(),
    }),
  ),
});
export type PublicForm = z.infer<typeof publicFormSchema>;
export const submitResultSchema = z.object({ thanks: z.string() });
