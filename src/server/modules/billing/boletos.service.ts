import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import { HttpError } from '../../http/errors.js';
import { fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { type BoletoAccount, bankByCode, buildBoleto, type CivilDate } from '../br/index.js';
import { type Actor, findOffice } from '../platform/index.js';
import { billingAudit } from './audit.js';
import { BillingError } from './billing.errors.js';
import type { InvoiceRow } from './billing.repo.js';
import { invoiceOf, openInvoiceOf, todayIn } from './billing.service.js';
import {
  type BankAccountRow,
  type BoletoRow,
  clearDefaultExcept,
  findBankAccount,
  findDefaultBankAccount,
  findLiveBoleto,
  insertBankAccount,
  insertBoleto,
  listBankAccountRows,
  takeNossoNumero,
  toBankAccount,
  toBoleto,
  toBoletoAccount,
  updateBankAccount as updateBankAccountRow,
} from './boletos.repo.js';
import type { BankAccount, BankAccountInput, Boleto, IssueBoletoInput } from './boletos.schema.js';

// ---------------------------------------------------------------- bank accounts

export async function listBankAccounts(ctx: AppContext, officeId: string): Promise<BankAccount[]> {
  return (await listBankAccountRows(ctx.db, officeId)).map(toBankAccount);
}

/**
 * The bank's own checks (lengths, check digits) and whether its first nosso número fits the layout, as
 * field errors in both languages; nothing is written when any fails.
 */
function validateAccount(input: BankAccountInput): void {
  const bank = bankByCode(input.bankCode)!;
  const account: BoletoAccount = { ...input };
  const issues = bank.validateAccount(account);
  if (issues.length === 0) {
    try {
      bank.campoLivre(account, bank.nossoNumero(account, input.nextNossoNumero, { issueDate: '2026-01-01' }));
    } catch {
      issues.push({
        field: 'convenio',
        code: 'nosso_numero_range',
        message: {
          'pt-BR': `O próximo nosso número (${input.nextNossoNumero}) não cabe no layout do ${bank.name} com este convênio.`,
          en: `The next nosso número (${input.nextNossoNumero}) does not fit ${bank.name}'s layout with this convênio.`,
        },
      });
    }
  }
  if (issues.length) {
    throw fieldsError(
      ...issues.map((i) => ({
        field: i.field === 'convenio' && i.code === 'nosso_numero_range' ? 'nextNossoNumero' : i.field,
        code: i.code,
        message: i.message,
      })),
    );
  }
}

function rowValues(input: BankAccountInput) {
  return {
    bank_code: input.bankCode,
    label: input.label,
    agency: input.agency,
    agency_digit: input.agencyDigit,
    account: input.account,
    account_digit: input.accountDigit,
    carteira: input.carteira,
    convenio: input.convenio,
    variation: input.variation,
    next_nosso_numero: input.nextNossoNumero,
    interest_month_bp: input.interestMonthBp,
    fine_bp: input.fineBp,
    discount_cents: input.discountCents,
    discount_days: input.discountDays,
    instructions: JSON.stringify(input.instructions),
    active: input.active ? 1 : 0,
  };
}

/** Adds an account; the office's first active account becomes its default. */
export async function createBankAccount(
  ctx: AppContext,
  actor: Actor,
  input: BankAccountInput,
): Promise<BankAccount> {
  validateAccount(input);
  return writeTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    const id = newId();
    const hasDefault = !!(await findDefaultBankAccount(trx, actor.officeId));
    const isDefault = input.active && (input.isDefault || !hasDefault);
    await insertBankAccount(trx, {
      ...rowValues(input),
      id,
      office_id: actor.officeId,
      is_default: isDefault ? 1 : 0,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    return settleAccount(trx, actor, now, id, isDefault, { action: 'create' });
  });
}

/**
 * After an account's row is written: the default moved to it when it is the default now, and the change
 * audited. Returns the account as it now is.
 */
async function settleAccount(
  trx: Db,
  actor: Actor,
  at: Date,
  id: string,
  isDefault: boolean,
  change: { action: 'create' | 'update'; before?: BankAccount },
): Promise<BankAccount> {
  if (isDefault) await clearDefaultExcept(trx, actor.officeId, id);
  const after = toBankAccount((await findBankAccount(trx, actor.officeId, id))!);
  await billingAudit.bankAccount.record(trx, { ...actor, at }, id, change.action, {
    before: change.before,
    after,
  });
  return after;
}

/**
 * Replaces an account's settings. The sequence may move forward only (a nosso número already given to a
 * boleto is never handed out again); a deactivated account stops being the default.
 */
export async function updateBankAccount(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: BankAccountInput,
): Promise<BankAccount> {
  validateAccount(input);
  return writeTransaction(ctx, async (trx) => {
    const beforeRow = await findBankAccount(trx, actor.officeId, id);
    if (!beforeRow) throw new BillingError('bank_account_not_found');
    if (input.nextNossoNumero < Number(beforeRow.next_nosso_numero)) {
      throw fieldsError({
        field: 'nextNossoNumero',
        code: 'backwards',
        message: {
          'pt-BR': `A sequência só avança: os números até ${Number(beforeRow.next_nosso_numero) - 1} já podem ter sido usados.`,
          en: `The sequence only moves forward: numbers up to ${Number(beforeRow.next_nosso_numero) - 1} may already be in use.`,
        },
      });
    }
    const now = ctx.clock.now();
    const isDefault = input.active && input.isDefault;
    await updateBankAccountRow(trx, actor.officeId, id, {
      ...rowValues(input),
      is_default: isDefault ? 1 : 0,
      updated_at: now.toISOString(),
    });
    return settleAccount(trx, actor, now, id, isDefault, {
      action: 'update',
      before: toBankAccount(beforeRow),
    });
  });
}

// ---------------------------------------------------------------- boletos

export interface EnsureBoletoInput {
  officeId: string;
  invoice: InvoiceRow;
  account: BankAccountRow;
  userId: string | null;
  at: Date;
  /** The civil date of issue (Sicredi prints its year in the nosso número). */
  today: CivilDate;
}

/**
 * The invoice's boleto, issued now on `account` if it has none — in the caller's transaction: the nosso
 * número is taken from the account's sequence and the boleto written together, so a number is never
 * reused (a rollback leaves a gap). The partial unique index on the live boleto of an invoice settles
 * two concurrent issuers.
 */
export async function ensureBoleto(
  db: Db,
  input: EnsureBoletoInput,
): Promise<{ boleto: BoletoRow; account: BankAccountRow; created: boolean }> {
  const existing = await findLiveBoleto(db, input.officeId, input.invoice.id);
  if (existing) return { ...existing, created: false };
  const sequence = await takeNossoNumero(db, input.officeId, input.account.id);
  const account = toBoletoAccount(input.account);
  let data: ReturnType<typeof buildBoleto>;
  try {
    data = buildBoleto(account, sequence, {
      amountCents: Number(input.invoice.amount_cents),
      dueDate: input.invoice.due_date,
      issueDate: input.today,
    });
  } catch (err) {
    if (err instanceof RangeError) {
      throw new BillingError('nosso_numero_exhausted', {
        params: { next: sequence, label: input.account.label },
        cause: err,
      });
    }
    throw err;
  }
  const now = input.at.toISOString();
  const row: BoletoRow = {
    id: newId(),
    office_id: input.officeId,
    invoice_id: input.invoice.id,
    bank_account_id: input.account.id,
    nosso_numero: data.nossoNumero.value,
    nosso_numero_dv: data.nossoNumero.checkDigit,
    barcode: data.barcode,
    linha_digitavel: data.linhaDigitavel,
    due_date: input.invoice.due_date,
    amount_cents: Number(input.invoice.amount_cents),
    status: 'registered_pending',
    remessa_id: null,
    created_at: now,
    updated_at: now,
  };
  await insertBoleto(db, row);
  const refreshed = (await findBankAccount(db, input.officeId, input.account.id))!;
  await billingAudit.boleto.record(
    db,
    { officeId: input.officeId, userId: input.userId, at: input.at },
    row.id,
    'issue',
    { after: toBoleto(row, refreshed) },
  );
  return { boleto: row, account: refreshed, created: true };
}

/** Emitir boleto: the invoice's boleto on the chosen account (default: the office's default account). */
export async function issueBoleto(
  ctx: AppContext,
  actor: Actor,
  invoiceId: string,
  input: IssueBoletoInput,
): Promise<Boleto> {
  const office = await findOffice(ctx.db, actor.officeId);
  if (!office) throw new HttpError('not_found');
  const now = ctx.clock.now();
  const today = todayIn(office.timeZone, now);
  return writeTransaction(ctx, async (trx) => {
    const invoice = await openInvoiceOf(trx, actor.officeId, invoiceId);
    const live = await findLiveBoleto(trx, actor.officeId, invoiceId);
    if (live) {
      const nn = toBoleto(live.boleto, live.account).nossoNumeroFormatted;
      throw new BillingError('boleto_exists', { params: { nossoNumero: nn } });
    }
    const account = input.bankAccountId
      ? await findBankAccount(trx, actor.officeId, input.bankAccountId)
      : await findDefaultBankAccount(trx, actor.officeId);
    if (!account) throw new BillingError(input.bankAccountId ? 'bank_account_not_found' : 'no_bank_account');
    if (account.active !== 1)
      throw new BillingError('bank_account_inactive', { params: { label: account.label } });
    const made = await ensureBoleto(trx, {
      officeId: actor.officeId,
      invoice,
      account,
      userId: actor.userId,
      at: now,
      today,
    });
    return toBoleto(made.boleto, made.account);
  });
}

/** The invoice's live boleto, or null. */
export async function getInvoiceBoleto(
  ctx: AppContext,
  officeId: string,
  invoiceId: string,
): Promise<Boleto | null> {
  await invoiceOf(ctx.db, officeId, invoiceId);
  const live = await findLiveBoleto(ctx.db, officeId, invoiceId);
  return live ? toBoleto(live.boleto, live.account) : null;
}
