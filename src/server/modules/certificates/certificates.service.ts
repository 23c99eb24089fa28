import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { writeTransaction } from '../../db/group-commit.js';
import { found } from '../../http/found.js';
import type { Lang } from '../../http/i18n.js';
import { newId } from '../../ids.js';
import { formatDateBR, formatTaxId } from '../br/index.js';
import { clientBasicsOrThrow } from '../clients/index.js';
import { type Actor, auditTrail, findOffice } from '../platform/index.js';
import { CertificatesError } from './certificates.errors.js';
import {
  type CertificateRow,
  deleteCertificateRow,
  findCertificateByFingerprint,
  findCertificateRow,
  insertCertificateRow,
  listCertificateRows,
  reopenClientNotices,
  toCertificate,
  updateCertificateRow,
} from './certificates.repo.js';
import type {
  Certificate,
  CertificateInspection,
  CertificateWarning,
  CreateCertificateInput,
  InspectCertificateInput,
  UpdateCertificateInput,
} from './certificates.schema.js';
import {
  certificateState,
  certificateTiming,
  type DocumentCheck,
  documentCheck,
  endOfCivilDay,
  startOfCivilDay,
} from './certificates.validity.js';
import { type IcpCertificate, IcpCertificateError, readPkcs12 } from './icp-certificate.js';

const certificateAudit = auditTrail('client_certificate');

/** The client's certificate row, or 404. */
const certificateRowOf = (db: Db, officeId: string, clientId: string, id: string) =>
  found(findCertificateRow(db, officeId, clientId, id), () => new CertificatesError('not_found'));

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of a base64 field; anything that is not base64 is, to the user, not a certificate file. */
function decodeFile(data: string): Buffer {
  const compact = data.replace(/\s/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) {
    const { messages } = new CertificatesError('unreadable');
    throw new CertificatesError('unreadable', {
      fields: [{ field: 'file', code: 'unreadable', message: messages }],
    });
  }
  return Buffer.from(compact, 'base64');
}

/** Reads an uploaded .pfx, turning the reader's failure into a message for the user (and its field). */
function readUpload(input: InspectCertificateInput): IcpCertificate {
  const bytes = decodeFile(input.file);
  try {
    return readPkcs12(bytes, input.password);
  } catch (err) {
    if (!(err instanceof IcpCertificateError)) throw err;
    // Point the form at the field to fix: the password, or the file.
    const field = err.code === 'wrong_password' ? 'password' : 'file';
    const { messages } = new CertificatesError(err.code);
    throw new CertificatesError(err.code, {
      cause: err,
      fields: [{ field, code: err.code, message: messages }],
    });
  }
}

async function timeZoneOf(db: Db, officeId: string): Promise<string> {
  return (await findOffice(db, officeId))?.timeZone ?? 'America/Sao_Paulo';
}

/** Warnings about a certificate, in the request's language: never errors, the office decides. */
function warningsFor(
  lang: Lang,
  check: DocumentCheck,
  certDocument: string | null,
  clientDocument: string,
  timing: { expired: boolean; expiresOn: string },
  extra: { notYetValid?: boolean; noPrivateKey?: boolean; notIcpBrasil?: boolean } = {},
): CertificateWarning[] {
  const pt = lang === 'pt-BR';
  const out: CertificateWarning[] = [];
  const cert = certDocument ? formatTaxId(certDocument) : '';
  const client = formatTaxId(clientDocument);
  if (check === 'mismatch')
    out.push({
      code: 'document_mismatch',
      message: pt
        ? `O documento do certificado (${cert}) é diferente do CNPJ/CPF do cliente (${client}).`
        : `The certificate's document (${cert}) differs from the client's CNPJ/CPF (${client}).`,
    });
  if (check === 'same_root')
    out.push({
      code: 'document_same_root',
      message: pt
        ? `O certificado é de outro estabelecimento da mesma empresa (${cert}; cliente ${client}).`
        : `The certificate belongs to another establishment of the same company (${cert}; client ${client}).`,
    });
  if (check === 'unknown')
    out.push({
      code: 'document_unknown',
      message: pt
        ? 'O certificado não informa CNPJ nem CPF: confira se é do cliente.'
        : 'The certificate names no CNPJ or CPF: check that it is the client’s.',
    });
  if (timing.expired)
    out.push({
      code: 'expired',
      message: pt
        ? `Este certificado já venceu em ${formatDateBR(timing.expiresOn)}.`
        : `This certificate expired on ${formatDateBR(timing.expiresOn)}.`,
    });
  if (extra.notYetValid)
    out.push({
      code: 'not_yet_valid',
      message: pt ? 'Este certificado ainda não começou a valer.' : 'This certificate is not valid yet.',
    });
  if (extra.noPrivateKey)
    out.push({
      code: 'no_private_key',
      message: pt
        ? 'O arquivo não contém a chave privada: ele não servirá para assinar nem transmitir.'
        : 'The file holds no private key: it cannot be used to sign or transmit.',
    });
  if (extra.notIcpBrasil)
    out.push({
      code: 'not_icp_brasil',
      message: pt
        ? 'O certificado não é da ICP-Brasil: os órgãos públicos não o aceitarão.'
        : 'The certificate is not ICP-Brasil: public bodies will not accept it.',
    });
  return out;
}

