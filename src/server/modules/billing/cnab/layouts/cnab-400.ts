import {
  type CnabLayout,
  type Direction,
  type FieldRow,
  fields,
  identity,
  type NossoNumeroFormat,
  type Occurrence,
  record,
  type Words,
} from '../layout.js';

/**
 * What the banks' CNAB 400 cobrança layouts share. There is no FEBRABAN standard for CNAB 400: each bank
 * publishes its own, but Bradesco's, Itaú's and Santander's keep the same skeleton — header (0), detail
 * type 1, trailer (9), line number in 395–400 — and many of the same positions, composed here once:
 * the header's start and bank name, the title's terms in a remessa detail (109–234), the amounts of a
 * retorno detail, and the start of a retorno trailer. Each bank's file (`<bank>-400.ts`) adds its own.
 */

export const L400 = 400;

/** Header 1–26: record type, direction (1 remessa, 2 retorno) and its literal, service 01 COBRANCA. */
export const headerStart = (direction: Direction) => fields`
  recordType     1   1  num    0
  direction      2   2  num    ${direction === 'remessa' ? '1' : '2'}
  directionName  3   9  alpha  ${direction === 'remessa' ? 'REMESSA' : 'RETORNO'}
  service       10  11  num    01
  serviceName   12  26  alpha  COBRANCA
`;

/** Header 77–100: the bank's code and name, the file's date. */
export const headerBank = (bankCode: string, bankName: string) => fields`
  bankCode      77  79  num    ${bankCode}
  bankName      80  94  alpha  "${bankName}"
  generatedOn   95 100  date6
`;

/** 395–400 of every line: its number in the file. */
export const lineNumber = fields`sequence 395 400 num`;

/**
 * A header: its start, the bank's account of the beneficiário (27–76, the bank's own), the bank's code
 * and name, the bank's own tail (101–394), the line number.
 */
export const header400 = (
  direction: Direction,
  bank: { bankCode: string; bankName: string },
  company: readonly FieldRow[],
  tail: readonly FieldRow[],
): FieldRow[] => [
  ...headerStart(direction),
  ...company,
  ...headerBank(bank.bankCode, bank.bankName),
  ...tail,
  ...lineNumber,
];

/** Detail 2–17 in both directions: the beneficiário's CPF/CNPJ (01 CPF, 02 CNPJ). */
export const companyDocument = fields`
  companyDocumentType  2   3  num
  companyDocument      4  17  num
`;

/**
 * Remessa detail 109–234: movement, the title's number, due date, amount, kind, acceptance, issue date,
 * instructions, interest per day, discount, IOF, rebate, and the payer's CPF/CNPJ. `kind` is the bank's
 * code of a duplicata de serviço when the bank's table differs from the one the writer passes.
 */
export const titleTerms = (kind?: string) => fields`
  movement            109 110  num
  documentNumber      111 120  alpha
  dueDate             121 126  date6
  amount              127 139  money
  collectingBank      140 142  num
  collectingAgency    143 147  num
  kind                148 149  num    ${kind ?? ''}
  accepted            150 150  alpha
  issuedOn            151 156  date6
  instruction1        157 158  num
  instruction2        159 160  num
  interest            161 173  money
  discountUntil       174 179  date6
  discount            180 192  money
  iof                 193 205  money
  rebate              206 218  money
  payerDocumentType   219 220  num
  payerDocument       221 234  num
`;

/** Remessa detail 275–381 (Itaú, Santander): the payer's street, district, CEP, city, state; the guarantor. */
export const payerPlace = fields`
  payerStreet         275 314  alpha
  payerDistrict       315 326  alpha
  payerCep            327 331  num
  payerCepSuffix      332 334  num
  payerCity           335 349  alpha
  payerState          350 351  alpha
  guarantorName       352 381  alpha
`;

/** Retorno detail 109–126: the occurrence, its date, the title's number. */
export const retornoOccurrence = fields`
  movement            109 110  num
  occurredOn          111 116  date6
  documentNumber      117 126  alpha
`;

