import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldMessages } from '../../src/shared/schemas/messages.js';
import { useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  allClients,
  bare,
  type ClientDto,
  clientCount,
  cnpj,
  createClientVia,
  expectFieldErrors,
  expectProblem,
  missingId,
} from './helpers.js';

const EN = { 'accept-language': 'en' };

describe.each(dialects)('bad input over HTTP on %s', (dialect) => {
  const t = useTestApp(dialect, { config: { bodyLimitBytes: 2048 } });
  const admin = useSession(t, 'admin@a.com.br');
  let existing: ClientDto;

  beforeAll(async () => {
    existing = await createClientVia(admin, {
      legalName: 'Padaria Pão de Queijo Ltda',
      document: '12abc34501de35',
    });
  });

  /** Runs `fn` and checks that the office's number of clients did not change. */
  async function withoutWrites(fn: () => Promise<void>) {
    const before = await clientCount(admin);
    await fn();
    expect(await clientCount(admin)).toBe(before);
  }

  const postClient = (payload: InjectOptions['payload'], headers: Record<string, string> = {}) =>
    admin.request({ method: 'POST', url: '/api/clients', payload, headers });

  describe('transport', () => {
    it('answers malformed or empty JSON with 400 http.malformed_json', () =>
      withoutWrites(async () => {
        const res = await postClient('{"legalName": "Quebrado", ', { 'content-type': 'application/json' });
        expect(expectProblem(res, 400, 'http.malformed_json').detail).toBe(
          'O corpo da requisição não é um JSON válido.',
        );
        const en = await postClient('{"legalName": }', { 'content-type': 'application/json', ...EN });
        expect(expectProblem(en, 400, 'http.malformed_json').detail).toBe(
          'The request body is not valid JSON.',
        );
        const empty = await postClient('', { 'content-type': 'application/json' });
        expectProblem(empty, 400, 'http.malformed_json');
      }));

    it('answers a body above the limit with 413 http.payload_too_large', () =>
      withoutWrites(async () => {
        const res = await postClient({
          legalName: 'Grande Demais Ltda',
          document: cnpj(3001),
          notes: 'x'.repeat(3000),
        });
        expect(expectProblem(res, 413, 'http.payload_too_large').detail).toBe(
          'O conteúdo enviado é grande demais.',
        );
        const en = await postClient(
          { legalName: 'Grande Demais Ltda', document: cnpj(3001), notes: 'x'.repeat(3000) },
          EN,
        );
        expect(expectProblem(en, 413, 'http.payload_too_large').detail).toBe(
          'The request body is too large.',
        );
        // Just below the limit is fine.
        const ok = await postClient({
          legalName: 'Quase Grande Ltda',
          document: cnpj(3002),
          notes: 'x'.repeat(1500),
        });
        expect(ok.statusCode, ok.body).toBe(201);
        expect(
          (await admin.request({ method: 'DELETE', url: `/api/clients/${ok.json<ClientDto>().id}` }))
            .statusCode,
        ).toBe(204);
      }));

    it('answers an unsupported content type with 415', () =>
      withoutWrites(async () => {
        const res = await postClient('<client/>', { 'content-type': 'application/xml' });
        expect(expectProblem(res, 415, 'http.unsupported_media_type').detail).toBe(
          'Tipo de conteúdo não suportado.',
        );
      }));
  });

  describe('body validation', () => {
    it('reports a wrong type on its field', () =>
      withoutWrites(async () => {
        const res = await postClient({ legalName: 123, document: cnpj(3003) });
        const p = expectProblem(res, 400, 'http.validation_failed');
        expect(p.detail).toBe('Alguns campos estão inválidos. Corrija-os e tente novamente.');
        expect(p.errors).toHaveLength(1);
        expect(p.errors![0]).toEqual({
          field: 'legalName',
          code: 'invalid_type',
          message: 'Informe um texto.',
        });
        const en = await postClient({ legalName: 123, document: cnpj(3003) }, EN);
        const pe = expectProblem(en, 400, 'http.validation_failed');
        expect(pe.detail).toBe('Some fields are invalid. Fix them and try again.');
        expect(pe.errors![0]!.message).toBe('Enter text.');
        const arr = await postClient({
          legalName: 'Tipos Errados Ltda',
          document: cnpj(3003),
          tags: 'não-é-lista',
        });
        expect(expectFieldErrors(arr).map((e) => [e.field, e.code])).toEqual([['tags', 'invalid_type']]);
      }));

    it('reports a missing required field as required', () =>
      withoutWrites(async () => {
        const res = await postClient({ document: cnpj(3004) });
        expect(expectFieldErrors(res)).toEqual([
          { field: 'legalName', code: 'invalid_type', message: 'Campo obrigatório.' },
        ]);
        const en = await postClient({ legalName: 'Sem Documento Ltda' }, EN);
        expect(expectFieldErrors(en)).toEqual([
          { field: 'document', code: 'invalid_type', message: 'Required field.' },
        ]);
      }));

    it('reports unknown fields, also nested ones, with code unknown_field', () =>
      withoutWrites(async () => {
        const res = await postClient({
          legalName: 'Campos Extras Ltda',
          document: cnpj(3005),
          officeId: t.b.office.id,
        });
        expect(expectFieldErrors(res)).toEqual([
          { field: 'officeId', code: 'unknown_field', message: 'Campo desconhecido.' },
        ]);
        const nested = await postClient(
          {
            legalName: 'Campos Extras Ltda',
            document: cnpj(3005),
            responsibles: [
              { professionId: t.a.professions.get('Contador'), userId: t.a.admin.id, admin: true },
            ],
          },
          EN,
        );
        expect(expectFieldErrors(nested)).toEqual([
          { field: 'responsibles.0.admin', code: 'unknown_field', message: 'Unknown field.' },
        ]);
        const patch = await admin.request({
          method: 'PATCH',
          url: `/api/clients/${existing.id}`,
          payload: { version: 9 },
        });
        expect(expectFieldErrors(patch).map((e) => [e.field, e.code])).toEqual([
          ['version', 'unknown_field'],
        ]);
      }));

    // Each case: what is wrong, the body, the field and the code; the sentences are the catalog's
    // (src/shared/schemas/messages.ts), the same the web's forms show. The first case spells them out.
    const brazilianFields = (
      [
        ['an invalid alphanumeric CNPJ', { document: '12.ABC.345/01DE-36' }, 'document', 'invalid_tax_id'],
        ['an invalid CPF', { document: '111.444.777-36' }, 'document', 'invalid_tax_id'],
        ['a document of the wrong length', { document: '123' }, 'document', 'invalid_tax_id'],
        [
          'an invalid e-mail',
          { emails: ['financeiro@padaria.com.br', 'nao-e-email'] },
          'emails.1',
          'invalid_email',
        ],
        [
          'a phone with a DDD that does not exist (20)',
          { whatsapp: '(20) 98765-4321' },
          'whatsapp',
          'invalid_phone',
        ],
        ['a landline with a wrong first digit', { phone: '(11) 1234-5678' }, 'phone', 'invalid_phone'],
        ['an invalid CEP', { cep: '0131-010' }, 'cep', 'invalid_cep'],
        ['an unknown UF', { state: 'XX' }, 'state', 'invalid_uf'],
      ] as const
    ).map(([name, body, field, code]) => ({
      name,
      body,
      error: { field, code },
      pt: fieldMessages[code]['pt-BR'],
      en: fieldMessages[code].en,
    }));

    it("reads the catalog's sentences for a field error", () => {
      expect(brazilianFields[0]).toMatchObject({ pt: 'CNPJ ou CPF inválido.', en: 'Invalid CNPJ or CPF.' });
    });

    it.each(brazilianFields)('refuses $name with a localised field error', ({ body, error, pt, en }) =>
      withoutWrites(async () => {
        const payload = { legalName: 'Validação Ltda', document: cnpj(3006), ...body };
        expect(expectFieldErrors(await postClient(payload))).toEqual([{ ...error, message: pt }]);
        expect(expectFieldErrors(await postClient(payload, EN))).toEqual([{ ...error, message: en }]);
        // English is picked by q-value; anything else falls back to pt-BR.
        const ranked = await postClient(payload, { 'accept-language': 'fr-FR, en;q=0.8, pt-BR;q=0.5' });
        expect(expectFieldErrors(ranked)[0]!.message).toBe(en);
        const other = await postClient(payload, { 'accept-language': 'de-DE' });
        expect(expectFieldErrors(other)[0]!.message).toBe(pt);
      }),
    );

    it('reports every invalid field of a request at once, and refuses them on PATCH too', () =>
      withoutWrites(async () => {
        const res = await postClient({
          legalName: 'X',
          document: '12.ABC.345/01DE-36',
          emails: ['ruim'],
          whatsapp: '(20) 98765-4321',
          cep: '123',
        });
        expect(
          expectFieldErrors(res)
            .map((e) => e.field)
            .sort(),
        ).toEqual(['cep', 'document', 'emails.0', 'legalName', 'whatsapp']);
        const before = await admin.request({ method: 'GET', url: `/api/clients/${existing.id}` });
        const patch = await admin.request({
          method: 'PATCH',
          url: `/api/clients/${existing.id}`,
          headers: EN,
          payload: { document: '111.444.777-36', cep: '99' },
        });
        expect(expectFieldErrors(patch)).toEqual([
          { field: 'document', code: 'invalid_tax_id', message: 'Invalid CNPJ or CPF.' },
          { field: 'cep', code: 'invalid_cep', message: 'Invalid CEP (8 digits).' },
        ]);
        const after = await admin.request({ method: 'GET', url: `/api/clients/${existing.id}` });
        expect(after.json()).toEqual(before.json());
      }));

    it('refuses a class the office does not have', () =>
      withoutWrites(async () => {
        const res = await postClient({ legalName: 'Classe Z Ltda', document: cnpj(3007), class: 'Z' });
        expect(expectFieldErrors(res)).toEqual([
          { field: 'class', code: 'unknown_class', message: 'Classe desconhecida. Use uma de: A, B, C.' },
        ]);
      }));
  });

  describe('query and path parameters', () => {
    it.each([
      ['pageSize=1000', 'pageSize', 'too_big'],
      ['pageSize=0', 'pageSize', 'too_small'],
      ['page=abc', 'page', 'invalid_type'],
      ['sort=password', 'sort', 'invalid_value'],
      ['order=sideways', 'order', 'invalid_value'],
      ['status=deleted', 'status', 'invalid_value'],
      ['officeId=x', 'officeId', 'unknown_field'],
    ])('refuses ?%s with a field error', async (query, field, code) => {
      const res = await admin.request({ method: 'GET', url: `/api/clients?${query}` });
      expect(expectFieldErrors(res).map((e) => [e.field, e.code])).toEqual([[field, code]]);
    });

    it.each([
      ['/api/services?pageSize=101', 'pageSize'],
      ['/api/users?active=yes', 'active'],
      ['/api/audit?page=-1', 'page'],
    ])('refuses a bad query on the other lists too: %s', async (url, field) => {
      expect(expectFieldErrors(await admin.request({ method: 'GET', url }))[0]!.field).toBe(field);
    });

    it('refuses a non-uuid id in the path with 400, not 404 or 500', () =>
      withoutWrites(async () => {
        const calls: InjectOptions[] = [
          { method: 'GET', url: '/api/clients/123' },
          { method: 'PATCH', url: '/api/clients/not-a-uuid', payload: { legalName: 'Nada Ltda' } },
          { method: 'DELETE', url: "/api/clients/1'%20OR%20'1'='1" },
          { method: 'POST', url: '/api/clients/abc/contacts', payload: { name: 'Ninguém' } },
          { method: 'GET', url: '/api/services/abc' },
          { method: 'PATCH', url: '/api/users/abc', payload: { name: 'Ninguém' } },
          { method: 'DELETE', url: '/api/professions/abc' },
          { method: 'DELETE', url: '/api/tokens/abc' },
        ];
        for (const call of calls) {
          const errors = expectFieldErrors(await admin.request(call));
          expect(errors.map((e) => e.field)).toEqual(['id']);
        }
        const contact = await admin.request({
          method: 'PATCH',
          url: `/api/clients/${existing.id}/contacts/xyz`,
          payload: { name: 'Ninguém' },
        });
        expect(expectFieldErrors(contact).map((e) => e.field)).toEqual(['contactId']);
        // A well-formed id that does not exist is a 404.
        expectProblem(
          await admin.request({ method: 'GET', url: `/api/clients/${missingId}` }),
          404,
          'clients.not_found',
        );
      }));
  });

  describe('conflicts', () => {
    it('refuses a duplicate CNPJ with 409 naming the formatted document', () =>
      withoutWrites(async () => {
        const res = await postClient({ legalName: 'Outra Padaria', document: '12.ABC.345/01DE-35' });
        const p = expectProblem(res, 409, 'clients.duplicate_document');
        expect(p.detail).toBe('Já existe um cliente com o CNPJ 12.ABC.345/01DE-35 neste escritório.');
        expect(p.errors).toEqual([{ field: 'document', code: 'duplicate', message: 'CNPJ já cadastrado.' }]);
        const en = await postClient({ legalName: 'Outra Padaria', document: existing.document }, EN);
        expect(expectProblem(en, 409, 'clients.duplicate_document').detail).toBe(
          'A client with CNPJ 12.ABC.345/01DE-35 already exists in this office.',
        );
      }));

    it('refuses a duplicate CPF, also when a PATCH would create it', async () => {
      const person = await createClientVia(admin, {
        legalName: 'Maria da Silva',
        document: '529.982.247-25',
      });
      const other = await createClientVia(admin, { legalName: 'João da Silva', document: '111.444.777-35' });
      await withoutWrites(async () => {
        const res = await postClient({ legalName: 'Maria Outra', document: '52998224725' });
        expect(expectProblem(res, 409, 'clients.duplicate_document').detail).toBe(
          'Já existe um cliente com o CPF 529.982.247-25 neste escritório.',
        );
      });
      const patch = await admin.request({
        method: 'PATCH',
        url: `/api/clients/${other.id}`,
        payload: { document: '529.982.247-25', legalName: 'João Renomeado' },
      });
      expectProblem(patch, 409, 'clients.duplicate_document');
      const after = await admin.request({ method: 'GET', url: `/api/clients/${other.id}` });
      expect(after.json()).toMatchObject({ legalName: 'João da Silva', document: '11144477735' });
      expect(person.document).toBe('52998224725');
    });
  });

  describe('contacts', () => {
    it('refuses an impossible birthday and other bad contact fields, writing nothing', async () => {
      const contacts = async () =>
        (await admin.request({ method: 'GET', url: `/api/clients/${existing.id}` })).json<{
          contacts: unknown[];
        }>().contacts;
      const before = await contacts();
      const url = `/api/clients/${existing.id}/contacts`;
      const postContact = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
        admin.request({ method: 'POST', url, headers, payload });
      expect(expectFieldErrors(await postContact({ name: 'Carla', birthday: '2026-02-30' }))).toEqual([
        { field: 'birthday', code: 'invalid_date', message: 'Data inválida.' },
      ]);
      expect(expectFieldErrors(await postContact({ name: 'Carla', birthday: '30/01/1990' }, EN))).toEqual([
        { field: 'birthday', code: 'invalid_date', message: 'Invalid date.' },
      ]);
      const many = await postContact({
        name: 'C',
        email: 'carla@',
        whatsapp: '(20) 91234-5678',
        emailOptOut: 'sim',
      });
      expect(
        expectFieldErrors(many)
          .map((e) => [e.field, e.code])
          .sort(),
      ).toEqual([
        ['email', 'invalid_email'],
        ['emailOptOut', 'invalid_type'],
        ['name', 'too_small'],
        ['whatsapp', 'invalid_phone'],
      ]);
      expect(await contacts()).toEqual(before);

      const created = await postContact({ name: 'Carla', birthday: '1990-02-28' });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ id: string }>().id;
      const patch = await admin.request({
        method: 'PATCH',
        url: `${url}/${id}`,
        payload: { birthday: '2025-02-29' },
      });
      expect(expectFieldErrors(patch)[0]).toMatchObject({ field: 'birthday', code: 'invalid_date' });
      const after = (await contacts()) as { id: string; birthday: string }[];
      expect(after.find((c) => c.id === id)!.birthday).toBe('1990-02-28');
    });
  });

  describe('CSV', () => {
    const importCsv = (csv: string, headers: Record<string, string> = {}) =>
      admin.request({
        method: 'POST',
        url: '/api/clients/import',
        headers: { 'content-type': 'text/csv', ...headers },
        payload: csv,
      });

    it('imports a CSV and returns the per-row report, writing only the valid rows', async () => {
      const before = await clientCount(admin);
      const filler = 'y'.repeat(2100); // the import route accepts bodies above the general limit
      const csv = [
        'razao_social;cnpj_cpf;emails;whatsapp;classe;observacoes',
        `Importada Um Ltda;${cnpj(3101)};um@um.com.br;(21) 99876-5432;A;${filler}`,
        'Sem Documento Ltda;;;;;',
        `CNPJ Ruim Ltda;12.ABC.345/01DE-36;;;;`,
        `Telefone Ruim Ltda;${cnpj(3102)};;(20) 98765-4321;;`,
        `Repetida Ltda;${cnpj(3101)};;;;`,
        'Já Existe Ltda;12.ABC.345/01DE-35;;;;',
        `Classe Errada Ltda;${cnpj(3103)};;;Z;`,
        `Importada Dois Ltda;${bare(cnpj(3104))};;;;`,
      ].join('\r\n');
      const res = await importCsv(`\uFEFF${csv}`);
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json<{
        total: number;
        imported: number;
        invalid: { line: number; field: string; reason: string }[];
      }>();
      expect(report.total).toBe(8);
      expect(report.imported).toBe(2);
      expect(report.invalid.map((r) => [r.line, r.field])).toEqual([
        [3, 'cnpj_cpf'],
        [4, 'cnpj_cpf'],
        [5, 'whatsapp'],
        [6, 'cnpj_cpf'],
        [7, 'cnpj_cpf'],
        [8, 'classe'],
      ]);
      expect(report.invalid.find((r) => r.line === 4)!.reason).toBe('cnpj_cpf: CNPJ ou CPF inválido.');
      expect(report.invalid.find((r) => r.line === 6)!.reason).toContain('repete a linha 2');
      expect(report.invalid.find((r) => r.line === 7)!.reason).toBe(
        'cnpj_cpf: 12.ABC.345/01DE-35 já está cadastrado.',
      );
      expect(await clientCount(admin)).toBe(before + 2);
      const names = (await allClients(admin)).map((c) => c.legalName);
      expect(names).toEqual(expect.arrayContaining(['Importada Um Ltda', 'Importada Dois Ltda']));
      expect(names).not.toContain('Telefone Ruim Ltda');

      const again = await importCsv(csv, EN);
      const reportEn = again.json<{ imported: number; invalid: { line: number; reason: string }[] }>();
      expect(reportEn.imported).toBe(0);
      expect(reportEn.invalid.find((r) => r.line === 2)!.reason).toBe(
        `cnpj_cpf: ${cnpj(3101)} is already registered.`,
      );
      expect(reportEn.invalid.find((r) => r.line === 4)!.reason).toBe('cnpj_cpf: Invalid CNPJ or CPF.');
      expect(await clientCount(admin)).toBe(before + 2);
    });

    it('refuses a CSV without the required columns, or an empty one, writing nothing', () =>
      withoutWrites(async () => {
        const res = await importCsv('nome;email\nFulano;fulano@x.com.br');
        expect(expectProblem(res, 400, 'clients.csv_missing_columns').detail).toBe(
          'O cabeçalho do CSV não tem as colunas obrigatórias: razao_social, cnpj_cpf.',
        );
        const partial = await importCsv(`razao_social;email\nFulano Ltda;${cnpj(3201)}`, EN);
        expect(expectProblem(partial, 400, 'clients.csv_missing_columns').detail).toBe(
          'The CSV header lacks the required columns: cnpj_cpf.',
        );
        expectProblem(await importCsv('\uFEFF \n'), 400, 'clients.empty_csv');
      }));

    it('exports the clients as a UTF-8 CSV attachment with a BOM', async () => {
      const res = await admin.request({ method: 'GET', url: '/api/clients/export' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="clientes-2026-11-23.csv"');
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      expect(lines[0]).toMatch(/^razao_social;nome_fantasia;cnpj_cpf;/);
      expect(lines).toHaveLength((await clientCount(admin)) + 1);
      expect(res.body).toContain('Padaria Pão de Queijo Ltda;;12.ABC.345/01DE-35;');
    });
  });
});