/** The audit snapshot of a certificate: its data, without the (long, public) PEM. */
const auditView = (c: Certificate) => {
  const { daysLeft: _d, state: _s, ...rest } = c;
  return rest;
};

export async function listCertificates(ctx: AppContext, officeId: string, clientId: string) {
  const client = await clientBasicsOrThrow(ctx.db, officeId, clientId);
  const [rows, timeZone] = await Promise.all([
    listCertificateRows(ctx.db, officeId, clientId),
    timeZoneOf(ctx.db, officeId),
  ]);
  const now = ctx.clock.now();
  return { items: rows.map((r) => toCertificate(r, client.document, now, timeZone)) };
}

/** Reads a .pfx and says what it holds, without saving anything (the upload form's preview). */
export async function inspectCertificate(
  ctx: AppContext,
  officeId: string,
  clientId: string,
  input: InspectCertificateInput,
  lang: Lang,
): Promise<CertificateInspection> {
  const client = await clientBasicsOrThrow(ctx.db, officeId, clientId);
  const info = readUpload(input);
  const now = ctx.clock.now();
  const timing = certificateTiming(info.notAfter, now, await timeZoneOf(ctx.db, officeId));
  const check = documentCheck(info.document?.value ?? null, client.document);
  const duplicate = !!(await findCertificateByFingerprint(
    ctx.db,
    officeId,
    clientId,
    info.fingerprintSha256,
  ));
  return {
    holderName: info.holderName,
    document: info.document?.value ?? null,
    documentKind: info.document?.kind ?? null,
    documentSource: info.documentSource,
    certificateType: info.certificateType,
    responsible: info.responsible,
    subject: info.subject,
    issuer: info.issuer,
    serialNumber: info.serialNumber,
    notBefore: info.notBefore,
    notAfter: info.notAfter,
    fingerprint: info.fingerprintSha256,
    icpBrasil: info.icpBrasil,
    hasPrivateKey: info.hasPrivateKey,
    documentCheck: check,
    expiresOn: timing.expiresOn,
    daysLeft: timing.daysLeft,
    state: certificateState(timing),
    duplicate,
    warnings: warningsFor(lang, check, info.document?.value ?? null, client.document, timing, {
      notYetValid: Date.parse(info.notBefore) > now.getTime(),
      noPrivateKey: !info.hasPrivateKey,
      notIcpBrasil: !info.icpBrasil,
    }),
  };
}

/**
 * Registers a certificate: an A1 from its .pfx and password (read first, outside any transaction: a
 * wrong password writes nothing), or an A3 from the form. The password is used once and dropped.
 */
export async function createCertificate(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  input: CreateCertificateInput,
  lang: Lang = 'pt-BR',
): Promise<{ certificate: Certificate; warnings: CertificateWarning[] }> {
  const info = input.kind === 'a1' ? readUpload(input) : null;
  const now = ctx.clock.now();
  try {
    return await writeTransaction(ctx, async (trx) => {
      const client = await clientBasicsOrThrow(trx, actor.officeId, clientId);
      const timeZone = await timeZoneOf(trx, actor.officeId);
      const base = {
        id: newId(),
        office_id: actor.officeId,
        client_id: clientId,
        notes: input.notes ?? null,
        notice_done: 0,
        created_by: actor.userId,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      };
      let row: CertificateRow;
      if (info) {
        if (await findCertificateByFingerprint(trx, actor.officeId, clientId, info.fingerprintSha256))
          throw new CertificatesError('duplicate');
        row = {
          ...base,
          kind: 'a1',
          holder_name: info.holderName.slice(0, 200),
          document: info.document?.value ?? null,
          document_kind: info.document?.kind ?? null,
          certificate_type: info.certificateType,
          issuer: info.issuer.slice(0, 200),
          serial_number: info.serialNumber,
          not_before: info.notBefore,
          not_after: info.notAfter,
          fingerprint: info.fingerprintSha256,
          certificate_pem: info.certificatePem,
          media: null,
        };
      } else if (input.kind === 'a3') {
        row = {
          ...base,
          kind: 'a3',
          holder_name: input.holderName,
          document: input.document.value,
          document_kind: input.document.kind,
          certificate_type: input.document.kind === 'cnpj' ? 'e-CNPJ' : 'e-CPF',
          issuer: input.issuer ?? null,
          serial_number: input.serialNumber ?? null,
          not_before: input.notBefore ? startOfCivilDay(input.notBefore, timeZone) : null,
          not_after: endOfCivilDay(input.notAfter, timeZone),
          fingerprint: null,
          certificate_pem: null,
          media: input.media ?? null,
        };
      } else {
        throw new Error('unreachable');
      }
      await insertCertificateRow(trx, row);
      const certificate = toCertificate(row, client.document, now, timeZone);
      await certificateAudit.create(trx, { ...actor, at: now }, row.id, auditView(certificate));
      const timing = { expired: certificate.state === 'expired', expiresOn: certificate.expiresOn };
      const warnings = warningsFor(lang, certificate.documentCheck, row.document, client.document, timing, {
        notYetValid: !!info && Date.parse(info.notBefore) > now.getTime(),
        noPrivateKey: !!info && !info.hasPrivateKey,
        notIcpBrasil: !!info && !info.icpBrasil,
      });
      return { certificate, warnings };
    });
  } catch (err) {
    // Two uploads of the same file at once: the unique index is the referee.
    if (isUniqueViolation(err)) throw new CertificatesError('duplicate', { cause: err });
    throw err;
  }
}

