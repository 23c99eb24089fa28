import type { InjectOptions } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateDefinitions, unsubscribeToken } from '../../src/server/modules/messaging/index.js';
import { notifyUser } from '../../src/server/modules/platform/index.js';
import { portalLink } from '../../src/server/modules/tickets/portal-token.js';
import { loginAs, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  type ClientDto,
  clientCount,
  cnpj,
  createClientVia,
  expectFieldErrors,
  expectProblem,
} from './helpers.js';

const EN = { 'accept-language': 'en' };
const ERP = 'clients.erp-import';

/** A multipart body from raw parts, with this boundary. */
function form(parts: string[], boundary = 'XyZ'): { payload: string; headers: Record<string, string> } {
  return {
    payload: `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
const field = (name: string, value: string) =>
  `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
const file = (name: string, content: string) =>
  `Content-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}`;

describe.each(dialects)('hardening: errors and input on %s', (dialect) => {
  const t = useTestApp(dialect);
  const admin = useSession(t, 'admin@a.com.br');
  let client: ClientDto;
  let ticketId: string;

  beforeAll(async () => {
    client = await createClientVia(admin, { legalName: 'Padaria Endurecida Ltda', document: cnpj(4001) });
    const ticket = await admin.request({
      method: 'POST',
      url: '/api/tickets',
      payload: { clientId: client.id, subject: 'Envio de documentos' },
    });
    expect(ticket.statusCode, ticket.body).toBe(201);
    ticketId = ticket.json<{ id: string }>().id;
  });

  describe('requests that answered 500', () => {
    it('keeps the 4xx of Fastify’s own errors: QUERY without Content-Type is a 400, on any route', async () => {
      const health = await t.app.inject({ method: 'QUERY' as InjectOptions['method'], url: '/api/health' });
      const p = expectProblem(health, 400, 'http.missing_content_type');
      expect(p.detail).toBe('Informe o cabeçalho Content-Type do corpo da requisição.');
      const clients = await admin.request({
        method: 'QUERY' as InjectOptions['method'],
        url: '/api/clients',
        headers: EN,
      });
      expect(expectProblem(clients, 400, 'http.missing_content_type').detail).toBe(
        'Send the Content-Type header of the request body.',
      );
    });

    const ticketFiles = () => `/api/tickets/${ticketId}/files`;
    const unsubscribe = () =>
      `/api/unsubscribe/${unsubscribeToken(t.ctx, t.a.office.id, 'client', client.id)}`;

    it('answers malformed multipart with 400 on the public unsubscribe form and on ticket uploads', async () => {
      for (const [url, send, part] of [
        [unsubscribe, (o: InjectOptions) => t.app.inject(o), field('List-Unsubscribe', 'One-')],
        [ticketFiles, (o: InjectOptions) => admin.request(o), file('nota.txt', 'metade de um arq')],
      ] as const) {
        const noBoundary = await send({
          method: 'POST',
          url: url(),
          headers: { 'content-type': 'multipart/form-data' },
          payload: 'List-Unsubscribe=One-Click',
        });
        expect(expectProblem(noBoundary, 400, 'http.malformed_multipart').detail).toBe(
          'O formulário enviado (multipart/form-data) está incompleto ou malformado.',
        );
        const truncated = await send({
          method: 'POST',
          url: url(),
          headers: { 'content-type': 'multipart/form-data; boundary=XyZ', ...EN },
          payload: `--XyZ\r\n${part}`,
        });
        expect(expectProblem(truncated, 400, 'http.malformed_multipart').detail).toBe(
          'The submitted form (multipart/form-data) is incomplete or malformed.',
        );
        const many = form(Array.from({ length: 60 }, (_, i) => field(`f${i}`, 'x')));
        const tooMany = await send({ method: 'POST', url: url(), ...many });
        expectProblem(tooMany, 413, 'http.too_many_parts');
      }
      // Nothing was written: the client is still subscribed, the ticket has no file.
      const after = await admin.request({ method: 'GET', url: `/api/clients/${client.id}` });
      expect(after.json<{ emailOptOut: boolean }>().emailOptOut).toBe(false);
      const files = await admin.request({ method: 'GET', url: ticketFiles() });
      expect(files.json()).toEqual([]);
    });

    it('refuses a file part where only fields are expected (the unsubscribe form)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: unsubscribe(),
        ...form([field('List-Unsubscribe', 'One-Click'), file('virus.txt', 'x')]),
      });
      expect(expectProblem(res, 400, 'http.files_not_accepted').detail).toBe(
        'Este formulário não aceita arquivos.',
      );
      const after = await admin.request({ method: 'GET', url: `/api/clients/${client.id}` });
      expect(after.json<{ emailOptOut: boolean }>().emailOptOut).toBe(false);
      // The same form without the file works.
      const ok = await t.app.inject({
        method: 'POST',
        url: unsubscribe(),
        ...form([field('List-Unsubscribe', 'One-Click')]),
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const done = await admin.request({ method: 'GET', url: `/api/clients/${client.id}` });
      expect(done.json<{ emailOptOut: boolean }>().emailOptOut).toBe(true);
      await admin.request({
        method: 'PATCH',
        url: `/api/clients/${client.id}`,
        payload: { emailOptOut: false },
      });
    });

    it('refuses Liquid include, render and layout on preview and save, saving nothing', async () => {
      const def = templateDefinitions().find((d) => d.defaults.email)!;
      const url = `/api/templates/${def.key}/email`;
      const list = async () => (await admin.request({ method: 'GET', url: '/api/templates' })).body;
      const before = await list();
      for (const [tag, source] of [
        ['include', "Olá\n{% include 'rodape' %}"],
        ['render', "Olá\n{% render 'rodape' %}"],
        ['layout', "{% layout 'base' %}\nOlá"],
      ] as const) {
        const line = tag === 'layout' ? 1 : 2;
        const preview = await admin.request({
          method: 'POST',
          url: `${url}/preview`,
          payload: { subject: 'Assunto', body: source },
        });
        expect(expectProblem(preview, 400, 'messaging.template_tag_unavailable').detail).toBe(
          `A tag ${tag} (linha ${line}) não está disponível nos modelos: cada modelo é independente e não inclui outros arquivos. Escreva o texto no próprio modelo.`,
        );
        const save = await admin.request({
          method: 'PUT',
          url,
          headers: EN,
          payload: { subject: 'Assunto', body: source },
        });
        expect(expectProblem(save, 400, 'messaging.template_tag_unavailable').detail).toContain(
          `The ${tag} tag (line ${line}) is not available in templates`,
        );
      }
      expect(await list()).toBe(before);
    });

    it('answers a method a path does not have with 405 and Allow, an unknown path with 404', async () => {
      const health = await t.app.inject({ method: 'DELETE', url: '/api/health' });
      expect(expectProblem(health, 405, 'http.method_not_allowed').detail).toBe(
        'Método DELETE não permitido neste endereço. Permitidos: GET, HEAD.',
      );
      expect(health.headers.allow).toBe('GET, HEAD');
      const clients = await admin.request({ method: 'PUT', url: '/api/clients', payload: {}, headers: EN });
      expect(expectProblem(clients, 405, 'http.method_not_allowed').detail).toBe(
        'Method PUT is not allowed on this URL. Allowed: GET, HEAD, POST.',
      );
      expect(clients.headers.allow).toBe('GET, HEAD, POST');
      // Parametric paths too.
      const read = await admin.request({ method: 'GET', url: `/api/notifications/${client.id}/read` });
      expectProblem(read, 405, 'http.method_not_allowed');
      expect(read.headers.allow).toBe('POST');
      const one = await admin.request({ method: 'PUT', url: `/api/clients/${client.id}` });
      expect(one.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
      const nothing = await admin.request({ method: 'DELETE', url: '/api/nothing-here' });
      expectProblem(nothing, 404, 'http.not_found');
      expect(nothing.headers.allow).toBeUndefined();
    });

    it('answers errors raised before routing (bad URL encoding, a parameter too long) as problem+json', async () => {
      const badUrl = await admin.request({ method: 'GET', url: '/api/clients/%E0%A4%A' });
      expect(expectProblem(badUrl, 400, 'http.bad_url').detail).toBe(
        'O endereço da requisição é inválido (codificação de caracteres incorreta).',
      );
      const long = await admin.request({
        method: 'GET',
        url: `/api/clients/${'a'.repeat(150)}`,
        headers: EN,
      });
      expect(expectProblem(long, 414, 'http.uri_too_long').detail).toBe(
        'A parameter of the URL is too long.',
      );
    });
  });

  describe('input that was accepted', () => {
    it('checks the office CNPJ like a client’s and stores it bare', async () => {
      const office = async () =>
        (await admin.request({ method: 'GET', url: '/api/office' })).json<{ cnpj: string | null }>();
      const before = (await office()).cnpj;
      for (const bad of ['00.000.000/0000-00', 'abc', '12.ABC.345/01DE-36']) {
        const res = await admin.request({ method: 'PATCH', url: '/api/office', payload: { cnpj: bad } });
        expect(expectFieldErrors(res)).toEqual([
          { field: 'cnpj', code: 'invalid_cnpj', message: 'CNPJ inválido.' },
        ]);
      }
      expect((await office()).cnpj).toBe(before);
      const ok = await admin.request({
        method: 'PATCH',
        url: '/api/office',
        payload: { cnpj: '12.abc.345/01de-35' },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await office()).cnpj).toBe('12ABC34501DE35');
      const cleared = await admin.request({ method: 'PATCH', url: '/api/office', payload: { cnpj: '' } });
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect((await office()).cnpj).toBeNull();
    });

    it('refuses invalid UTF-8 in a JSON or CSV body instead of storing replacement characters', async () => {
      const before = await clientCount(admin);
      const json = Buffer.concat([
        Buffer.from(`{"legalName":"P`),
        Buffer.from([0xe3, 0x6f]), // Latin-1 "ão" sent as is
        Buffer.from(`o Ltda","document":"${cnpj(4002)}"}`),
      ]);
      const res = await admin.request({
        method: 'POST',
        url: '/api/clients',
        headers: { 'content-type': 'application/json' },
        payload: json,
      });
      expect(expectProblem(res, 400, 'http.invalid_utf8').detail).toBe(
        'O conteúdo enviado não é texto UTF-8 válido. Se for uma planilha, salve-a como "CSV UTF-8".',
      );
      const csv = await admin.request({
        method: 'POST',
        url: '/api/clients/import',
        headers: { 'content-type': 'text/csv' },
        payload: Buffer.from(`razao_social;cnpj_cpf\nPadaria P\xe3o Ltda;${cnpj(4003)}\n`, 'latin1'),
      });
      expectProblem(csv, 400, 'http.invalid_utf8');
      expect(await clientCount(admin)).toBe(before);
    });

    it('refuses control characters and lone surrogates in names and texts; newline and tab only in long texts', async () => {
      const before = await clientCount(admin);
      for (const [name, code] of [
        ['Nulo\u0000 Ltda', 'invalid_characters'],
        ['Escape\u001b[31m Ltda', 'invalid_characters'],
        ['Sino\u0007 Ltda', 'invalid_characters'],
        ['Duas\nLinhas Ltda', 'single_line'],
      ] as const) {
        const res = await admin.request({
          method: 'POST',
          url: '/api/clients',
          payload: { legalName: name, document: cnpj(4004) },
        });
        expect(expectFieldErrors(res).map((e) => [e.field, e.code])).toEqual([['legalName', code]]);
      }
      // A lone surrogate can only be written as a JSON escape.
      const surrogate = await admin.request({
        method: 'POST',
        url: '/api/clients',
        headers: { 'content-type': 'application/json', ...EN },
        payload: `{"legalName":"Meio \\ud83d Emoji Ltda","document":"${cnpj(4004)}"}`,
      });
      expect(expectFieldErrors(surrogate)).toEqual([
        {
          field: 'legalName',
          code: 'invalid_characters',
          message:
            'The text has invalid characters: control characters (such as NUL or ESC) or malformed Unicode.',
        },
      ]);
      const nested = await admin.request({
        method: 'POST',
        url: '/api/clients',
        payload: {
          legalName: 'Notas Ltda',
          document: cnpj(4004),
          notes: 'linha 1\u0000',
          tags: ['vip\u001b'],
        },
      });
      expect(
        expectFieldErrors(nested)
          .map((e) => [e.field, e.code])
          .sort(),
      ).toEqual([
        ['notes', 'invalid_characters'],
        ['tags.0', 'invalid_characters'],
      ]);
      expect(await clientCount(admin)).toBe(before);
      // Newline and tab are fine in a long text, and a real emoji (a surrogate pair) anywhere.
      const ok = await createClientVia(admin, {
        legalName: 'Padaria 🥖 Ltda',
        document: cnpj(4004),
        notes: 'linha 1\n\tlinha 2',
      });
      expect(ok).toMatchObject({ legalName: 'Padaria 🥖 Ltda', notes: 'linha 1\n\tlinha 2' });
      // Other modules: a ticket's subject and a chat message.
      const subject = await admin.request({
        method: 'POST',
        url: '/api/tickets',
        payload: { clientId: client.id, subject: 'Assunto\u0007' },
      });
      expect(expectFieldErrors(subject).map((e) => e.field)).toEqual(['subject']);
      const profession = await admin.request({
        method: 'POST',
        url: '/api/professions',
        payload: { name: 'Fiscal\u0000' },
      });
      expect(expectFieldErrors(profession).map((e) => e.field)).toEqual(['name']);
    });

    it('refuses unknown keys in a routine’s config, also inside its lists', async () => {
      const res = await admin.request({
        method: 'PUT',
        url: `/api/routines/${ERP}`,
        payload: {
          settings: { channels: [] },
          config: { source: 'http', url: 'https://erp.example/contas', sorce: 'csv' },
          schedule: null,
        },
      });
      expect(expectFieldErrors(res)).toContainEqual({
        field: 'config.sorce',
        code: 'unknown_field',
        message: 'Campo desconhecido.',
      });
      const detail = await admin.request({ method: 'GET', url: `/api/routines/${ERP}` });
      expect(detail.json<{ config: Record<string, unknown> }>().config).not.toHaveProperty('sorce');
      expect(detail.json<{ config: { url?: unknown } }>().config.url).not.toBe('https://erp.example/contas');
      const preview = await admin.request({
        method: 'POST',
        url: `/api/routines/${ERP}/preview`,
        payload: { config: { source: 'csv', extra: 1 } },
      });
      expect(expectFieldErrors(preview).map((e) => [e.field, e.code])).toContainEqual([
        'config.extra',
        'unknown_field',
      ]);
    });

    it('leaves out a stored config key the kind no longer has, so the form’s save round-trips', async () => {
      const put = (config: Record<string, unknown>) =>
        admin.request({
          method: 'PUT',
          url: `/api/routines/${ERP}`,
          payload: { settings: { channels: [] }, config, schedule: null },
        });
      const saved = await put({ source: 'http', url: 'https://erp.example/contas' });
      expect(saved.statusCode, saved.body).toBe(200);
      // As if an older version of the kind had a field `legacyMode`.
      const row = await t.ctx.db
        .selectFrom('routines')
        .select(['id', 'config'])
        .where('office_id', '=', t.a.office.id)
        .where('kind', '=', ERP)
        .executeTakeFirstOrThrow();
      await t.ctx.db
        .updateTable('routines')
        .set({ config: JSON.stringify({ ...JSON.parse(row.config), legacyMode: true }) })
        .where('id', '=', row.id)
        .execute();
      const detail = (await admin.request({ method: 'GET', url: `/api/routines/${ERP}` })).json<{
        config: Record<string, unknown>;
      }>();
      expect(detail.config).not.toHaveProperty('legacyMode');
      expect(detail.config.url).toBe('https://erp.example/contas');
      const again = await put(detail.config);
      expect(again.statusCode, again.body).toBe(200);
    });

    it('checks a routine file against its declared type and makes its name safe', async () => {
      const upload = (payload: string | Buffer, name: string, type = 'text/csv') =>
        admin.request({
          method: 'POST',
          url: `/api/routines/${ERP}/files`,
          query: { name },
          headers: { 'content-type': type },
          payload,
        });
      const xlsx = Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml', 'latin1');
      expect(expectProblem(await upload(xlsx, 'contas.xlsx'), 400, 'routines.file_not_text').detail).toBe(
        'O arquivo contas.xlsx não é um texto CSV (parece uma planilha ou outro arquivo binário). Exporte-o como CSV.',
      );
      expectProblem(
        await upload(Buffer.from('cnpj_cpf;status\n1;\xe3\n', 'latin1'), 'contas.csv'),
        400,
        // The file streams to the store untouched and is checked there, with the routine's own advice.
        'routines.file_not_utf8',
      );
      expect(
        expectProblem(
          await upload('cnpj_cpf;status\n"12;ativo\n', 'contas.csv'),
          400,
          'routines.file_not_csv',
        ).detail,
      ).toMatch(/^O arquivo contas\.csv não é um CSV válido \(linha \d+\)/);
      const ok = await upload(
        'cnpj_cpf;status\n11222333000181;ativo\n',
        '..\\..\\C:\\fakepath\\\u202Econtas\u0007.csv',
      );
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json<{ name: string }>().name).toBe('contas.csv');
      // No body at all: a field error, not a 500 from reading nothing.
      const empty = await admin.request({
        method: 'POST',
        url: `/api/routines/${ERP}/files`,
        query: { name: 'x.csv' },
      });
      expect(expectProblem(empty, 400, 'http.validation_failed').errors).toEqual([
        expect.objectContaining({ field: '', code: 'required' }),
      ]);
    });

    it('answers 404 when marking another office’s or user’s notification read', async () => {
      const at = t.ctx.clock.now();
      const mine = await loginAs(t.app, 'staff@a.com.br');
      await notifyUser(t.ctx.db, {
        officeId: t.a.office.id,
        userId: t.a.staff.id,
        title: 'Pronto',
        body: 'x',
        at,
      });
      await notifyUser(t.ctx.db, {
        officeId: t.b.office.id,
        userId: t.b.admin.id,
        title: 'Outro',
        body: 'y',
        at,
      });
      const ids = async (table: { officeId: string; userId: string }) =>
        (
          await t.ctx.db
            .selectFrom('notifications')
            .select('id')
            .where('office_id', '=', table.officeId)
            .where('user_id', '=', table.userId)
            .execute()
        ).map((r) => r.id);
      const [own] = await ids({ officeId: t.a.office.id, userId: t.a.staff.id });
      const [other] = await ids({ officeId: t.b.office.id, userId: t.b.admin.id });
      const foreign = await mine.request({ method: 'POST', url: `/api/notifications/${other}/read` });
      expectProblem(foreign, 404, 'platform.notification_not_found');
      const colleague = await admin.request({ method: 'POST', url: `/api/notifications/${own}/read` });
      expectProblem(colleague, 404, 'platform.notification_not_found');
      const readAt = async (id: string) =>
        (
          await t.ctx.db
            .selectFrom('notifications')
            .select('read_at')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).read_at;
      expect(await readAt(other!)).toBeNull();
      expect((await mine.request({ method: 'POST', url: `/api/notifications/${own}/read` })).statusCode).toBe(
        204,
      );
      // Again: still 204, and the first reading time is kept.
      const first = await readAt(own!);
      expect((await mine.request({ method: 'POST', url: `/api/notifications/${own}/read` })).statusCode).toBe(
        204,
      );
      expect(await readAt(own!)).toBe(first);
    });

    it('accepts signed tokens only in their canonical base64url spelling', async () => {
      const portal = portalLink(t.ctx, t.a.office.id, ticketId).token;
      const unsub = unsubscribeToken(t.ctx, t.a.office.id, 'client', client.id);
      expect((await t.app.inject({ method: 'GET', url: `/api/portal/tickets/${portal}` })).statusCode).toBe(
        200,
      );
      expect((await t.app.inject({ method: 'GET', url: `/api/unsubscribe/${unsub}` })).statusCode).toBe(200);
      const spellings = (token: string) => {
        const [payload, sig] = token.split('.') as [string, string];
        return [
          `${payload}=.${sig}`,
          `${payload}==.${sig}`,
          `${payload.slice(0, 10)}!${payload.slice(10)}.${sig}`,
          `${payload.slice(0, 10)}%20${payload.slice(10)}.${sig}`,
          `${payload.slice(0, 10)}+${payload.slice(10)}.${sig}`,
        ];
      };
      for (const variant of spellings(portal)) {
        const res = await t.app.inject({ method: 'GET', url: `/api/portal/tickets/${variant}` });
        expectProblem(res, 404, 'tickets.portal_link_invalid');
      }
      for (const variant of spellings(unsub)) {
        const res = await t.app.inject({ method: 'GET', url: `/api/unsubscribe/${variant}` });
        expect(res.statusCode, variant).toBe(400);
        expect(res.body).toContain('Link inválido');
      }
    });
  });
});
