import { beforeAll, describe, expect, it } from 'vitest';
import { cnpj, createClientVia, expectFieldErrors, expectProblem } from '../http/helpers.js';
import { useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { tinyPdf } from './helpers.js';

interface CertidaoDto {
  id: string;
  type: string;
  status: string;
  issuedOn: string;
  validUntil: string;
  file: { name: string; size: number; contentType: string } | null;
  state: string;
  daysLeft: number;
}
interface Overview {
  requiredTypes: string[];
  requiredIsDefault: boolean;
  items: CertidaoDto[];
  summary: { type: string; required: boolean; current: CertidaoDto | null; situation: string }[];
}

describe.each(dialects)('certidões API on %s', (dialect) => {
  // "Today" is 2026-11-23 (the test clock).
  const t = useTestApp(dialect);
  const admin = useSession(t, 'admin@a.com.br');
  const other = useSession(t, 'admin@b.com.br');
  let companyId: string;
  let personId: string;
  const url = (id = companyId) => `/api/clients/${id}/certidoes`;
  const pdf = tinyPdf('CND Federal');

  beforeAll(async () => {
    companyId = (await createClientVia(admin, { legalName: 'Mercado Bom Preço Ltda', document: cnpj(31) }))
      .id;
    personId = (await createClientVia(admin, { legalName: 'Ana Souza', document: '111.444.777-35' })).id;
  });

  it('requires all five types of a company and none of a person by default', async () => {
    const company = (await admin.request({ method: 'GET', url: url() })).json<Overview>();
    expect(company.requiredIsDefault).toBe(true);
    expect(company.requiredTypes).toEqual(['federal', 'fgts', 'trabalhista', 'estadual', 'municipal']);
    expect(company.summary.map((s) => s.situation)).toEqual([
      'missing',
      'missing',
      'missing',
      'missing',
      'missing',
    ]);
    const person = (await admin.request({ method: 'GET', url: url(personId) })).json<Overview>();
    expect(person.requiredTypes).toEqual([]);
    expect(person.summary.every((s) => s.situation === 'not_required')).toBe(true);
  });

  it('stores a certidão with its PDF, serves the file back and shows the situation per type', async () => {
    const res = await admin.request({
      method: 'POST',
      url: url(),
      payload: {
        type: 'federal',
        status: 'positiva_efeitos_negativa',
        issuedOn: '2026-10-01',
        validUntil: '2027-03-30',
        number: 'ABCD.1234.5678.9012',
        file: { name: 'CND federal.pdf', contentType: 'application/pdf', data: pdf.toString('base64') },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<CertidaoDto>();
    expect(created).toMatchObject({
      type: 'federal',
      state: 'valid',
      file: { name: 'CND federal.pdf', size: pdf.length, contentType: 'application/pdf' },
    });
    const file = await admin.request({ method: 'GET', url: `${url()}/${created.id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.rawPayload.equals(pdf)).toBe(true);

    await admin.request({
      method: 'POST',
      url: url(),
      payload: { type: 'fgts', status: 'negativa', issuedOn: '2026-10-20', validUntil: '2026-11-19' },
    });
    await admin.request({
      method: 'POST',
      url: url(),
      payload: { type: 'trabalhista', status: 'negativa', issuedOn: '2026-06-01', validUntil: '2026-11-30' },
    });
    await admin.request({
      method: 'POST',
      url: url(),
      payload: { type: 'estadual', status: 'positiva', issuedOn: '2026-11-01', validUntil: '2027-01-30' },
    });
    const o = (await admin.request({ method: 'GET', url: url() })).json<Overview>();
    expect(Object.fromEntries(o.summary.map((s) => [s.type, s.situation]))).toEqual({
      federal: 'ok',
      fgts: 'expired',
      trabalhista: 'expiring',
      estadual: 'positiva',
      municipal: 'missing',
    });
    expect(o.summary.find((s) => s.type === 'trabalhista')?.current?.daysLeft).toBe(7);
  });

  it('refuses a file that is not a PDF, a file too large and a validity before the issue, writing nothing', async () => {
    const count = async () =>
      (await admin.request({ method: 'GET', url: url() })).json<Overview>().items.length;
    const before = await count();
    const base = { type: 'municipal', status: 'negativa', issuedOn: '2026-11-01', validUntil: '2027-01-30' };
    /** Posts `base` with these changes: each refusal below differs from a valid certidão in one way. */
    const post = (over: Record<string, unknown>) =>
      admin.request({ method: 'POST', url: url(), payload: { ...base, ...over } });
    const notPdf = await post({
      file: { name: 'x.pdf', contentType: 'application/pdf', data: Buffer.from('MZ\x90').toString('base64') },
    });
    expect(expectProblem(notPdf, 400, 'certidoes.file_not_pdf').errors?.[0]?.field).toBe('file');
    const exe = await post({
      file: { name: 'x.exe', contentType: 'application/x-msdownload', data: pdf.toString('base64') },
    });
    expectProblem(exe, 400, 'certidoes.file_not_pdf');
    const big = Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await post({
      file: { name: 'grande.pdf', contentType: 'application/pdf', data: big.toString('base64') },
    });
    expect(expectProblem(tooBig, 413, 'certidoes.file_too_large').detail).toContain('5 MB');
    const backwards = await post({ issuedOn: '2026-11-10', validUntil: '2026-11-01' });
    expect(expectFieldErrors(backwards).map((e) => e.field)).toEqual(['validUntil']);
    const badType = await post({ type: 'xpto' });
    expect(expectFieldErrors(badType).map((e) => e.field)).toEqual(['type']);
    expect(await count()).toBe(before);
  });

  it('edits a certidão, removes its file, and changes the required types, auditing each change', async () => {
    const o = (await admin.request({ method: 'GET', url: url() })).json<Overview>();
    const federal = o.items.find((c) => c.type === 'federal')!;
    const patched = await admin.request({
      method: 'PATCH',
      url: `${url()}/${federal.id}`,
      payload: { status: 'negativa', file: null },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<CertidaoDto>()).toMatchObject({ status: 'negativa', file: null });
    expectProblem(
      await admin.request({ method: 'GET', url: `${url()}/${federal.id}/file` }),
      404,
      'certidoes.no_file',
    );
    const backwards = await admin.request({
      method: 'PATCH',
      url: `${url()}/${federal.id}`,
      payload: { validUntil: '2026-01-01' },
    });
    expect(expectFieldErrors(backwards).map((e) => e.field)).toEqual(['validUntil']);

    const req = await admin.request({
      method: 'PUT',
      url: `${url()}/required-types`,
      payload: { types: ['fgts', 'federal', 'fgts'] },
    });
    expect(req.statusCode, req.body).toBe(200);
    expect(req.json<Overview>()).toMatchObject({
      requiredTypes: ['federal', 'fgts'],
      requiredIsDefault: false,
    });
    const reset = await admin.request({
      method: 'PUT',
      url: `${url()}/required-types`,
      payload: { types: null },
    });
    expect(reset.json<Overview>().requiredIsDefault).toBe(true);

    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where('entity', 'in', ['client_certidao', 'client_certidao_requirements'])
      .where('entity_id', 'in', [federal.id, companyId])
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { entity: 'client_certidao', action: 'create' },
      { entity: 'client_certidao', action: 'update' },
      { entity: 'client_certidao_requirements', action: 'update' },
      { entity: 'client_certidao_requirements', action: 'update' },
    ]);
    const del = await admin.request({ method: 'DELETE', url: `${url()}/${federal.id}` });
    expect(del.statusCode).toBe(204);
  });

  it('answers 404 to another office', async () => {
    const mine = (await admin.request({ method: 'GET', url: url() })).json<Overview>().items[0]!;
    expectProblem(await other.request({ method: 'GET', url: url() }), 404, 'clients.not_found');
    expectProblem(
      await other.request({ method: 'PUT', url: `${url()}/required-types`, payload: { types: [] } }),
      404,
      'clients.not_found',
    );
    expectProblem(
      await other.request({
        method: 'POST',
        url: url(),
        payload: { type: 'fgts', status: 'negativa', issuedOn: '2026-11-01', validUntil: '2026-12-01' },
      }),
      404,
      'clients.not_found',
    );
    expectProblem(
      await other.request({ method: 'PATCH', url: `${url()}/${mine.id}`, payload: { notes: 'x' } }),
      404,
      'certidoes.not_found',
    );
    expectProblem(
      await other.request({ method: 'GET', url: `${url()}/${mine.id}/file` }),
      404,
      'certidoes.not_found',
    );
    expectProblem(
      await other.request({ method: 'DELETE', url: `${url()}/${mine.id}` }),
      404,
      'certidoes.not_found',
    );
    const still = (await admin.request({ method: 'GET', url: url() })).json<Overview>();
    expect(still.items.map((c) => c.id)).toContain(mine.id);
    expect(still.requiredIsDefault).toBe(true);
  });
});
