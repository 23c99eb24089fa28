import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../../context.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { Lang } from '../../http/i18n.js';
import { toFieldIssues } from '../../http/validation.js';
import { formatCep, formatPhoneBR, formatTaxId } from '../br/index.js';
import type { Actor } from '../platform/index.js';
import { ClientsError } from './clients.errors.js';
import { existingDocuments, iterateClients } from './clients.repo.js';
import {
  type Client,
  type CreateClientInput,
  createClientBody,
  type ImportReport,
} from './clients.schema.js';
import { checkClientReferences, insertClient, loadClientReferences } from './clients.service.js';

/** The CSV columns, in order, and the client field each one fills. */
export const csvColumns = [
  ['razao_social', 'legalName'],
  ['nome_fantasia', 'tradeName'],
  ['cnpj_cpf', 'document'],
  ['inscricao_estadual', 'stateRegistration'],
  ['emails', 'emails'],
  ['whatsapp', 'whatsapp'],
  ['telefone', 'phone'],
  ['cep', 'cep'],
  ['logradouro', 'street'],
  ['numero', 'number'],
  ['complemento', 'complement'],
  ['bairro', 'district'],
  ['cidade', 'city'],
  ['uf', 'state'],
  ['status', 'status'],
  ['classe', 'class'],
  ['tags', 'tags'],
  ['observacoes', 'notes'],
  ['autoriza_whatsapp', 'whatsappOptIn'],
  ['nao_receber_emails', 'emailOptOut'],
] as const;

const REQUIRED = ['razao_social', 'cnpj_cpf'];
export const MAX_IMPORT_ROWS = 20_000;

const statusWords: Record<string, 'active' | 'inactive'> = {
  ativo: 'active',
  active: 'active',
  inativo: 'inactive',
  inactive: 'inactive',
};

/** Yes/no cells (the consent columns): `sim`/`não` as exported, and the usual spellings of both. */
const yesNoWords: Record<string, boolean> = {
  sim: true,
  s: true,
  yes: true,
  true: true,
  '1': true,
  x: true,
  não: false,
  nao: false,
  n: false,
  no: false,
  false: false,
  '0': false,
};

/** Lists in a cell are separated by `,` or `|`. */
const splitList = (v: string) =>
  v
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter(Boolean);

function rowToInput(record: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [column, fieldName] of csvColumns) {
    const raw = record[column]?.trim();
    if (raw === undefined || raw === '') continue;
    if (fieldName === 'emails' || fieldName === 'tags') input[fieldName] = splitList(raw);
    else if (fieldName === 'status') input.status = statusWords[raw.toLowerCase()] ?? raw;
    // An unknown word stays a string, for the schema to refuse with the column's name.
    else if (fieldName === 'whatsappOptIn' || fieldName === 'emailOptOut')
      input[fieldName] = yesNoWords[raw.toLowerCase()] ?? raw;
    else input[fieldName] = raw;
  }
  return input;
}

function detectDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  return (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * Imports clients from CSV. Every row is validated first; the valid ones are written in one transaction,
 * and every invalid one is reported with its line and reason. No row is ever half-written.
 */
export async function importClientsCsv(
  ctx: AppContext,
  actor: Actor,
  text: string,
  lang: Lang,
): Promise<ImportReport> {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) throw new ClientsError('empty_csv');
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(clean, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      delimiter: detectDelimiter(clean),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      trim: false,
    });
  } catch (err) {
    throw new ClientsError('csv_unreadable', { params: { reason: (err as Error).message }, cause: err });
  }
  const firstLine = clean.split(/\r?\n/, 1)[0]!.toLowerCase();
  const missing = REQUIRED.filter((c) => !firstLine.includes(c));
  if (missing.length)
    throw new ClientsError('csv_missing_columns', { params: { columns: missing.join(', ') } });
  if (records.length > MAX_IMPORT_ROWS)
    throw new ClientsError('csv_too_many_rows', { params: { max: MAX_IMPORT_ROWS } });

  const refs = await loadClientReferences(ctx, actor.officeId);
  const invalid: ImportReport['invalid'] = [];
  const valid: { line: number; input: CreateClientInput }[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const parsed = createClientBody.safeParse(rowToInput(record), { reportInput: true });
    if (!parsed.success) {
      const first = toFieldIssues(parsed.error.issues)[0]!;
      const column = csvColumns.find(([, f]) => f === first.field.split('.')[0])?.[0] ?? first.field;
      invalid.push({ line, field: column, reason: `${column}: ${first.message[lang]}` });
      continue;
    }
    const refIssue = checkClientReferences(parsed.data, refs)[0];
    if (refIssue) {
      invalid.push({ line, field: 'classe', reason: `classe: ${refIssue.message[lang]}` });
      continue;
    }
    const doc = parsed.data.document.value;
    const earlier = seen.get(doc);
    if (earlier !== undefined) {
      invalid.push({
        line,
        field: 'cnpj_cpf',
        reason:
          lang === 'en'
            ? `cnpj_cpf: ${formatTaxId(doc)} repeats line ${earlier}.`
            : `cnpj_cpf: ${formatTaxId(doc)} repete a linha ${earlier}.`,
      });
      continue;
    }
    seen.set(doc, line);
    valid.push({ line, input: parsed.data });
  }

  const existing = await existingDocuments(
    ctx.db,
    actor.officeId,
    valid.map((v) => v.input.document.value),
  );
  const toInsert = valid.filter((v) => {
    if (!existing.has(v.input.document.value)) return true;
    const doc = formatTaxId(v.input.document.value);
    invalid.push({
      line: v.line,
      field: 'cnpj_cpf',
      reason:
        lang === 'en' ? `cnpj_cpf: ${doc} is already registered.` : `cnpj_cpf: ${doc} já está cadastrado.`,
    });
    return false;
  });
  const now = ctx.clock.now();
  await writeTransaction(ctx, async (trx) => {
    for (const v of toInsert) await insertClient(trx, actor, v.input, now);
  });
  invalid.sort((a, b) => a.line - b.line);
  return { total: records.length, imported: toInsert.length, invalid };
}

function clientToCsvRow(c: Client): string[] {
  const cell: Record<(typeof csvColumns)[number][1], string> = {
    legalName: c.legalName,
    tradeName: c.tradeName ?? '',
    document: formatTaxId(c.document),
    stateRegistration: c.stateRegistration ?? '',
    emails: c.emails.join(', '),
    whatsapp: c.whatsapp ? formatPhoneBR(c.whatsapp) : '',
    phone: c.phone ? formatPhoneBR(c.phone) : '',
    cep: c.cep ? formatCep(c.cep) : '',
    street: c.street ?? '',
    number: c.number ?? '',
    complement: c.complement ?? '',
    district: c.district ?? '',
    city: c.city ?? '',
    state: c.state ?? '',
    status: c.status === 'active' ? 'ativo' : 'inativo',
    class: c.class ?? '',
    tags: c.tags.join(', '),
    notes: c.notes ?? '',
    whatsappOptIn: c.whatsappOptIn ? 'sim' : 'não',
    emailOptOut: c.emailOptOut ? 'sim' : 'não',
  };
  // A leading = + - @ would make a spreadsheet evaluate the cell: neutralise it (CSV injection).
  return csvColumns.map(([, f]) => cell[f].replace(/^[=+\-@\t\r]/, "'$&"));
}

/** Streams the office's clients as CSV (`;`-separated, UTF-8 with BOM so spreadsheet apps read accents). */
export async function* exportClientsCsv(ctx: AppContext, officeId: string): AsyncGenerator<string> {
  yield `\uFEFF${stringify([csvColumns.map(([c]) => c)], { delimiter: ';' })}`;
  for await (const batch of iterateClients(ctx.db, officeId)) {
    yield stringify(batch.map(clientToCsvRow), { delimiter: ';' });
  }
}
