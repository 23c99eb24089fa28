import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnpj, createClientVia, expectFieldErrors, expectProblem, missingId } from '../http/helpers.js';
import { auditActions } from '../support/audit.js';
import { useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { makePfx } from './helpers.js';

const PASSWORD = 'Senha-do-A1-2026';

interface CertificateDto {
  id: string;
  kind: 'a1' | 'a3';
  holderName: string;
  document: string | null;
  issuer: string | null;
  serialNumber: string | null;
  notAfter: string;
  expiresOn: string;
  daysLeft: number;
  state: string;
  documentCheck: string;
  notes: string | null;
  hasPublicCertificate: boolean;
}

describe.each(dialects)('certificates API on %s', (dialect) => {
  const t = useTestApp(dialect);
  const admin = useSession(t, 'admin@a.com.br');
  const other = useSession(t, 'admin@b.com.br');
  let clientId: string;
  let clientDoc: string;
  let otherClientId: string;

  const url = (id = clientId) => `/api/clients/${id}/certificates`;
  const pfxBase64 = (document: string, notAfter = '2027-05-20T15:00:00Z', password = PASSWORD) =>
    makePfx({ holder: 'PADARIA ESTRELA LTDA', document, notAfter, password }).toString('base64');

  beforeAll(async () => {
    const c = await createClientVia(admin, { legalName: 'Padaria Estrela Ltda', document: cnpj(4242) });
    clientId = c.id;
    clientDoc = c.document;
    otherClientId = (
      await createClientVia(other, { legalName: 'Outro Escritório Cliente', document: cnpj(77) })
    ).id;
  });

  const rowCount = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('client_certificates')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('reads an A1 file without saving it', async () => {
    const res = await admin.request({
      method: 'POST',
      url: `${url()}/inspect`,
      payload: { file: pfxBase64(clientDoc), password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      holderName: 'PADARIA ESTRELA LTDA',
      document: clientDoc,
      documentKind: 'cnpj',
      documentSource: 'icp-brasil-san',
      certificateType: 'e-CNPJ',
      responsible: { name: 'MARIA DA SILVA', cpf: null },
      issuer: 'AC Teste Expediente v5',
      notAfter: '2027-05-20T15:00:00.000Z',
      expiresOn: '2027-05-20',
      documentCheck: 'match',
      state: 'valid',
      hasPrivateKey: true,
      icpBrasil: true,
      duplicate: false,
      warnings: [],
    });
    expect(await rowCount()).toBe(0);
  });

  it('registers an A1, keeps its metadata and public part only, and audits it', async () => {
    const file = pfxBase64(clientDoc);
    const res = await admin.request({
      method: 'POST',
      url: url(),
      payload: { kind: 'a1', file, password: PASSWORD, notes: 'Renovado pela contadora' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { certificate, warnings } = res.json<{ certificate: CertificateDto; warnings: unknown[] }>();
    expect(warnings).toEqual([]);
    expect(certificate).toMatchObject({
      kind: 'a1',
      holderName: 'PADARIA ESTRELA LTDA',
      document: clientDoc,
      expiresOn: '2027-05-20',
      documentCheck: 'match',
      hasPublicCertificate: true,
      notes: 'Renovado pela contadora',
    });

    // Nothing stored anywhere holds the password or the private key.
    const row = await t.ctx.db.selectFrom('client_certificates').selectAll().executeTakeFirstOrThrow();
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'client_certificate')
      .where('entity_id', '=', certificate.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
    const stored = JSON.stringify({ row, audit });
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toMatch(/PRIVATE KEY/);
    expect(row.certificate_pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(stored).not.toContain(file.slice(100, 200));

    const list = await admin.request({ method: 'GET', url: url() });
    expect(list.json<{ items: CertificateDto[] }>().items.map((c) => c.id)).toEqual([certificate.id]);

    const pem = await admin.request({ method: 'GET', url: `${url()}/${certificate.id}/certificate.pem` });
    expect(pem.statusCode).toBe(200);
    expect(pem.body).toMatch(/^-----BEGIN CERTIFICATE-----/);

    // The same file again is refused; the inspection says so beforehand.
    const inspect = await admin.request({
      method: 'POST',
      url: `${url()}/inspect`,
      payload: { file, password: PASSWORD },
    });
    expect(inspect.json<{ duplicate: boolean }>().duplicate).toBe(true);
    const again = await admin.request({
      method: 'POST',
      url: url(),
      payload: { kind: 'a1', file, password: PASSWORD },
    });
    expectProblem(again, 409, 'certificates.duplicate');
  });

  it('says the password is wrong, in the request language, on the password field, writing nothing', async () => {
    const before = await rowCount();
    const file = pfxBase64(clientDoc, '2027-08-01T00:00:00Z');
    const res = await admin.request({
      method: 'POST',
      url: url(),
      payload: { kind: 'a1', file, password: 'senha-errada' },
    });
    const problem = expectProblem(res, 400, 'certificates.wrong_password');
    expect(problem.detail).toBe('Senha do certificado incorreta.');
    expect(problem.errors).toEqual([
      { field: 'password', code: 'wrong_password', message: 'Senha do certificado incorreta.' },
    ]);
    const en = await admin.request({
      method: 'POST',
      url: `${url()}/inspect`,
      headers: { 'accept-language': 'en' },
      payload: { file, password: 'wrong' },
    });
    expect(expectProblem(en, 400, 'certificates.wrong_password').detail).toBe('Wrong certificate password.');
    expect(await rowCount()).toBe(before);
  });

  it('says a corrupt or foreign file is not a certificate, on the file field', async () => {
    const before = await rowCount();
    for (const file of [
      randomBytes(3000).toString('base64'),
      Buffer.from('%PDF-1.7 não é um certificado').toString('base64'),
      'isto não é base64!',
      pfxBase64(clientDoc).slice(0, 2000),
    ]) {
      const res = await admin.request({
        method: 'POST',
        url: url(),
        payload: { kind: 'a1', file, password: 'x' },
      });
      const problem = expectProblem(res, 400, 'certificates.unreadable');
      expect(problem.errors?.[0]?.field).toBe('file');
      expect(problem.detail).toMatch(/não é um certificado A1 válido/);
    }
    const missing = await admin.request({
      method: 'POST',
      url: url(),
      payload: { kind: 'a1', password: 'x' },
    });
    expect(expectFieldErrors(missing).map((e) => e.field)).toContain('file');
    expect(await rowCount()).toBe(before);
  });

  it('warns, without refusing, when the certificate is not the client’s', async () => {
    const res = await admin.request({
      method: 'POST',
      url: url(),
      payload: { kind: 'a1', file: pfxBase64(cnpj(999).replace(/\D/g, '')), password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ certificate: CertificateDto; warnings: { code: string; message: string }[] }>();
    expect(body.certificate.documentCheck).toBe('mismatch');
    expect(body.warnings.map((w) => w.code)).toEqual(['document_mismatch']);
    expect(body.warnings[0]!.message).toContain('é diferente do CNPJ/CPF do cliente');
  });

  it('registers an A3 by hand, validates it, and edits it; an A1 only takes notes', async () => {
    const bad = await admin.request({
      method: 'POST',
      url: url(),
      payload: { kind: 'a3', holderName: 'X', document: '123', notAfter: '2027-02-30' },
    });
    expect(
      expectFieldErrors(bad)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['document', 'holderName', 'notAfter']);

    const res = await admin.request({
      method: 'POST',
      url: url(),
      payload: {
        kind: 'a3',
        holderName: 'João Souza',
        document: '111.444.777-35',
        notAfter: '2027-01-31',
        media: 'token',
        issuer: 'AC Certisign',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { certificate, warnings } = res.json<{
      certificate: CertificateDto;
      warnings: { code: string }[];
    }>();
    // 23:59:59 of that day in São Paulo (UTC-3).
    expect(certificate).toMatchObject({
      kind: 'a3',
      expiresOn: '2027-01-31',
      notAfter: '2027-02-01T02:59:59.000Z',
    });
    expect(warnings.map((w) => w.code)).toEqual(['document_mismatch']);

    const patched = await admin.request({
      method: 'PATCH',
      url: `${url()}/${certificate.id}`,
      payload: { notAfter: '2027-03-10', notes: 'Token na gaveta' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<{ certificate: CertificateDto }>().certificate).toMatchObject({
      expiresOn: '2027-03-10',
      notes: 'Token na gaveta',
    });

    const a1 = (await admin.request({ method: 'GET', url: url() }))
      .json<{ items: CertificateDto[] }>()
      .items.find((c) => c.kind === 'a1')!;
    const readOnly = await admin.request({
      method: 'PATCH',
      url: `${url()}/${a1.id}`,
      payload: { holderName: 'Outro nome' },
    });
    expect(expectProblem(readOnly, 400, 'certificates.a1_read_only').errors?.[0]?.field).toBe('holderName');
    const notes = await admin.request({
      method: 'PATCH',
      url: `${url()}/${a1.id}`,
      payload: { notes: 'ok' },
    });
    expect(notes.statusCode).toBe(200);

    const del = await admin.request({ method: 'DELETE', url: `${url()}/${certificate.id}` });
    expect(del.statusCode).toBe(204);
    expect(await auditActions(t.ctx, 'client_certificate', certificate.id)).toEqual([
      'create',
      'update',
      'delete',
    ]);
    expectProblem(
      await admin.request({ method: 'DELETE', url: `${url()}/${certificate.id}` }),
      404,
      'certificates.not_found',
    );
  });

  it('documents its routes in the OpenAPI, with both kinds of body', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/clients/{id}/certificates',
      '/api/clients/{id}/certificates/inspect',
      '/api/clients/{id}/certificates/{certificateId}',
      '/api/clients/{id}/certidoes',
      '/api/clients/{id}/certidoes/required-types',
      '/api/clients/{id}/certidoes/{certidaoId}/file',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    const body = JSON.stringify(doc.paths['/api/clients/{id}/certificates'].post.requestBody);
    expect(body).toContain('"a1"');
    expect(body).toContain('"a3"');
  });

  it('answers 404 to another office, whatever the route', async () => {
    const mine = (await admin.request({ method: 'GET', url: url() })).json<{ items: CertificateDto[] }>()
      .items[0]!;
    const before = await rowCount();
    expectProblem(await other.request({ method: 'GET', url: url() }), 404, 'clients.not_found');
    expectProblem(
      await other.request({
        method: 'POST',
        url: `${url()}/inspect`,
        payload: { file: pfxBase64(clientDoc), password: PASSWORD },
      }),
      404,
      'clients.not_found',
    );
    expectProblem(
      await other.request({
        method: 'POST',
        url: url(),
        payload: { kind: 'a3', holderName: 'Intruso', document: clientDoc, notAfter: '2027-01-01' },
      }),
      404,
      'clients.not_found',
    );
    expectProblem(
      await other.request({ method: 'PATCH', url: `${url()}/${mine.id}`, payload: { notes: 'x' } }),
      404,
      'clients.not_found',
    );
    expectProblem(
      await other.request({ method: 'DELETE', url: `${url()}/${mine.id}` }),
      404,
      'clients.not_found',
    );
    // Its own client, with our certificate's id: still not found.
    expectProblem(
      await other.request({
        method: 'PATCH',
        url: `${url(otherClientId)}/${mine.id}`,
        payload: { notes: 'x' },
      }),
      404,
      'certificates.not_found',
    );
    expectProblem(
      await other.request({ method: 'GET', url: `${url(otherClientId)}/${mine.id}/certificate.pem` }),
      404,
      'certificates.not_found',
    );
    expectProblem(await admin.request({ method: 'GET', url: url(missingId) }), 404, 'clients.not_found');
    expect(await rowCount()).toBe(before);
    const row = await t.ctx.db
      .selectFrom('client_certificates')
      .select('notes')
      .where('id', '=', mine.id)
      .executeTakeFirstOrThrow();
    expect(row.notes).not.toBe('x');
  });
});
