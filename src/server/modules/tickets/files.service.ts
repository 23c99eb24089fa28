import { finished, type Readable } from 'node:stream';
import { BlobsError, blobStore, scanGate } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { AppError } from '../../http/errors.js';
import { safeFileName } from '../../http/file-name.js';
import type { RefusedFile, UploadedFile } from '../../http/upload-parts.js';
import { newId } from '../../ids.js';
import type { Actor } from '../platform/index.js';
import { ticketsAudit } from './audit.js';
import { checkFileName, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD, maxFileLabel } from './file-limits.js';
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

interface StoredFile {
  name: string;
  contentType: string;
  ref: string;
  size: number;
}

/**
 * Attaches files. Each file streams from the request into the blob store: its name and type are checked
 * before a byte is read, its first bytes must look like its type, it is scanned for viruses when a scanner
 * is configured (`scanGate`), and its size is counted on the way
 * (a refused file leaves no blob, not even a partial one). A refused file does not cost the others: the
 * valid ones are attached and the refused ones come back with the reason. When none is valid, the first
 * refusal is the answer; more files than allowed refuse the whole upload. The rows are written in one
 * audited transaction.
 */
export async function uploadFiles(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  files: AsyncIterable<UploadedFile>,
): Promise<{ items: TicketFile[]; refused: RefusedFile[] }> {
  if (!(await findTicketRow(ctx.db, actor.officeId, ticketId))) throw new TicketsError('not_found');
  const checked: StoredFile[] = [];
  const refused: RefusedFile[] = [];
  for await (const file of files) {
    if (checked.length + refused.length >= MAX_FILES_PER_UPLOAD) {
      file.stream.resume();
      throw new TicketsError('too_many_files', { params: { max: MAX_FILES_PER_UPLOAD } });
    }
    try {
      checked.push(await storeFile(ctx, file));
    } catch (err) {
      // A virus costs only its own file, like a wrong type; a scanner that is down fails the upload (503).
      const infected = err instanceof BlobsError && err.code === 'blobs.file_infected';
      if (!(err instanceof TicketsError || infected)) throw err;
      // The rest of the refused file is read and dropped, so the next part of the request can be read.
      file.stream.resume();
      refused.push({ name: safeFileName(file.filename), error: err });
    }
  }
  if (checked.length === 0) throw refused[0]?.error ?? new TicketsError('no_files');
  return { items: await writeRows(ctx, actor, ticketId, checked), refused };
}

/**
 * Streams one file into the blob store. Content-addressed: a file stored before a later one is refused
 * stays an unreferenced blob, never a row without its bytes.
 */
async function storeFile(ctx: AppContext, file: UploadedFile): Promise<StoredFile> {
  let rule: ReturnType<typeof checkFileName>;
  try {
    rule = checkFileName(file.filename);
  } catch (err) {
    file.stream.resume();
    throw err;
  }
  // Piped, not pipeline(): a refused file's request stream must stay readable, to drain it and go on.
  // But a request cut short (a truncated form) must end the store's read too: `finished` reports an error
  // or a close before the end (premature close) of the file's stream, and the sniffer fails with it.
  // The blob store's read reports the sniffer's error; the listener below only keeps it from being unhandled.
  finished(file.stream, (err) => {
    if (err) rule.sniffer.destroy(err);
  });
  rule.sniffer.on('error', () => {});
  // With CLAMAV_SOCKET set, the bytes that passed the type check are scanned on their way to the store.
  const source = scanGate(ctx, rule.name, file.stream.pipe(rule.sniffer));
  try {
    const { ref, size } = await blobStore(ctx).put(source, { maxBytes: MAX_FILE_BYTES });
    return { name: rule.name, contentType: rule.contentType, ref, size };
  } catch (err) {
    if (err instanceof BlobsError && err.code === 'blobs.too_large')
      throw new TicketsError('file_too_large', {
        params: { name: rule.name, max: maxFileLabel },
        cause: err,
      });
    throw err;
  }
}

function writeRows(ctx: AppContext, actor: Actor, ticketId: string, checked: StoredFile[]) {
  return writeTransaction(ctx, async (trx) => {
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
          size: f.size,
          content_type: f.contentType,
          blob_ref: f.ref,
          uploaded_by: actor.userId,
          at: now.toISOString(),
        })
        .execute();
      await ticketsAudit.ticket.record(trx, { ...actor, at: now }, ticketId, 'file_upload', {
        after: { fileId: id, name: f.name, size: f.size },
      });
    }
    await touchTicket(trx, actor.officeId, ticketId, now);
    const rows = await listFileRows(trx, actor.officeId, ticketId);
    return ids.map((id) => toFile(rows.find((r) => r.id === id)!));
  });
}

/** A file added or removed is a change of the ticket: its `updated_at` moves. */
function touchTicket(trx: Db, officeId: string, ticketId: string, now: Date) {
  return trx
    .updateTable('tickets')
    .set({ updated_at: now.toISOString() })
    .where('office_id', '=', officeId)
    .where('id', '=', ticketId)
    .execute();
}

/** A file's row; throws `file_not_found`. */
async function fileOrThrow(db: Db, officeId: string, ticketId: string, fileId: string) {
  const f = await findFileRow(db, officeId, ticketId, fileId);
  if (!f) throw new TicketsError('file_not_found');
  return f;
}

/** A file's metadata and blob reference, for the download (the route streams the bytes). */
export async function readFile(ctx: AppContext, officeId: string, ticketId: string, fileId: string) {
  const f = await fileOrThrow(ctx.db, officeId, ticketId, fileId);
  return { file: toFile(f), ref: f.blob_ref };
}

/** Removes a file from the ticket (the bytes stay in the content-addressed store: another row may share them). */
export async function deleteFile(
  ctx: AppContext,
  actor: Actor,
  ticketId: string,
  fileId: string,
): Promise<void> {
  await writeTransaction(ctx, async (trx) => {
    const f = await fileOrThrow(trx, actor.officeId, ticketId, fileId);
    await trx
      .deleteFrom('ticket_files')
      .where('office_id', '=', actor.officeId)
      .where('id', '=', fileId)
      .execute();
    const now = ctx.clock.now();
    await touchTicket(trx, actor.officeId, ticketId, now);
    await ticketsAudit.ticket.record(trx, { ...actor, at: now }, ticketId, 'file_delete', {
      before: { fileId, name: f.name, size: Number(f.size) },
    });
  });
}
