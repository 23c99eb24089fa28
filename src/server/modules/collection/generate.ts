import type { Insertable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import type { CollectionRequestItemsTable, CollectionRequestsTable } from '../../db/schema.js';
import { newId } from '../../ids.js';
import { calendarOf, yieldToEventLoop } from '../engine/index.js';
import { type Actor, firstAdminId, getOffice } from '../platform/index.js';
import { collectionAudit } from './audit.js';
import { CollectionError } from './collection.errors.js';
import type { Audience, TemplateDefinition } from './collection.schema.js';
import { competenciaLabel, dueDateOf } from './due-date.js';
import { addHistory } from './history.js';
import { loadTemplate } from './templates.service.js';

/**
 * Generation of programações: one request per (client, model, competência), with its own copy of the
 * model version's checklist, less the items the client said not to ask again.
 *
 * Exactly once, however many generators race (two schedulers, a retried job, a click twice): the UNIQUE
 * constraint on (office, client, template, competência) and `INSERT … ON CONFLICT DO NOTHING RETURNING`
 * — only the requests a generator actually inserted get items, in the same transaction, so a request never
 * exists without its checklist and never gets two.
 *
 * Fast and resumable: clients are taken in id order, {@link CHUNK} at a time, each chunk one transaction of
 * a few multi-row statements; between chunks the event loop runs (engine/yield.ts). A chunk first drops
 * the clients that already have the request, so a retried run skips the work already done.
 */

/** Clients per transaction. */
export const CHUNK = 500;
/** Rows per multi-row INSERT (SQLite's and PostgreSQL's parameter limits). */
const ROWS_PER_INSERT = 800;

/** The active clients of an audience, in id order. */
export async function audienceClientIds(db: Db, officeId: string, audience: Audience): Promise<string[]> {
  if (audience.kind === 'clients') {
    const ids = [...new Set(audience.clientIds)];
    const found: string[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db
        .selectFrom('clients')
        .select('id')
        .where('office_id', '=', officeId)
        .where('status', '=', 'active')
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute();
      found.push(...rows.map((r) => r.id));
    }
    return found.sort();
  }
  if (audience.kind === 'class') {
    const rows = await db
      .selectFrom('clients')
      .select('id')
      .where('office_id', '=', officeId)
      .where('status', '=', 'active')
      .where('class', '=', audience.classId)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }
  const rows = await db
    .selectFrom('clients')
    .innerJoin('client_tags', (j) =>
      j.onRef('client_tags.client_id', '=', 'clients.id').on('client_tags.tag', '=', audience.tagId),
    )
    .select('clients.id')
    .where('clients.office_id', '=', officeId)
    .where('clients.status', '=', 'active')
    .orderBy('clients.id')
    .execute();
  return rows.map((r) => r.id);
}

export interface GenerateInput {
  officeId: string;
  templateId: string;
  competencia: string;
  clientIds: readonly string[];
  programId: string | null;
  /** Who asked (null user: a schedule). */
  actor: Actor;
  actorName: string;
  /** Called after each chunk (a job's progress). */
  onChunk?: (done: number, total: number) => Promise<void>;
  signal?: AbortSignal;
}

export interface GenerateResult {
  created: number;
  /** Clients that already had this competência's request. */
  existing: number;
  /** Clients left without a request because every item was marked "do not ask again". */
  allSkipped: number;
  dueDate: string;
}

/**
 * Creates the competência's programações for the given clients (see the file's comment). Returns how many
 * it created; the ones that already existed are left as they are.
 */
export async function generateRequests(ctx: AppContext, input: GenerateInput): Promise<GenerateResult> {
  const { row, versionId, def } = await loadTemplate(ctx.db, input.officeId, input.templateId);
  if (row.active !== 1) throw new CollectionError('template_inactive', { params: { name: row.name } });
  const office = await getOffice(ctx, input.officeId);
  const dueDate = dueDateOf(input.competencia, def.due, calendarOf(office));
  const admin = await firstAdminId(ctx.db, input.officeId);
  const professions = [
    ...new Set([def.professionId, ...def.items.map((i) => i.professionId)].filter((p): p is string => !!p)),
  ];
  const keys = def.items.map((i) => i.key);
  const result: GenerateResult = { created: 0, existing: 0, allSkipped: 0, dueDate };
  const ids = [...input.clientIds].sort();
  for (let i = 0; i < ids.length; i += CHUNK) {
    input.signal?.throwIfAborted();
    const chunk = ids.slice(i, i + CHUNK);
    const r = await generateChunk(ctx, input, chunk, {
      versionId,
      version: row.current_version,
      def,
      dueDate,
      admin,
      professions,
      keys,
    });
    result.created += r.created;
    result.existing += r.existing;
    result.allSkipped += r.allSkipped;
    await input.onChunk?.(Math.min(i + CHUNK, ids.length), ids.length);
    await yieldToEventLoop();
  }
  return result;
}

interface Plan {
  versionId: string;
  version: number;
  def: TemplateDefinition;
  dueDate: string;
  admin: string | null;
  professions: string[];
  keys: string[];
}

async function generateChunk(ctx: AppContext, input: GenerateInput, chunk: string[], plan: Plan) {
  const { officeId, templateId, competencia } = input;
  // Reads outside the write transaction: the UNIQUE constraint, not these reads, guarantees "once".
  const existing = new Set(
    (
      await ctx.db
        .selectFrom('collection_requests')
        .select('client_id')
        .where('office_id', '=', officeId)
        .where('template_id', '=', templateId)
        .where('competencia', '=', competencia)
        .where('client_id', 'in', chunk)
        .execute()
    ).map((r) => r.client_id),
  );
  const missing = chunk.filter((c) => !existing.has(c));
  const out = { created: 0, existing: existing.size, allSkipped: 0 };
  if (!missing.length) return out;

  const responsibles = new Map<string, string>();
  if (plan.professions.length) {
    const rows = await ctx.db
      .selectFrom('client_responsibles')
      .select(['client_id', 'profession_id', 'user_id'])
      .where('office_id', '=', officeId)
      .where('client_id', 'in', missing)
      .where('profession_id', 'in', plan.professions)
      .execute();
    for (const r of rows) responsibles.set(`${r.client_id}|${r.profession_id}`, r.user_id);
  }
  const skips = new Set(
    (
      await ctx.db
        .selectFrom('collection_skips')
        .select(['client_id', 'item_key'])
        .where('office_id', '=', officeId)
        .where('client_id', 'in', missing)
        .where('item_key', 'in', plan.keys)
        .execute()
    ).map((s) => `${s.client_id}|${s.item_key}`),
  );

  const now = ctx.clock.now().toISOString();
  const { def } = plan;
  const requests: Insertable<CollectionRequestsTable>[] = [];
  const itemsByRequest = new Map<string, Insertable<CollectionRequestItemsTable>[]>();
  for (const clientId of missing) {
    const items = def.items.filter((it) => !skips.has(`${clientId}|${it.key}`));
    if (!items.length) {
      out.allSkipped++;
      continue;
    }
    const id = newId();
    const responsible =
      (def.professionId && responsibles.get(`${clientId}|${def.professionId}`)) || plan.admin;
    requests.push({
      id,
      office_id: officeId,
      client_id: clientId,
      template_id: templateId,
      template_version_id: plan.versionId,
      template_version: plan.version,
      template_name: def.name,
      service_id: def.serviceId,
      program_id: input.programId,
      competencia,
      due_date: plan.dueDate,
      responsible_id: responsible,
      status: 'open' as const,
      close_status: null,
      close_note: null,
      closed_at: null,
      closed_by: null,
      auto_close: def.autoClose ? 1 : 0,
      settled_count: 0,
      total_count: items.length,
      request_sent_at: null,
      notify_count: 0,
      overdue_at: null,
      complete_at: null,
      created_by: input.actor.userId,
      created_at: now,
      updated_at: now,
    });
    itemsByRequest.set(
      id,
      items.map((it, position) => ({
        id: newId(),
        office_id: officeId,
        request_id: id,
        key: it.key,
        position,
        name: it.name,
        instructions: it.instructions,
        kind: it.kind,
        requirement: it.requirement,
        accepted_types: JSON.stringify(it.acceptedTypes),
        max_bytes: it.maxBytes,
        multiple: it.multiple ? 1 : 0,
        profession_id: it.professionId ?? null,
        responsible_id:
          (it.professionId && responsibles.get(`${clientId}|${it.professionId}`)) || responsible,
        state: 'pending',
        answered_at: null,
        answered_by_kind: null,
        answered_by_name: null,
        send_later_on: null,
        comment: null,
        changed_at: now,
        changed_by: input.actor.userId,
      })),
    );
  }
  if (!requests.length) return out;

  await ctx.db.transaction().execute(async (trx) => {
    const inserted: string[] = [];
    for (let i = 0; i < requests.length; i += ROWS_PER_INSERT / 4) {
      const rows = await trx
        .insertInto('collection_requests')
        .values(requests.slice(i, i + ROWS_PER_INSERT / 4))
        .onConflict((oc) => oc.columns(['office_id', 'client_id', 'template_id', 'competencia']).doNothing())
        .returning('id')
        .execute();
      inserted.push(...rows.map((r) => r.id));
    }
    // Only the requests this generator inserted get their checklist: a racing one's are left alone.
    const items = inserted.flatMap((id) => itemsByRequest.get(id) ?? []);
    for (let i = 0; i < items.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto('collection_request_items')
        .values(items.slice(i, i + ROWS_PER_INSERT))
        .execute();
    }
    await addHistory(
      trx,
      inserted.map((requestId) => ({
        officeId,
        requestId,
        action: 'created' as const,
        params: { competencia: competenciaLabel(competencia), dueDate: plan.dueDate, version: plan.version },
        actor: {
          kind: input.actor.userId ? 'staff' : 'system',
          id: input.actor.userId,
          name: input.actorName,
        },
        at: now,
      })),
    );
    if (inserted.length) {
      await collectionAudit.template.record(
        trx,
        { ...input.actor, at: ctx.clock.now() },
        templateId,
        'generate',
        { after: { competencia, created: inserted.length, programId: input.programId } },
      );
    }
    out.created = inserted.length;
    out.existing += requests.length - inserted.length;
  });
  return out;
}
