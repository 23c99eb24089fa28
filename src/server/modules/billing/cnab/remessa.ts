import type { CivilDate } from '../../br/index.js';
import type { CnabLayout, NossoNumeroFormat } from './layout.js';
import { type FieldValue, writeRecord } from './writer.js';

/** The beneficiário's account as a remessa names it (digits only). */
export interface CnabAccount {
  bankCode: string;
  agency: string;
  agencyDigit: string | null;
  account: string;
  accountDigit: string | null;
  carteira: string;
  convenio: string;
  /** Juros per month and multa, in basis points (100 = 1%). */
  interestMonthBp: number;
  fineBp: number;
  companyName: string;
  /** The office's CNPJ (14) or CPF (11). */
  companyDocument: string;
}

/** One boleto to register. */
export interface CnabTitle {
  nossoNumero: string;
  nossoNumeroDv: string;
  /** Seu número: what the office calls the title (the invoice's competência and client, shortened). */
  documentNumber: string;
  /** Up to 25 characters the bank returns as sent (uso da empresa): our boleto's reference. */
  reference: string;
  dueDate: CivilDate;
  issuedOn: CivilDate;
  amountCents: number;
  discountCents: number;
  discountUntil: CivilDate | null;
  payer: {
    name: string;
    document: string;
    address: string;
    district: string;
    cep: string;
    city: string;
    state: string;
  };
  messages: string[];
}

export interface RemessaInput {
  account: CnabAccount;
  /** Número sequencial do arquivo (NSA), per account. */
  sequence: number;
  generatedAt: { date: CivilDate; time: string };
  titles: readonly CnabTitle[];
}

/** The nosso número as the bank's field carries it. */
export function nossoNumeroField(format: NossoNumeroFormat, value: string, dv: string): string {
  return format.withCheckDigit ? value + dv : value;
}

/** The nosso número's value read back from a retorno's field (check digit dropped, as the remessa wrote it). */
export function nossoNumeroOf(format: NossoNumeroFormat, field: string): string {
  const s = field.trim();
  const value = format.withCheckDigit ? s.slice(0, -1) : s;
  return value.replace(/^0+(?=\d)/, '');
}

const docType = (doc: string) => (doc.length === 11 ? '1' : '2');

/** The days after the due date until which a remessa asks the bank to keep the title (then write off). */
const WRITE_OFF_DAYS = '060';

/** `amount × monthly rate / 30`, in cents, for the banks that take juros as a value per day. */
const interestPerDay = (amountCents: number, bp: number) => Math.round((amountCents * bp) / 10_000 / 30);

/**
 * Writes a CNAB 240 remessa: file header, one lot (header, segments P, Q, R per title, trailer), file
 * trailer. Lines end in CRLF, as the banks' manuals ask.
 */
export function writeRemessa240(layout: CnabLayout, input: RemessaInput): string {
  const { account: a, titles } = input;
  const lines: string[] = [];
  const common = {
    companyDocumentType: docType(a.companyDocument),
    companyDocument: a.companyDocument,
    convenio: a.convenio,
    agency: a.agency,
    agencyDigit: a.agencyDigit,
    account: a.account,
    accountDigit: a.accountDigit,
    companyName: a.companyName,
  };
  const add = (kind: string, values: Record<string, FieldValue>) =>
    lines.push(writeRecord(layout, kind, values, lines.length + 1));
  add('header', {
    ...common,
    bankName: layout.bankName,
    direction: 1,
    generatedOn: input.generatedAt.date,
    generatedAt: input.generatedAt.time,
    fileSequence: input.sequence,
  });
  add('lotHeader', {
    ...common,
    lot: 1,
    operation: 'R',
    fileSequence: input.sequence,
    generatedOn: input.generatedAt.date,
  });
  let seq = 0;
  let total = 0;
  for (const t of titles) {
    total += t.amountCents;
    const start = { lot: 1, movement: '01' };
    add('P', {
      ...start,
      sequence: ++seq,
      agency: a.agency,
      agencyDigit: a.agencyDigit,
      account: a.account,
      accountDigit: a.accountDigit,
      nossoNumero: nossoNumeroField(layout.nossoNumero, t.nossoNumero, t.nossoNumeroDv).padStart(
        layout.nossoNumero.fill === 'zeros' ? 20 : 0,
        '0',
      ),
      carteira: 1,
      registration: 1,
      documentType: '1',
      issuer: 2,
      distribution: '2',
      documentNumber: t.documentNumber,
      dueDate: t.dueDate,
      amount: t.amountCents,
      // DS: duplicata de serviço — a fee is a service.
      kind: '04',
      accepted: 'N',
      issuedOn: t.issuedOn,
      interestCode: a.interestMonthBp > 0 ? 2 : 3,
      interestFrom: a.interestMonthBp > 0 ? t.dueDate : null,
      // Taxa mensal, two decimals: 1% a month is 100.
      interest: a.interestMonthBp,
      discountCode: t.discountCents > 0 ? 1 : 0,
      discountUntil: t.discountCents > 0 ? t.discountUntil : null,
      discount: t.discountCents,
      companyReference: t.reference,
      protestCode: 3,
      writeOffCode: 1,
      writeOffDays: WRITE_OFF_DAYS,
    });
    const doc = t.payer.document;
    add('Q', {
      ...start,
      sequence: ++seq,
      payerDocumentType: docType(doc),
      payerDocument: doc,
      payerName: t.payer.name,
      payerAddress: t.payer.address,
      payerDistrict: t.payer.district,
      payerCep: t.payer.cep.slice(0, 5),
      payerCepSuffix: t.payer.cep.slice(5, 8),
      payerCity: t.payer.city,
      payerState: t.payer.state,
      guarantorDocumentType: 0,
    });
    add('R', {
      ...start,
      sequence: ++seq,
      fineCode: a.fineBp > 0 ? 2 : 0,
      fineFrom: a.fineBp > 0 ? t.dueDate : null,
      // Percentual, two decimals: 2% is 200.
      fine: a.fineBp,
      message3: t.messages[0] ?? '',
      message4: t.messages[1] ?? '',
    });
  }
  add('lotTrailer', { lot: 1, lotRecords: seq + 2, simpleCount: titles.length, simpleTotal: total });
  add('trailer', { lots: 1, records: lines.length + 1 });
  return `${lines.join('\r\n')}\r\n`;
}

