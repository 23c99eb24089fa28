import { blobStore } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import { officeRow } from '../../db/office-row.js';
import { AppError } from '../../http/errors.js';
import { extensionOf } from '../../http/file-content.js';
import { newId } from '../../ids.js';
import { type InboundListReply, type InboundMedia, type SendInput, send } from '../messaging/index.js';
import { storeItemFile } from './files.service.js';
import { pendingItemsForContact } from './pending-items.js';

/**
 * Cobrança de Arquivos through WhatsApp (issue item 10). A contact who sends a document or a photo in the
 * conversation is asked, in an interactive list, which of their pending items it is for — every company
 * the contact answers for, sorted by company and competência, only items that accept the file's type; the
 * row they pick lands the file on that item exactly like an upload on the client's page (`storeItemFile`:
 * type, size, virus scan, content checks, history, events). The file waits in `collection_whatsapp_files`
 * between the two messages. Registered in src/server/catalog.ts (`onInboundMedia`, `onInboundListReply`);
 * messaging hands each inbound message over once, and these handlers are idempotent on it besides.
 *
 * Every answer (the list, "no pending item takes this file", the confirmation, a refusal) goes through the
 * messaging outbox in the transaction that records what it answers, under the key
 * `collection-wa:<inbound message id>:<purpose>`: a redelivered webhook, a retried job or a crash between
 * the commit and the delivery never sends the same answer twice (the delivery's own documented window —
 * a kill after the provider accepted and before it was recorded — aside, marked a possible duplicate).
 */

/** What an answer is for: with the inbound message's id, its outbox key. */
type Purpose = 'list' | 'none' | 'confirm' | 'already' | 'gone' | 'refused';

/**
 * Queues an answer to the contact in the caller's transaction. The contact wrote to us, so this answers a
 * conversation they opened (allowed inside WhatsApp's 24-hour window without their marketing opt-in).
 */
function answer(
  ctx: AppContext,
  trx: Db,
  to: { officeId: string; from: string; contact: { id: string; name: string } },
  inboundId: string,
  purpose: Purpose,
  body: string,
  list?: SendInput['whatsappList'],
) {
  return send(ctx, trx, {
    officeId: to.officeId,
    to: {
      kind: 'contact',
      id: to.contact.id,
      name: to.contact.name,
      whatsapp: to.from,
      whatsappOptIn: true,
    },
    channels: ['whatsapp'],
    template: 'collection.whatsapp-reply',
    vars: { message: { body } },
    key: `collection-wa:${inboundId}:${purpose}`,
    cause: { kind: 'collection_whatsapp', id: to.contact.id },
    ...(list ? { whatsappList: list } : {}),
  });
}

/** A list row's id: `cw:<waiting file id>:<item id>` (other modules' lists use other prefixes). */
const ROW = /^cw:([0-9a-f-]{36}):([0-9a-f-]{36})$/;

const monthYear = (competencia: string) => `${competencia.slice(5, 7)}/${competencia.slice(0, 4)}`;

/** The office's contacts on that number, and the items they may still send, by company and competência. */
async function offerFor(ctx: AppContext, officeId: string, from: string) {
  const contacts = await ctx.db
    .selectFrom('contacts')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .where('whatsapp', '=', from)
    .orderBy('created_at')
    .execute();
  const byId = new Map<string, Awaited<ReturnType<typeof pendingItemsForContact>>[number]>();
  for (const c of contacts)
    for (const item of await pendingItemsForContact(ctx, officeId, c.id)) byId.set(item.itemId, item);
  const items = [...byId.values()].sort(
    (a, b) =>
      a.clientName.localeCompare(b.clientName, 'pt-BR') || a.competencia.localeCompare(b.competencia) || 0,
  );
  return { contact: contacts[0] ?? null, items };
}

