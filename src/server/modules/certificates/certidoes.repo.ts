import type { Expression, Selectable, SqlBool } from 'kysely';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { ClientCertidoesTable } from '../../db/schema.js';
import type { Certidao } from './certidoes.schema.js';
import {
  type CertidaoLike,
  type CertidaoType,
  certidaoState,
  defaultRequiredTypes,
  parseRequiredTypes,
} from './certidoes.validity.js';

export type CertidaoRow = Selectable<ClientCertidoesTable>;

export function toCertidao(r: CertidaoRow, today: string): Certidao {
  const { state, daysLeft } = certidaoState(r.valid_until, today);
  return {
    id: r.id,
    clientId: r.client_id,
    type: r.type,
    status: r.status,
    issuedOn: r.issued_on,
    validUntil: r.valid_until,
    number: r.number,
    notes: r.notes,
    file:
      r.file_ref && r.file_name
        ? { name: r.file_name, size: r.file_size ?? 0, contentType: r.file_type ?? 'application/pdf' }
        : null,
    state,
    daysLeft,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findCertidaoRow(db: Db, officeId: string, clientId: string, id: string) {
  return db
    .selectFrom('client_certidoes')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listCertidaoRows(db: Db, officeId: string, clientId: string) {
  return db
    .selectFrom('client_certidoes')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .orderBy('valid_until', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertCertidaoRow(db: Db, row: CertidaoRow) {
  await db.insertInto('client_certidoes').values(row).execute();
}

export async function updateCertidaoRow(
  db: Db,
  officeId: string,
  id: string,
  patch: Partial<Omit<CertidaoRow, 'id' | 'office_id' | 'client_id'>>,
) {
  await db.updateTable('client_certidoes').set(patch).where(officeRow(officeId, id)).execute();
}

export async function deleteCertidaoRow(db: Db, officeId: string, id: string) {
  await db.deleteFrom('client_certidoes').where('office_id', '=', officeId).where('id', '=', id).execute();
}

/** The stored choice of required types, or null when the client uses the default. */
export async function storedRequiredTypes(db: Db, officeId: string, clientId: string) {
  const row = await db
    .selectFrom('client_certidao_settings')
    .select('required_types')
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? parseRequiredTypes(row.required_types) : null;
}

export async function saveRequiredTypes(
  db: Db,
  officeId: string,
  clientId: string,
  types: CertidaoType[] | null,
  at: string,
) {
  await db
    .deleteFrom('client_certidao_settings')
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .execute();
  if (types) {
    await db
      .insertInto('client_certidao_settings')
      .values({
        client_id: clientId,
        office_id: officeId,
        required_types: JSON.stringify(types),
        updated_at: at,
      })
      .execute();
  }
}

/** A client as the certidões routine sees it: its required types and its certidões. */
export interface CertidaoClient {
  id: string;
  name: string;
  document: string;
  required: CertidaoType[];
  certidoes: CertidaoLike[];
}

/**
 * A keyset page (by id) of the office's active clients in the audience, each with its required types and
 * certidões: three queries per page, whatever the page's size.
 */
export async function certidaoClientsPage(
  db: Db,
  officeId: string,
  audience: Expression<SqlBool>,
  afterId: string | null,
  limit: number,
): Promise<CertidaoClient[]> {
  let q = db
    .selectFrom('clients')
    .select(['id', 'legal_name', 'document', 'document_kind'])
    .where('office_id', '=', officeId)
    .where('status', '=', 'active')
    .where(audience);
  if (afterId) q = q.where('id', '>', afterId);
  const clients = await q.orderBy('id').limit(limit).execute();
  if (clients.length === 0) return [];
  const ids = clients.map((c) => c.id);
  const [settings, certidoes] = await Promise.all([
    db
      .selectFrom('client_certidao_settings')
      .select(['client_id', 'required_types'])
      .where('office_id', '=', officeId)
      .where('client_id', 'in', ids)
      .execute(),
    db
      .selectFrom('client_certidoes')
      .select(['id', 'client_id', 'type', 'status', 'valid_until'])
      .where('office_id', '=', officeId)
      .where('client_id', 'in', ids)
      .execute(),
  ]);
  const required = new Map(settings.map((s) => [s.client_id, parseRequiredTypes(s.required_types)]));
  const byClient = new Map<string, CertidaoLike[]>();
  for (const c of certidoes) {
    const list = byClient.get(c.client_id) ?? [];
    list.push({ id: c.id, type: c.type, status: c.status, validUntil: c.valid_until });
    byClient.set(c.client_id, list);
  }
  return clients.map((c) => ({
    id: c.id,
    name: c.legal_name,
    document: c.document,
    required: required.get(c.id) ?? defaultRequiredTypes(c.document_kind),
    certidoes: byClient.get(c.id) ?? [],
  }));
}
