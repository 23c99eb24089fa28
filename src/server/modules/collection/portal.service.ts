import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { UploadedFile } from '../../http/upload-parts.js';
import { fieldsError } from '../../http/validation.js';
import { emitEvent } from '../automation/index.js';
import { formatDateTimeBR } from '../br/index.js';
import { send } from '../messaging/index.js';
import { findOffice, getOffice } from '../platform/index.js';
import { collectionAudit } from './audit.js';
import { CollectionError } from './collection.errors.js';
import type { AnswerBody, PortalView, TemplateDefinition } from './collection.schema.js';
import { competenciaLabel } from './due-date.js';
import { bytesLabel } from './file-rules.js';
import { removeItemFile, storeItemFile } from './files.service.js';
import { addHistory } from './history.js';
import { contactScope, linkUrl, verifyLinkToken } from './links.js';
import { modelMessage } from './messages.js';
import { officeToday } from './program-rules.js';
import { afterItemChange } from './progress.js';
import { findItem, findRequest } from './requests.repo.js';
import { toFile } from './requests.service.js';
import { loadVersion } from './templates.service.js';

/**
 * The client's page (public, through a contact's link): every open programação of every company the
 * contact answers for; uploads, answers, deleting one's own file, and the receipt. A contact never reaches
 * another company's request (404, as if it did not exist), nor a closed one (409).
 */

/** The link, its contact and the companies it covers. */
async function open(ctx: AppContext, db: Db, token: string) {
  const link = await verifyLinkToken(ctx, db, token);
  const scope = await contactScope(db, link.office_id, link.contact_id);
  return { link, ...scope, officeId: link.office_id };
}

/** `rows` grouped by `key`, each group in the rows' order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** An item the link may act on: of a company in scope, in an open programação, and a file item. */
async function itemInScope(ctx: AppContext, db: Db, token: string, itemId: string) {
  const s = await open(ctx, db, token);
  const item = await db
    .selectFrom('collection_request_items')
    .select(['id', 'request_id', 'kind', 'name'])
    .where(officeRow(s.officeId, itemId))
    .executeTakeFirst();
  const r = item && (await findRequest(db, s.officeId, item.request_id));
  if (!item || !r || !s.clientIds.includes(r.client_id)) throw new CollectionError('item_not_found');
  if (r.status !== 'open' && r.status !== 'started') throw new CollectionError('request_closed');
  if (item.kind !== 'file') throw new CollectionError('item_not_found');
  return { ...s, item, request: r };
}

export async function portalView(ctx: AppContext, token: string): Promise<PortalView> {
  const s = await open(ctx, ctx.db, token);
  const office = await getOffice(ctx, s.officeId);
  const today = officeToday(ctx, office.timeZone);
  const clients = await ctx.db
    .selectFrom('clients')
    .select(['id', 'legal_name', 'document'])
    .where('office_id', '=', s.officeId)
    .where('id', 'in', s.clientIds)
    .orderBy('name_key')
    .execute();
  const requests = await ctx.db
    .selectFrom('collection_requests')
    .select(['id', 'client_id', 'competencia', 'template_name', 'due_date', 'settled_count', 'total_count'])
    .where('office_id', '=', s.officeId)
    .where('client_id', 'in', s.clientIds)
    .where('status', 'in', ['open', 'started'])
    .execute();
  // Sorted here, not in SQL: an ORDER BY competência leads SQLite to walk the office's whole competência
  // index (120,000 programações in the bench) instead of the client index that finds these few.
  requests.sort(
    (a, b) =>
      a.competencia.localeCompare(b.competencia) || a.template_name.localeCompare(b.template_name, 'pt-BR'),
  );
  const ids = requests.map((r) => r.id);
  const items = ids.length
    ? await ctx.db
        .selectFrom('collection_request_items')
        .selectAll()
        .where('request_id', 'in', ids)
        .where('kind', '=', 'file')
        .orderBy('position')
        .execute()
    : [];
  const files = ids.length
    ? await ctx.db
        .selectFrom('collection_files')
        .selectAll()
        .where('request_id', 'in', ids)
        .orderBy('uploaded_at')
        .orderBy('id')
        .execute()
    : [];
  const requestsOf = groupBy(requests, (r) => r.client_id);
  const itemsOf = groupBy(items, (i) => i.request_id);
  const filesOf = groupBy(files, (f) => f.item_id);
  return {
    office: { name: office.name },
    contact: { name: s.contact.name },
    companies: clients.map((c) => ({
      clientId: c.id,
      name: c.legal_name,
      document: c.document,
      requests: (requestsOf.get(c.id) ?? []).map((r) => ({
        id: r.id,
        competencia: r.competencia,
        templateName: r.template_name,
        dueDate: r.due_date,
        overdue: r.due_date < today,
        progress: { settled: r.settled_count, total: r.total_count },
        items: (itemsOf.get(r.id) ?? []).map((i) => ({
          id: i.id,
          name: i.name,
          instructions: i.instructions,
          kind: i.kind,
          requirement: i.requirement,
          acceptedTypes: JSON.parse(i.accepted_types) as string[],
          maxBytes: Math.min(Number(i.max_bytes), ctx.config.uploadMaxBytes),
          multiple: i.multiple === 1,
          state: i.state as PortalView['companies'][number]['requests'][number]['items'][number]['state'],
          sendLaterOn: i.send_later_on,
          comment: i.comment,
          files: (filesOf.get(i.id) ?? []).map((f) => {
            const { id, name, size, sha256, uploadedAt, warnings } = toFile(f);
            const mine = f.uploaded_by_kind === 'client' && s.contactIds.includes(f.uploaded_by_id ?? '');
            return { id, name, size, sha256, uploadedAt, warnings, mine };
          }),
        })),
      })),
    })),
  };
}

