import { describe, expect, it } from 'vitest';
import { AppError } from '../src/server/http/errors.js';
import {
  type ClientListQuery,
  createClientBody,
  updateClientBody,
} from '../src/server/modules/clients/clients.schema.js';
import { deleteClient } from '../src/server/modules/clients/clients.service.js';
import { exportClientsCsv, importClientsCsv } from '../src/server/modules/clients/clients-csv.js';
import { createClient, getClient, listClients, updateClient } from '../src/server/modules/clients/index.js';
import { getAudit } from '../src/server/modules/platform/index.js';
import { seedOffice, useOffice } from './support/fixtures.js';
import { dialects, useTestContext } from './support/test-db.js';

const body = (input: Record<string, unknown>) => createClientBody.parse(input);

describe.each(dialects)('clients repository on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);

  /** The office's clients by legal name, ten a page unless `query` says otherwise. */
  const list = (query: Partial<ClientListQuery> = {}) =>
    listClients(ctx, seed.office.id, { page: 1, pageSize: 10, sort: 'legalName', order: 'asc', ...query });
  const names = async (query: Partial<ClientListQuery>) => (await list(query)).items.map((c) => c.legalName);

  it('creates a client with an alphanumeric CNPJ, tags and responsibles, and audits it', async () => {
    const c = await createClient(
      ctx,
      seed.actor,
      body({
        legalName: 'Padaria Pão de Queijo Ltda',
        document: '12.abc.345/01de-35',
        emails: ['Financeiro@Padaria.com.br'],
        whatsapp: '(11) 98765-4321',
        cep: '01310-100',
        class: 'A',
        tags: ['Simples Nacional', 'Simples Nacional', 'MEI'],
        responsibles: [{ professionId: seed.professions.get('Contador'), userId: seed.admin.id }],
      }),
    );
    expect(c.document).toBe('12ABC34501DE35');
    expect(c.documentKind).toBe('cnpj');
    expect(c.emails).toEqual(['financeiro@padaria.com.br']);
    expect(c.whatsapp).toBe('+5511987654321');
    expect(c.cep).toBe('01310100');
    expect(c.tags).toEqual(['MEI', 'Simples Nacional']);
    expect(c.responsibles).toEqual([
      {
        professionId: seed.professions.get('Contador'),
        professionName: 'Contador',
        userId: seed.admin.id,
        userName: 'Ana Admin',
      },
    ]);
    const audit = await getAudit(ctx, seed.office.id, {
      page: 1,
      pageSize: 10,
      entity: 'client',
      entityId: c.id,
    });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: 'create', userName: 'Ana Admin', before: null });
    expect(audit.items[0]!.after).toMatchObject({ legalName: 'Padaria Pão de Queijo Ltda' });
  });

  it('refuses a duplicate CNPJ/CPF in the same office with a clear message, writing nothing', async () => {
    const before = await list({ pageSize: 100 });
    const err = await createClient(
      ctx,
      seed.actor,
      body({ legalName: 'Outra Padaria', document: '12ABC34501DE35' }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('clients.duplicate_document');
    expect((err as AppError).messages['pt-BR']).toBe(
      'Já existe um cliente com o CNPJ 12.ABC.345/01DE-35 neste escritório.',
    );
    const after = await list({ pageSize: 100 });
    expect(after.total).toBe(before.total);
  });

  it('allows the same document in another office', async () => {
    const other = await seedOffice(ctx, 'Outro Escritório', 'outro.com.br');
    const c = await createClient(
      ctx,
      other.actor,
      body({ legalName: 'Padaria Filial', document: '12ABC34501DE35' }),
    );
    expect(c.document).toBe('12ABC34501DE35');
    const mine = await list({ pageSize: 100, q: 'filial' });
    expect(mine.total).toBe(0);
  });

  it('refuses an unknown class or a foreign responsible and writes nothing', async () => {
    const err = (await createClient(
      ctx,
      seed.actor,
      body({
        legalName: 'Classe Errada Ltda',
        document: '11.222.333/0001-81',
        class: 'Z',
        responsibles: [
          { professionId: seed.professions.get('Contador'), userId: '01a2093f-0000-7000-8000-000000000000' },
        ],
      }),
    ).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('http.validation_failed');
    expect(err.fields.map((f) => f.field)).toEqual(['class', 'responsibles.0.userId']);
    const found = await list({ q: '11222333' });
    expect(found.total).toBe(0);
  });

  it('pages, sorts, filters and searches on the server, accent- and punctuation-insensitively', async () => {
    const legalNames = ['Ótica Visão', 'Açougue Boi', 'Zeta Serviços', 'Mercado Bom Preço'];
    const docs = ['11.222.333/0001-81', '529.982.247-25', '111.444.777-35', '45.723.174/0001-10'];
    for (const [i, legalName] of legalNames.entries()) {
      await createClient(
        ctx,
        seed.actor,
        body({
          legalName,
          document: docs[i],
          status: i === 2 ? 'inactive' : 'active',
          class: i % 2 ? 'B' : 'C',
          tags: i === 3 ? ['VIP'] : [],
        }),
      );
    }
    const all = await list({ pageSize: 2 });
    expect(all.total).toBe(5);
    expect(all.items.map((c) => c.legalName)).toEqual(['Açougue Boi', 'Mercado Bom Preço']);
    expect(await names({ page: 3, pageSize: 2 })).toEqual(['Zeta Serviços']);
    expect(await names({ pageSize: 1, order: 'desc' })).toEqual(['Zeta Serviços']);
    const q = (text: string) => names({ q: text });
    expect(await q('otica')).toEqual(['Ótica Visão']);
    expect(await q('AÇOUGUE')).toEqual(['Açougue Boi']);
    expect(await q('529.982')).toEqual(['Açougue Boi']);
    expect(await q('12.ABC')).toEqual(['Padaria Pão de Queijo Ltda']);
    expect(await q('100%')).toEqual([]);
    expect(await names({ status: 'inactive' })).toEqual(['Zeta Serviços']);
    expect(await names({ tag: 'VIP' })).toEqual(['Mercado Bom Preço']);
    expect((await names({ class: 'B' })).sort()).toEqual(['Açougue Boi', 'Mercado Bom Preço']);
  });

  it('updates only the given fields, keeps the search key in step, and audits before/after', async () => {
    const [c] = (await list({ pageSize: 1, q: 'zeta' })).items;
    ctx.clock.advance(60_000);
    const updated = await updateClient(
      ctx,
      seed.actor,
      c!.id,
      updateClientBody.parse({ legalName: 'Ômega Serviços', tags: ['Novo'] }),
    );
    expect(updated).toMatchObject({
      legalName: 'Ômega Serviços',
      status: 'inactive',
      tags: ['Novo'],
      document: '11144477735',
    });
    expect(updated.updatedAt > c!.updatedAt).toBe(true);
    const found = await list({ q: 'omega' });
    expect(found.items.map((x) => x.id)).toEqual([c!.id]);
    const audit = await getAudit(ctx, seed.office.id, {
      page: 1,
      pageSize: 10,
      entity: 'client',
      entityId: c!.id,
    });
    expect(audit.items[0]).toMatchObject({ action: 'update' });
    expect(audit.items[0]!.before).toMatchObject({ legalName: 'Zeta Serviços' });
    expect(audit.items[0]!.after).toMatchObject({ legalName: 'Ômega Serviços' });
  });

  it('imports CSV rows, reporting each invalid row and writing only the valid ones', async () => {
    const csv = [
      'razao_social;nome_fantasia;cnpj_cpf;emails;whatsapp;uf;status;classe;tags',
      'Importada Um Ltda;Um;04.252.011/0001-10;um@um.com.br;(21) 99876-5432;RJ;ativo;A;Lucro Presumido|VIP',
      'Sem Documento Ltda;;;;;;;;',
      'CNPJ Inválido Ltda;;04.252.011/0001-11;;;;;;',
      'Telefone Ruim Ltda;;33.000.167/0001-01;;(20) 1234-5678;;;;',
      'Repetida Ltda;;04.252.011/0001-10;;;;;;',
      'Já Existe Ltda;;12.ABC.345/01DE-35;;;;;;',
      'Classe Errada Ltda;;60.701.190/0001-04;;;;;Z;',
      '"Com ; ponto e vírgula";;191.000.000-01;;;;;;',
      'Importada Dois;;59.291.534/0001-67;;;;inativo;;',
    ].join('\n');
    const report = await importClientsCsv(ctx, seed.actor, csv, 'pt-BR');
    expect(report.total).toBe(9);
    expect(report.imported).toBe(2);
    expect(report.invalid.map((r) => [r.line, r.field])).toEqual([
      [3, 'cnpj_cpf'],
      [4, 'cnpj_cpf'],
      [5, 'whatsapp'],
      [6, 'cnpj_cpf'],
      [7, 'cnpj_cpf'],
      [8, 'classe'],
      [9, 'cnpj_cpf'],
    ]);
    expect(report.invalid.find((r) => r.line === 6)!.reason).toContain('repete a linha 2');
    expect(report.invalid.find((r) => r.line === 7)!.reason).toContain(
      '12.ABC.345/01DE-35 já está cadastrado',
    );
    const imported = await list({ q: 'importada' });
    expect(imported.items.map((c) => [c.legalName, c.status, c.tags])).toEqual([
      ['Importada Dois', 'inactive', []],
      ['Importada Um Ltda', 'active', ['Lucro Presumido', 'VIP']],
    ]);
  });

  it('refuses a CSV without the required columns', async () => {
    const err = (await importClientsCsv(ctx, seed.actor, 'nome;email\nX;y', 'en').catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.code).toBe('clients.csv_missing_columns');
    expect(err.messages.en).toContain('razao_social, cnpj_cpf');
  });

  it('exports every client as CSV that imports back', async () => {
    let csv = '';
    for await (const chunk of exportClientsCsv(ctx, seed.office.id)) csv += chunk;
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    const total = (await list({ pageSize: 1 })).total;
    expect(lines).toHaveLength(total + 1);
    expect(lines[0]).toMatch(/^razao_social;nome_fantasia;cnpj_cpf;/);
    expect(csv).toContain('12.ABC.345/01DE-35');
    expect(csv).toContain('(11) 98765-4321');
    const other = await seedOffice(ctx, 'Destino', 'destino.com.br');
    const report = await importClientsCsv(ctx, other.actor, csv, 'pt-BR');
    expect(report.invalid).toEqual([]);
    expect(report.imported).toBe(total);
  });

  it('deletes a client with its contacts and tags', async () => {
    const c = await createClient(
      ctx,
      seed.actor,
      body({ legalName: 'Temporária Ltda', document: '07.526.557/0001-00', tags: ['x'] }),
    );
    await deleteClient(ctx, seed.actor, c.id);
    await expect(getClient(ctx, seed.office.id, c.id)).rejects.toMatchObject({ code: 'clients.not_found' });
  });
});
