import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispositionHeader } from '../../src/server/blobs/index.js';
import { safeFileName } from '../../src/server/http/file-name.js';
import { MAX_FILE_BYTES } from '../../src/server/modules/tickets/file-limits.js';
import { portalLink, portalToken } from '../../src/server/modules/tickets/portal-token.js';
import type { Ticket } from '../../src/server/modules/tickets/tickets.schema.js';
import { expectProblem, postCreated } from '../http/helpers.js';
import { dialects } from '../support/test-db.js';
import { multipart, ok, openTicket, ticketsWorld, tinyPdf, type World } from './helpers.js';

interface FileDto {
  id: string;
  name: string;
  size: number;
  contentType: string;
  uploadedBy: string | null;
}

it('file names are stored safely', () => {
  expect(safeFileName('../../etc/passwd.txt')).toBe('passwd.txt');
  expect(safeFileName('C:\\fakepath\\Nota Fiscal.pdf')).toBe('Nota Fiscal.pdf');
  expect(safeFileName('nota\u0000\u0007\u001b[31m fiscal\r\n.pdf')).toBe('nota[31m fiscal.pdf');
  expect(safeFileName('recibo\u202Efdp.exe')).toBe('recibofdp.exe');
  expect(safeFileName('...')).toBe('arquivo');
  expect(safeFileName(`${'a'.repeat(300)}.pdf`)).toBe(`${'a'.repeat(196)}.pdf`);
  expect(dispositionHeader('attachment', 'Relatório "final" 2026.pdf')).toBe(
    'attachment; filename="Relatorio _final_ 2026.pdf"; filename*=UTF-8\'\'Relat%C3%B3rio%20%22final%22%202026.pdf',
  );
});