/** One file from the client's page (the page sends files one by one, each with its progress bar). */
export async function portalUpload(ctx: AppContext, token: string, itemId: string, file: UploadedFile) {
  let s: Awaited<ReturnType<typeof itemInScope>>;
  try {
    s = await itemInScope(ctx, ctx.db, token, itemId);
  } catch (err) {
    file.stream.resume();
    throw err;
  }
  const out = await storeItemFile(ctx, {
    officeId: s.officeId,
    requestId: s.request.id,
    itemId,
    file,
    uploader: { kind: 'client', id: s.contact.id, name: s.contact.name },
  });
  return out;
}

/** The client deletes a file it sent (to replace it), while the request is open. */
export async function portalDeleteFile(ctx: AppContext, token: string, fileId: string) {
  const s = await open(ctx, ctx.db, token);
  await removeItemFile(
    ctx,
    s.officeId,
    fileId,
    { kind: 'client', id: s.contact.id, name: s.contact.name },
    (f) => {
      if (!s.contactIds.includes(f.uploaded_by_id ?? '') || f.uploaded_by_kind !== 'client') {
        // Another company's file is "not found"; a file of a company in scope sent by someone else is refused.
        throw new CollectionError('file_not_found');
      }
    },
  );
}

const answerAction = {
  none_this_month: 'answered_none_this_month',
  never_ask_again: 'answered_never_ask_again',
  will_send_later: 'answered_will_send_later',
} as const;

/**
 * The client's answer to an item: "Este mês não tenho" (settled this month), "Não me pedir nos próximos
 * meses" (settled, and left out of the next programações until the office asks again), "Vou enviar depois"
 * (a future date; reminders wait until then).
 */
export async function portalAnswer(ctx: AppContext, token: string, itemId: string, body: AnswerBody) {
  await ctx.db.transaction().execute(async (trx) => {
    const s = await itemInScope(ctx, trx, token, itemId);
    const office = (await findOffice(trx, s.officeId))!;
    const today = officeToday(ctx, office.timeZone);
    if (body.answer === 'will_send_later' && (!body.sendLaterOn || body.sendLaterOn <= today)) {
      throw fieldsError({
        field: 'sendLaterOn',
        code: 'future_date',
        message: {
          'pt-BR': 'Escolha uma data a partir de amanhã para enviar o arquivo.',
          en: 'Choose a date from tomorrow on to send the file.',
        },
      });
    }
    const item = (await findItem(trx, s.officeId, s.request.id, itemId))!;
    const now = ctx.clock.now();
    const at = now.toISOString();
    await trx
      .updateTable('collection_request_items')
      .set({
        state: body.answer,
        send_later_on: body.answer === 'will_send_later' ? body.sendLaterOn! : null,
        answered_at: at,
        answered_by_kind: 'client',
        answered_by_name: s.contact.name,
        changed_at: at,
        changed_by: null,
      })
      .where('id', '=', itemId)
      .execute();
    if (body.answer === 'never_ask_again') {
      await trx
        .insertInto('collection_skips')
        .values({
          office_id: s.officeId,
          client_id: s.request.client_id,
          item_key: item.key,
          item_name: item.name,
          template_name: s.request.template_name,
          by_name: s.contact.name,
          since: at,
        })
        .onConflict((oc) => oc.columns(['office_id', 'client_id', 'item_key']).doNothing())
        .execute();
    }
    const who = { kind: 'client' as const, id: s.contact.id, name: s.contact.name };
    await addHistory(trx, [
      {
        officeId: s.officeId,
        requestId: s.request.id,
        itemId,
        itemName: item.name,
        action: answerAction[body.answer],
        params: body.sendLaterOn ? { date: body.sendLaterOn } : {},
        actor: who,
        at,
      },
    ]);
    await collectionAudit.request.record(
      trx,
      { officeId: s.officeId, userId: null, at: now },
      s.request.id,
      'client_answer',
      {
        before: { itemId, state: item.state },
        after: {
          itemId,
          answer: body.answer,
          sendLaterOn: body.sendLaterOn ?? null,
          contactId: s.contact.id,
        },
      },
    );
    await emitEvent(ctx, trx, {
      officeId: s.officeId,
      type: 'collection.item_answered',
      entity: 'collection_request',
      entityId: s.request.id,
      payload: { itemId, itemKey: item.key, answer: body.answer, sendLaterOn: body.sendLaterOn ?? null },
      at: now,
    });
    await afterItemChange(ctx, trx, s.officeId, s.request.id, who);
  });
  return portalView(ctx, token);
}

