import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { BankAccountsTable, BoletosTable } from '../../db/schema.js';
import { type BoletoAccount, bankByCode, formatLinhaDigitavel } from '../br/index.js';
import type { BankAccount, Boleto } from './boletos.schema.js';

export type BankAccountRow = Selectable<BankAccountsTable>;
export type BoletoRow = Selectable<BoletosTable>;

// ---------------------------------------------------------------- mapping

export function toBankAccount(r: BankAccountRow): BankAccount {
  return {
    id: r.id,
    ...toBoletoAccount(r),
    bankCode: r.bank_code as BankAccount['bankCode'],
    bankName: bankByCode(r.bank_code)?.name ?? r.bank_code,
    label: r.label,
    nextNossoNumero: Number(r.next_nosso_numero),
    interestMonthBp: r.interest_month_bp,
    fineBp: r.fine_bp,
    discountCents: Number(r.discount_cents),
    discountDays: r.discount_days,
    instructions: JSON.parse(r.instructions) as string[],
    isDefault: r.is_default === 1,
    active: r.active === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The account as the boleto maths reads it (and the API shows it: its digits stay `null` when none). */
export function toBoletoAccount(r: BankAccountRow) {
  return {
    bankCode: r.bank_code,
    agency: r.agency,
    agencyDigit: r.agency_digit,
    account: r.account,
    accountDigit: r.account_digit,
    carteira: r.carteira,
    convenio: r.convenio,
    variation: r.variation,
  } satisfies BoletoAccount;
}

export function toBoleto(r: BoletoRow, account: BankAccountRow): Boleto {
  const bank = bankByCode(account.bank_code);
  return {
    id: r.id,
    invoiceId: r.invoice_id,
    bankAccountId: r.bank_account_id,
    bankCode: account.bank_code as Boleto['bankCode'],
    bankName: bank?.name ?? account.bank_code,
    nossoNumero: r.nosso_numero,
    nossoNumeroDv: r.nosso_numero_dv,
    nossoNumeroFormatted: bank
      ? bank.formatNossoNumero(toBoletoAccount(account), r.nosso_numero, r.nosso_numero_dv)
      : r.nosso_numero,
    barcode: r.barcode,
    linhaDigitavel: r.linha_digitavel,
    linhaDigitavelFormatted: formatLinhaDigitavel(r.linha_digitavel),
    dueDate: r.due_date,
    amountCents: Number(r.amount_cents),
    status: r.status,
    remessaId: r.remessa_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// ---------------------------------------------------------------- bank accounts

export const listBankAccountRows = (db: Db, officeId: string) =>
  db
    .selectFrom('bank_accounts')
    .selectAll()
    .where('office_id', '=', officeId)
    .orderBy('active', 'desc')
    .orderBy('is_default', 'desc')
    .orderBy('label')
    .execute();

export const findBankAccount = (db: Db, officeId: string, id: string) =>
  db.selectFrom('bank_accounts').selectAll().where(officeRow(officeId, id)).executeTakeFirst();

export const findDefaultBankAccount = (db: Db, officeId: string) =>
  db
    .selectFrom('bank_accounts')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('is_default', '=', 1)
    .where('active', '=', 1)
    .executeTakeFirst();

export async function insertBankAccount(db: Db, row: Insertable<BankAccountsTable>): Promise<void> {
  await db.insertInto('bank_accounts').values(row).execute();
}

export async function updateBankAccount(
  db: Db,
  officeId: string,
  id: string,
  patch: Partial<Insertable<BankAccountsTable>>,
): Promise<void> {
  await db.updateTable('bank_accounts').set(patch).where(officeRow(officeId, id)).execute();
}

/** Only one default per office: clears the flag on the others. */
export async function clearDefaultExcept(db: Db, officeId: string, id: string): Promise<void> {
  await db
    .updateTable('bank_accounts')
    .set({ is_default: 0 })
    .where('office_id', '=', officeId)
    .where('id', '!=', id)
    .where('is_default', '=', 1)
    .execute();
}

/**
 * Takes the account's next nosso número and advances the sequence, in the caller's transaction: the
 * row's write lock (PostgreSQL) or the database write lock (SQLite) serialises two issuers, so a number is
 * never handed out twice; a rolled-back boleto leaves a gap, never a reuse.
 */
export async function takeNossoNumero(db: Db, officeId: string, id: string): Promise<number> {
  const row = await db
    .updateTable('bank_accounts')
    .set({ next_nosso_numero: sql`next_nosso_numero + 1` })
    .where(officeRow(officeId, id))
    .returning('next_nosso_numero')
    .executeTakeFirstOrThrow();
  return Number(row.next_nosso_numero) - 1;
}

// ---------------------------------------------------------------- boletos

/** The invoice's boleto that is not cancelled, with its account. */
export async function findLiveBoleto(
  db: Db,
  officeId: string,
  invoiceId: string,
): Promise<{ boleto: BoletoRow; account: BankAccountRow } | undefined> {
  const boleto = await db
    .selectFrom('boletos')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '!=', 'cancelled')
    .executeTakeFirst();
  if (!boleto) return undefined;
  const account = (await findBankAccount(db, officeId, boleto.bank_account_id))!;
  return { boleto, account };
}

export async function insertBoleto(db: Db, row: BoletoRow): Promise<void> {
  await db.insertInto('boletos').values(row).execute();
}

/** Cancels the live boleto of an invoice (the invoice was cancelled). */
export async function cancelLiveBoleto(
  db: Db,
  officeId: string,
  invoiceId: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('boletos')
    .set({ status: 'cancelled', updated_at: at })
    .where('office_id', '=', officeId)
    .where('invoice_id', '=', invoiceId)
    .where('status', 'in', ['registered_pending', 'registered', 'rejected'])
    .execute();
}
