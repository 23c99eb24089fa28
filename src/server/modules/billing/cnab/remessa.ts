import type { CivilDate } from '../../br/index.js';
import type { CnabLayout, FieldSpec, NossoNumeroFormat } from './layout.js';
import { type FieldValue, formatField, writeRecord } from './writer.js';

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
 * A record kind of a layout compiled for one file: the fields whose value is the same on every line of
 * the file (`fixed`: the account, the codes), the constants and the blank fields are formatted once, on
 * the first line; only the fields named in `variable` are formatted per line. A remessa of 10,000 titles
 * writes 30,000 records of about 40 fields — most of them the same on every line.
 */
class RecordTemplate {
  private parts: (string | FieldSpec)[] | null = null;

  constructor(
    private readonly layout: CnabLayout,
    private readonly kind: string,
    private readonly fixed: Readonly<Record<string, FieldValue>>,
    private readonly variable: ReadonlySet<string>,
  ) {}

  /** The line with these per-line values (`line` names the line in errors). */
  write(values: Readonly<Record<string, FieldValue>>, line: number): string {
    // A layout that adapts this record's values (Santander 400's multa from the due date) needs every
    // value per line: it goes through the plain writer.
    if (this.layout.adapt?.[this.kind])
      return writeRecord(this.layout, this.kind, { ...this.fixed, ...values }, line);
    this.parts ??= this.compile(line);
    let out = '';
    for (const p of this.parts) out += typeof p === 'string' ? p : formatField(p, values[p.name], line);
    return out;
  }

  private compile(line: number): (string | FieldSpec)[] {
    const fields = this.layout.records[this.kind];
    if (!fields) throw new Error(`layout ${this.layout.id} has no record ${this.kind}`);
    const parts: (string | FieldSpec)[] = [];
    for (const f of fields) {
      if (f.constant === undefined && this.variable.has(f.name)) {
        parts.push(f);
        continue;
      }
      const text = formatField(f, this.fixed[f.name], line);
      const last = parts.length - 1;
      if (typeof parts[last] === 'string') parts[last] += text;
      else parts.push(text);
    }
    return parts;
  }
}

/**
 * Writes a remessa line by line, for a stream: `header()`, then `title(t)` per title in the file's order,
 * then `trailer()` (which carries the counts and the total). Each returns its lines, each ending in CRLF
 * as the banks' manuals ask.
 * @example
 * const w = remessaWriter(layout, { account, sequence: 7, generatedAt });
 * yield w.header(); for (const t of page) yield w.title(t); yield w.trailer();
 */
export interface RemessaWriter {
  header(): string;
  title(t: CnabTitle): string;
  trailer(): string;
}

/** The remessa's writer for its layout's format (CNAB 240 or 400). */
export function remessaWriter(layout: CnabLayout, head: Omit<RemessaInput, 'titles'>): RemessaWriter {
  return layout.format === '240' ? remessaWriter240(layout, head) : remessaWriter400(layout, head);
}

const names = (...n: string[]) => new Set(n);

/**
 * CNAB 240: file header, one lot (header, segments P, Q, R per title, trailer), file trailer.
 */