/** Retorno detail 147–168: due date, amount, collecting bank. */
export const retornoTitle = fields`
  dueDate             147 152  date6
  amount              153 165  money
  collectingBank      166 168  num
`;

/** Retorno detail 174–188: the title's kind and the tariff. */
export const retornoTariff = fields`
  kind                174 175  alpha
  tariff              176 188  money
`;

/** Retorno detail 215–292: IOF, rebate, discount, amount paid, interest and fine, other credits. */
export const retornoAmounts = fields`
  iof                 215 227  money
  rebate              228 240  money
  discount            241 253  money
  paid                254 266  money
  charges             267 279  money
  otherCredits        280 292  money
`;

/**
 * Retorno detail 147–292 as Bradesco and Santander write it: the title, the collecting agency (5 digits),
 * the tariff, other expenses and late-operation interest, and the amounts.
 */
export const retornoCharges = (): FieldRow[] => [
  ...retornoTitle,
  ...fields`collectingAgency 169 173 num`,
  ...retornoTariff,
  ...fields`
    otherExpenses       189 201  money
    lateOperationInterest 202 214 money
  `,
  ...retornoAmounts,
];

/**
 * A retorno trailer: record type, direction, service, bank, the count and total of titles (1–39); the
 * rest is the bank's (other portfolios, notices), read as text.
 */
export const retornoTrailer400 = (bankCode: string) => [
  ...fields`
    recordType     1   1  num    9
    direction      2   2  num    2
    service        3   4  num    01
    bankCode       5   7  num    ${bankCode}
    blank8         8  17  alpha
    count         18  25  num
    total         26  39  money
    bankUse40     40 394  alpha
  `,
  ...lineNumber,
];

/** A remessa trailer of blanks (Bradesco, Itaú): the record type and the line number. */
export const blankTrailer400 = [
  ...fields`recordType 1 1 num 9`,
  ...fields`blank2 2 394 alpha`,
  ...lineNumber,
];

/** A detail record: type 1 in position 1, its groups, the line number. */
export const detail400 = (...groups: readonly (readonly FieldRow[])[]): FieldRow[] => [
  ...fields`recordType 1 1 num 1`,
  ...groups.flat(),
  ...lineNumber,
];

/** A detail that names the beneficiário's CPF/CNPJ in 2–17 (every retorno; Itaú's and Santander's remessa). */
export const companyDetail400 = (...groups: readonly (readonly FieldRow[])[]) =>
  detail400(companyDocument, ...groups);

export interface Cnab400Bank {
  bankCode: string;
  bankName: string;
  /** The records by kind, as the manual's tables: remessa `header`, `detail`, `trailer`; retorno `retorno*`. */
  records: Record<
    'header' | 'detail' | 'trailer' | 'retornoHeader' | 'retornoDetail' | 'retornoTrailer',
    readonly FieldRow[]
  >;
  occurrences: Record<string, Occurrence>;
  reasons: Record<string, Words>;
  reasonLength?: number;
  nossoNumero: NossoNumeroFormat;
  adapt?: CnabLayout['adapt'];
}

/** One bank's CNAB 400 cobrança layout from its records. */
export function cnab400(bank: Cnab400Bank): CnabLayout {
  return {
    ...identity(bank, '400'),
    version: '400',
    key: { typeAt: 1 },
    kinds: { '0': 'header', '1': 'detail', '9': 'trailer' },
    retornoKinds: { '0': 'retornoHeader', '1': 'retornoDetail', '9': 'retornoTrailer' },
    records: Object.fromEntries(
      Object.entries(bank.records).map(([kind, rows]) => [kind, record(L400, rows)]),
    ),
    occurrences: bank.occurrences,
    reasons: bank.reasons,
    ...(bank.reasonLength ? { reasonLength: bank.reasonLength } : {}),
    nossoNumero: bank.nossoNumero,
    ...(bank.adapt ? { adapt: bank.adapt } : {}),
  };
}
