/**
 * The ERP import's sources and rows: a CSV file (`;` or `,`, UTF-8, a header line) or a JSON endpoint
 * (an array of objects, or `{ items | data | rows: [...] }`), each row keyed by the client's CNPJ/CPF.
 * Column names are matched without case, accents or punctuation (`Última compra` = `ultima_compra`).
 *
 * | column                                   | writes                                   |
 * |------------------------------------------|------------------------------------------|
 * | cnpj, cpf, cnpj_cpf, cpf_cnpj, documento | (the key)                                |
 * | status                                   | the client's status: ativo / inativo     |
 * | primeira_compra, ultima_compra           | firstPurchaseDate, lastPurchaseDate      |
 * | valor_primeira_compra, valor_ultima_compra | firstPurchaseCents, lastPurchaseCents  |
 * | valor_acumulado, valor_compra_acumulada  | accumulatedCents                         |
 * | quantidade_compras                       | purchaseCount                            |
 * | ultima_cotacao, data_ultima_cotacao      | lastQuoteDate                            |
 * | ultima_nota, codigo_ultima_nota          | lastInvoice                              |
 * | funcionarios                             | employees                                |
 * | faturamento, faturamento_anual           | revenueCents                             |
 * | honorarios                               | feeCents                                 |
 *
 * Dates as dd/mm/aaaa or aaaa-mm-dd; money as "R$ 1.234,56", "1234,56" or a JSON number of reais.
 */
import { parse } from 'csv-parse/sync';
import { interpolate, type Localized } from '../../http/i18n.js';
import { parseCivilDate, parseDateBR, parseMoneyBRL, parseTaxId } from '../br/index.js';
import type { ClientExtra } from '../clients/index.js';

export type RawRow = Record<string, unknown>;

export interface ErpRow {
  /** The line in the file (the header is line 1), or the position in the JSON list (from 1). */
  line: number;
  /** The bare CNPJ/CPF, when valid. */
  document: string | null;
  status: 'active' | 'inactive' | null;
  fields: ClientExtra;
  /** What is wrong with the row, in pt-BR; a row with errors is reported and not applied. */
  errors: string[];
  /** The same, in English (one for one). */
  errorsEn: string[];
}

type Kind = 'date' | 'money' | 'integer' | 'text';

const columns: Record<string, { key: string; kind: Kind }> = {
  primeira_compra: { key: 'firstPurchaseDate', kind: 'date' },
  data_primeira_compra: { key: 'firstPurchaseDate', kind: 'date' },
  ultima_compra: { key: 'lastPurchaseDate', kind: 'date' },
  data_ultima_compra: { key: 'lastPurchaseDate', kind: 'date' },
  valor_primeira_compra: { key: 'firstPurchaseCents', kind: 'money' },
  valor_ultima_compra: { key: 'lastPurchaseCents', kind: 'money' },
  valor_acumulado: { key: 'accumulatedCents', kind: 'money' },
  valor_compra_acumulada: { key: 'accumulatedCents', kind: 'money' },
  quantidade_compras: { key: 'purchaseCount', kind: 'integer' },
  quantidade_compras_acumulada: { key: 'purchaseCount', kind: 'integer' },
  ultima_cotacao: { key: 'lastQuoteDate', kind: 'date' },
  data_ultima_cotacao: { key: 'lastQuoteDate', kind: 'date' },
  ultima_nota: { key: 'lastInvoice', kind: 'text' },
  codigo_ultima_nota: { key: 'lastInvoice', kind: 'text' },
  funcionarios: { key: 'employees', kind: 'integer' },
  faturamento: { key: 'revenueCents', kind: 'money' },
  faturamento_anual: { key: 'revenueCents', kind: 'money' },
  honorarios: { key: 'feeCents', kind: 'money' },
};

const documentColumns = ['cnpj', 'cpf', 'cnpj_cpf', 'cpf_cnpj', 'documento'];
/** Computed from the last purchase when shown; not stored. */
const ignoredColumns = ['dias_desde_ultima_compra', 'razao_social', 'nome', 'nome_fantasia'];

/** Labels of the stored keys, for the run's report. */
export const extraLabels: Record<string, string> = {
  firstPurchaseDate: 'primeira compra',
  lastPurchaseDate: 'última compra',
  firstPurchaseCents: 'valor da primeira compra',
  lastPurchaseCents: 'valor da última compra',
  accumulatedCents: 'valor acumulado',
  purchaseCount: 'quantidade de compras',
  lastQuoteDate: 'última cotação',
  lastInvoice: 'última nota',
  employees: 'funcionários',
  revenueCents: 'faturamento anual',
  feeCents: 'honorários',
};

/** `Última Compra` → `ultima_compra`. */
export const normalizeColumn = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

const statusWords: Record<string, 'active' | 'inactive'> = {
  ativo: 'active',
  ativa: 'active',
  active: 'active',
  a: 'active',
  inativo: 'inactive',
  inativa: 'inactive',
  inactive: 'inactive',
  i: 'inactive',
};

function parseDate(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    try {
      return parseCivilDate(text);
    } catch {
      return null;
    }
  }
  return parseDateBR(text) ?? null;
}

function parseValue(kind: Kind, value: unknown): { ok: true; value: string | number } | { ok: false } {
  if (kind === 'money') {
    if (typeof value === 'number')
      return Number.isFinite(value) ? { ok: true, value: Math.round(value * 100) } : { ok: false };
    const cents = parseMoneyBRL(String(value));
    return cents === null ? { ok: false } : { ok: true, value: cents };
  }
  const text = String(value).trim();
  if (kind === 'integer') {
    const n = typeof value === 'number' ? value : Number(text.replace(/\./g, ''));
    return Number.isInteger(n) && n >= 0 ? { ok: true, value: n } : { ok: false };
  }
  if (kind === 'date') {
    const d = parseDate(text);
    return d ? { ok: true, value: d } : { ok: false };
  }
  return text.length <= 200 ? { ok: true, value: text } : { ok: false };
}