function remessaWriter240(layout: CnabLayout, head: Omit<RemessaInput, 'titles'>): RemessaWriter {
  const a = head.account;
  let lines = 0;
  let seq = 0;
  let count = 0;
  let total = 0;
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
  const start = { lot: 1, movement: '01' };
  const P = new RecordTemplate(
    layout,
    'P',
    {
      ...start,
      agency: a.agency,
      agencyDigit: a.agencyDigit,
      account: a.account,
      accountDigit: a.accountDigit,
      carteira: 1,
      registration: 1,
      documentType: '1',
      issuer: 2,
      distribution: '2',
      // DS: duplicata de serviço — a fee is a service.
      kind: '04',
      accepted: 'N',
      interestCode: a.interestMonthBp > 0 ? 2 : 3,
      // Taxa mensal, two decimals: 1% a month is 100.
      interest: a.interestMonthBp,
      protestCode: 3,
      writeOffCode: 1,
      writeOffDays: WRITE_OFF_DAYS,
    },
    names(
      'sequence',
      'nossoNumero',
      'documentNumber',
      'dueDate',
      'amount',
      'issuedOn',
      'interestFrom',
      'discountCode',
      'discountUntil',
      'discount',
      'companyReference',
    ),
  );
  const Q = new RecordTemplate(
    layout,
    'Q',
    { ...start, guarantorDocumentType: 0 },
    names(
      'sequence',
      'payerDocumentType',
      'payerDocument',
      'payerName',
      'payerAddress',
      'payerDistrict',
      'payerCep',
      'payerCepSuffix',
      'payerCity',
      'payerState',
    ),
  );
  const R = new RecordTemplate(
    layout,
    'R',
    // Percentual, two decimals: 2% is 200.
    { ...start, fineCode: a.fineBp > 0 ? 2 : 0, fine: a.fineBp },
    names('sequence', 'fineFrom', 'message3', 'message4'),
  );
  const zeroPad = layout.nossoNumero.fill === 'zeros' ? 20 : 0;
  const once = (kind: string, values: Record<string, FieldValue>) =>
    `${writeRecord(layout, kind, values, ++lines)}\r\n`;
  return {
    header: () =>
      once('header', {
        ...common,
        bankName: layout.bankName,
        direction: 1,
        generatedOn: head.generatedAt.date,
        generatedAt: head.generatedAt.time,
        fileSequence: head.sequence,
      }) +
      once('lotHeader', {
        ...common,
        lot: 1,
        operation: 'R',
        fileSequence: head.sequence,
        generatedOn: head.generatedAt.date,
      }),
    title(t) {
      count++;
      total += t.amountCents;
      const doc = t.payer.document;
      const p = P.write(
        {
          sequence: ++seq,
          nossoNumero: nossoNumeroField(layout.nossoNumero, t.nossoNumero, t.nossoNumeroDv).padStart(
            zeroPad,
            '0',
          ),
          documentNumber: t.documentNumber,
          dueDate: t.dueDate,
          amount: t.amountCents,
          issuedOn: t.issuedOn,
          interestFrom: a.interestMonthBp > 0 ? t.dueDate : null,
          discountCode: t.discountCents > 0 ? 1 : 0,
          discountUntil: t.discountCents > 0 ? t.discountUntil : null,
          discount: t.discountCents,
          companyReference: t.reference,
        },
        ++lines,
      );
      const q = Q.write(
        {
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
        },
        ++lines,
      );
      const r = R.write(
        {
          sequence: ++seq,
          fineFrom: a.fineBp > 0 ? t.dueDate : null,
          message3: t.messages[0] ?? '',
          message4: t.messages[1] ?? '',
        },
        ++lines,
      );
      return `${p}\r\n${q}\r\n${r}\r\n`;
    },
    trailer: () =>
      once('lotTrailer', { lot: 1, lotRecords: seq + 2, simpleCount: count, simpleTotal: total }) +
      once('trailer', { lots: 1, records: lines + 1 }),
  };
}

/** CNAB 400 (Bradesco, Itaú and Santander): header, one detail per title, trailer. */
function remessaWriter400(layout: CnabLayout, head: Omit<RemessaInput, 'titles'>): RemessaWriter {
  const a = head.account;
  let lines = 0;
  // Identificação da empresa no banco: zero, carteira (3), agência (5), conta (7) and its digit.
  const companyId = `0${a.carteira.padStart(3, '0')}${a.agency.padStart(5, '0')}${a.account.padStart(7, '0')}${a.accountDigit ?? '0'}`;
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
  let count = 0;
  let total = 0;
  const detail = new RecordTemplate(
    layout,
    'detail',
    {
      ...accountValues,
      companyId,
      fineCode: a.fineBp > 0 ? 2 : 0,
      fine: a.fineBp,
      issuer: 2,
      autoDebit: 'N',
      debitNotice: 2,
      movement: '01',
      // 12: duplicata de serviço.
      kind: '12',
      accepted: 'N',
    },
    names(
      'sequence',
      'companyReference',
      'nossoNumero',
      'documentNumber',
      'dueDate',
      'amount',
      'issuedOn',
      'interest',
      'discountUntil',
      'discount',
      'payerDocumentType',
      'payerDocument',
      'payerName',
      'payerAddress',
      'payerStreet',
      'payerDistrict',
      'payerCity',
      'payerState',
      'message1',
      'payerCep',
      'payerCepSuffix',
      'message2',
    ),
  );
  const once = (kind: string, values: Record<string, FieldValue>) => {
    lines++;
    return `${writeRecord(layout, kind, { ...values, sequence: lines }, lines)}\r\n`;
  };
  return {
    header: () =>
      once('header', {
        ...accountValues,
        companyCode: a.convenio,
        companyName: a.companyName,
        generatedOn: head.generatedAt.date,
        fileSequence: head.sequence,
      }),
    title(t) {
      const doc = t.payer.document;
      count++;
      total += t.amountCents;
      lines++;
      const line = detail.write(
        {
          sequence: lines,
          companyReference: t.reference,
          nossoNumero: nossoNumeroField(layout.nossoNumero, t.nossoNumero, t.nossoNumeroDv).padStart(12, '0'),
          documentNumber: t.documentNumber,
          dueDate: t.dueDate,
          amount: t.amountCents,
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
        },
        lines,
      );
      return `${line}\r\n`;
    },
    trailer: () => once('trailer', { count, total }),
  };
}

/** The whole remessa of a layout as one string (tests, small files); the service streams it instead. */
export function writeRemessa(layout: CnabLayout, input: RemessaInput): string {
  const w = remessaWriter(layout, input);
  let out = w.header();
  for (const t of input.titles) out += w.title(t);
  return out + w.trailer();
}
