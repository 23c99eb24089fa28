import { finished, type Readable } from 'node:stream';
import { BlobsError, blobStore, scanGate } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { AppError } from '../../http/errors.js';
import { safeFileName } from '../../http/file-name.js';
import type { RefusedFile, UploadedFile } from '../../http/upload-parts.js';
import { newId } from '../../ids.js';
import { emitEvent } from '../automation/index.js';
import type { Actor } from '../platform/index.js';
import { collectionAudit } from './audit.js';
import { CollectionError } from './collection.errors.js';
import type { CollectionFile } from './collection.schema.js';
import { type ContentWarning, checkStoredFile } from './content-check.js';
import { bytesLabel, checkItemFileName } from './file-rules.js';
import { addHistory, type HistoryEntry } from './history.js';
import { actorName } from './program-rules.js';
import { afterItemChange } from './progress.js';
import { findItem, findRequest } from './requests.repo.js';
import { toFile } from './requests.service.js';

/** Who sent a file: a client's contact (through the link) or a staff member. */
export type Uploader = { kind: 'client' | 'staff'; id: string | null; name: string };

/**
 * A file received or deleted: the item's line in the programação's history and the audit entry, in the
 * change's transaction. Staff are named in the audit log; a client's upload has no user.
 */
async function recordFileChange(
  trx: Db,
  ref: { officeId: string; requestId: string; itemId: string; itemName: string },
  who: Uploader,
  at: string,
  change: {
    history: 'file_received' | 'file_deleted';
    file: string;
    audit: { action: string; before?: object; after?: object };
  },
) {
  await addHistory(trx, [{ ...ref, action: change.history, params: { file: change.file }, actor: who, at }]);
  const userId = who.kind === 'staff' ? who.id : null;
  const { action, ...entry } = change.audit;
  await collectionAudit.request.record(
    trx,
    { officeId: ref.officeId, userId, at: new Date(at) },
    ref.requestId,
    action,
    entry,
  );
}

export interface StoreItemFileInput {
  officeId: string;
  requestId: string;
  itemId: string;
  file: UploadedFile;
  uploader: Uploader;
}

/**
 * Lands one file on an item — the one path for the client's page, the office's attach [7] and WhatsApp
 * inbound media. Checks the request (open) and the item (a file item; a single-file item without a file)
 * before a byte is read; checks the name and type against the item; streams the bytes into the blob store
 * through the content sniffer, counting the size against the item's limit (capped by `UPLOAD_MAX_BYTES`);
 * refuses an empty file; runs the content checks (warnings, never a refusal); then, in one transaction,
 * writes the file row, marks the item received, records the history and audit, and emits
 * `collection.file_received` (and the status and checklist events). Two uploads to one item at once both
 * land: each writes its own row.
 */
export async function storeItemFile(
  ctx: AppContext,
  input: StoreItemFileInput,
): Promise<{ file: CollectionFile; warnings: ContentWarning[] }> {
  const { officeId, requestId, itemId, file, uploader } = input;
  const drain = () => file.stream.resume();
  const r = await findRequest(ctx.db, officeId, requestId);
  const item = r && (await findItem(ctx.db, officeId, requestId, itemId));
  try {
    if (!r || !item) throw new CollectionError('item_not_found');
    if (r.status !== 'open' && r.status !== 'started') throw new CollectionError('request_closed');
    if (item.kind !== 'file') throw new CollectionError('item_not_file', { params: { name: item.name } });
    if (item.multiple !== 1 && uploader.kind === 'client') {
      const has = await ctx.db
        .selectFrom('collection_files')
        .select('id')
        .where('item_id', '=', itemId)
        .executeTakeFirst();
      if (has) throw new CollectionError('item_single_file', { params: { name: item.name } });
    }
  } catch (err) {
    drain();
    throw err;
  }
  let rule: ReturnType<typeof checkItemFileName>;
  try {
    rule = checkItemFileName(file.filename, JSON.parse(item.accepted_types) as string[]);
  } catch (err) {
    drain();
    throw err;
  }
  const max = Math.min(Number(item.max_bytes), ctx.config.uploadMaxBytes);
  // Piped, not pipeline(): a refused file's request stream must stay readable to drain it. A request cut
  // short must end the store's read too: `finished` reports it and the sniffer fails with it.
  finished(file.stream, (err) => {
    if (err) rule.sniffer.destroy(err);
  });
  rule.sniffer.on('error', () => {});
  let stored: { ref: string; size: number };
  try {
    // With CLAMAV_SOCKET set, the bytes that passed the type check are scanned on their way to the store.
    stored = await blobStore(ctx).put(scanGate(ctx, rule.name, file.stream.pipe(rule.sniffer)), {
      maxBytes: max,
    });
  } catch (err) {
    drain();
    if (err instanceof BlobsError && err.code === 'blobs.too_large')
      throw new CollectionError('file_too_large', {
        params: { name: rule.name, max: bytesLabel(max) },
        cause: err,
      });
    throw err;
  }
  if (stored.size === 0) throw new CollectionError('file_empty', { params: { name: rule.name } });
  const client = await ctx.db
    .selectFrom('clients')
    .select('document')
    .where(officeRow(officeId, r.client_id))
    .executeTakeFirst();
  const warnings = await checkStoredFile(ctx, {
    officeId,
    requestId,
    itemId,
    itemKey: item.key,
    clientId: r.client_id,
    clientDocument: client?.document ?? '',
    competencia: r.competencia,
    name: rule.name,
    extension: rule.ext,
    contentType: rule.contentType,
    ref: stored.ref,
    size: stored.size,
  });

  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const current = await findRequest(trx, officeId, requestId);
    if (!current || (current.status !== 'open' && current.status !== 'started'))
      throw new CollectionError('request_closed');
    await trx
      .insertInto('collection_files')
      .values({
        id,
        office_id: officeId,
        request_id: requestId,
        item_id: itemId,
        name: rule.name,
        size: stored.size,
        content_type: rule.contentType,
        blob_ref: stored.ref,
        uploaded_by_kind: uploader.kind,
        uploaded_by_id: uploader.id,
        uploaded_by_name: uploader.name,
        warnings: JSON.stringify(warnings),
        receipt_at: null,
        uploaded_at: at,
      })
      .execute();
    await trx
      .updateTable('collection_request_items')
      .set({
        state: 'received',
        send_later_on: null,
        answered_at: at,
        answered_by_kind: uploader.kind,
        answered_by_name: uploader.name,
        changed_at: at,
        changed_by: uploader.kind === 'staff' ? uploader.id : null,
      })
      .where('id', '=', itemId)
      .execute();
    const who: HistoryEntry['actor'] = { kind: uploader.kind, id: uploader.id, name: uploader.name };
    await recordFileChange(trx, { officeId, requestId, itemId, itemName: item.name }, uploader, at, {
      history: 'file_received',
      file: rule.name,
      audit: {
        action: 'file_upload',
        after: { fileId: id, itemId, name: rule.name, size: stored.size, sha256: stored.ref, by: uploader },
      },
    });
    await emitEvent(ctx, trx, {
      officeId,
      type: 'collection.file_received',
      entity: 'collection_request',
      entityId: requestId,
      payload: {
        itemId,
        itemKey: item.key,
        fileId: id,
        name: rule.name,
        size: stored.size,
        by: uploader.kind,
      },
      actorId: uploader.kind === 'staff' ? uploader.id : null,
      at: now,
    });
    await afterItemChange(ctx, trx, officeId, requestId, who);
  });
  const row = await ctx.db
    .selectFrom('collection_files')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { file: toFile(row), warnings };
}

