import { describe, expect, it } from 'vitest';
import { setClientExtra } from '../../src/server/modules/clients/index.js';
import { useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { cnpj, createClientVia, expectProblem } from './helpers.js';

describe.each(dialects)('a client’s complementary data over HTTP on %s', (dialect) => {
  const t = useTestApp(dialect);
  const admin = useSession(t, 'admin@a.com.br');
  const adminB = useSession(t, 'admin@b.com.br');

  it('shows what the ERP import wrote: known keys first in a fixed order, then the others by name', async () => {
    const client = await createClientVia(admin, { legalName: 'Padaria Dados Ltda', document: cnpj(7001) });
    const empty = await admin.request({ method: 'GET', url: `/api/clients/${client.id}/extra` });
    expect(empty.json()).toEqual({ updatedAt: null, fields: [] });

    await setClientExtra(
      t.ctx.db,
      t.a.office.id,
      client.id,
      {
        zona: 'Norte',
        accumulatedCents: 120_000,
        purchaseCount: 7,
        lastPurchaseDate: '2026-10-05',
        canal: 'loja',
        lastInvoice: '',
      },
      new Date('2026-11-20T12:00:00.000Z'),
    );
    const res = await admin.request({ method: 'GET', url: `/api/clients/${client.id}/extra` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      updatedAt: '2026-11-20T12:00:00.000Z',
      fields: [
        { key: 'lastPurchaseDate', value: '2026-10-05' },
        { key: 'accumulatedCents', value: 120_000 },
        { key: 'purchaseCount', value: 7 },
        { key: 'canal', value: 'loja' },
        { key: 'zona', value: 'Norte' },
      ],
    });
    expectProblem(
      await adminB.request({ method: 'GET', url: `/api/clients/${client.id}/extra` }),
      404,
      'clients.not_found',
    );
  });
});
