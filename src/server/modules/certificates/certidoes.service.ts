import { blobStore } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import { found } from '../../http/found.js';
import { fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { clientBasicsOrThrow } from '../clients/index.js';
import { type Actor, auditTrail, findOffice } from '../platform/index.js';
import { CertidoesError } from './certidoes.errors.js';
import {
  type CertidaoRow,
  deleteCertidaoRow,
  findCertidaoRow,
  insertCertidaoRow,
  listCertidaoRows,
  saveRequiredTypes,
  storedRequiredTypes,
  toCertidao,
  updateCertidaoRow,
} from './certidoes.repo.js';
import {
  type Certidao,
  type CertidaoFileInput,
  type CertidoesOverview,
  type CreateCertidaoInput,
  MAX_CERTIDAO_FILE_BYTES,
  type UpdateCertidaoInput,
} from './certidoes.schema.js';
import {
  CERTIDAO_EXPIRING_DAYS,
  type CertidaoType,
  certidaoTypes,
  currentByType,
  defaultRequiredTypes,
  pendingCertidoes,
} from './certidoes.validity.js';
import { civilDateOf } from './certificates.validity.js';

const certidaoAudit = auditTrail('client_certidao');
const requirementsAudit = auditTrail('client_certidao_requirements');

/** The client's certidão, or 404. */
const certidaoRowOf = (db: Db, officeId: string, clientId: string, id: string) =>
  found(findCertidaoRow(db, officeId, clientId, id), () => new CertidoesError('not_found'));

async function todayOf(ctx: AppContext, db: Db, officeId: string) {
  const tz = (await findOffice(db, officeId))?.timeZone ?? 'America/Sao_Paulo';
  return civilDateOf(ctx.clock.now(), tz);
}

const fileIssue = (code: 'file_not_pdf' | 'file_too_large') => {
  const { messages } = new CertidoesError(code, { params: { max: '5 MB' } });
  return [{ field: 'file', code, message: messages }];
};

interface StoredFile {
  ref: string;
  name: string;
  size: number;
  contentType: string;
}

/**
 * Checks an uploaded certidão file (a PDF, by its bytes, not only its declared type; at most 5 MB) and
 * puts it in the blob store. Called before the transaction: a blob left by a failed write is harmless
 * (content-addressed, found again by the next upload of the same file).
 */
async function storeFile(ctx: AppContext, file: CertidaoFileInput): Promise<StoredFile> {
  const compact = file.data.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0)
    throw new CertidoesError('file_not_pdf', { fields: fileIssue('file_not_pdf') });
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > MAX_CERTIDAO_FILE_BYTES)
    throw new CertidoesError('file_too_large', {
      params: { max: '5 MB' },
      fields: fileIssue('file_too_large'),
    });
  const declaredPdf = /^application\/(pdf|x-pdf|octet-stream)$/i.test(file.contentType) || !file.contentType;
  if (!declaredPdf || bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new CertidoesError('file_not_pdf', { fields: fileIssue('file_not_pdf') });
  // A name is shown and offered for download: no path, no control characters.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const name = file.name.replace(/[\\/\u0000-\u001f"]/g, '_').slice(0, 200);
  return {
    ref: (await blobStore(ctx).put(bytes, { maxBytes: MAX_CERTIDAO_FILE_BYTES })).ref,
    name: /\.pdf$/i.test(name) ? name : `${name}.pdf`,
    size: bytes.length,
    contentType: 'application/pdf',
  };
}

/** The client's certidões, required types and, per type, the current one and what is wrong. */
export async function certidoesOverview(
  ctx: AppContext,
  officeId: string,
  clientId: string,
): Promise<CertidoesOverview> {
  const client = await clientBasicsOrThrow(ctx.db, officeId, clientId);
  const [rows, stored, today] = await Promise.all([
    listCertidaoRows(ctx.db, officeId, clientId),
    storedRequiredTypes(ctx.db, officeId, clientId),
    todayOf(ctx, ctx.db, officeId),
  ]);
  const required = stored ?? defaultRequiredTypes(client.document_kind);
  const items = rows.map((r) => toCertidao(r, today));
  const current = currentByType(items);
  const pending = new Map(
    pendingCertidoes(required, items, today, CERTIDAO_EXPIRING_DAYS).map((p) => [p.type, p.problem]),
  );
  return {
    requiredTypes: required,
    requiredIsDefault: stored === null,
    items,
    summary: certidaoTypes.map((type) => ({
      type,
      required: required.includes(type),
      current: current.get(type) ?? null,
      situation: required.includes(type) ? (pending.get(type) ?? 'ok') : 'not_required',
    })),
  };
}