/** A document or photo arrived: keep it and ask which pending item it is for. */
export async function collectionInboundMedia(ctx: AppContext, media: InboundMedia): Promise<void> {
  const { contact, items } = await offerFor(ctx, media.officeId, media.from);
  // Not a client's contact: the message stays in the inbound log, for the office to see.
  if (!contact) return;
  const to = { officeId: media.officeId, from: media.from, contact };
  const ext = extensionOf(media.fileName);
  const fits = items.filter(
    (i) => i.acceptedTypes.includes(ext) || (ext === 'jpg' && i.acceptedTypes.includes('jpeg')),
  );
  // The waiting file and the answer about it commit together: either both exist or neither does.
  await writeTransaction(ctx, async (trx) => {
    await trx
      .insertInto('collection_whatsapp_files')
      .values({
        id: newId(),
        office_id: media.officeId,
        contact_id: contact.id,
        from_address: media.from,
        provider_message_id: media.providerMessageId,
        file_name: media.fileName,
        blob_ref: media.blob.ref,
        size: media.blob.size,
        state: 'awaiting',
        created_at: ctx.clock.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['office_id', 'provider_message_id']).doNothing())
      .execute();
    const row = await trx
      .selectFrom('collection_whatsapp_files')
      .selectAll()
      .where('office_id', '=', media.officeId)
      .where('provider_message_id', '=', media.providerMessageId)
      .executeTakeFirstOrThrow();
    // Asked already (a retried job): once is enough (the outbox key would refuse a second list anyway).
    if (row.state !== 'awaiting' || row.list_message_id) return;
    if (fits.length === 0) {
      await trx
        .updateTable('collection_whatsapp_files')
        .set({ state: 'none' })
        .where('id', '=', row.id)
        .execute();
      await answer(
        ctx,
        trx,
        to,
        media.providerMessageId,
        'none',
        items.length === 0
          ? `Recebemos o arquivo ${media.fileName}, mas não há documentos pendentes com o escritório agora. Se ele for importante, responda contando do que se trata.`
          : `Recebemos o arquivo ${media.fileName}, mas nenhum documento pendente aceita arquivos ${ext.toUpperCase() || 'desse tipo'}. Envie no formato pedido (${[...new Set(items.flatMap((i) => i.acceptedTypes))].map((t) => t.toUpperCase()).join(', ')}) ou pelo link que enviamos.`,
      );
      return;
    }
    // WhatsApp shows 10 rows at most; the rest waits for the next file (or the link).
    const shown = fits.slice(0, 10);
    const sections: { title: string; rows: { id: string; title: string; description: string }[] }[] = [];
    for (const i of shown) {
      const title = `${monthYear(i.competencia)} · ${i.clientName}`;
      let section = sections.at(-1);
      if (section?.title !== title) {
        section = { title, rows: [] };
        sections.push(section);
      }
      section.rows.push({
        id: `cw:${row.id}:${i.itemId}`,
        title: i.itemName,
        description: `${i.clientName} · ${monthYear(i.competencia)}`,
      });
    }
    const text = `Recebemos o arquivo ${media.fileName}. Para qual documento pendente ele é?${fits.length > shown.length ? ` (Mostramos ${shown.length} de ${fits.length}; os outros podem ser enviados pelo link.)` : ''}`;
    const sent = await answer(ctx, trx, to, media.providerMessageId, 'list', text, {
      header: 'Documento recebido',
      body: text,
      button: 'Escolher documento',
      sections,
    });
    // The outbox message that carries the list (its provider id is on that message once delivered).
    await trx
      .updateTable('collection_whatsapp_files')
      .set({ list_message_id: sent.messageId })
      .where('id', '=', row.id)
      .execute();
  });
}

/** The confirmation of a file landed on an item, with the content checks' warnings. */
function confirmation(
  fileName: string,
  item: { itemName: string; clientName: string; competencia: string },
  warningTexts: string[],
) {
  const warnings = warningTexts.map((w) => `⚠️ ${w}`);
  return [
    `Recebido! O arquivo ${fileName} foi registrado em "${item.itemName}" (${item.clientName}, ${monthYear(item.competencia)}).`,
    ...warnings,
    ...(warnings.length ? ['Se estiver errado, envie o arquivo certo por aqui ou pelo link.'] : []),
  ].join('\n');
}