/** Writes a CNAB 400 remessa (Bradesco's layout): header, one detail per title, trailer. */
export function writeRemessa400(layout: CnabLayout, input: RemessaInput): string {
  const { account: a, titles } = input;
  const lines: string[] = [];
  const add = (kind: string, values: Record<string, FieldValue>) =>
    lines.push(writeRecord(layout, kind, { ...values, sequence: lines.length + 1 }, lines.length + 1));
  // The account as each bank's CNAB 400 names it (Itaú: agência and conta; Santander: the convênio).
  const accountValues = {
    companyDocumentType: docType(a.companyDocument),
    companyDocument: a.companyDocument,
    agency: a.agency,
    account: a.account,
    accountDigit: a.accountDigit,
    carteira: a.carteira,
    convenio: a.convenio,
  };
  add('header', {
    ...accountValues,
    companyCode: a.convenio,
    companyName: a.companyName,
    generatedOn: input.generatedAt.date,
    fileSequence: input.sequence,
  });
  // Identificação da empresa no banco: zero, carteira (3), agência (5), conta (7) and its digit.
  const companyId = `0${a.carteira.padStart(3, '0')}${a.agency.padStart(5, '0')}${a.account.padStart(7, '0')}${a.accountDigit ?? '0'}`;
  let total = 0;
  for (const t of titles) {
    const doc = t.payer.document;
    total += t.amountCents;
    add('detail', {
      ...accountValues,
      companyId,
      companyReference: t.reference,
      fineCode: a.fineBp > 0 ? 2 : 0,
      fine: a.fineBp,
      nossoNumero: nossoNumeroField(layout.nossoNumero, t.nossoNumero, t.nossoNumeroDv).padStart(12, '0'),
      issuer: 2,
      autoDebit: 'N',
      debitNotice: 2,
      movement: '01',
      documentNumber: t.documentNumber,
      dueDate: t.dueDate,
      amount: t.amountCents,
      // 12: duplicata de serviço.
      kind: '12',
      accepted: 'N',
      issuedOn: t.issuedOn,
      interest: interestPerDay(t.amountCents, a.interestMonthBp),
      discountUntil: t.discountCents > 0 ? t.discountUntil : null,
      discount: t.discountCents,
      payerDocumentType: doc.length === 11 ? '01' : '02',
      payerDocument: doc,
      payerName: t.payer.name,
      payerAddress: [t.payer.address, t.payer.district].filter(Boolean).join(' '),
      payerStreet: t.payer.address,
      payerDistrict: t.payer.district,
      payerCity: t.payer.city,
      payerState: t.payer.state,
      message1: t.messages[0] ?? '',
      payerCep: t.payer.cep.slice(0, 5),
      payerCepSuffix: t.payer.cep.slice(5, 8),
      message2: t.messages[1] ?? '',
    });
  }
  add('trailer', { count: titles.length, total });
  return `${lines.join('\r\n')}\r\n`;
}

/** The remessa of a layout, in its format. */
export const writeRemessa = (layout: CnabLayout, input: RemessaInput): string =>
  layout.format === '240' ? writeRemessa240(layout, input) : writeRemessa400(layout, input);
