import { blobStore } from '../../blobs/blob-store.js';
import type { AppContext } from '../../context.js';
import { newId } from '../../ids.js';
import { type Actor, appendAudit } from '../platform/index.js';
import { checkFile, MAX_FILES_PER_UPLOAD } from './file-rules.js';
import { TicketsError } from './tickets.errors.js';
import { findFileRow, findTicketRow, listFileRows, nextSeq } from './tickets.repo.js';
import type { TicketFile } from './tickets.schema.js';

/** The Arquivos tab: files attached to a ticket, their bytes in the blob store. */

type FileRow = Awaited<ReturnType<typeof listFileRows>>[number];

const toFile = (f: FileRow): TicketFile => ({
  id: f.id,
  name: f.name,
  size: Number(f.size),
  contentType: f.content_type,
  uploadedBy: f.uploader_name,
  at: f.at,
});

export async function listFiles(ctx: AppContext, officeId: string, ticketId: string): Promise<TicketFile[]> {
  if (!(await findTicketRow(ctx.db, officeId, ticketId))) throw new TicketsError('not_found');
  return (await listFileRows(ctx.db, officeId, ticketId)).map(toFile);
}

/** An uploaded file as the HTTP layer read it (at most the size limit + 1 byte). */
export interface UploadedFile {
  filename: string;
  data: Buffer;
}

/**
 * Attaches files: every file is checked first (size, type, content); one bad file refuses the whole
 * upload and nothing is stored. Then the bytes go to the blob store and the rows are written in one
 * audited transaction.
 */
export async function uploadFiles(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  files: UploadedFile[],
): Promise<TicketFile[]> {
  if (!(await findTicketRow(ctx.db, actor.officeId, ticketId))) throw new TicketsError('not_found');
  if (files.length === 0) throw new TicketsError('no_files');
  if (files.length > MAX_FILES_PER_UPLOAD)
    throw new TicketsError('too_many_files', { params: { max: MAX_FILES_PER_UPLOAD } });
  const checked = files.map((f) => ({ ...checkFile(f.filename, f.data), data: f.data }));
  // Content-addressed: storing before the transaction leaves at worst an unreferenced blob, never a row
  // without its bytes.
  const refs = await Promise.all(checked.map((f) => blobStore(ctx).put(f.data)));
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await findTicketRow(trx, actor.officeId, ticketId))) throw new TicketsError('not_found');
    const now = ctx.clock.now();
    const ids: string[] = [];
    const seq = await nextSeq(trx, 'ticket_files', ticketId);
    for (const [i, f] of checked.entries()) {
      const id = newId();
      ids.push(id);
      await trx
        .insertInto('ticket_files')
        .values({
          id,
          office_id: actor.officeId,
          ticket_id: ticketId,
          seq: seq + i,
          name: f.name,
          size: f.data.length,
          content_type: f.contentType,
          blob_ref: refs[i]!,
          uploaded_by: actor.userId,
          at: now.toISOString(),
        })
        .execute();
      await appendAudit(trx, {
        ...actor,
        at: now,
        entity: 'ticket',
        entityId: ticketId,
        action: 'file_upload',
        after: { fileId: id, name: f.name, size: f.data.length },
      });
    }
    await trx
      .updateTable('tickets')
      .set({ updated_at: now.toISOString() })
      .where('office_id', '=', actor.officeId)
      .where('id', '=', ticketId)
      .execute();
    const rows = await listFileRows(trx, actor.officeId, ticketId);
    return ids.map((id) => toFile(rows.find((r) => r.id === id)!));
  });
}

/** A file's metadata and bytes, for the download. */
export async function readFile(ctx: AppContext, officeId: string, ticketId: string, fileId: string) {
  const f = await findFileRow(ctx.db, officeId, ticketId, fileId);
  if (!f) throw new TicketsError('file_not_found');
  return { file: toFile(f), data: await blobStore(ctx).get(f.blob_ref) };
}

/** Removes a file from the ticket (the bytes stay in the content-addressed store: another row may share them). */
export async function deleteFile(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  fileId: string,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const f = await findFileRow(trx, actor.officeId, ticketId, fileId);
    if (!f) throw new TicketsError('file_not_found');
    await trx
      .deleteFrom('ticket_files')
      .where('office_id', '=', actor.officeId)
      .where('id', '=', fileId)
      .execute();
    const now = ctx.clock.now();
    await trx
      .updateTable('tickets')
      .set({ updated_at: now.toISOString() })
      .where('office_id', '=', actor.officeId)
      .where('id', '=', ticketId)
      .execute();
    await appendAudit(trx, {
      ...actor,
      at: now,
      entity: 'ticket',
      entityId: ticketId,
      action: 'file_delete',
      before: { fileId, name: f.name, size: Number(f.size) },
    });
  });
}
