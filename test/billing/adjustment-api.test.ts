/**
 * The yearly fee adjustment on both dialects: by index (IPCA recorded month by month), by a fixed
 * percentage, by a multiple of the salário mínimo (the office's table); the preview with the letter, a
 * contract missing an index month listed with what to record; applied once, on the anniversary.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { monthsBefore } from '../../src/server/modules/billing/adjustment/adjust.js';
import { cnpj, createClientVia } from '../http/helpers.js';
import { relogin, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { noonSP } from './helpers.js';

describe.each(dialects)('fee adjustment on %s', (dialect) => {
  const t = useTestApp(dialect, { at: noonSP('2026-12-20') });
  const admin = useSession(t, 'admin@a.com.br');
  const ids: string[] = [];

  beforeAll(async () => {
    for (const [i, rule] of [
      { method: 'index', index: 'IPCA' },
      { method: 'percentage', bp: 750 },
      { method: 'minimum_wage', mwMultiple: 1500 },
      { method: 'index', index: 'INPC' },
    ].entries()) {
      const c = await createClientVia(admin, { legalName: `Reajuste ${i} Ltda`, document: cnpj(700 + i) });
      ids.push(c.id);
      await admin.request({
        method: 'PUT',
        url: `/api/clients/${c.id}/fee-contract`,
        payload: {
          amountCents: 150_000,
          dueRule: 'day',
          dueDay: 10,
          startPeriod: '2026-01',
          readjustmentDate: '2027-01-01',
        },
      });
      const r = await admin.request({
        method: 'PUT',
        url: `/api/clients/${c.id}/fee-contract/adjustment`,
        payload: rule,
      });
      expect(r.statusCode, r.body).toBe(204);
    }
    for (const month of monthsBefore('2027-01-01')) {
      await admin.request({
        method: 'PUT',
        url: '/api/billing/adjustment/rates',
        payload: { index: 'IPCA', month, ratePpm: 4000 },
      });
    }
    await admin.request({
      method: 'PUT',
      url: '/api/billing/adjustment/minimum-wages',
      payload: { year: 2027, amountCents: 170_000 },
    });
  });

  it('previews new values with the letter, lists missing data, and applies each once on the anniversary', async () => {
    const res = await admin.request({
      method: 'GET',
      url: '/api/billing/adjustment/preview?until=2027-01-31',
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      clientId: string;
      newAmountCents: number | null;
      status: string;
      missing: string[];
      letter: { body: string } | null;
    }[];
    const by = (i: number) => items.find((x) => x.clientId === ids[i])!;
    expect(by(0)).toMatchObject({ newAmountCents: 157_361, status: 'previewed' });
    expect(by(1)).toMatchObject({ newAmountCents: 161_250, status: 'previewed' });
    expect(by(2)).toMatchObject({ newAmountCents: 255_000, status: 'previewed' });
    expect(by(3)).toMatchObject({ newAmountCents: null, status: 'incomplete' });
    expect(by(3).missing).toHaveLength(12);
    expect(by(0).letter!.body).toContain('Novo valor: R$ 1.573,61');
    expect(by(0).letter!.body).toContain('IPCA acumulado de 2026-01 a 2026-12: 4,91%');
    // Before the anniversary nothing applies.
    expect((await admin.request({ method: 'POST', url: '/api/billing/adjustment/apply' })).json()).toEqual({
      applied: 0,
    });
    t.ctx.clock.set(noonSP('2027-01-01'));
    // Twelve days later the session has expired: log in again.
    await relogin(admin, t.app, 'admin@a.com.br');
    expect((await admin.request({ method: 'POST', url: '/api/billing/adjustment/apply' })).json()).toEqual({
      applied: 3,
    });
    expect((await admin.request({ method: 'POST', url: '/api/billing/adjustment/apply' })).json()).toEqual({
      applied: 0,
    });
    const contract = (await admin.request({ method: 'GET', url: `/api/clients/${ids[1]}/billing` })).json()
      .contract;
    expect(contract).toMatchObject({ amountCents: 161_250, readjustmentDate: '2028-01-01' });
    const untouched = (await admin.request({ method: 'GET', url: `/api/clients/${ids[3]}/billing` })).json()
      .contract;
    expect(untouched).toMatchObject({ amountCents: 150_000, readjustmentDate: '2027-01-01' });
  });
});
