import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClamdAddress } from '../../src/server/blobs/virus-scan-config.js';
import type { RequestDetail, RequestRow } from '../../src/server/modules/collection/index.js';
import { type ClamdStandIn, EICAR, startClamdStandIn } from '../support/clamd-standin.js';
import { dialects } from '../support/test-db.js';
import { multipart, tinyPdf } from '../tickets/helpers.js';
import { type CollectionWorld, collectionWorld, ok, scheduleOnce } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/collection/${name}`, import.meta.url));

for (const dialect of dialects) {
  describe(`collection uploads: content checks and virus scan (${dialect})`, () => {
    let w: CollectionWorld;
    let clamd: ClamdStandIn;
    let request: RequestDetail;
    const item = (name: string) => request.items.find((i) => i.name === name)!;

    beforeAll(async () => {
      clamd = await startClamdStandIn();
      w = await collectionWorld(dialect, { clamav: parseClamdAddress(clamd.address) });
      await scheduleOnce(w.adminA, w.template.id, [w.clients.padaria.id], '2026-03');
      const list = ok<{ items: RequestRow[] }>(
        await w.adminA.request({
          method: 'GET',
          url: `/api/collection/requests?clientId=${w.clients.padaria.id}`,
        }),
      );
      request = ok<RequestDetail>(
        await w.adminA.request({ method: 'GET', url: `/api/collection/requests/${list.items[0]!.id}` }),
      );
    });
    afterAll(async () => {
      await w.close();
      await clamd.stop();
    });

    it('warns the client on the page about a statement of another month, and keeps the file', async () => {
      const { token } = ok<{ token: string }>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/contacts/${w.contacts.maria.id}/link`,
        }),
      );
      const res = await w.app.inject({
        method: 'POST',
        url: `/api/portal/collection/${token}/items/${item('Extrato bancário').id}/files`,
        ...multipart([{ name: 'extrato.ofx', content: fixture('extrato-v2-2026-04.ofx') }]),
      });
      const body = ok<{ file: { name: string }; warnings: { code: string; message: string }[] }>(res, 201);
      expect(body.file.name).toBe('extrato.ofx');
      expect(body.warnings.map((x) => x.code)).toEqual(['statement_other_period']);
      expect(JSON.stringify(body.warnings)).toContain(
        'Este extrato é de abril de 2026; pedimos março de 2026',
      );
    });

    it('refuses an XML that is not XML, and an infected file beside a clean one', async () => {
      const fake = await w.adminA.request({
        method: 'POST',
        url: `/api/collection/requests/${request.id}/items/${item('Notas de entrada (XML)').id}/files`,
        ...multipart([{ name: 'notas.xml', content: tinyPdf }]),
      });
      expect(fake.statusCode).toBe(400);
      expect(fake.json()).toMatchObject({ code: 'collection.file_content_mismatch' });

      const res = ok<{ items: { name: string }[]; refused: { name: string; code: string }[] }>(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/requests/${request.id}/items/${item('Extrato bancário').id}/files`,
          ...multipart([
            { name: 'extrato.pdf', content: tinyPdf },
            { name: 'virus.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(EICAR)]) },
          ]),
        }),
        201,
      );
      expect(res.items.map((f) => f.name)).toEqual(['extrato.pdf']);
      expect(res.refused).toEqual([
        expect.objectContaining({ name: 'virus.pdf', code: 'blobs.file_infected' }),
      ]);
      expect(clamd.scans.map((s) => s.verdict)).toContain('stream: Eicar-Signature FOUND');
    });
  });
}
