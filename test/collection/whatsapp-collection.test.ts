import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestDetail, RequestRow } from '../../src/server/modules/collection/index.js';
import { useFixture } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { postInbound, type WhatsAppStandIn } from '../support/whatsapp-standin.js';
import { collectionWorld, drainJobs, mariaOnWhatsApp, ok, scheduleOnce } from './helpers.js';

const NUMBER = '5511987654321';
const MARIA = { number: NUMBER, name: 'Maria' };
const fixture = (name: string) => readFileSync(new URL(`../fixtures/collection/${name}`, import.meta.url));

for (const dialect of dialects) {
  describe(`collection through WhatsApp (${dialect})`, () => {
    const w = useFixture(() => collectionWorld(dialect));
    let wa: WhatsAppStandIn;
    let seq = 0;

    beforeAll(async () => {
      // Maria answers for the bakery and the market (the same e-mail); this contact has her WhatsApp.
      wa = await mariaOnWhatsApp(w, { email: 'maria@padaria.com.br' });
      await scheduleOnce(w.adminA, w.template.id, [w.clients.padaria.id, w.clients.mercado.id], '2026-03');
      await scheduleOnce(w.adminA, w.template.id, [w.clients.oficina.id], '2026-03');
    });
    afterAll(async () => {
      await wa.stop();
    });

    const webhook = (message: Record<string, unknown>) => postInbound(w, wa, w.a.office.id, MARIA, message);
    const work = () => drainJobs(w.ctx);
    const requestOf = async (clientId: string) => {
      const list = ok<{ items: RequestRow[] }>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests?clientId=${clientId}` }),
      );
      return ok<RequestDetail>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${list.items[0]!.id}` }),
      );
    };
    const sendDocument = async (name: string, bytes: Buffer, mime: string) => {
      const mediaId = wa.addMedia(bytes, mime);
      const message = {
        id: `wamid.D${++seq}`,
        type: 'document',
        document: { id: mediaId, mime_type: mime, filename: name },
      };
      expect((await webhook(message)).statusCode).toBe(200);
      return message;
    };
    const pick = async (rowId: string, title = 'x', listId = 'wamid.list') => {
      const message = {
        id: `wamid.R${++seq}`,
        type: 'interactive',
        context: { from: '5511900000000', id: listId },
        interactive: { type: 'list_reply', list_reply: { id: rowId, title } },
      };
      expect((await webhook(message)).statusCode).toBe(200);
      return message;
    };

    it('asks which pending item a document is for, by company and competência, and lands it on the chosen one once', async () => {
      const before = wa.sent.length;
      const doc = await sendDocument(
        'extrato abril.ofx',
        fixture('extrato-v2-2026-04.ofx'),
        'application/octet-stream',
      );
      await webhook(doc); // delivered twice by Meta: one list
      await work();
      const lists = wa.sent.slice(before).filter((s) => s.type === 'interactive');
      expect(lists).toHaveLength(1);
      const list = lists[0]!.list!;
      // Only the items that take an OFX, of the companies Maria answers for (not the workshop), by company.
      expect(list.sections.map((s) => [s.title, s.rows.map((r) => r.title)])).toEqual([
        ['03/2026 · Mercado Bom P…', ['Extrato bancário']],
        ['03/2026 · Padaria Pão Q…', ['Extrato bancário']],
      ]);
      expect(list.body).toContain('extrato abril.ofx');
      const padariaRow = list.sections[1]!.rows[0]!;
      expect(padariaRow.description).toBe('Padaria Pão Quente Ltda · 03/2026');

      const reply = await pick(padariaRow.id, padariaRow.title, lists[0]!.id);
      await webhook(reply); // the reply delivered twice
      await work();
      const padaria = await requestOf(w.clients.padaria.id);
      const extrato = padaria.items.find((i) => i.name === 'Extrato bancário')!;
      expect(extrato.state).toBe('received');
      expect(extrato.files.map((f) => [f.name, f.uploadedBy])).toEqual([
        ['extrato abril.ofx', { kind: 'client', name: 'Maria Souza' }],
      ]);
      // The content checks ran as on the client's page: the statement is of April, the request of March.
      expect(extrato.files[0]!.warnings).toEqual([
        expect.stringContaining('Este extrato é de abril de 2026; pedimos março de 2026'),
      ]);
      const mercado = await requestOf(w.clients.mercado.id);
      expect(mercado.items.find((i) => i.name === 'Extrato bancário')!.state).toBe('pending');
      const confirmation = wa.sent.at(-1)!;
      expect(confirmation).toMatchObject({ type: 'text', to: NUMBER });
      expect(confirmation.text).toContain(
        'Recebido! O arquivo extrato abril.ofx foi registrado em "Extrato bancário"',
      );
      expect(confirmation.text).toContain('Este extrato é de abril de 2026; pedimos março de 2026');

      // Picking again (a new tap on the same list) does not land it twice.
      await pick(padariaRow.id, padariaRow.title, lists[0]!.id);
      await work();
      expect(
        (await requestOf(w.clients.padaria.id)).items.find((i) => i.name === 'Extrato bancário')!.files,
      ).toHaveLength(1);
      expect(wa.sent.at(-1)!.text).toContain('já foi registrado');
    });

    it('refuses on the item’s rules like the page, and says so; a file no item takes gets an explanation', async () => {
      // A PDF named .xml: offered for the XML items, refused on landing (the content is not XML).
      const fake = await sendDocument('notas.xml', Buffer.from('%PDF-1.4\n%%EOF\n'), 'text/xml');
      await work();
      const list = wa.sent.filter((s) => s.type === 'interactive').at(-1)!.list!;
      const row = list.sections.flatMap((s) => s.rows).find((r) => r.description?.startsWith('Padaria'))!;
      expect(row.title).toBe('Notas de entrada (XML)');
      await pick(row.id);
      await work();
      expect(wa.sent.at(-1)!.text).toMatch(/notas\.xml/);
      const notas = (await requestOf(w.clients.padaria.id)).items.find(
        (i) => i.name === 'Notas de entrada (XML)',
      )!;
      expect(notas.state).toBe('pending');
      expect(notas.files).toEqual([]);
      expect(fake.id).toBeTruthy();

      await sendDocument(
        'planilha.xlsx',
        Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
        'application/vnd.ms-excel',
      );
      await work();
      expect(wa.sent.at(-1)).toMatchObject({ type: 'text' });
      expect(wa.sent.at(-1)!.text).toContain('nenhum documento pendente aceita arquivos XLSX');
    });
  });
}
