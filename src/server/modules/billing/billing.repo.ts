import {
  type Expression,
  type Insertable,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely';
import type { Db } from '../../db/database.js';
import { pagesById } from '../../db/keyset.js';
import { readPage } from '../../db/list-query.js';
import { officeRow } from '../../db/office-row.js';
import type { BillingSettingsTable, FeeContractsTable, InvoicesTable } from '../../db/schema.js';
import type { CivilDate } from '../br/index.js';
import type { Arrears, FeeContract, Invoice, InvoiceListQuery, PixSettings } from './billing.schema.js';
import { daysBetween } from './due-date.js';

export type SettingsRow = Selectable<BillingSettingsTable>;
export type ContractRow = Selectable<FeeContractsTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
/** An invoice row with its client's name and document, as lists and PDFs show it. */
export type InvoiceWithClient = InvoiceRow & { client_name: string; client_document: string };

/** The client fields billing reads (name and document for documents, status for the routine). */
export interface BillingClient {
  id: string;
  legal_name: string;
  document: string;
  status: 'active' | 'inactive';
}

// ---------------------------------------------------------------- mapping

export const toPixSettings = (r: SettingsRow): PixSettings => ({
  keyKind: r.pix_key_kind,
  key: r.pix_key,
  merchantName: r.merchant_name,
  merchantCity: r.merchant_city,
  updatedAt: r.updated_at,
});

/** The contract's yearly adjustment rule as the API shows it (null: none). */
function adjustmentOf(r: ContractRow): FeeContract['adjustment'] {
  switch (r.adjustment_method) {
    case 'index':
      return { method: 'index', index: r.adjustment_index ?? 'IPCA' };
    case 'percentage':
      return { method: 'percentage', bp: Number(r.adjustment_bp ?? 0) };
    case 'minimum_wage':
      return { method: 'minimum_wage', mwMultiple: Number(r.adjustment_mw_multiple ?? 1000) };
    default:
      return null;
  }
}

export const toContract = (r: ContractRow): FeeContract => ({
  id: r.id,
  clientId: r.client_id,
  amountCents: Number(r.amount_cents),
  dueRule: r.due_rule,
  dueDay: r.due_day,
  startPeriod: r.start_period,
  readjustmentDate: r.readjustment_date,
  readjustmentNote: r.readjustment_note,
  adjustment: adjustmentOf(r),
  active: r.active === 1,
  paymentMethod: r.payment_method,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The invoice as the API shows it, with `overdue` derived from `today` (the office's civil date). */
export function toInvoice(r: InvoiceWithClient, today: CivilDate): Invoice {
  const late = r.status === 'open' && r.due_date < today ? daysBetween(r.due_date, today) : 0;
  return {
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    clientDocument: r.client_document,
    period: r.period,
    amountCents: Number(r.amount_cents),
    dueDate: r.due_date,
    status: late > 0 ? 'overdue' : r.status,
    daysOverdue: late,
    txid: r.txid,
    pixCode: r.pix_code,
    description: r.description,
    paidOn: r.paid_on,
    paidAmountCents: r.paid_amount_cents === null ? null : Number(r.paid_amount_cents),
    paymentNote: r.payment_note,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
    notifiedAt: r.notified_at,
    sentAt: r.sent_at,
    lastReminderDay: r.last_reminder_day,
    paymentFlag: r.payment_flag,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// ---------------------------------------------------------------- settings

export const findSettings = (db: Db, officeId: string) =>
  db.selectFrom('billing_settings').selectAll().where('office_id', '=', officeId).executeTakeFirst();

export async function saveSettings(db: Db, row: SettingsRow): Promise<void> {
  await db
    .insertInto('billing_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('office_id').doUpdateSet({
        pix_key: row.pix_key,
        pix_key_kind: row.pix_key_kind,
        merchant_name: row.merchant_name,
        merchant_city: row.merchant_city,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

// ---------------------------------------------------------------- clients and contracts

export const findBillingClient = (db: Db, officeId: string, clientId: string) =>
  db
    .selectFrom('clients')
    .select(['id', 'legal_name', 'document', 'status'])
    .where(officeRow(officeId, clientId))
    .executeTakeFirst() as Promise<BillingClient | undefined>;

export const findContract = (db: Db, officeId: string, clientId: string) =>
  db
    .selectFrom('fee_contracts')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();

export async function insertContract(db: Db, row: Insertable<FeeContractsTable>): Promise<void> {
  await db.insertInto('fee_contracts').values(row).execute();
}

export async function updateContract(db: Db, officeId: string, id: string, patch: Partial<ContractRow>) {
  await db.updateTable('fee_contracts').set(patch).where(officeRow(officeId, id)).execute();
}

/** An active contract of an active client, as the monthly routine reads it. */
export type ContractWithClient = ContractRow & { client_name: string; client_document: string };

/**
 * The office's active contracts of active clients, keyset-paged by id, restricted by `where` (the
 * routine's audience on `fee_contracts.client_id`).
 */
export async function* activeContracts(
  db: Db,
  officeId: string,
  where: Expression<SqlBool>,
  batch = 100,
): AsyncGenerator<ContractWithClient[]> {
  yield* pagesById(batch, (after) =>
    db
      .selectFrom('fee_contracts')
      .innerJoin('clients', 'clients.id', 'fee_contracts.client_id')
      .selectAll('fee_contracts')
      .select(['clients.legal_name as client_name', 'clients.document as client_document'])
      .where('fee_contracts.office_id', '=', officeId)
      .where('fee_contracts.active', '=', 1)
      .where('clients.status', '=', 'active')
      .where('fee_contracts.id', '>', after)
      .where(where)
      .orderBy('fee_contracts.id')
      .limit(batch)
      .execute(),
  );
}

export async function countActiveContracts(db: Db, officeId: string, where: Expression<SqlBool>) {
  const r = await db
    .selectFrom('fee_contracts')
    .innerJoin('clients', 'clients.id', 'fee_contracts.client_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('fee_contracts.office_id', '=', officeId)
    .where('fee_contracts.active', '=', 1)
    .where('clients.status', '=', 'active')
    .where(where)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---------------------------------------------------------------- invoices

const withClient = (db: Db) =>
  db
    .selectFrom('invoices')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .selectAll('invoices')
    .select(['clients.legal_name as client_name', 'clients.document as client_document']);

/** Inserts an invoice unless its (office, client, period) exists; true when this call made it. */
export async function insertInvoiceOnce(db: Db, row: InvoiceRow): Promise<boolean> {
  const r = await db
    .insertInto('invoices')
    .values(row)
    .onConflict((oc) => oc.columns(['office_id', 'client_id', 'period']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const findInvoice = (db: Db, officeId: string, id: string) =>
  withClient(db)
    .where('invoices.office_id', '=', officeId)
    .where('invoices.id', '=', id)
    .executeTakeFirst() as Promise<InvoiceWithClient | undefined>;

/** Invoices by id, with their client's name and document (one query per 500 ids). */
export async function findInvoices(db: Db, officeId: string, ids: readonly string[]) {
  const out: InvoiceWithClient[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...((await withClient(db)
        .where('invoices.office_id', '=', officeId)
        .where('invoices.id', 'in', ids.slice(i, i + 500))
        .execute()) as InvoiceWithClient[]),
    );
  }
  return out;
}

export const findInvoiceByPeriod = (db: Db, officeId: string, clientId: string, period: string) =>
  withClient(db)
    .where('invoices.office_id', '=', officeId)
    .where('invoices.client_id', '=', clientId)
    .where('invoices.period', '=', period)
    .executeTakeFirst() as Promise<InvoiceWithClient | undefined>;

export async function updateInvoice(db: Db, officeId: string, id: string, patch: Partial<InvoiceRow>) {
  await db.updateTable('invoices').set(patch).where(officeRow(officeId, id)).execute();
}

/** The invoice columns a payment changes. */
const paymentColumns = [
  'status',
  'paid_on',
  'paid_amount_cents',
  'payment_note',
  'payment_flag',
  'updated_at',
] as const;
type PaymentColumn = (typeof paymentColumns)[number];

/**
 * Updates many invoices in one statement per 200 (a retorno's batch): each column a patch sets is written
 * through `CASE id WHEN … THEN … ELSE column END`, so each invoice gets its own values.
 */
export async function updateInvoicesBulk(
  db: Db,
  officeId: string,
  patches: readonly { id: string; patch: Partial<Pick<InvoiceRow, PaymentColumn>> }[],
): Promise<void> {
  for (let i = 0; i < patches.length; i += 200) {
    const chunk = patches.slice(i, i + 200);
    const set: Record<string, RawBuilder<unknown>> = {};
    for (const col of paymentColumns) {
      const rows = chunk.filter((p) => col in p.patch);
      if (rows.length === 0) continue;
      set[col] = sql`case ${sql.ref('id')} ${sql.join(
        rows.map((p) => sql`when ${p.id} then ${p.patch[col] ?? null}`),
        sql` `,
      )} else ${sql.ref(col)} end`;
    }
    await db
      .updateTable('invoices')
      .set(set as never)
      .where('office_id', '=', officeId)
      .where(
        'id',
        'in',
        chunk.map((p) => p.id),
      )
      .execute();
  }
}

const sortColumn = {
  dueDate: 'invoices.due_date',
  period: 'invoices.period',
  amountCents: 'invoices.amount_cents',
  clientName: 'clients.name_key',
  createdAt: 'invoices.created_at',
} as const;

/** Escapes LIKE wildcards so that user text matches literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Clients with at least one open invoice due before `today`. */
const arrearsClientIds = (db: Db, officeId: string, today: CivilDate) =>
  db
    .selectFrom('invoices as o')
    .select('o.client_id')
    .where('o.office_id', '=', officeId)
    .where('o.status', '=', 'open')
    .where('o.due_date', '<', today);

export async function listInvoices(db: Db, officeId: string, q: InvoiceListQuery, today: CivilDate) {
  let base = db
    .selectFrom('invoices')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .where('invoices.office_id', '=', officeId);
  if (q.clientId) base = base.where('invoices.client_id', '=', q.clientId);
  if (q.period) base = base.where('invoices.period', '=', q.period);
  switch (q.status) {
    case 'open':
      base = base.where('invoices.status', '=', 'open').where('invoices.due_date', '>=', today);
      break;
    case 'overdue':
      base = base.where('invoices.status', '=', 'open').where('invoices.due_date', '<', today);
      break;
    case 'paid':
    case 'cancelled':
      base = base.where('invoices.status', '=', q.status);
      break;
    case undefined:
      break;
  }
  if (q.inArrears) base = base.where('invoices.client_id', 'in', arrearsClientIds(db, officeId, today));
  if (q.q) {
    const raw = q.q.trim();
    const text = raw
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    // A formatted CNPJ/CPF matches the bare document in the client's search text.
    const bare = text.replace(/[.\-/\s]/g, '');
    const patterns = [...new Set([text, bare].filter(Boolean))].map((p) => `%${likeEscape(p)}%`);
    base = base.where((eb) =>
      eb.or([
        ...patterns.map((p) => eb('clients.search_text', 'like', p)),
        eb('invoices.txid', '=', raw.toUpperCase()),
      ]),
    );
  }
  const rows = base
    .selectAll('invoices')
    .select(['clients.legal_name as client_name', 'clients.document as client_document'])
    .orderBy(sortColumn[q.sort], q.order)
    .orderBy('invoices.id', q.order);
  return readPage(q, rows, base, (r) => toInvoice(r as InvoiceWithClient, today));
}

/** Open and overdue totals of one client. */
export async function clientTotals(db: Db, officeId: string, clientId: string, today: CivilDate) {
  const r = await db
    .selectFrom('invoices')
    .select([
      sql<number>`count(*)`.as('open_count'),
      sql<number>`coalesce(sum(amount_cents), 0)`.as('open_cents'),
      sql<number>`coalesce(sum(case when due_date < ${today} then 1 else 0 end), 0)`.as('overdue_count'),
      sql<number>`coalesce(sum(case when due_date < ${today} then amount_cents else 0 end), 0)`.as(
        'overdue_cents',
      ),
    ])
    .where('office_id', '=', officeId)
    .where('client_id', '=', clientId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return {
    openCount: Number(r.open_count),
    openCents: Number(r.open_cents),
    overdueCount: Number(r.overdue_count),
    overdueCents: Number(r.overdue_cents),
  };
}

/** The clients in arrears, the oldest debt first. */
export async function listArrears(db: Db, officeId: string, today: CivilDate): Promise<Arrears[]> {
  const rows = await db
    .selectFrom('invoices')
    .innerJoin('clients', 'clients.id', 'invoices.client_id')
    .select([
      'invoices.client_id',
      'clients.legal_name',
      'clients.document',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(invoices.amount_cents)`.as('cents'),
      sql<string>`min(invoices.due_date)`.as('oldest'),
    ])
    .where('invoices.office_id', '=', officeId)
    .where('invoices.status', '=', 'open')
    .where('invoices.due_date', '<', today)
    .groupBy(['invoices.client_id', 'clients.legal_name', 'clients.document'])
    .orderBy('oldest')
    .orderBy('invoices.client_id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    clientId: r.client_id,
    clientName: r.legal_name,
    clientDocument: r.document,
    overdueCount: Number(r.n),
    overdueCents: Number(r.cents),
    oldestDueDate: r.oldest,
  }));
}

/**
 * The office's open invoices due before `date`, keyset-paged by id, restricted by `where` (the routine's
 * audience on `invoices.client_id`).
 */
export async function* overdueInvoices(
  db: Db,
  officeId: string,
  date: CivilDate,
  where: Expression<SqlBool>,
  batch = 100,
): AsyncGenerator<InvoiceWithClient[]> {
  yield* pagesById(
    batch,
    (after) =>
      withClient(db)
        .where('invoices.office_id', '=', officeId)
        .where('invoices.status', '=', 'open')
        .where('invoices.due_date', '<', date)
        .where('invoices.id', '>', after)
        .where(where)
        .orderBy('invoices.id')
        .limit(batch)
        .execute() as Promise<InvoiceWithClient[]>,
  );
}

export async function countOverdueInvoices(
  db: Db,
  officeId: string,
  date: CivilDate,
  where: Expression<SqlBool>,
) {
  const r = await db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('office_id', '=', officeId)
    .where('status', '=', 'open')
    .where('due_date', '<', date)
    .where(where)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The invoice a rule run created ("Criar fatura"), if it did. */
export const findInvoiceByRun = (db: Db, officeId: string, runId: string) =>
  withClient(db)
    .where('invoices.office_id', '=', officeId)
    .where('invoices.automation_run_id', '=', runId)
    .executeTakeFirst() as Promise<InvoiceWithClient | undefined>;

/** A client's open invoices (overdue included), oldest due first. */
export const openInvoicesOf = (db: Db, officeId: string, clientId: string) =>
  withClient(db)
    .where('invoices.office_id', '=', officeId)
    .where('invoices.client_id', '=', clientId)
    .where('invoices.status', '=', 'open')
    .orderBy('invoices.due_date')
    .orderBy('invoices.id')
    .limit(100)
    .execute() as Promise<InvoiceWithClient[]>;
