/**
 * Atualização de status e dados complementares on both dialects, through the API and the worker: a CSV
 * uploaded beforehand, and a JSON endpoint behind a bearer token (a local HTTP server). Good rows are
 * applied, bad ones reported with their line and reason; the log is the run's report; the token is stored
 * encrypted and never sent back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClientExtra } from '../../src/server/modules/clients/index.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { loginAs, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { addClient, newCnpj } from './fixtures.js';

const KIND = 'clients.erp-import';
const TOKEN = 'segredo-do-erp-123';

const formatCnpj = (v: string) =>
  `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}/${v.slice(8, 12)}-${v.slice(12)}`;

describe.each(dialects)('ERP import on %s', (dialect) => {
  const t = useTestApp(dialect);
  let server: Server;
  let url: string;
  let body: unknown = [];
  const docs: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    for (const [name, status] of [
      ['Loja Ativa Ltda', 'active'],
      ['Loja Que Fechou Ltda', 'active'],
      ['Loja Igual Ltda', 'active'],
      ['Loja Reaberta Ltda', 'inactive'],
    ] as const) {
      const document = newCnpj();
      docs[name] = document;
      ids[name] = (await addClient(t.ctx, t.a.actor, { legalName: name, document, status })).id;
    }
    server = createServer((req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401).end('{"error":"unauthorized"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/contas`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  let session: Awaited<ReturnType<typeof loginAs>>;
  const as = async () => {
    session ??= await loginAs(t.app, 'admin@a.com.br');
    return session;
  };
  const save = async (config: Record<string, unknown>) =>
    (await as()).request({
      method: 'PUT',
      url: `/api/routines/${KIND}`,
      payload: { settings: { channels: [] }, config, schedule: null },
    });
  const runNow = async () => {
    const res = await (await as()).request({ method: 'POST', url: `/api/routines/${KIND}/run`, payload: {} });
    expect(res.statusCode).toBe(201);
    await new Worker(t.ctx).runOnce();
    const job = await t.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    const logs = await t.ctx.db
      .selectFrom('job_logs')
      .select(['level', 'message'])
      .where('job_id', '=', job.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return {
      job,
      result: job.result ? JSON.parse(job.result) : null,
      logs: logs.map((l) => `${l.level}: ${l.message}`),
    };
  };

  it('refuses a config without its file or URL', async () => {
    const noFile = await save({ source: 'csv' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().errors).toEqual([
      { field: 'config.file', code: 'invalid', message: 'Envie o arquivo CSV exportado do ERP.' },
    ]);
    const noUrl = await save({ source: 'http' });
    expect(noUrl.json().errors[0]).toMatchObject({ field: 'config.url', message: 'Informe a URL do ERP.' });
    const ftp = await save({ source: 'http', url: 'ftp://erp.local/contas' });
    expect(ftp.json().errors[0].field).toBe('config.url');
    // Executar without a valid saved config is refused too.
    const run = await (await as()).request({ method: 'POST', url: `/api/routines/${KIND}/run`, payload: {} });
    expect(run.statusCode).toBe(400);
    expect(run.json().code).toBe('routines.invalid_saved_config');
  });

  it('imports a CSV: good rows applied, bad rows reported by line, a report in the log', async () => {
    const csv = [
      'CNPJ/CPF;Status;Última compra;Valor acumulado;Quantidade compras;Última nota;Observação',
      `${formatCnpj(docs['Loja Ativa Ltda']!)};ativo;15/11/2026;R$ 12.345,67;42;NF-981;x`,
      `${docs['Loja Que Fechou Ltda']};inativo;01/02/2025;1.000,00;3;;`,
      `${docs['Loja Reaberta Ltda']};Ativo;;;;;`,
      '11.111.111/1111-11;ativo;10/10/2026;10,00;1;;',
      `${docs['Loja Igual Ltda']};ativo;31/02/2026;abc;;;`,
      `${newCnpj()};ativo;10/10/2026;10,00;1;;`,
      `${docs['Loja Igual Ltda']};suspenso;;;;;`,
    ].join('\n');
    const upload = await (await as()).request({
      method: 'POST',
      url: `/api/routines/${KIND}/files`,
      query: { name: 'contas.csv' },
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(upload.statusCode).toBe(201);
    const file = upload.json();
    expect(file).toMatchObject({ name: 'contas.csv', size: Buffer.byteLength(csv) });
    expect(file.ref).toMatch(/^sha256:[0-9a-f]{64}$/);

    const saved = await save({ source: 'csv', file });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().config.file).toEqual(file);

    const { job, result, logs } = await runNow();
    expect(job.state).toBe('succeeded');
    expect(result.outcomes).toEqual({ changed: 3, invalid: 4 });
    expect(result.summary).toContain('3 conta(s) atualizada(s)');
    expect(result.summary).toContain('4 linha(s) inválida(s)');

    expect(await getClientExtra(t.ctx.db, t.a.office.id, ids['Loja Ativa Ltda']!)).toEqual({
      lastPurchaseDate: '2026-11-15',
      accumulatedCents: 1_234_567,
      purchaseCount: 42,
      lastInvoice: 'NF-981',
    });
    const status = async (name: string) =>
      (
        await t.ctx.db
          .selectFrom('clients')
          .select('status')
          .where('id', '=', ids[name]!)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status('Loja Que Fechou Ltda')).toBe('inactive');
    expect(await status('Loja Reaberta Ltda')).toBe('active');
    expect(await getClientExtra(t.ctx.db, t.a.office.id, ids['Loja Igual Ltda']!)).toEqual({});

    expect(logs).toContain('warn: Colunas ignoradas: observacao.');
    expect(logs).toContain(
      'info: Linha 2: Loja Ativa Ltda — última compra: — → 15/11/2026; valor acumulado: — → R$ 12.345,67; quantidade de compras: — → 42; última nota: — → NF-981.',
    );
    expect(logs).toContain(
      'info: Linha 3: Loja Que Fechou Ltda — status: ativo → inativo; última compra: — → 01/02/2025; valor acumulado: — → R$ 1.000,00; quantidade de compras: — → 3.',
    );
    expect(logs).toContain('warn: Linha 5: CNPJ/CPF inválido: 11.111.111/1111-11.');
    expect(logs).toContain(
      'warn: Linha 6: ultima_compra: data inválida (use dd/mm/aaaa); valor_acumulado: valor inválido (use 1.234,56).',
    );
    expect(logs.some((l) => /^warn: Linha 7: nenhum cliente com o CNPJ\/CPF/.test(l))).toBe(true);
    expect(logs).toContain('warn: Linha 8: status desconhecido: suspenso (use ativo ou inativo).');

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('entity_id', '=', ids['Loja Que Fechou Ltda']!)
      .where('action', '=', 'status-change')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toEqual({ status: 'active' });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: 'inactive', reason: `routine:${KIND}` });

    // Importing the same file again changes nothing.
    const again = await runNow();
    expect(again.result.outcomes).toEqual({ unchanged: 3, invalid: 4 });
  });

  it('imports from a JSON endpoint with a bearer token kept encrypted', async () => {
    body = {
      items: [
        {
          cnpj: docs['Loja Ativa Ltda'],
          valor_acumulado: 20000.5,
          ultima_compra: '2026-11-20',
          funcionarios: 12,
        },
        { cnpj: docs['Loja Igual Ltda'], status: 'inativo', faturamento_anual: 'R$ 1.000.000,00' },
        { documento: '123', status: 'ativo' },
      ],
    };
    const saved = await save({ source: 'http', url, token: TOKEN });
    expect(saved.statusCode).toBe(200);
    const detail = saved.json();
    expect(detail.config.token).toBeNull();
    expect(detail.configFields.find((f: { name: string }) => f.name === 'token')).toMatchObject({
      secret: true,
      secretSet: true,
    });
    const row = await t.ctx.db
      .selectFrom('routines')
      .select('config')
      .where('kind', '=', KIND)
      .executeTakeFirstOrThrow();
    expect(row.config).not.toContain(TOKEN);

    // Saving again without the token keeps it.
    expect((await save({ source: 'http', url, token: null })).statusCode).toBe(200);

    const { job, result, logs } = await runNow();
    expect(job.state).toBe('succeeded');
    expect(result.outcomes).toEqual({ changed: 2, invalid: 1 });
    expect(await getClientExtra(t.ctx.db, t.a.office.id, ids['Loja Ativa Ltda']!)).toMatchObject({
      accumulatedCents: 2_000_050,
      lastPurchaseDate: '2026-11-20',
      employees: 12,
      purchaseCount: 42,
    });
    expect(await getClientExtra(t.ctx.db, t.a.office.id, ids['Loja Igual Ltda']!)).toEqual({
      revenueCents: 100_000_000,
    });
    expect(logs).toContain('warn: Linha 3: CNPJ/CPF inválido: 123.');

    // A wrong token: the endpoint refuses, the run fails saying why.
    expect((await save({ source: 'http', url, token: 'errado' })).statusCode).toBe(200);
    const refused = await runNow();
    expect(refused.job.error).toContain('o endereço respondeu HTTP 401');
  });
});
