import { blobStore } from '../../../blobs/index.js';
import { appLink } from '../../../config.js';
import type { Db } from '../../../db/database.js';
import type { AutomationDocumentsTable } from '../../../db/schema.js';
import { newId, newSecret } from '../../../ids.js';
import type { ActionContext } from '../registry.js';
import { ActionError } from './actions.errors.js';

export type DocumentRow = AutomationDocumentsTable;

/** Inserts a rule run's document unless the run made one already; returns the run's document. */
export async function insertDocumentOnce(db: Db, row: DocumentRow): Promise<DocumentRow> {
  await db
    .insertInto('automation_documents')
    .values(row)
    .onConflict((oc) => oc.columns(['office_id', 'run_id']).doNothing())
    .execute();
  return (await db
    .selectFrom('automation_documents')
    .selectAll()
    .where('office_id', '=', row.office_id)
    .where('run_id', '=', row.run_id)
    .executeTakeFirstOrThrow()) as DocumentRow;
}

export async function findDocumentByToken(db: Db, token: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('automation_documents').selectAll().where('token', '=', token).executeTakeFirst();
}

/**
 * The attachment of the document an earlier rule of the entry created (`vars.document`), for an e-mail.
 * Throws when there is none.
 */
export async function documentAttachment(db: Db, officeId: string, vars: Record<string, unknown>) {
  const id = (vars.document as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') throw new ActionError('action_no_document');
  const doc = await db
    .selectFrom('automation_documents')
    .select(['name', 'blob_ref'])
    .where('office_id', '=', officeId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!doc) throw new ActionError('action_no_document');
  return { filename: pdfName(doc.name), contentType: 'application/pdf', ref: doc.blob_ref };
}

/** `<name>.pdf`, ASCII, no path characters. */
export function pdfName(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ._-]+/g, '-')
    .trim()
    .slice(0, 80);
  return `${slug || 'documento'}.pdf`;
}

/**
 * Keeps a PDF a rule run made with the run's item: the bytes in the blob store, the row with a public
 * link token. Once per run: a retried run gets the document it made before. Used by "Criar documento"
 * and by actions of other modules that produce a file for the client (the invoice of "Criar fatura").
 */
export async function storeRunDocument(
  ctx: ActionContext,
  name: string,
  pdf: Buffer,
): Promise<{ id: string; name: string; link: string }> {
  const stored = await blobStore(ctx.app).put(pdf);
  const doc = await insertDocumentOnce(ctx.db, {
    id: newId(),
    office_id: ctx.officeId,
    pipeline_id: ctx.item.pipelineId,
    item_id: ctx.item.id,
    client_id: ctx.item.clientId,
    run_id: ctx.run.id,
    name,
    blob_ref: stored.ref,
    size: stored.size,
    token: newSecret(24),
    created_at: ctx.now.toISOString(),
  });
  return { id: doc.id, name: doc.name, link: appLink(ctx.app.config, documentPath(doc.token)) };
}

/** The public download path of a document (no session: the token is the key). */
export const documentPath = (token: string) => `/api/public/documents/${token}`;
