import type { Updateable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { CollectionTemplatesTable } from '../../db/schema.js';
import type { FieldIssue } from '../../http/errors.js';
import { fieldIssue, fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { compileTemplate } from '../messaging/index.js';
import type { Actor } from '../platform/index.js';
import { collectionAudit } from './audit.js';
import { CollectionError } from './collection.errors.js';
import type {
  Communication,
  Template,
  TemplateDefinition,
  TemplateInput,
  TemplateItem,
} from './collection.schema.js';
import { DEFAULT_COMMUNICATION, variablesOf } from './texts.js';

/** Processos Modelo: create, edit (a new version each time), copy, activate/deactivate. */

/** `'Notas de entrada (XML)'` → `'notas-de-entrada-xml'`: an item's stable key when the office gives none. */
export function slugOf(name: string): string {
  const s = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return s || 'item';
}

/** Gives every item a key, unique within the checklist (kept when given; made from the name otherwise). */
function withKeys(items: TemplateInput['items']): TemplateItem[] {
  const used = new Set(items.flatMap((i) => (i.key ? [i.key] : [])));
  return items.map((i) => {
    let key = i.key;
    if (!key) {
      const base = slugOf(i.name);
      key = base;
      for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
      used.add(key);
    }
    return { ...i, key, acceptedTypes: i.kind === 'activity' ? [] : i.acceptedTypes };
  });
}

/**
 * What a schema cannot check: a checklist with items, unique keys, file items with their types, the
 * service and professions of this office, and Liquid texts that parse and read only known variables.
 * Every problem is reported at once, each on its field.
 */
async function validate(db: Db, officeId: string, input: TemplateInput): Promise<TemplateDefinition> {
  const issues: FieldIssue[] = [];
  if (input.items.length === 0)
    issues.push(
      fieldIssue(
        'items',
        'empty_checklist',
        'O checklist precisa de pelo menos um item.',
        'The checklist needs at least one item.',
      ),
    );
  const seen = new Set<string>();
  input.items.forEach((item, i) => {
    if (item.key && seen.has(item.key))
      issues.push(
        fieldIssue(
          `items.${i}.key`,
          'duplicate_key',
          'Chave repetida no checklist.',
          'Key repeated in the checklist.',
        ),
      );
    if (item.key) seen.add(item.key);
    if (item.kind === 'file' && item.acceptedTypes.length === 0)
      issues.push(
        fieldIssue(
          `items.${i}.acceptedTypes`,
          'no_types',
          'Escolha ao menos um tipo de arquivo aceito.',
          'Choose at least one accepted file type.',
        ),
      );
  });
  if (input.serviceId) {
    const s = await db
      .selectFrom('services')
      .select('id')
      .where(officeRow(officeId, input.serviceId))
      .executeTakeFirst();
    if (!s)
      issues.push(fieldIssue('serviceId', 'not_found', 'Serviço não encontrado.', 'Service not found.'));
  }
  const professionIds = [input.professionId, ...input.items.map((i) => i.professionId)].filter(
    (p): p is string => !!p,
  );
  if (professionIds.length) {
    const found = new Set(
      (
        await db
          .selectFrom('professions')
          .select('id')
          .where('office_id', '=', officeId)
          .where('id', 'in', [...new Set(professionIds)])
          .execute()
      ).map((p) => p.id),
    );
    const missing = (field: string) =>
      issues.push(fieldIssue(field, 'not_found', 'Profissão não encontrada.', 'Profession not found.'));
    if (input.professionId && !found.has(input.professionId)) missing('professionId');
    input.items.forEach((item, i) => {
      if (item.professionId && !found.has(item.professionId)) missing(`items.${i}.professionId`);
    });
  }
  const texts = input.communication ?? DEFAULT_COMMUNICATION;
  for (const [field, source] of Object.entries(texts) as [keyof Communication, string][]) {
    try {
      compileTemplate(source, variablesOf[field]);
    } catch (err) {
      const e = err as { code?: string; messages?: { 'pt-BR': string; en: string } };
      if (!e.messages) throw err;
      issues.push({
        field: `communication.${field}`,
        code: (e.code ?? 'template').replace(/^messaging\./, ''),
        message: e.messages,
      });
    }
  }
  if (issues.length) throw fieldsError(...issues);
  return { ...input, communication: texts, items: withKeys(input.items) };
}

type TemplateRow = {
  id: string;
  name: string;
  active: number;
  current_version: number;
  created_at: string;
  updated_at: string;
};

async function serviceNames(db: Db, officeId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('services')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** What the list and the model's page both show of a model: its name, state, version and service. */
const templateHead = (
  row: Pick<TemplateRow, 'id' | 'active' | 'current_version'>,
  def: TemplateDefinition,
  serviceName: string | null,
) => ({
  id: row.id,
  name: def.name,
  active: row.active === 1,
  version: row.current_version,
  serviceId: def.serviceId,
  serviceName,
});

function toTemplate(row: TemplateRow, def: TemplateDefinition, serviceName: string | null): Template {
  return {
    ...templateHead(row, def, serviceName),
    professionId: def.professionId ?? null,
    description: def.description ?? null,
    autoClose: def.autoClose,
    due: def.due,
    reminderOffsets: def.reminderOffsets,
    communication: def.communication,
    items: def.items.map((i) => ({ ...i, professionId: i.professionId ?? null })),
    variables: [...new Set(Object.values(variablesOf).flat())],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A model's latest version, with its id; throws `template_not_found`. */
export async function loadTemplate(db: Db, officeId: string, id: string) {
  const row = await db
    .selectFrom('collection_templates')
    .selectAll()
    .where(officeRow(officeId, id))
    .executeTakeFirstOrThrow(() => new CollectionError('template_not_found'));
  const version = await db
    .selectFrom('collection_template_versions')
    .select(['id', 'definition'])
    .where('template_id', '=', id)
    .where('version', '=', row.current_version)
    .executeTakeFirstOrThrow();
  return { row, versionId: version.id, def: JSON.parse(version.definition) as TemplateDefinition };
}

/** A stored version's definition (a programação reads the one it was made from). */
export async function loadVersion(db: Db, versionId: string): Promise<TemplateDefinition> {
  const v = await db
    .selectFrom('collection_template_versions')
    .select('definition')
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  return JSON.parse(v.definition) as TemplateDefinition;
}

export async function getTemplate(ctx: AppContext, officeId: string, id: string): Promise<Template> {
  const { row, def } = await loadTemplate(ctx.db, officeId, id);
  const names = await serviceNames(ctx.db, officeId, def.serviceId ? [def.serviceId] : []);
  return toTemplate(row, def, def.serviceId ? (names.get(def.serviceId) ?? null) : null);
}

export async function listTemplates(ctx: AppContext, officeId: string, active?: boolean) {
  let q = ctx.db
    .selectFrom('collection_templates as t')
    .innerJoin('collection_template_versions as v', (j) =>
      j.onRef('v.template_id', '=', 't.id').onRef('v.version', '=', 't.current_version'),
    )
    .select(['t.id', 't.active', 't.current_version', 't.updated_at', 'v.definition'])
    .where('t.office_id', '=', officeId);
  if (active !== undefined) q = q.where('t.active', '=', active ? 1 : 0);
  const rows = await q.orderBy('t.name').orderBy('t.id').execute();
  const defs = rows.map((r) => JSON.parse(r.definition) as TemplateDefinition);
  const names = await serviceNames(
    ctx.db,
    officeId,
    defs.flatMap((d) => (d.serviceId ? [d.serviceId] : [])),
  );
  return {
    items: rows.map((r, i) => {
      const d = defs[i]!;
      return {
        ...templateHead(r, d, d.serviceId ? (names.get(d.serviceId) ?? null) : null),
        itemCount: d.items.length,
        updatedAt: r.updated_at,
      };
    }),
  };
}

export async function createTemplate(ctx: AppContext, actor: Actor, input: TemplateInput): Promise<Template> {
  const def = await validate(ctx.db, actor.officeId, input);
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now().toISOString();
    await trx
      .insertInto('collection_templates')
      .values({
        id,
        office_id: actor.officeId,
        name: def.name,
        active: 1,
        current_version: 1,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await insertVersion(trx, actor, id, 1, def, now);
    const after = { name: def.name, version: 1, items: def.items.length };
    await collectionAudit.template.create(trx, { ...actor, at: ctx.clock.now() }, id, after);
  });
  return getTemplate(ctx, actor.officeId, id);
}

async function insertVersion(
  db: Db,
  actor: Actor,
  templateId: string,
  version: number,
  def: TemplateDefinition,
  now: string,
) {
  await db
    .insertInto('collection_template_versions')
    .values({
      id: newId(),
      office_id: actor.officeId,
      template_id: templateId,
      version,
      definition: JSON.stringify(def),
      created_by: actor.userId,
      created_at: now,
    })
    .execute();
}

/** Saves a new version; programações already made keep the version they were made from. */
/** Changes a model's own columns (and `updated_at`) and audits the change, inside `trx`. */
async function changeTemplateIn(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  id: string,
  set: Updateable<CollectionTemplatesTable>,
  entry: { action: string; before: object; after: object },
) {
  await trx
    .updateTable('collection_templates')
    .set({ ...set, updated_at: ctx.clock.now().toISOString() })
    .where(officeRow(actor.officeId, id))
    .execute();
  const { action, ...change } = entry;
  await collectionAudit.template.record(trx, { ...actor, at: ctx.clock.now() }, id, action, change);
}

export async function updateTemplate(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: TemplateInput,
): Promise<Template> {
  const def = await validate(ctx.db, actor.officeId, input);
  await ctx.db.transaction().execute(async (trx) => {
    const { row } = await loadTemplate(trx, actor.officeId, id);
    const version = row.current_version + 1;
    await insertVersion(trx, actor, id, version, def, ctx.clock.now().toISOString());
    await changeTemplateIn(
      ctx,
      trx,
      actor,
      id,
      { name: def.name, current_version: version },
      {
        action: 'update',
        before: { version: row.current_version },
        after: { name: def.name, version, items: def.items.length },
      },
    );
  });
  return getTemplate(ctx, actor.officeId, id);
}

/** "Cópia de …": a new model (version 1) with the latest version's content. */
export async function copyTemplate(ctx: AppContext, actor: Actor, id: string): Promise<Template> {
  const { def } = await loadTemplate(ctx.db, actor.officeId, id);
  const name = `Cópia de ${def.name}`.slice(0, 120);
  return createTemplate(ctx, actor, { ...def, name });
}

export async function setTemplateActive(
  ctx: AppContext,
  actor: Actor,
  id: string,
  active: boolean,
): Promise<Template> {
  await ctx.db.transaction().execute(async (trx) => {
    const { row } = await loadTemplate(trx, actor.officeId, id);
    await changeTemplateIn(
      ctx,
      trx,
      actor,
      id,
      { active: active ? 1 : 0 },
      { action: active ? 'activate' : 'deactivate', before: { active: row.active === 1 }, after: { active } },
    );
  });
  return getTemplate(ctx, actor.officeId, id);
}