describe.each(dialects)('files and the client portal on %s', (dialect) => {
  let w: World;
  let t: Ticket;
  beforeAll(async () => {
    w = await ticketsWorld(dialect);
    t = await openTicket(w.adminA, { clientId: w.client.id, contactId: w.contact.id, subject: 'Arquivos' });
  });
  afterAll(() => w.close());

  const upload = (files: Parameters<typeof multipart>[0], id = t.id) =>
    w.adminA.request({ method: 'POST', url: `/api/tickets/${id}/files`, ...multipart(files) });
  const fileCount = async () =>
    ok<FileDto[]>(await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/files` })).length;

  describe('files', () => {
    it('uploads several files, stores safe names, lists and downloads them with Content-Disposition', async () => {
      const csv = 'cnpj;valor\n11222333000181;100,00\n';
      const res = ok<{ items: FileDto[] }>(
        await upload([
          { name: 'Contrato Social — versão 2.pdf', content: tinyPdf, type: 'application/pdf' },
          { name: '../../etc/planilha.csv', content: csv, type: 'text/csv' },
        ]),
        201,
      );
      expect(res.items.map((f) => [f.name, f.size, f.contentType, f.uploadedBy])).toEqual([
        ['Contrato Social — versão 2.pdf', tinyPdf.length, 'application/pdf', 'Ana Admin'],
        ['planilha.csv', csv.length, 'text/csv; charset=utf-8', 'Ana Admin'],
      ]);
      const list = ok<FileDto[]>(
        await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/files` }),
      );
      expect(list.map((f) => f.name)).toEqual(['Contrato Social — versão 2.pdf', 'planilha.csv']);
      const dl = await w.adminA.request({
        method: 'GET',
        url: `/api/tickets/${t.id}/files/${res.items[0]!.id}`,
      });
      expect(dl.statusCode).toBe(200);
      expect(dl.rawPayload.equals(tinyPdf)).toBe(true);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
      expect(dl.headers['content-disposition']).toBe(
        'attachment; filename="Contrato Social _ versao 2.pdf"; filename*=UTF-8\'\'Contrato%20Social%20%E2%80%94%20vers%C3%A3o%202.pdf',
      );
      const history = ok<{ text: string }[]>(
        await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/history` }),
      );
      expect(history.map((h) => h.text)).toContain('Anexou o arquivo “planilha.csv” (0,0 KB).');
    });

    it('refuses a file over the limit, a forbidden type and a disguised one, storing nothing', async () => {
      const before = await fileCount();
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_FILE_BYTES, 0x20)]);
      const tooBig = expectProblem(
        await upload([{ name: 'grande.pdf', content: big }]),
        413,
        'tickets.file_too_large',
      );
      expect(tooBig.detail).toBe('O arquivo “grande.pdf” passa do limite de 10 MiB por arquivo.');
      const exe = expectProblem(
        await upload([{ name: 'programa.exe', content: Buffer.from('MZ\x90\x00') }]),
        415,
        'tickets.file_type_not_allowed',
      );
      expect(exe.detail).toContain('“programa.exe”');
      expectProblem(
        await upload([{ name: 'fatura.pdf', content: Buffer.from('MZ\x90\x00 not a pdf') }]),
        415,
        'tickets.file_content_mismatch',
      );
      expectProblem(
        await w.adminA.request({ method: 'POST', url: `/api/tickets/${t.id}/files`, payload: { x: 1 } }),
        415,
        'tickets.not_multipart',
      );
      expect(await fileCount()).toBe(before);
    });

    it('keeps the valid files of an upload and says which one was refused and why', async () => {
      const before = await fileCount();
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_FILE_BYTES, 0x20)]);
      const res = ok<{ items: FileDto[]; refused: { name: string; code: string; reason: string }[] }>(
        await upload([
          { name: 'ok.pdf', content: tinyPdf },
          { name: 'programa.exe', content: Buffer.from('MZ\x90\x00') },
          { name: 'grande.pdf', content: big },
          { name: 'notas.csv', content: 'a;b\n1;2\n', type: 'text/csv' },
        ]),
        201,
      );
      expect(res.items.map((f) => f.name)).toEqual(['ok.pdf', 'notas.csv']);
      expect(res.refused).toEqual([
        {
          name: 'programa.exe',
          code: 'tickets.file_type_not_allowed',
          reason: expect.stringContaining('“programa.exe”'),
        },
        {
          name: 'grande.pdf',
          code: 'tickets.file_too_large',
          reason: 'O arquivo “grande.pdf” passa do limite de 10 MiB por arquivo.',
        },
      ]);
      expect(await fileCount()).toBe(before + 2);
    });

    it('deletes a file; other offices get 404 on files', async () => {
      const [f] = ok<{ items: FileDto[] }>(
        await upload([{ name: 'apagar.txt', content: 'texto' }]),
        201,
      ).items;
      expectProblem(
        await w.adminB.request({ method: 'GET', url: `/api/tickets/${t.id}/files/${f!.id}` }),
        404,
        'tickets.file_not_found',
      );
      expectProblem(
        await w.adminB.request({ method: 'DELETE', url: `/api/tickets/${t.id}/files/${f!.id}` }),
        404,
        'tickets.file_not_found',
      );
      expectProblem(
        await w.adminB.request({
          method: 'POST',
          url: `/api/tickets/${t.id}/files`,
          ...multipart([{ name: 'x.txt', content: 'x' }]),
        }),
        404,
        'tickets.not_found',
      );
      expect(
        (await w.adminA.request({ method: 'DELETE', url: `/api/tickets/${t.id}/files/${f!.id}` })).statusCode,
      ).toBe(204);
      expectProblem(
        await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/files/${f!.id}` }),
        404,
        'tickets.file_not_found',
      );
    });
  });

  describe('portal', () => {
    const tokenOf = (url: string) => url.split('/portal/tickets/')[1]!;
    const portalGet = (token: string) => w.app.inject({ method: 'GET', url: `/api/portal/tickets/${token}` });

    it('a valid link shows the public conversation (never internal notes) and takes the client answer', async () => {
      await postCreated(w.adminA, `/api/tickets/${t.id}/chat`, {
        body: 'Nota interna secreta',
        internal: true,
      });
      await postCreated(w.adminA, `/api/tickets/${t.id}/chat`, { body: 'Precisamos do RG dos sócios.' });
      const link = ok<{ url: string; expiresAt: string }>(
        await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/portal-link` }),
      );
      expect(link.expiresAt).toBe('2026-12-23T12:00:00.000Z');
      const view = ok<{
        office: { name: string };
        ticket: { number: number; statusLabel: string; clientName: string };
        messages: Record<string, unknown>[];
      }>(await portalGet(tokenOf(link.url)));
      expect(view.office.name).toBe('Escritório A');
      expect(view.ticket).toMatchObject({
        number: t.number,
        statusLabel: 'Aberto',
        clientName: 'Padaria Pão de Açúcar Ltda',
      });
      expect(view.messages.map((m) => m.body)).toEqual(['Precisamos do RG dos sócios.']);
      expect(view.messages[0]).not.toHaveProperty('internal');
      expect(JSON.stringify(view)).not.toContain('secreta');

      const answer = ok<{ author: string; authorName: string }>(
        await w.app.inject({
          method: 'POST',
          url: `/api/portal/tickets/${tokenOf(link.url)}/chat`,
          payload: { body: 'Segue em anexo por e-mail.' },
        }),
        201,
      );
      expect(answer).toMatchObject({ author: 'client', authorName: 'João Conceição' });
      const chat = ok<{ author: string; body: string; internal: boolean }[]>(
        await w.adminA.request({ method: 'GET', url: `/api/tickets/${t.id}/chat` }),
      );
      expect(chat.map((m) => [m.author, m.body, m.internal])).toEqual([
        ['staff', 'Nota interna secreta', true],
        ['staff', 'Precisamos do RG dos sócios.', false],
        ['client', 'Segue em anexo por e-mail.', false],
      ]);
      // The responsible user is told in the app.
      const notes = await w.ctx.db
        .selectFrom('notifications')
        .select(['title', 'user_id'])
        .where('user_id', '=', w.a.admin.id)
        .execute();
      expect(notes.map((n) => n.title)).toContain(`Nova mensagem do cliente no atendimento nº ${t.number}`);
    });

    it('an expired link is 410; a tampered or foreign-purpose one is 404', async () => {
      const token = tokenOf(portalLink(w.ctx, w.a.office.id, t.id).url);
      const [payload, sig] = token.split('.') as [string, string];
      // Tampered signature, tampered payload (another ticket id), and garbage.
      const flipped = `${payload}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
      const forged = portalToken(w.ctx, w.a.office.id, w.ticketB.id, new Date('2027-01-01T00:00:00Z')).split(
        '.',
      )[0];
      for (const bad of [flipped, `${forged}.${sig}`, 'nao-e-um-token-valido', `${payload}.${sig}.x`]) {
        const p = expectProblem(await portalGet(bad), 404, 'tickets.portal_link_invalid');
        expect(p.detail).toBe('Link inválido. Peça ao escritório um novo link do atendimento.');
      }
      // The same payload signed by the same key for another purpose does not open a ticket.
      const otherPurpose = createHmac('sha256', w.ctx.config.secretKey)
        .update('unsubscribe:')
        .update(Buffer.from(payload, 'base64url'))
        .digest('base64url')
        .slice(0, 32);
      expectProblem(await portalGet(`${payload}.${otherPurpose}`), 404, 'tickets.portal_link_invalid');
      expectProblem(
        await w.app.inject({
          method: 'POST',
          url: `/api/portal/tickets/${flipped}/chat`,
          payload: { body: 'oi' },
        }),
        404,
        'tickets.portal_link_invalid',
      );
      // Valid now; expired 30 days later, for reading and for answering.
      ok(await portalGet(token));
      w.ctx.clock.advance(30 * 86_400_000);
      try {
        const p = expectProblem(await portalGet(token), 410, 'tickets.portal_link_expired');
        expect(p.detail).toBe('Este link expirou. Peça ao escritório um novo link do atendimento.');
        expectProblem(
          await w.app.inject({
            method: 'POST',
            url: `/api/portal/tickets/${token}/chat`,
            payload: { body: 'oi' },
          }),
          410,
          'tickets.portal_link_expired',
        );
      } finally {
        w.ctx.clock.set('2026-11-23T12:00:00.000Z');
      }
    });
  });
});