/** [7] The office attaches files by hand: each lands like an upload; refused ones come back with the reason. */
export async function attachFiles(
  ctx: AppContext,
  actor: Actor,
  requestId: string,
  itemId: string,
  files: AsyncIterable<UploadedFile>,
): Promise<{ items: CollectionFile[]; refused: RefusedFile[] }> {
  const name = await actorName(ctx.db, actor.officeId, actor.userId);
  const items: CollectionFile[] = [];
  const refused: RefusedFile[] = [];
  let count = 0;
  for await (const file of files) {
    if (++count > 20) {
      file.stream.resume();
      throw new CollectionError('too_many_files');
    }
    try {
      const out = await storeItemFile(ctx, {
        officeId: actor.officeId,
        requestId,
        itemId,
        file,
        uploader: { kind: 'staff', id: actor.userId, name },
      });
      items.push(out.file);
    } catch (err) {
      // A virus costs only its own file, like a wrong type; a scanner that is down fails the upload (503).
      const infected = err instanceof BlobsError && err.code === 'blobs.file_infected';
      if (!(err instanceof CollectionError || infected)) throw err;
      file.stream.resume();
      // A request or item that does not exist (or is closed) refuses the whole upload.
      if (
        ['collection.item_not_found', 'collection.request_closed', 'collection.item_not_file'].includes(
          (err as InstanceType<typeof CollectionError>).code,
        )
      )
        throw err;
      refused.push({ name: safeFileName(file.filename), error: err as AppError });
    }
  }
  if (items.length === 0) throw refused[0]?.error ?? new CollectionError('no_files');
  return { items, refused };
}

/** A file's row for a download (the route streams its bytes). */
export async function readItemFile(ctx: AppContext, officeId: string, requestId: string, fileId: string) {
  return ctx.db
    .selectFrom('collection_files')
    .selectAll()
    .where(officeRow(officeId, fileId))
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow(() => new CollectionError('file_not_found'));
}

/**
 * Removes a file from its item (the bytes stay: the store is content-addressed). An item left without
 * files that was `received` is pending again.
 */
export async function removeItemFile(
  ctx: AppContext,
  officeId: string,
  fileId: string,
  who: Uploader,
  guard: (f: { request_id: string; uploaded_by_kind: string; uploaded_by_id: string | null }) => void,
) {
  await ctx.db.transaction().execute(async (trx) => {
    const f = await trx
      .selectFrom('collection_files')
      .selectAll()
      .where(officeRow(officeId, fileId))
      .executeTakeFirstOrThrow(() => new CollectionError('file_not_found'));
    guard(f);
    const r = await findRequest(trx, officeId, f.request_id);
    if (!r || (r.status !== 'open' && r.status !== 'started')) throw new CollectionError('request_closed');
    const item = (await findItem(trx, officeId, f.request_id, f.item_id))!;
    await trx.deleteFrom('collection_files').where('id', '=', fileId).execute();
    const left = await trx
      .selectFrom('collection_files')
      .select('id')
      .where('item_id', '=', f.item_id)
      .executeTakeFirst();
    const at = ctx.clock.now().toISOString();
    if (!left && item.state === 'received') {
      await trx
        .updateTable('collection_request_items')
        .set({
          state: 'pending',
          answered_at: null,
          answered_by_kind: null,
          answered_by_name: null,
          changed_at: at,
        })
        .where('id', '=', f.item_id)
        .execute();
    }
    const ref = { officeId, requestId: f.request_id, itemId: f.item_id, itemName: item.name };
    await recordFileChange(trx, ref, who, at, {
      history: 'file_deleted',
      file: f.name,
      audit: { action: 'file_delete', before: { fileId, name: f.name, by: who } },
    });
    await afterItemChange(ctx, trx, officeId, f.request_id, who);
  });
}