export async function updateCertificate(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  id: string,
  input: UpdateCertificateInput,
  lang: Lang = 'pt-BR',
): Promise<{ certificate: Certificate; warnings: CertificateWarning[] }> {
  return writeTransaction(ctx, async (trx) => {
    const client = await clientBasicsOrThrow(trx, actor.officeId, clientId);
    const row = await certificateRowOf(trx, actor.officeId, clientId, id);
    const timeZone = await timeZoneOf(trx, actor.officeId);
    const now = ctx.clock.now();
    const before = toCertificate(row, client.document, now, timeZone);
    const patch: Partial<CertificateRow> = { updated_at: now.toISOString() };
    if (row.kind === 'a1') {
      const { notes, ...others } = input;
      const changed = Object.entries(others).filter(([, v]) => v !== undefined);
      if (changed.length)
        throw new CertificatesError('a1_read_only', {
          fields: changed.map(([field]) => ({
            field,
            code: 'read_only',
            message: { 'pt-BR': 'Vem do arquivo do certificado.', en: 'Comes from the certificate file.' },
          })),
        });
      if (notes !== undefined) patch.notes = notes;
    } else {
      if (input.holderName !== undefined) patch.holder_name = input.holderName;
      if (input.document !== undefined) {
        patch.document = input.document.value;
        patch.document_kind = input.document.kind;
        patch.certificate_type = input.document.kind === 'cnpj' ? 'e-CNPJ' : 'e-CPF';
      }
      if (input.notAfter !== undefined) patch.not_after = endOfCivilDay(input.notAfter, timeZone);
      if (input.notBefore !== undefined)
        patch.not_before = input.notBefore ? startOfCivilDay(input.notBefore, timeZone) : null;
      if (input.issuer !== undefined) patch.issuer = input.issuer;
      if (input.serialNumber !== undefined) patch.serial_number = input.serialNumber;
      if (input.media !== undefined) patch.media = input.media;
      if (input.notes !== undefined) patch.notes = input.notes;
    }
    const reopen =
      (patch.not_after !== undefined && patch.not_after !== row.not_after) ||
      (patch.document !== undefined && patch.document !== row.document);
    if (reopen) patch.notice_done = 0;
    await updateCertificateRow(trx, actor.officeId, id, patch);
    if (reopen) await reopenClientNotices(trx, actor.officeId, clientId);
    const after = toCertificate({ ...row, ...patch }, client.document, now, timeZone);
    await certificateAudit.update(trx, { ...actor, at: now }, id, auditView(before), auditView(after));
    const timing = { expired: after.state === 'expired', expiresOn: after.expiresOn };
    return {
      certificate: after,
      warnings: warningsFor(lang, after.documentCheck, after.document, client.document, timing),
    };
  });
}

export async function deleteCertificate(ctx: AppContext, actor: Actor, clientId: string, id: string) {
  await writeTransaction(ctx, async (trx) => {
    const client = await clientBasicsOrThrow(trx, actor.officeId, clientId);
    const row = await certificateRowOf(trx, actor.officeId, clientId, id);
    const now = ctx.clock.now();
    const before = toCertificate(row, client.document, now, await timeZoneOf(trx, actor.officeId));
    await deleteCertificateRow(trx, actor.officeId, id);
    await reopenClientNotices(trx, actor.officeId, clientId);
    await certificateAudit.delete(trx, { ...actor, at: now }, id, auditView(before));
  });
}

/** The public certificate (PEM) of an A1, for download. */
export async function certificatePem(ctx: AppContext, officeId: string, clientId: string, id: string) {
  await clientBasicsOrThrow(ctx.db, officeId, clientId);
  const row = await certificateRowOf(ctx.db, officeId, clientId, id);
  if (!row.certificate_pem) throw new CertificatesError('no_public_certificate');
  return { pem: row.certificate_pem, holderName: row.holder_name, serialNumber: row.serial_number };
}