const kindWords: Record<Kind, Localized> = {
  date: { 'pt-BR': 'data inválida (use dd/mm/aaaa)', en: 'invalid date (use dd/mm/yyyy)' },
  money: { 'pt-BR': 'valor inválido (use 1.234,56)', en: 'invalid amount (use 1.234,56)' },
  integer: { 'pt-BR': 'número inteiro inválido', en: 'invalid whole number' },
  text: { 'pt-BR': 'texto longo demais (máx. 200)', en: 'text too long (max. 200)' },
};

/** What a row's problems read like; `{text}` is the value found, `{column}` its column. */
const rowErrors = {
  noDocument: { 'pt-BR': 'sem CNPJ/CPF', en: 'no CNPJ/CPF' },
  badDocument: { 'pt-BR': 'CNPJ/CPF inválido: {text}', en: 'invalid CNPJ/CPF: {text}' },
  badStatus: {
    'pt-BR': 'status desconhecido: {text} (use ativo ou inativo)',
    en: 'unknown status: {text} (use ativo or inativo)',
  },
} satisfies Record<string, Localized>;

/** The ERP's complementary fields as the run's log names them in English (`extraLabels` in pt-BR). */
export const extraLabelsEn: Record<string, string> = {
  firstPurchaseDate: 'first purchase',
  lastPurchaseDate: 'last purchase',
  firstPurchaseCents: 'first purchase amount',
  lastPurchaseCents: 'last purchase amount',
  accumulatedCents: 'accumulated amount',
  purchaseCount: 'number of purchases',
  lastQuoteDate: 'last quote',
  lastInvoice: 'last invoice',
  employees: 'employees',
  revenueCents: 'annual revenue',
  feeCents: 'fee',
};

/** One source row (columns already normalised) to what the import writes, or its errors. */
export function toErpRow(raw: RawRow, line: number): ErpRow {
  const row: ErpRow = { line, document: null, status: null, fields: {}, errors: [], errorsEn: [] };
  const fail = (text: Localized, params: Record<string, string> = {}) => {
    row.errors.push(interpolate(text['pt-BR'], params));
    row.errorsEn.push(interpolate(text.en, params));
  };
  const docColumn = documentColumns.find((c) => raw[c] !== undefined && String(raw[c]).trim() !== '');
  if (!docColumn) fail(rowErrors.noDocument);
  else {
    const text = String(raw[docColumn]).trim();
    const parsed = parseTaxId(text);
    if (parsed) row.document = parsed.value;
    else fail(rowErrors.badDocument, { text });
  }
  for (const [column, value] of Object.entries(raw)) {
    if (value === undefined || value === null || String(value).trim() === '') continue;
    if (column === 'status') {
      const status = statusWords[String(value).trim().toLowerCase()];
      if (status) row.status = status;
      else fail(rowErrors.badStatus, { text: String(value).trim() });
      continue;
    }
    const spec = columns[column];
    if (!spec) continue;
    const parsed = parseValue(spec.kind, value);
    if (parsed.ok) row.fields[spec.key] = parsed.value;
    else
      fail(
        { 'pt-BR': `{column}: ${kindWords[spec.kind]['pt-BR']}`, en: `{column}: ${kindWords[spec.kind].en}` },
        { column },
      );
  }
  return row;
}

/** The columns of a source that the import does not know (reported once in the run's log). */
export function unknownColumns(names: Iterable<string>): string[] {
  return [...new Set(names)].filter(
    (c) => c !== 'status' && !columns[c] && !documentColumns.includes(c) && !ignoredColumns.includes(c),
  );
}

function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const header = end < 0 ? text : text.slice(0, end);
  return (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** A CSV file's rows, with normalised column names and their line numbers. */
export function readCsv(text: string): { rows: { raw: RawRow; line: number }[]; columns: string[] } {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) throw new Error('o arquivo CSV está vazio');
  const records = parse(clean, {
    columns: (header: string[]) => header.map(normalizeColumn),
    delimiter: detectDelimiter(clean),
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
    info: true,
  }) as { record: RawRow; info: { lines: number } }[];
  const first = records[0]?.record;
  return {
    rows: records.map((r) => ({ raw: r.record, line: r.info.lines })),
    columns: first ? Object.keys(first) : [],
  };
}

/** A JSON body's rows: an array, or an object holding one under `items`, `data` or `rows`. */
export function readJson(body: unknown): { rows: { raw: RawRow; line: number }[]; columns: string[] } {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object'
      ? ['items', 'data', 'rows'].map((k) => (body as Record<string, unknown>)[k]).find(Array.isArray)
      : undefined;
  if (!Array.isArray(list)) throw new Error('a resposta não é uma lista de contas (esperado um array JSON)');
  const names = new Set<string>();
  const rows = list.map((item, i) => {
    const raw: RawRow = {};
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        const name = normalizeColumn(k);
        names.add(name);
        raw[name] = v;
      }
    }
    return { raw, line: i + 1 };
  });
  return { rows, columns: [...names] };
}

/** Fetches the JSON endpoint (GET, optional bearer token), within `timeoutMs`. */
export async function fetchJson(url: string, token: string | null, timeoutMs = 60_000): Promise<unknown> {
  const res = await fetch(url, {
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`o endereço respondeu HTTP ${res.status}`);
  try {
    return await res.json();
  } catch {
    throw new Error('a resposta do endereço não é JSON válido');
  }
}
