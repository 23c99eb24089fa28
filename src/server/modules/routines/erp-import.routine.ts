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
import { text } from '../../http/schemas.js';
import { formatDateBR, formatMoneyBRL } from '../br/index.js';
import { findClientByDocument, getClientExtra, setClientExtra, setClientStatus } from '../clients/index.js';
import { say } from './config-fields.js';
import { defineRoutine } from './define-routine.js';
import {
  type ErpRow,
  extraLabels,
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

const statusWord = { active: 'ativo', inactive: 'inativo' } as const;

export const clientsErpImport = defineRoutine({
  kind: 'clients.erp-import',
  department: 'comercial',
  title: {
    'pt-BR': 'Atualização de status e dados complementares das contas',
    en: 'Account status and complementary data update',
  },
  description: {
    'pt-BR':
      'Lê a exportação do ERP (arquivo CSV ou endereço HTTP) e atualiza o status e os dados complementares de cada conta: última compra, valor acumulado, quantidade de compras…',
    en: 'Reads the ERP export (CSV file or HTTP endpoint) and updates each account’s status and complementary data: last purchase, accumulated value, number of purchases…',
  },
  config,
  templates: {},
  channels: [],
  outcomes: {
    changed: { 'pt-BR': 'conta(s) atualizada(s)', en: 'account(s) updated' },
    unchanged: { 'pt-BR': 'sem alteração', en: 'unchanged' },
    invalid: { 'pt-BR': 'linha(s) inválida(s)', en: 'invalid row(s)' },
    outOfAudience: { 'pt-BR': 'fora do público', en: 'outside the audience' },
  },

  async *select(ctx, cfg) {
    let source: ReturnType<typeof readCsv>;
    if (cfg.source === 'csv') {
      if (!cfg.file) throw new Error('nenhum arquivo CSV foi enviado');
      // The CSV is parsed whole (delimiter detection reads it); its upload is bounded.
      const data = await readBlob(blobStore(ctx.app), cfg.file.ref, MAX_ROUTINE_FILE_BYTES);
      source = readCsv(data.toString('utf8'));
      await ctx.log('info', `Arquivo ${cfg.file.name}: ${source.rows.length} linha(s).`);
    } else {
      if (!cfg.url) throw new Error('nenhuma URL configurada');
      source = readJson(await fetchJson(cfg.url, cfg.token));
      await ctx.log('info', `${new URL(cfg.url).host}: ${source.rows.length} conta(s).`);
    }
    const unknown = unknownColumns(source.columns);
    if (unknown.length) await ctx.log('warn', `Colunas ignoradas: ${unknown.join(', ')}.`);
    const rows = source.rows.map((r) => toErpRow(r.raw, r.line));
    for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
  },

  async perRecord(ctx, row: ErpRow, cfg) {
    const where = `Linha ${row.line}`;
    if (row.errors.length || !row.document) {
      ctx.count('invalid');
      await ctx.log('warn', `${where}: ${row.errors.join('; ')}.`);
      return;
    }
    const client = await findClientByDocument(ctx.db, ctx.officeId, row.document);
    if (!client) {
      ctx.count('invalid');
      await ctx.log('warn', `${where}: nenhum cliente com o CNPJ/CPF ${row.document}.`);
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
    const changes = Object.entries(row.fields)
      .filter(([k, v]) => before[k] !== v)
      .map(([k, v]) => `${extraLabels[k] ?? k}: ${show(k, before[k])} → ${show(k, v)}`);
    const newStatus = cfg.updateStatus && row.status && row.status !== client.status ? row.status : null;
    if (newStatus) changes.unshift(`status: ${statusWord[client.status]} → ${statusWord[newStatus]}`);
    if (changes.length === 0) {
      ctx.count('unchanged');
      await ctx.log('info', `${where}: ${client.legalName} — sem alteração.`);
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
    await ctx.log('info', `${where}: ${client.legalName} — ${changes.join('; ')}.`);
  },

  describe: (row) => `Linha ${row.line}`,
});
