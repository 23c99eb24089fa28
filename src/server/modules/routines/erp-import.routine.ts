/**
 * Atualização de status e dados complementares das contas: reads the ERP's export — a CSV file uploaded
 * beforehand (kept in the blob store) or a JSON endpoint — and, row by row, keyed by CNPJ/CPF, updates
 * the client's status (ativo/inativo) and its complementary data (last purchase, accumulated value…).
 * Bad rows are reported with their line and reason and the good ones applied; the run's log is the report
 * (changed, unchanged and invalid rows). It tells no client anything: the requester gets the summary.
 * See erp-source.ts for the columns.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { blobStore, readBlob } from '../../blobs/index.js';
import { interpolate, type Localized, localize } from '../../http/i18n.js';
import { text } from '../../http/schemas.js';
import { formatDateBR, formatMoneyBRL } from '../br/index.js';
import { findClientByDocument, getClientExtra, setClientExtra, setClientStatus } from '../clients/index.js';
import { say } from './config-fields.js';
import { defineRoutine } from './define-routine.js';
import {
  type ErpRow,
  extraLabels,
  extraLabelsEn,
  fetchJson,
  readCsv,
  readJson,
  toErpRow,
  unknownColumns,
} from './erp-source.js';
import { MAX_ROUTINE_FILE_BYTES } from './routines.schema.js';
import { inAudience } from './run-routine.js';

const config = z
  .object({
    source: z
      .enum(['csv', 'http'])
      .default('csv')
      .meta({
        label: { 'pt-BR': 'Origem dos dados', en: 'Data source' },
        optionLabels: {
          csv: { 'pt-BR': 'Arquivo CSV exportado do ERP', en: 'CSV file exported from the ERP' },
          http: { 'pt-BR': 'Endereço HTTP do ERP (JSON)', en: 'ERP HTTP endpoint (JSON)' },
        },
      }),
    file: z
      .object({
        ref: z.string().regex(/^sha256:[0-9a-f]{64}$/),
        name: text(200).min(1),
        size: z.number().int().min(0),
        uploadedAt: z.iso.datetime().optional(),
      })
      .nullable()
      .default(null)
      .meta({
        label: { 'pt-BR': 'Arquivo CSV', en: 'CSV file' },
        help: {
          'pt-BR':
            'Uma linha por conta, com a coluna cnpj_cpf e as colunas a atualizar (status, ultima_compra, valor_acumulado…).',
          en: 'One line per account, with the cnpj_cpf column and the columns to update (status, ultima_compra, valor_acumulado…).',
        },
        widget: 'file',
        visibleWhen: { field: 'source', in: ['csv'] },
      }),
    url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .default(null)
      .meta({
        label: { 'pt-BR': 'URL', en: 'URL' },
        help: {
          'pt-BR': 'Responde um array JSON de contas, com as mesmas colunas do CSV.',
          en: 'Answers a JSON array of accounts, with the same columns as the CSV.',
        },
        visibleWhen: { field: 'source', in: ['http'] },
      }),
    token: text(2000)
      .nullable()
      .default(null)
      .meta({
        label: { 'pt-BR': 'Token de acesso (Bearer)', en: 'Access token (Bearer)' },
        help: { 'pt-BR': 'Opcional. Guardado criptografado.', en: 'Optional. Stored encrypted.' },
        secret: true,
        visibleWhen: { field: 'source', in: ['http'] },
      }),
    updateStatus: z
      .boolean()
      .default(true)
      .meta({
        label: { 'pt-BR': 'Atualizar o status (ativo/inativo)', en: 'Update the status (active/inactive)' },
      }),
  })
  .superRefine((c, ctx) => {
    if (c.source === 'csv' && !c.file) {
      ctx.addIssue({
        code: 'custom',
        path: ['file'],
        ...say('Envie o arquivo CSV exportado do ERP.', 'Upload the CSV file exported from the ERP.'),
      });
    }
    if (c.source === 'http' && !c.url) {
      ctx.addIssue({ code: 'custom', path: ['url'], ...say('Informe a URL do ERP.', 'Enter the ERP URL.') });
    }
  });

const BATCH = 200;

const show = (key: string, v: unknown): string => {
  if (v === undefined || v === null) return '—';
  if (key.endsWith('Cents') && typeof v === 'number') return formatMoneyBRL(v);
  if (key.endsWith('Date') && typeof v === 'string') return formatDateBR(v);
  return String(v);
};

const statusWord = {
  active: { 'pt-BR': 'ativo', en: 'active' },
  inactive: { 'pt-BR': 'inativo', en: 'inactive' },
} as const;

/** The run's log lines; `{where}` is "Linha 12" / "Row 12". */
const logTexts = {
  file: { 'pt-BR': 'Arquivo {name}: {n} linha(s).', en: 'File {name}: {n} row(s).' },
  url: { 'pt-BR': '{host}: {n} conta(s).', en: '{host}: {n} account(s).' },
  ignored: { 'pt-BR': 'Colunas ignoradas: {columns}.', en: 'Columns ignored: {columns}.' },
  row: { 'pt-BR': 'Linha {line}', en: 'Row {line}' },
  invalid: { 'pt-BR': '{where}: {errors}.', en: '{where}: {errors}.' },
  noClient: {
    'pt-BR': '{where}: nenhum cliente com o CNPJ/CPF {document}.',
    en: '{where}: no client with CNPJ/CPF {document}.',
  },
  unchanged: { 'pt-BR': '{where}: {client} — sem alteração.', en: '{where}: {client} — unchanged.' },
  changed: { 'pt-BR': '{where}: {client} — {changes}.', en: '{where}: {client} — {changes}.' },
} satisfies Record<string, Localized>;

