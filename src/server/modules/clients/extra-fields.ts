/**
 * Complementary data of a client (dados complementares): what the office's other systems know about it
 * and the client record does not hold — number of employees, annual revenue, monthly fee, first and last
 * purchase, accumulated value… Stored as one JSON object per client in `clients_extra`, written by
 * routines (the ERP import) and read by others (the class transition).
 *
 * Also the two writes routines make on a client inside their batch's transaction: its class and status.
 * Every function here runs in the caller's transaction (`db`), so a routine's batch commits or not as one.
 */

import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import { auditTrail } from '../platform/index.js';

/**
 * Known keys (others are kept as they come). Money in integer cents, dates `YYYY-MM-DD`.
 * - `employees`, `revenueCents` (annual), `feeCents` (monthly fee)
 * - `firstPurchaseDate`, `firstPurchaseCents`, `lastPurchaseDate`, `lastPurchaseCents`
 * - `accumulatedCents`, `purchaseCount`, `lastQuoteDate`, `lastInvoice`
 */
export type ClientExtra = Record<string, string | number | boolean | null>;

/** Who changed a client, for the audit log; `userId` null for the system. */
export interface ClientWriter {
  officeId: string;
  userId: string | null;
  at: Date;
  /** Why, recorded with the change: `routine:clients.class-transition`. */
  reason: string;
}

const clientAudit = auditTrail('client');

const parse = (data: string): ClientExtra => JSON.parse(data) as ClientExtra;

/** The complementary data of one client (`{}` when it has none). */
export async function getClientExtra(db: Db, officeId: string, clientId: string): Promise<ClientExtra> {
  const row = await db
    .selectFrom('clients_extra')
    .select('data')
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? parse(row.data) : {};
}

/** The known keys of complementary data, in the order a client's page shows them. */
const knownExtraKeys = [
  'lastPurchaseDate',
  'lastPurchaseCents',
  'accumulatedCents',
  'purchaseCount',
  'firstPurchaseDate',
  'firstPurchaseCents',
  'lastQuoteDate',
  'lastInvoice',
  'employees',
  'revenueCents',
  'feeCents',
];

/**
 * One client's complementary data for its page: the known keys first (in `knownExtraKeys` order), then the
 * others by name; empty values left out. `updatedAt` is when a routine last wrote it.
 */
export async function readClientExtra(
  db: Db,
  officeId: string,
  clientId: string,
): Promise<{ updatedAt: string | null; fields: { key: string; value: string | number | boolean }[] }> {
  const row = await db
    .selectFrom('clients_extra')
    .select(['data', 'updated_at'])
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) return { updatedAt: null, fields: [] };
  const data = parse(row.data);
  const rank = (key: string) => {
    const i = knownExtraKeys.indexOf(key);
    return i < 0 ? knownExtraKeys.length : i;
  };
  const fields = Object.entries(data)
    .filter((e): e is [string, string | number | boolean] => e[1] !== null && e[1] !== '')
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, value]) => ({ key, value }));
  return { updatedAt: row.updated_at, fields };
}

/** The complementary data of several clients, by client id (absent ids have none). */
export async function getClientsExtra(
  db: Db,
  officeId: string,
  clientIds: readonly string[],
): Promise<Map<string, ClientExtra>> {
  const out = new Map<string, ClientExtra>();
  for (let i = 0; i < clientIds.length; i += 500) {
    const rows = await db
      .selectFrom('clients_extra')
      .select(['client_id', 'data'])
      .where('office_id', '=', officeId)
      .where('client_id', 'in', clientIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.client_id, parse(r.data));
  }
  return out;
}

/**
 * Merges `patch` into a client's complementary data (a `null` value removes the key) and returns the
 * result. The client must belong to the office; returns null otherwise.
 */
export async function setClientExtra(
  db: Db,
  officeId: string,
  clientId: string,
  patch: ClientExtra,
  at: Date,
): Promise<ClientExtra | null> {
  const client = await db
    .selectFrom('clients')
    .select('id')
    .where(officeRow(officeId, clientId))
    .executeTakeFirst();
  if (!client) return null;
  const merged: ClientExtra = { ...(await getClientExtra(db, officeId, clientId)), ...patch };
  for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
  const data = JSON.stringify(merged);
  const now = at.toISOString();
  await db
    .insertInto('clients_extra')
    .values({ client_id: clientId, office_id: officeId, data, updated_at: now })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ data, updated_at: now }))
    .execute();
  return merged;
}

/** The tags of several clients, by client id. */
export async function getClientsTags(
  db: Db,
  officeId: string,
  clientIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < clientIds.length; i += 500) {
    const rows = await db
      .selectFrom('client_tags')
      .select(['client_id', 'tag'])
      .where('office_id', '=', officeId)
      .where('client_id', 'in', clientIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.client_id, [...(out.get(r.client_id) ?? []), r.tag]);
  }
  return out;
}

async function setColumn(
  db: Db,
  who: ClientWriter,
  clientId: string,
  column: 'class' | 'status',
  value: string | null,
): Promise<boolean> {
  const before = await db
    .selectFrom('clients')
    .select(['class', 'status'])
    .where(officeRow(who.officeId, clientId))
    .executeTakeFirst();
  if (!before || before[column] === value) return false;
  await db
    .updateTable('clients')
    .set((eb) => ({
      ...(column === 'class' ? { class: value } : { status: value as 'active' | 'inactive' }),
      updated_at: who.at.toISOString(),
      version: eb('version', '+', 1),
    }))
    .where(officeRow(who.officeId, clientId))
    .execute();
  await clientAudit.record(db, who, clientId, column === 'class' ? 'class-change' : 'status-change', {
    before: { [column]: before[column] },
    after: { [column]: value, reason: who.reason },
  });
  return true;
}

/** Moves a client to another class (audited); false when it was already there or does not exist. */
export const setClientClass = (db: Db, who: ClientWriter, clientId: string, clientClass: string | null) =>
  setColumn(db, who, clientId, 'class', clientClass);

/** Sets a client's status (audited); false when it already had it or does not exist. */
export const setClientStatus = (db: Db, who: ClientWriter, clientId: string, status: 'active' | 'inactive') =>
  setColumn(db, who, clientId, 'status', status);

/**
 * Makes `userId` the client's responsible for a profession (audited `responsible_transferred`), in the
 * caller's transaction. Returns the previous responsible's id, or `false` when `userId` already was.
 */
export async function transferResponsible(
  db: Db,
  who: ClientWriter,
  clientId: string,
  professionId: string,
  userId: string,
): Promise<string | null | false> {
  const current = await db
    .selectFrom('client_responsibles')
    .select('user_id')
    .where('office_id', '=', who.officeId)
    .where('client_id', '=', clientId)
    .where('profession_id', '=', professionId)
    .executeTakeFirst();
  if (current?.user_id === userId) return false;
  await db
    .deleteFrom('client_responsibles')
    .where('office_id', '=', who.officeId)
    .where('client_id', '=', clientId)
    .where('profession_id', '=', professionId)
    .execute();
  await db
    .insertInto('client_responsibles')
    .values({ client_id: clientId, profession_id: professionId, user_id: userId, office_id: who.officeId })
    .execute();
  await clientAudit.record(db, who, clientId, 'responsible_transferred', {
    before: { professionId, userId: current?.user_id ?? null },
    after: { professionId, userId, reason: who.reason },
  });
  return current?.user_id ?? null;
}