/**
 * The receipt: every file this contact sent since its last receipt — what, for which company and item,
 * when, and its SHA-256 — e-mailed to the contact; the files are marked as receipted in the same
 * transaction, so a second click sends nothing twice.
 */
export async function portalReceipt(ctx: AppContext, token: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const s = await open(ctx, trx, token);
    if (!s.contact.email) throw new CollectionError('no_email');
    const files = await trx
      .selectFrom('collection_files as f')
      .innerJoin('collection_request_items as i', 'i.id', 'f.item_id')
      .innerJoin('collection_requests as r', 'r.id', 'f.request_id')
      .innerJoin('clients as c', 'c.id', 'r.client_id')
      .select([
        'f.id',
        'f.name',
        'f.size',
        'f.blob_ref',
        'f.uploaded_at',
        'i.name as item_name',
        'r.competencia',
        'r.template_version_id',
        'c.legal_name as client_name',
      ])
      .where('f.office_id', '=', s.officeId)
      .where('f.uploaded_by_kind', '=', 'client')
      .where('f.uploaded_by_id', 'in', s.contactIds)
      .where('f.receipt_at', 'is', null)
      .orderBy('f.uploaded_at')
      .orderBy('f.id')
      .execute();
    if (!files.length) throw new CollectionError('nothing_to_receipt');
    const office = (await findOffice(trx, s.officeId))!;
    const def: TemplateDefinition = await loadVersion(trx, files[0]!.template_version_id);
    const now = ctx.clock.now();
    const list = files.map((f) => ({
      name: f.name,
      size: bytesLabel(Number(f.size)),
      sha256: f.blob_ref.replace(/^sha256:/, ''),
      sentAt: formatDateTimeBR(f.uploaded_at, office.timeZone),
      company: f.client_name,
      item: `${f.item_name} (${competenciaLabel(f.competencia)})`,
    }));
    const vars = {
      office: { name: office.name, cnpj: office.cnpj, city: office.city, state: office.state },
      contact: { name: s.contact.name },
      link: linkUrl(ctx, token),
      files: list,
      summary: list
        .map(
          (f) => `• ${f.name} (${f.size}) — ${f.company} — ${f.item} — ${f.sentAt}\n  SHA-256: ${f.sha256}`,
        )
        .join('\n'),
      sentAt: formatDateTimeBR(now, office.timeZone),
    };
    const key = `collection-receipt:${s.contact.id}:${createHash('sha256')
      .update(files.map((f) => f.id).join(','))
      .digest('hex')
      .slice(0, 32)}`;
    await send(ctx, trx, {
      officeId: s.officeId,
      to: { kind: 'contact', id: s.contact.id, name: s.contact.name, emails: [s.contact.email] },
      channels: ['email'],
      template: 'collection.receipt',
      vars: modelMessage(def, 'receipt', vars, vars.link, s.contact.name),
      key,
      cause: { kind: 'collection_receipt', id: s.link.id },
    });
    await trx
      .updateTable('collection_files')
      .set({ receipt_at: now.toISOString() })
      .where(
        'id',
        'in',
        files.map((f) => f.id),
      )
      .execute();
    await trx
      .updateTable('collection_links')
      .set({ last_receipt_at: now.toISOString() })
      .where('id', '=', s.link.id)
      .execute();
    return { sentTo: s.contact.email, files: files.length };
  });
}
