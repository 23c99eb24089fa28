import type { Expression, Selectable, SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { ClientCertificatesTable } from '../../db/schema.js';
import type { Certificate } from './certificates.schema.js';
import { certificateState, certificateTiming, documentCheck } from './certificates.validity.js';

export type CertificateRow = Selectable<ClientCertificatesTable>;

/** The API's view of a row, with its state on `at` and its document compared with the client's. */
export function toCertificate(
  r: CertificateRow,
  clientDocument: string,
  at: Date,
  timeZone: string,
): Certificate {
  const timing = certificateTiming(r.not_after, at, timeZone);
  return {
    id: r.id,
    clientId: r.client_id,
    kind: r.kind,
    holderName: r.holder_name,
    document: r.document,
    documentKind: r.document_kind,
    certificateType: r.certificate_type,
    issuer: r.issuer,
    serialNumber: r.serial_number,
    notBefore: r.not_before,
    notAfter: r.not_after,
    fingerprint: r.fingerprint,
    media: r.media,
    notes: r.notes,
    hasPublicCertificate: !!r.certificate_pem,
    documentCheck: documentCheck(r.document, clientDocument),
    expiresOn: timing.expiresOn,
    daysLeft: timing.daysLeft,
    state: certificateState(timing),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findCertificateRow(db: Db, officeId: string, clientId: string, id: string) {
  return db
    .selectFrom('client_certificates')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A client's certificates, the one expiring last first. */
export async function listCertificateRows(db: Db, officeId: string, clientId: string) {
  return db
    .selectFrom('client_certificates')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .orderBy('not_after', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findCertificateByFingerprint(
  db: Db,
  officeId: string,
  clientId: string,
  fingerprint: string,
) {
  return db
    .selectFrom('client_certificates')
    .select('id')
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
}

export async function insertCertificateRow(db: Db, row: CertificateRow) {
  await db.insertInto('client_certificates').values(row).execute();
}

export async function updateCertificateRow(
  db: Db,
  officeId: string,
  id: string,
  patch: Partial<Omit<CertificateRow, 'id' | 'office_id' | 'client_id'>>,
) {
  await db.updateTable('client_certificates').set(patch).where(officeRow(officeId, id)).execute();
}

export async function deleteCertificateRow(db: Db, officeId: string, id: string) {
  await db.deleteFrom('client_certificates').where('office_id', '=', officeId).where('id', '=', id).execute();
}

/**
 * The expiry routine may have set `notice_done` on a client's other certificates because this one replaced
 * them; once it is gone (or its dates change) they are considered again. Safe: notices are keyed.
 */
export async function reopenClientNotices(db: Db, officeId: string, clientId: string) {
  await db
    .updateTable('client_certificates')
    .set({ notice_done: 0 })
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .where('notice_done', '=', 1)
    .execute();
}

/** One certificate as the expiry routine sees it. */
export interface ExpiryCandidate {
  id: string;
  clientId: string;
  clientName: string;
  clientDocument: string;
  kind: 'a1' | 'a3';
  holderName: string;
  document: string | null;
  notAfter: string;
  /** A newer certificate of the same client and document expires later: this one was renewed. */
  superseded: boolean;
}

/**
 * A keyset page of the certificates of active clients that expire before `horizon` (ISO instant) and may
 * still need a notice (`notice_done = 0`), in (not_after, id) order after `after`. Served by the index
 * `client_certificates_expiry_idx (office_id, notice_done, not_after, id)`: the routine reads only the
 * certificates near or past expiry, however many the office has.
 */
export function expiryCandidatesQuery(
  db: Db,
  officeId: string,
  audience: Expression<SqlBool>,
  horizon: string,
  after: { notAfter: string; id: string } | null,
  limit: number,
) {
  let q = db
    .selectFrom('client_certificates as c')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .select((eb) => [
      'c.id',
      'c.client_id',
      'cl.legal_name',
      'cl.document as client_document',
      'c.kind',
      'c.holder_name',
      'c.document',
      'c.not_after',
      eb
        .exists(
          eb
            .selectFrom('client_certificates as n')
            .select('n.id')
            .where('n.office_id', '=', officeId)
            .whereRef('n.client_id', '=', 'c.client_id')
            .whereRef('n.not_after', '>', 'c.not_after')
            .where((w) => w('n.document', 'is not distinct from', w.ref('c.document'))),
        )
        .as('superseded'),
    ])
    .where('c.office_id', '=', officeId)
    .where('c.notice_done', '=', 0)
    .where('c.not_after', '<', horizon)
    .where('cl.status', '=', 'active')
    .where(audience);
  if (after) {
    const a = after;
    // A row-value comparison, which both SQLite and PostgreSQL seek in the index.
    q = q.where((eb) => eb(eb.refTuple('c.not_after', 'c.id'), '>', eb.tuple(a.notAfter, a.id)));
  }
  return q.orderBy('c.not_after').orderBy('c.id').limit(limit);
}

export async function expiryCandidates(
  db: Db,
  officeId: string,
  audience: Expression<SqlBool>,
  horizon: string,
  after: { notAfter: string; id: string } | null,
  limit: number,
): Promise<ExpiryCandidate[]> {
  const rows = await expiryCandidatesQuery(db, officeId, audience, horizon, after, limit).execute();
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    clientName: r.legal_name,
    clientDocument: r.client_document,
    kind: r.kind,
    holderName: r.holder_name,
    document: r.document,
    notAfter: r.not_after,
    // SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
    superseded: Boolean(Number(r.superseded)),
  }));
}

export async function markNoticeDone(db: Db, officeId: string, id: string) {
  await db
    .updateTable('client_certificates')
    .set({ notice_done: 1 })
    .where(officeRow(officeId, id))
    .execute();
}

/** The few client fields certificates and certidões need; undefined when not in the office. */
