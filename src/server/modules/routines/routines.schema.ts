/**
 * HTTP and storage shapes of the routines catalog. The terms (kind, routine, run, reference date, effect,
 * dry run) are explained in define-routine.ts.
 */
import { z } from 'zod';
import { departments } from '../../../shared/schemas/routines.js';
import { documentedAs, out, text } from '../../http/schemas.js';
import { poolName, runSchema, scheduleSpec } from '../engine/index.js';
import { channels } from '../messaging/index.js';
import { configFieldTypes, selectSources } from './config-fields.js';

const localized = z.object({ 'pt-BR': z.string(), en: z.string() });
const channel = z.enum(channels);

const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, { message: 'duplicated item' });

export const audienceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({
    kind: z.literal('class'),
    classes: uniqueList(text(20).min(1), 50)
      .refine((l) => l.length > 0, { params: { i18n: 'required' } })
      .meta({ minItems: 1 }),
  }),
  z.strictObject({
    kind: z.literal('tag'),
    tags: uniqueList(text(40).min(1), 50)
      .refine((l) => l.length > 0, { params: { i18n: 'required' } })
      .meta({ minItems: 1 }),
  }),
  z.strictObject({
    kind: z.literal('list'),
    clientIds: uniqueList(z.uuid(), 5000)
      .refine((l) => l.length > 0, { params: { i18n: 'required' } })
      .meta({ minItems: 1 }),
  }),
]);

/** RoutineSettings as stored and as sent by the form. */
export const routineSettingsSchema = z.strictObject({
  professionId: z.uuid().nullable().default(null),
  channels: uniqueList(channel, 3).default([]),
  templates: z.partialRecord(channel, text(120).min(1)).default({}),
  audience: audienceSchema.default({ kind: 'all' }),
});

export const saveRoutineBody = z.strictObject({
  /** Ativo: Sim/Não. Absent: unchanged. */
  active: z.boolean().optional(),
  settings: routineSettingsSchema,
  /** The kind's own settings, checked against its schema. Secret fields left null keep their value. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Dia/Periodicidade/Hora: the engine's schedule spec; null: no automatic runs. */
  schedule: scheduleSpec.nullable().default(null),
  /** Servidor: the worker pool the runs go to. */
  pool: poolName.default('default'),
  /** The version the form was loaded at; a newer one on the server refuses the save. */
  version: z.number().int().min(0).optional(),
});
export type SaveRoutineInput = z.output<typeof saveRoutineBody>;

export const runRoutineBody = z.strictObject({
  /** Not before (Data + Hora in the office's time zone, as an instant); absent: now. */
  at: z.iso.datetime({ offset: true }).optional(),
  pool: poolName.optional(),
});

export const previewRoutineBody = z.strictObject({
  /** Preview unsaved settings; absent: the saved ones. */
  settings: routineSettingsSchema.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  /** The reference date to preview (`YYYY-MM-DD`); absent: today in the office's time zone. */
  date: z.iso.date().optional(),
});

export const catalogQuery = z.strictObject({
  department: z.enum(departments).optional(),
  q: z.string().trim().max(200).optional(),
  /** Ativa / Inativa (either language). */
  status: z
    .enum(['active', 'inactive', 'ativa', 'inativa'])
    .transform((s) => (s === 'ativa' ? 'active' : s === 'inativa' ? 'inactive' : s))
    .optional(),
});
export type CatalogQuery = z.output<typeof catalogQuery>;

/**
 * The `:kind` of a routine route; the OpenAPI lists the registered kinds (`kinds`), and any other kind
 * of the right shape is a 404 (`routines.not_found`).
 */
export const kindParamOf = (kinds: readonly string[]) =>
  z.strictObject({
    kind: documentedAs(
      z
        .string()
        .min(3)
        .max(80)
        .regex(/^[a-z0-9][a-z0-9.-]*$/),
      kinds,
    ),
  });

/** The routine's schedule: the engine's while active; while inactive, its spec alone (`id` null, paused). */
const scheduleSummary = z.object({
  id: z.string().nullable(),
  spec: scheduleSpec,
  pool: z.string(),
  paused: z.boolean(),
  nextFireAt: out.dateTime.nullable(),
  lastFireAt: out.dateTime.nullable(),
});