/** The contact picked a row: land the waiting file on that item, like an upload on the client's page. */
export async function collectionListReply(ctx: AppContext, reply: InboundListReply): Promise<void> {
  const m = ROW.exec(reply.rowId);
  if (!m) return;
  const [, waitingId, itemId] = m as unknown as [string, string, string];
  const row = await ctx.db
    .selectFrom('collection_whatsapp_files')
    .selectAll()
    .where(officeRow(reply.officeId, waitingId))
    .where('from_address', '=', reply.from)
    .executeTakeFirst();
  if (!row) return;
  const contact = await ctx.db
    .selectFrom('contacts')
    .select(['id', 'name'])
    .where(officeRow(reply.officeId, row.contact_id))
    .executeTakeFirst();
  if (!contact) return;
  const to = { officeId: reply.officeId, from: reply.from, contact };
  const tell = (trx: Db, purpose: Purpose, text: string) =>
    answer(ctx, trx, to, reply.providerMessageId, purpose, text);
  if (row.state === 'landed') {
    // Landed by another pick; this pick's own landing was confirmed in the commit that landed it.
    if (row.reply_message_id !== reply.providerMessageId)
      await writeTransaction(ctx, (trx) =>
        tell(trx, 'already', `O arquivo ${row.file_name} já foi registrado; não precisa escolher de novo.`),
      );
    return;
  }
  // Claim the file for this reply: two replies at once land it once. A retried job re-claims its own.
  const claimed = await ctx.db
    .updateTable('collection_whatsapp_files')
    .set({ state: 'landing', reply_message_id: reply.providerMessageId, item_id: itemId })
    .where('id', '=', row.id)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'awaiting'),
        eb.and([eb('state', '=', 'landing'), eb('reply_message_id', '=', reply.providerMessageId)]),
      ]),
    )
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) return;
  // The file is on the item: say so to the contact in the commit that records it.
  const landed = (fileId: string, text: string) =>
    writeTransaction(ctx, async (trx) => {
      await trx
        .updateTable('collection_whatsapp_files')
        .set({ state: 'landed', file_id: fileId, landed_at: ctx.clock.now().toISOString() })
        .where('id', '=', row.id)
        .execute();
      await tell(trx, 'confirm', text);
    });
  const release = (purpose: Purpose, text: string) =>
    writeTransaction(ctx, async (trx) => {
      await trx
        .updateTable('collection_whatsapp_files')
        .set({ state: 'awaiting', reply_message_id: null, item_id: null })
        .where('id', '=', row.id)
        .execute();
      await tell(trx, purpose, text);
    });
  // A retry after the file landed but before this row said so: do not land it twice.
  if (row.state === 'landing' && row.reply_message_id === reply.providerMessageId) {
    const already = await ctx.db
      .selectFrom('collection_files as f')
      .innerJoin('collection_request_items as i', 'i.id', 'f.item_id')
      .innerJoin('collection_requests as r', 'r.id', 'f.request_id')
      .innerJoin('clients as c', 'c.id', 'r.client_id')
      .select(['f.id', 'f.warnings', 'i.name as itemName', 'r.competencia', 'c.legal_name as clientName'])
      .where('f.office_id', '=', reply.officeId)
      .where('f.item_id', '=', itemId)
      .where('f.blob_ref', '=', row.blob_ref)
      .where('f.uploaded_at', '>=', row.created_at)
      .executeTakeFirst();
    if (already) {
      const warnings = (JSON.parse(already.warnings) as { message: { 'pt-BR': string } }[]).map(
        (w) => w.message['pt-BR'],
      );
      await landed(already.id, confirmation(row.file_name, already, warnings));
      return;
    }
  }
  const { items } = await offerFor(ctx, reply.officeId, reply.from);
  const item = items.find((i) => i.itemId === itemId);
  if (!item) {
    await release(
      'gone',
      `Esse documento não está mais pendente (já foi enviado ou a solicitação foi encerrada). Escolha outro na lista ou use o link que enviamos.`,
    );
    return;
  }
  let out: Awaited<ReturnType<typeof storeItemFile>>;
  try {
    out = await storeItemFile(ctx, {
      officeId: reply.officeId,
      requestId: item.requestId,
      itemId,
      file: { filename: row.file_name, stream: await blobStore(ctx).open(row.blob_ref) },
      uploader: { kind: 'client', id: contact.id, name: contact.name },
    });
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    // Refused like an upload on the page (type, size, a closed request…): the contact may pick another.
    await release('refused', err.messages['pt-BR']);
    return;
  }
  await landed(
    out.file.id,
    confirmation(
      row.file_name,
      item,
      out.warnings.map((w) => w.message['pt-BR']),
    ),
  );
}
