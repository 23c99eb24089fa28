import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { unzipSync } from 'fflate';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { openZipReads, type PortalView } from '../../src/server/modules/collection/index.js';
import { cnpj, postCreated } from '../http/helpers.js';
import { seedOffice } from '../support/fixtures.js';
import { loginAs, type Session } from '../support/test-app.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { multipart, tinyPdf } from '../tickets/helpers.js';
import { createTemplate, ok, scheduleOnce, templateBody } from './helpers.js';

const sha = (b: Buffer | Uint8Array | string) => createHash('sha256').update(b).digest('hex');

for (const dialect of dialects) {
  describe(`collection: the streamed zip (${dialect})`, () => {
    let ctx: TestContext;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let admin: Session;
    let requestId: string;
    const logged: { level: number; msg: string }[] = [];
    const big = randomBytes(3 * 1024 * 1024);
    const bigPdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), big]);

    beforeAll(async () => {
      ctx = await createTestContext(dialect, { sessionTtlMs: 365 * 86_400_000 });
      // Every warning or error the application logs, to prove a cancelled download logs none.
      const sink = new Writable({
        write(chunk, _enc, done) {
          const line = JSON.parse(String(chunk)) as { level: number; msg: string };
          logged.push(line);
          done();
        },
      });
      ctx.log = pino({ level: 'warn' }, sink);
      await seedOffice(ctx, 'Escritório A', 'a.com.br');
      app = await buildApp(ctx, { webRoot: null });
      await app.ready();
      admin = await loginAs(app, 'admin@a.com.br');
      const client = await postCreated<{ id: string }>(admin, '/api/clients', {
        legalName: 'Padaria / Pão: Quente',
        document: cnpj(5001),
      });
      const contact = await postCreated<{ id: string }>(admin, `/api/clients/${client.id}/contacts`, {
        name: 'Maria',
        email: 'maria@padaria.com.br',
      });
      const base = templateBody();
      const t = await createTemplate(admin, {
        items: [{ ...base.items[0], maxBytes: 10 * 1024 * 1024 }, base.items[1], base.items[2]],
      });
      await scheduleOnce(admin, t.id, [client.id], '2026-11');
      const token = ok<{ token: string }>(
        await admin.request({ method: 'POST', url: `/api/collection/contacts/${contact.id}/link` }),
      ).token;
      const view = ok<PortalView>(
        await app.inject({ method: 'GET', url: `/api/portal/collection/${token}` }),
      );
      const req = view.companies[0]!.requests[0]!;
      requestId = req.id;
      const [extrato, notas, folha] = req.items as [
        (typeof req.items)[number],
        (typeof req.items)[number],
        (typeof req.items)[number],
      ];
      const up = (itemId: string, name: string, content: Buffer | string) =>
        app.inject({
          method: 'POST',
          url: `/api/portal/collection/${token}/items/${itemId}/files`,
          ...multipart([{ name, content }]),
        });
      for (let i = 0; i < 4; i++)
        expect((await up(extrato.id, `extrato-${i}.pdf`, bigPdf)).statusCode).toBe(201);
      expect((await up(extrato.id, 'resumo.pdf', tinyPdf)).statusCode).toBe(201);
      expect((await up(notas.id, 'nota.xml', '<nfe n="1"/>')).statusCode).toBe(201);
      expect((await up(notas.id, 'nota.xml', '<nfe n="2"/>')).statusCode).toBe(201);
      ok(
        await app.inject({
          method: 'POST',
          url: `/api/portal/collection/${token}/items/${folha.id}/answer`,
          payload: { answer: 'none_this_month' },
        }),
      );
    });
    afterAll(async () => {
      await app.close();
      await ctx.destroy();
    });

    it('has client/competência/item folders, every file with its bytes, and the manifest with SHA-256', async () => {
      const res = await admin.request({ method: 'GET', url: `/api/collection/requests/${requestId}/zip` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toContain('.zip');
      const files = unzipSync(new Uint8Array(res.rawPayload));
      const root = 'Padaria _ Pão_ Quente/2026-11';
      expect(Object.keys(files).sort()).toEqual(
        [
          `${root}/01 Extrato bancário/extrato-0.pdf`,
          `${root}/01 Extrato bancário/extrato-1.pdf`,
          `${root}/01 Extrato bancário/extrato-2.pdf`,
          `${root}/01 Extrato bancário/extrato-3.pdf`,
          `${root}/01 Extrato bancário/resumo.pdf`,
          `${root}/02 Notas de entrada (XML)/nota (2).xml`,
          `${root}/02 Notas de entrada (XML)/nota.xml`,
          `${root}/manifest.csv`,
        ].sort(),
      );
      expect(sha(files[`${root}/01 Extrato bancário/extrato-2.pdf`]!)).toBe(sha(bigPdf));
      expect(Buffer.from(files[`${root}/02 Notas de entrada (XML)/nota (2).xml`]!).toString()).toBe(
        '<nfe n="2"/>',
      );
      const manifest = Buffer.from(files[`${root}/manifest.csv`]!)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
      const lines = manifest.trim().split('\n');
      expect(lines[0]).toBe('item;resposta;arquivo;quem;quando;sha256');
      expect(lines).toContain(
        `Notas de entrada (XML);Recebido;02 Notas de entrada (XML)/nota (2).xml;Maria;23/11/2026 09:00;${sha('<nfe n="2"/>')}`,
      );
      expect(lines.find((l) => l.startsWith('Folha de pagamento;Este mês não tenho;;Maria'))).toBeDefined();
      expect(lines).toHaveLength(1 + 5 + 2 + 1);
    });

    it('stops cleanly when the browser cancels: no error logged, no blob left open', async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const received = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: `/api/collection/requests/${requestId}/zip`,
            headers: { cookie: admin.cookie },
          },
          (res) => {
            let n = 0;
            res.on('data', (chunk: Buffer) => {
              n += chunk.length;
              // Cancel once the first megabyte arrived (the zip is about 12 MB).
              if (n > 1024 * 1024) {
                req.destroy();
                resolve(n);
              }
            });
            res.on('error', () => {});
          },
        );
        req.on('error', (err) => {
          if (!req.destroyed) reject(err);
        });
        req.end();
      });
      expect(received).toBeGreaterThan(1024 * 1024);
      for (let i = 0; i < 50 && openZipReads() > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(openZipReads()).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(logged.filter((l) => l.level >= 50)).toEqual([]);
    });
  });
}
