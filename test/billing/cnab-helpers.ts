import type { AppContext } from '../../src/server/context.js';
import { newId } from '../../src/server/ids.js';
import { type BoletoAccount, buildBoleto } from '../../src/shared/br/boleto/index.js';

/** One account per bank, with the fields each bank's manual example uses. */
export const accountsByBank: Record<string, BoletoAccount> = {
  '001': {
    bankCode: '001',
    agency: '1824',
    agencyDigit: '4',
    account: '76000',
    accountDigit: '5',
    carteira: '18',
    convenio: '1207113',
  },
  '033': { bankCode: '033', agency: '6790', account: '1', carteira: '102', convenio: '5260965' },
  '104': { bankCode: '104', agency: '0589', account: '1', carteira: 'RG', convenio: '290274' },
  '237': {
    bankCode: '237',
    agency: '2949',
    agencyDigit: '1',
    account: '6580',
    accountDigit: '3',
    carteira: '09',
    convenio: '1234567',
  },
  '341': {
    bankCode: '341',
    agency: '0167',
    account: '45145',
    accountDigit: '9',
    carteira: '157',
    convenio: '',
  },
  '748': {
    bankCode: '748',
    agency: '1234',
    account: '12345',
    carteira: '1',
    convenio: '12345',
    variation: '18',
  },
  '756': { bankCode: '756', agency: '3069', account: '84725', carteira: '3', convenio: '0000225' },
};

/**
 * A bank account of an office, written straight into `bank_accounts` (the accounts' own API is
 * boleto-banks'; these tests are about CNAB).
 */
export async function insertBankAccount(
  ctx: AppContext,
  officeId: string,
  a: BoletoAccount,
  over: { fineBp?: number; interestMonthBp?: number } = {},
) {
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('bank_accounts')
    .values({
      id,
      office_id: officeId,
      bank_code: a.bankCode,
      label: `Conta ${a.bankCode}`,
      agency: a.agency,
      agency_digit: a.agencyDigit ?? null,
      account: a.account,
      account_digit: a.accountDigit ?? null,
      carteira: a.carteira,
      convenio: a.convenio,
      variation: a.variation ?? null,
      next_nosso_numero: 1,
      interest_month_bp: over.interestMonthBp ?? 100,
      fine_bp: over.fineBp ?? 200,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** The boleto of an invoice, numbered `sequence` in the account, awaiting registration. */
export async function insertBoleto(
  ctx: AppContext,
  officeId: string,
  accountId: string,
  a: BoletoAccount,
  sequence: number,
  invoice: { id: string; amountCents: number; dueDate: string },
) {
  const b = buildBoleto(a, sequence, {
    amountCents: invoice.amountCents,
    dueDate: invoice.dueDate,
    issueDate: '2026-11-01',
  });
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db
    .insertInto('boletos')
    .values({
      id,
      office_id: officeId,
      invoice_id: invoice.id,
      bank_account_id: accountId,
      nosso_numero: b.nossoNumero.value,
      nosso_numero_dv: b.nossoNumero.checkDigit,
      barcode: b.barcode,
      linha_digitavel: b.linhaDigitavel,
      due_date: invoice.dueDate,
      amount_cents: invoice.amountCents,
      status: 'registered_pending',
      remessa_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, nossoNumero: b.nossoNumero.value, dv: b.nossoNumero.checkDigit };
}
