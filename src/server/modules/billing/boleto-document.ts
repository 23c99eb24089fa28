/** What the boleto page of an invoice's PDF prints, from the stored boleto, its account and the office. */
import type { Db } from '../../db/database.js';
import { addDays, bankByCode, formatDateBR, formatMoneyBRL } from '../br/index.js';
import type { Office } from '../platform/index.js';
import { findContract } from './billing.repo.js';
import type { Invoice } from './billing.schema.js';
import type { BoletoPdfData } from './boleto-pdf.js';
import {
  type BankAccountRow,
  type BoletoRow,
  findLiveBoleto,
  toBoleto,
  toBoletoAccount,
} from './boletos.repo.js';

// One formatter for every boleto: `toLocaleString` builds a new one per call (a tenth of the boleto page).
const PERCENT = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = (bp: number) => `${PERCENT.format(bp / 100)}%`;

/**
 * The "Instruções" lines: the account's discount, fine and interest in words (with the amounts of this
 * boleto), then the office's own lines.
 */
export function boletoInstructions(account: BankAccountRow, amountCents: number, dueDate: string): string[] {
  const lines: string[] = [];
  const discount = Number(account.discount_cents);
  if (discount > 0) {
    const until = account.discount_days > 0 ? addDays(dueDate, -account.discount_days) : dueDate;
    lines.push(`Desconto de ${formatMoneyBRL(discount)} para pagamento até ${formatDateBR(until)}.`);
  }
  if (account.fine_bp > 0) {
    const fine = Math.round((amountCents * account.fine_bp) / 10_000);
    lines.push(`Após o vencimento, multa de ${percent(account.fine_bp)} (${formatMoneyBRL(fine)}).`);
  }
  if (account.interest_month_bp > 0) {
    // Juros simples ao dia: the monthly rate over 30 days, as banks compute mora diária.
    const perDay = Math.round((amountCents * account.interest_month_bp) / 10_000 / 30);
    lines.push(
      `Após o vencimento, juros de ${percent(account.interest_month_bp)} ao mês (${formatMoneyBRL(perDay)} por dia de atraso).`,
    );
  }
  lines.push(...(JSON.parse(account.instructions) as string[]));
  return lines;
}

export function boletoPdfData(
  boleto: BoletoRow,
  account: BankAccountRow,
  office: Office,
  invoice: Invoice,
): Omit<BoletoPdfData, 'pixQr'> {
  const bank = bankByCode(account.bank_code)!;
  const dto = toBoleto(boleto, account);
  return {
    bank: { printedCode: bank.printedCode, name: bank.name },
    linhaDigitavelFormatted: dto.linhaDigitavelFormatted,
    barcode: boleto.barcode,
    dueDate: boleto.due_date,
    amountCents: Number(boleto.amount_cents),
    nossoNumeroFormatted: dto.nossoNumeroFormatted,
    beneficiaryCode: bank.beneficiaryCode(toBoletoAccount(account)),
    carteira: account.carteira,
    documentNumber: invoice.period,
    documentDate: invoice.createdAt.slice(0, 10),
    processedOn: boleto.created_at.slice(0, 10),
    beneficiary: {
      name: office.name,
      cnpj: office.cnpj,
      address: [office.city, office.state].filter(Boolean).join('/') || null,
    },
    payer: { name: invoice.clientName, document: invoice.clientDocument },
    instructions: boletoInstructions(account, Number(boleto.amount_cents), boleto.due_date),
  };
}

/**
 * The invoice's boleto for its PDF (null when it has none) and whether the PIX QR code is offered: not
 * when the client's contract is collected by boleto only.
 */
export async function boletoForPdf(
  db: Db,
  office: Office,
  invoice: Invoice,
): Promise<{ boleto: Omit<BoletoPdfData, 'pixQr'> | null; showPix: boolean }> {
  const [live, contract] = await Promise.all([
    findLiveBoleto(db, office.id, invoice.id),
    findContract(db, office.id, invoice.clientId),
  ]);
  const boleto = live ? boletoPdfData(live.boleto, live.account, office, invoice) : null;
  const showPix = !!invoice.pixCode && !(boleto && contract?.payment_method === 'boleto');
  return { boleto, showPix };
}