export const routineItemSchema = z.object({
  kind: z.string(),
  department: z.enum(departments),
  title: localized,
  description: localized,
  /** The office's configuration id; null while the kind was never configured. */
  id: z.string().nullable(),
  active: z.boolean(),
  /** Channels the kind can tell clients on. */
  availableChannels: z.array(channel),
  /** Comunicação: the channels configured (the kind's by default). */
  channels: z.array(channel),
  /**
   * The office's channels that reach people (e-mail with an SMTP server, WhatsApp and SMS with their
   * provider): a chosen channel not in it sends nothing (or, for e-mail, only to the local mailbox).
   */
  configuredChannels: z.array(channel),
  professionId: z.string().nullable(),
  professionName: z.string().nullable(),
  schedule: scheduleSummary.nullable(),
  pool: z.string(),
  updatedAt: out.dateTime.nullable(),
});
export type RoutineItem = z.infer<typeof routineItemSchema>;

/**
 * A field of a routine's settings form. Recursive (a list field has `fields`), so it is a named component of
 * the OpenAPI document (`RoutineConfigField`): an anonymous cycle has nothing to `$ref`.
 */
const configFieldSchema: z.ZodType = z
  .lazy(() =>
    z.object({
      name: z.string(),
      type: z.enum(configFieldTypes),
      label: localized,
      help: localized.nullable(),
      required: z.boolean(),
      nullable: z.boolean(),
      default: z.unknown().optional(),
      integer: z.boolean().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      minItems: z.number().optional(),
      maxItems: z.number().optional(),
      maxLength: z.number().optional(),
      options: z.array(z.object({ value: z.string(), label: localized })).optional(),
      source: z.enum(selectSources).optional(),
      money: z.boolean().optional(),
      secret: z.boolean().optional(),
      /** A secret field that holds a value (never sent back). */
      secretSet: z.boolean().optional(),
      multiline: z.boolean().optional(),
      visibleWhen: z.object({ field: z.string(), in: z.array(z.unknown()) }).optional(),
      moneyWhen: z.object({ field: z.string(), in: z.array(z.unknown()) }).optional(),
      fields: z.array(configFieldSchema).optional(),
    }),
  )
  .meta({ id: 'RoutineConfigField' });

export const routineDetailSchema = routineItemSchema.extend({
  settings: routineSettingsSchema,
  config: z.record(z.string(), z.unknown()),
  configFields: z.array(configFieldSchema),
  /** Templates that can be chosen per channel (those with a version for it), the kind's own first. */
  templateOptions: z.partialRecord(
    channel,
    z.array(z.object({ key: z.string(), description: localized, own: z.boolean() })),
  ),
  templates: z.object({ client: z.string().nullable(), staff: z.string().nullable() }),
  outcomes: z.record(z.string(), localized),
  version: z.number().int(),
});
export type RoutineDetail = z.infer<typeof routineDetailSchema>;

export const previewMessageSchema = z.object({
  record: z.string(),
  channel,
  recipient: z.string().nullable(),
  address: z.string().nullable(),
  status: z.enum(['queued', 'skipped']),
  reason: localized.nullable(),
  duplicate: z.boolean(),
  template: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
});

export const previewResultSchema = z.object({
  date: out.date,
  records: z.number().int(),
  failed: z.number().int(),
  messages: z.object({ queued: z.number().int(), skipped: z.number().int(), duplicates: z.number().int() }),
  outcomes: z.array(z.object({ key: z.string(), label: localized, count: z.number().int() })),
  summary: z.string(),
  preview: z.array(previewMessageSchema),
  truncated: z.boolean(),
});

/** The largest file a routine's config may refer to (the ERP import's CSV). */
export const MAX_ROUTINE_FILE_BYTES = 20 * 1024 * 1024;

export const uploadResultSchema = z.object({
  ref: z.string(),
  name: z.string(),
  size: z.number().int(),
  uploadedAt: out.dateTime,
});

export const routineRunsSchema = z.object({ items: z.array(runSchema) });
