/**
 * The fee contract carries its yearly adjustment rule (#21 item 7), on both dialects: saved with the
 * contract in one request (an index, a fixed percentage or a salário-mínimo multiple) and shown back; left
 * out, the rule stays; `null` clears it. The preview adjusts by the saved rule on the anniversary. Bad input
 * is refused field by field in pt-BR and English and writes nothing: a rule without the anniversary, a
 * percentage or a multiple out of range, an unknown index or method, another office's client.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cnpj, createClientVia, expectFieldErrors, expectProblem } from '../http/helpers.js';
import { type Session, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { noonSP } from './helpers.js';

const base = {
  amountCents: 200_000,
  dueRule: 'day',
  dueDay: 10,
  startPeriod: '2026-01',
  readjustmentDate: '2027-01-05',
};

describe.each(dialects)('fee contract with its adjustment rule on %s', (dialect) => {
  const t = useTestApp(dialect, { at: noonSP('2026-12-20') });
  const admin = useSession(t, 'admin@a.com.br');
  const adminB = useSession(t, 'admin@b.com.br');
  let clientId: string;
  const put = (s: Session, payload: Record<string, unknown>, lang = 'pt-BR') =>
    s.request({
      method: 'PUT',
      url: `/api/clients/${clientId}/fee-contract`,
      payload,
      headers: { 'accept-language': lang },
    });
  const contract = async () =>
    (await admin.request({ method: 'GET', url: `/api/clients/${clientId}/billing` })).json().contract;

  beforeAll(async () => {
    clientId = (
      await createClientVia(admin, { legalName: 'Reajuste no Contrato Ltda', document: cnpj(7701) })
    ).id;
  });

  it('saves each kind of rule with the contract and shows it back; left out it stays, null clears it', async () => {
    for (const rule of [
      { method: 'index', index: 'IGPM' },
      { method: 'minimum_wage', mwMultiple: 1500 },
      { method: 'percentage', bp: 525 },
    ]) {
      const res = await put(admin, { ...base, adjustment: rule });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().adjustment).toEqual(rule);
      expect((await contract()).adjustment).toEqual(rule);
    }
    // Saving the contract without the field keeps the rule (callers that do not know it change nothing).
    const kept = await put(admin, { ...base, amountCents: 210_000 });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toMatchObject({
      amountCents: 210_000,
      adjustment: { method: 'percentage', bp: 525 },
    });

    // The preview adjusts by the rule saved in the form: 5,25% over R$ 2.100,00.
    const preview = await admin.request({
      method: 'GET',
      url: '/api/billing/adjustment/preview?until=2027-01-31',
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const item = preview.json().items.find((i: { clientId: string }) => i.clientId === clientId);
    expect(item).toMatchObject({ method: 'percentage', oldAmountCents: 210_000, newAmountCents: 221_025 });

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'fee_contract')
      .orderBy('at')
      .execute();
    expect(audit.some((a) => String(a.after).includes('"bp":525'))).toBe(true);

    const cleared = await put(admin, { ...base, adjustment: null });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().adjustment).toBeNull();
    expect((await contract()).adjustment).toBeNull();
  });

  it('refuses bad rules field by field, in pt-BR and English, and writes nothing', async () => {
    expect((await put(admin, { ...base, adjustment: { method: 'index', index: 'IPCA' } })).statusCode).toBe(
      200,
    );
    const before = await contract();

    const noDate = expectFieldErrors(
      await put(admin, { ...base, readjustmentDate: null, adjustment: { method: 'percentage', bp: 500 } }),
    );
    expect(noDate).toEqual([
      {
        field: 'readjustmentDate',
        code: 'anniversary_required',
        message: 'Informe a data de aniversário do contrato: o reajuste anual é aplicado nela.',
      },
    ]);
    const noDateEn = expectFieldErrors(
      await put(
        admin,
        { ...base, readjustmentDate: null, adjustment: { method: 'percentage', bp: 500 } },
        'en',
      ),
    );
    expect(noDateEn[0]!.message).toBe(
      "Enter the contract's anniversary: the yearly adjustment is applied on it.",
    );

    // The rule already saved needs its anniversary too when the form leaves the rule out.
    const keptNoDate = expectFieldErrors(await put(admin, { ...base, readjustmentDate: null }));
    expect(keptNoDate.map((e) => [e.field, e.code])).toEqual([['readjustmentDate', 'anniversary_required']]);

    const pct = expectFieldErrors(
      await put(admin, { ...base, adjustment: { method: 'percentage', bp: 100_001 } }),
    );
    expect(pct).toEqual([
      {
        field: 'adjustment.bp',
        code: 'too_big',
        message:
          'Informe um percentual entre -100% e 1.000%, com até duas casas decimais (por exemplo 5,25).',
      },
    ]);
    const pctEn = expectFieldErrors(
      await put(admin, { ...base, adjustment: { method: 'percentage', bp: 5.5 } }, 'en'),
    );
    expect(pctEn[0]).toMatchObject({
      field: 'adjustment.bp',
      message: 'Enter a percentage between -100% and 1,000%, with at most two decimals (e.g. 5.25).',
    });
    const mw = expectFieldErrors(
      await put(admin, { ...base, adjustment: { method: 'minimum_wage', mwMultiple: 0 } }),
    );
    expect(mw).toEqual([
      {
        field: 'adjustment.mwMultiple',
        code: 'too_small',
        message: 'Informe quantos salários mínimos: de 0,001 a 1.000 (por exemplo 1,5).',
      },
    ]);
    const index = expectFieldErrors(
      await put(admin, { ...base, adjustment: { method: 'index', index: 'SELIC' } }),
    );
    expect(index).toEqual([
      { field: 'adjustment.index', code: 'invalid_value', message: 'Escolha uma das opções.' },
    ]);
    const method = expectFieldErrors(await put(admin, { ...base, adjustment: { method: 'inflation' } }));
    expect(method.map((e) => [e.field, e.message])).toEqual([
      ['adjustment.method', 'Escolha uma das opções.'],
    ]);

    expect(await contract()).toEqual(before);
  });

  it("does not reach another office's client", async () => {
    expectProblem(
      await put(adminB, { ...base, adjustment: { method: 'percentage', bp: 500 } }),
      404,
      'billing.client_not_found',
    );
    expect((await contract()).adjustment).toEqual({ method: 'index', index: 'IPCA' });
  });
});