export const clientsErpImport = defineRoutine({
  kind: 'clients.erp-import',
  config,
  templates: {},
  channels: [],

  async *select(ctx, cfg) {
    let source: ReturnType<typeof readCsv>;
    if (cfg.source === 'csv') {
      if (!cfg.file) throw new Error('nenhum arquivo CSV foi enviado');
      // The CSV is parsed whole (delimiter detection reads it); its upload is bounded.
      const data = await readBlob(blobStore(ctx.app), cfg.file.ref, MAX_ROUTINE_FILE_BYTES);
      source = readCsv(data.toString('utf8'));
      await ctx.log('info', localize(logTexts.file, { name: cfg.file.name, n: source.rows.length }));
    } else {
      if (!cfg.url) throw new Error('nenhuma URL configurada');
      source = readJson(await fetchJson(cfg.url, cfg.token));
      await ctx.log('info', localize(logTexts.url, { host: new URL(cfg.url).host, n: source.rows.length }));
    }
    const unknown = unknownColumns(source.columns);
    if (unknown.length) await ctx.log('warn', localize(logTexts.ignored, { columns: unknown.join(', ') }));
    const rows = source.rows.map((r) => toErpRow(r.raw, r.line));
    for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
  },

  async perRecord(ctx, row: ErpRow, cfg) {
    const where = localize(logTexts.row, { line: row.line });
    /** A line with `{where}` in the reader's language and the same other values in both. */
    const line = (text: Localized, params: Record<string, string>): Localized => ({
      'pt-BR': interpolate(text['pt-BR'], { ...params, where: where['pt-BR'] }),
      en: interpolate(text.en, { ...params, where: where.en }),
    });
    if (row.errors.length || !row.document) {
      ctx.count('invalid');
      await ctx.log('warn', {
        'pt-BR': line(logTexts.invalid, { errors: row.errors.join('; ') })['pt-BR'],
        en: line(logTexts.invalid, { errors: row.errorsEn.join('; ') }).en,
      });
      return;
    }
    const client = await findClientByDocument(ctx.db, ctx.officeId, row.document);
    if (!client) {
      ctx.count('invalid');
      await ctx.log('warn', line(logTexts.noClient, { document: row.document }));
      return;
    }
    if (ctx.settings.audience.kind !== 'all') {
      const inside = await ctx.db
        .selectFrom('clients')
        .select(sql<number>`1`.as('one'))
        .where('id', '=', client.id)
        .where(inAudience(ctx.settings.audience, 'clients.id'))
        .executeTakeFirst();
      if (!inside) {
        ctx.count('outOfAudience');
        return;
      }
    }
    const before = await getClientExtra(ctx.db, ctx.officeId, client.id);
    const changed = Object.entries(row.fields).filter(([k, v]) => before[k] !== v);
    const changesIn = (labels: Record<string, string>) =>
      changed.map(([k, v]) => `${labels[k] ?? k}: ${show(k, before[k])} → ${show(k, v)}`);
    const changes = { 'pt-BR': changesIn(extraLabels), en: changesIn(extraLabelsEn) };
    const newStatus = cfg.updateStatus && row.status && row.status !== client.status ? row.status : null;
    if (newStatus) {
      for (const lang of ['pt-BR', 'en'] as const)
        changes[lang].unshift(`status: ${statusWord[client.status][lang]} → ${statusWord[newStatus][lang]}`);
    }
    if (changes['pt-BR'].length === 0) {
      ctx.count('unchanged');
      await ctx.log('info', line(logTexts.unchanged, { client: client.legalName }));
      return;
    }
    if (Object.keys(row.fields).length)
      await setClientExtra(ctx.db, ctx.officeId, client.id, row.fields, ctx.at);
    if (newStatus) {
      await setClientStatus(
        ctx.db,
        { officeId: ctx.officeId, userId: ctx.requestedBy, at: ctx.at, reason: `routine:${ctx.kind}` },
        client.id,
        newStatus,
      );
    }
    ctx.count('changed');
    await ctx.log('info', {
      'pt-BR': line(logTexts.changed, { client: client.legalName, changes: changes['pt-BR'].join('; ') })[
        'pt-BR'
      ],
      en: line(logTexts.changed, { client: client.legalName, changes: changes.en.join('; ') }).en,
    });
  },

  describe: (row) => `Linha ${row.line}`,
});