export async function setRequiredTypes(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  types: CertidaoType[] | null,
): Promise<CertidoesOverview> {
  await writeTransaction(ctx, async (trx) => {
    const client = await clientBasicsOrThrow(trx, actor.officeId, clientId);
    const before = await storedRequiredTypes(trx, actor.officeId, clientId);
    const ordered = types ? certidaoTypes.filter((t) => types.includes(t)) : null;
    const now = ctx.clock.now();
    await saveRequiredTypes(trx, actor.officeId, clientId, ordered, now.toISOString());
    const requirement = (types: CertidaoType[] | null) => ({
      requiredTypes: types ?? defaultRequiredTypes(client.document_kind),
      default: types === null,
    });
    await requirementsAudit.update(
      trx,
      { ...actor, at: now },
      clientId,
      requirement(before),
      requirement(ordered),
    );
  });
  return certidoesOverview(ctx, actor.officeId, clientId);
}

const auditView = (c: Certidao) => {
  const { daysLeft: _d, state: _s, ...rest } = c;
  return rest;
};

export async function createCertidao(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  input: CreateCertidaoInput,
): Promise<Certidao> {
  // Validate the file first (and check the client exists), then write everything in one transaction.
  await clientBasicsOrThrow(ctx.db, actor.officeId, clientId);
  const file = input.file ? await storeFile(ctx, input.file) : null;
  return writeTransaction(ctx, async (trx) => {
    await clientBasicsOrThrow(trx, actor.officeId, clientId);
    const now = ctx.clock.now();
    const row: CertidaoRow = {
      id: newId(),
      office_id: actor.officeId,
      client_id: clientId,
      type: input.type,
      status: input.status,
      issued_on: input.issuedOn,
      valid_until: input.validUntil,
      number: input.number ?? null,
      notes: input.notes ?? null,
      file_ref: file?.ref ?? null,
      file_name: file?.name ?? null,
      file_size: file?.size ?? null,
      file_type: file?.contentType ?? null,
      created_by: actor.userId,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    await insertCertidaoRow(trx, row);
    const certidao = toCertidao(row, await todayOf(ctx, trx, actor.officeId));
    await certidaoAudit.create(trx, { ...actor, at: now }, row.id, auditView(certidao));
    return certidao;
  });
}

export async function updateCertidao(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  id: string,
  input: UpdateCertidaoInput,
): Promise<Certidao> {
  await certidaoRowOf(ctx.db, actor.officeId, clientId, id);
  const file = input.file ? await storeFile(ctx, input.file) : null;
  return writeTransaction(ctx, async (trx) => {
    const row = await certidaoRowOf(trx, actor.officeId, clientId, id);
    const issuedOn = input.issuedOn ?? row.issued_on;
    const validUntil = input.validUntil ?? row.valid_until;
    if (validUntil < issuedOn) {
      const message = {
        'pt-BR': 'A validade é anterior à data de emissão.',
        en: 'The validity date is before the issue date.',
      };
      throw fieldsError({ field: 'validUntil', code: 'end_before_start', message });
    }
    const now = ctx.clock.now();
    const today = await todayOf(ctx, trx, actor.officeId);
    const patch: Partial<CertidaoRow> = { updated_at: now.toISOString() };
    if (input.type !== undefined) patch.type = input.type;
    if (input.status !== undefined) patch.status = input.status;
    if (input.issuedOn !== undefined) patch.issued_on = input.issuedOn;
    if (input.validUntil !== undefined) patch.valid_until = input.validUntil;
    if (input.number !== undefined) patch.number = input.number;
    if (input.notes !== undefined) patch.notes = input.notes;
    if (input.file !== undefined) {
      patch.file_ref = file?.ref ?? null;
      patch.file_name = file?.name ?? null;
      patch.file_size = file?.size ?? null;
      patch.file_type = file?.contentType ?? null;
    }
    await updateCertidaoRow(trx, actor.officeId, id, patch);
    const before = toCertidao(row, today);
    const after = toCertidao({ ...row, ...patch }, today);
    await certidaoAudit.update(trx, { ...actor, at: now }, id, auditView(before), auditView(after));
    return after;
  });
}

export async function deleteCertidao(ctx: AppContext, actor: Actor, clientId: string, id: string) {
  await writeTransaction(ctx, async (trx) => {
    const row = await certidaoRowOf(trx, actor.officeId, clientId, id);
    await deleteCertidaoRow(trx, actor.officeId, id);
    const before = auditView(toCertidao(row, await todayOf(ctx, trx, actor.officeId)));
    await certidaoAudit.delete(trx, { ...actor, at: ctx.clock.now() }, id, before);
  });
  // The file's blob stays: the store is content-addressed and another certidão may hold the same bytes.
}

/** The attached file of a certidão, for download (the route streams it from the blob store). */
export async function certidaoFile(ctx: AppContext, officeId: string, clientId: string, id: string) {
  const row = await certidaoRowOf(ctx.db, officeId, clientId, id);
  if (!row.file_ref || !row.file_name) throw new CertidoesError('no_file');
  return {
    ref: row.file_ref,
    name: row.file_name,
    contentType: row.file_type ?? 'application/pdf',
  };
}
