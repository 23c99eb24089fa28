import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  allClients,
  type ClientDto,
  cnpj,
  createClientVia,
  expectFieldErrors,
  expectProblem,
  type Page,
  postCreated,
} from './helpers.js';

interface AuditDto {
  id: string;
  userId: string | null;
  userName: string | null;
  entity: string;
  entityId: string;
  action: string;
}

describe.each(dialects)('tenant isolation over HTTP on %s', (dialect) => {
  const t = useTestApp(dialect);
  const adminA = useSession(t, 'admin@a.com.br');
  const adminB = useSession(t, 'admin@b.com.br');
  let clientA: ClientDto;
  let clientB: ClientDto;
  let contactB: { id: string };
  let serviceB: { id: string; name: string };
  let professionB: { id: string; name: string };
  let tokenB: { id: string; token: string };
  /** Every id that belongs to office B. */
  let idsOfB: Set<string>;

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const getJson = async <T>(s: Session, url: string) => {
    const res = await s.request({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };

  beforeAll(async () => {
    clientA = await createClientVia(adminA, {
      legalName: 'Cliente Alfa Ltda',
      document: cnpj(2001),
      tags: ['alfa'],
    });
    clientB = await createClientVia(adminB, {
      legalName: 'Cliente Beta Ltda',
      document: cnpj(2002),
      class: 'B',
      tags: ['beta'],
      responsibles: [{ professionId: t.b.professions.get('Contador'), userId: t.b.admin.id }],
    });
    contactB = await postCreated(adminB, `/api/clients/${clientB.id}/contacts`, {
      name: 'Contato Beta',
      email: 'contato@beta.com.br',
    });
    serviceB = await postCreated(adminB, '/api/services', { name: 'Serviço Beta' });
    professionB = await postCreated(adminB, '/api/professions', { name: 'Auditor Beta' });
    tokenB = await postCreated(adminB, '/api/tokens', { name: 'Token Beta' });
    idsOfB = new Set([
      t.b.office.id,
      t.b.admin.id,
      t.b.staff.id,
      clientB.id,
      contactB.id,
      serviceB.id,
      professionB.id,
      tokenB.id,
      ...t.b.professions.values(),
    ]);
  });

  /** Office A reading and changing one of B's records at `url`: 404 `code` both times, `detail` in pt-BR. */
  const expectHiddenFromA = async (url: string, change: object, code: string, detail: string) => {
    expectProblem(await adminA.request({ method: 'GET', url }), 404, code);
    const patch = await adminA.request({ method: 'PATCH', url, payload: change });
    expect(expectProblem(patch, 404, code).detail).toBe(detail);
  };

  it("answers 404 to office A reading, changing or deleting B's client, which stays unchanged", async () => {
    const url = `/api/clients/${clientB.id}`;
    const before = await getJson<ClientDto>(adminB, url);
    const change = { legalName: 'Tomado por A', status: 'inactive' };
    await expectHiddenFromA(url, change, 'clients.not_found', 'Cliente não encontrado.');
    expectProblem(await adminA.request({ method: 'DELETE', url }), 404, 'clients.not_found');
    expect(await getJson<ClientDto>(adminB, url)).toEqual(before);
  });

  it("answers 404 to office A adding, changing or deleting B's contacts", async () => {
    const before = await getJson<{ contacts: unknown[] }>(adminB, `/api/clients/${clientB.id}`);
    const add = await adminA.request({
      method: 'POST',
      url: `/api/clients/${clientB.id}/contacts`,
      payload: { name: 'Intruso' },
    });
    expectProblem(add, 404, 'clients.not_found');
    for (const clientId of [clientB.id, clientA.id]) {
      const url = `/api/clients/${clientId}/contacts/${contactB.id}`;
      const patch = await adminA.request({ method: 'PATCH', url, payload: { name: 'Mudado por A' } });
      expect(expectProblem(patch, 404, 'clients.contact_not_found').detail).toBe('Contato não encontrado.');
      expectProblem(await adminA.request({ method: 'DELETE', url }), 404, 'clients.contact_not_found');
    }
    const after = await getJson<{ contacts: unknown[] }>(adminB, `/api/clients/${clientB.id}`);
    expect(after.contacts).toEqual(before.contacts);
    expect(after.contacts).toHaveLength(1);
    const mine = await getJson<{ contacts: unknown[] }>(adminA, `/api/clients/${clientA.id}`);
    expect(mine.contacts).toEqual([]);
  });

  it("never lists B's clients to A, nor exports them, and lets both offices hold the same document", async () => {
    const listed = await allClients(adminA);
    expect(listed.map((c) => c.id)).toEqual([clientA.id]);
    const search = await getJson<Page<ClientDto>>(adminA, '/api/clients?q=Beta');
    expect(search.total).toBe(0);
    const byTag = await getJson<Page<ClientDto>>(adminA, '/api/clients?tag=beta');
    expect(byTag.items).toEqual([]);
    const byDoc = await getJson<Page<ClientDto>>(adminA, `/api/clients?q=${encodeURIComponent(cnpj(2002))}`);
    expect(byDoc.items).toEqual([]);
    const csv = await adminA.request({ method: 'GET', url: '/api/clients/export' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Cliente Alfa Ltda');
    expect(csv.body).not.toContain('Cliente Beta');
    expect(csv.body).not.toContain(cnpj(2002));

    const twin = await createClientVia(adminA, { legalName: 'Gêmeo em A Ltda', document: cnpj(2002) });
    expect(twin.document).toBe(clientB.document);
    const res = await adminA.request({ method: 'DELETE', url: `/api/clients/${twin.id}` });
    expect(res.statusCode).toBe(204);
    expect((await getJson<ClientDto>(adminB, `/api/clients/${clientB.id}`)).legalName).toBe(
      'Cliente Beta Ltda',
    );
  });

  it("answers 404 to office A changing B's users, and never lists them", async () => {
    const beforeB = await getJson<{ items: unknown[] }>(adminB, '/api/users');
    for (const id of [t.b.admin.id, t.b.staff.id]) {
      const res = await adminA.request({
        method: 'PATCH',
        url: `/api/users/${id}`,
        payload: { name: 'Tomado', active: false },
      });
      expect(expectProblem(res, 404, 'platform.user_not_found').detail).toBe('Usuário não encontrado.');
    }
    const demote = await adminA.request({
      method: 'PATCH',
      url: `/api/users/${t.b.admin.id}`,
      payload: { role: 'staff' },
    });
    expectProblem(demote, 404, 'platform.user_not_found');
    expect(await getJson<{ items: unknown[] }>(adminB, '/api/users')).toEqual(beforeB);
    // B's admin still logs in and works.
    expect((await adminB.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);

    const usersA = await getJson<{ items: { id: string; email: string }[] }>(adminA, '/api/users');
    expect(usersA.items.map((u) => u.email).sort()).toEqual(['admin@a.com.br', 'staff@a.com.br']);
    const search = await getJson<{ items: unknown[] }>(adminA, '/api/users?q=b.com.br');
    expect(search.items).toEqual([]);
  });

  it("refuses B's user as supervisor and B's professions for A's users", async () => {
    const supervisor = await adminA.request({
      method: 'PATCH',
      url: `/api/users/${t.a.staff.id}`,
      payload: { supervisorId: t.b.admin.id },
    });
    expectProblem(supervisor, 400, 'platform.supervisor_invalid');
    const profession = await adminA.request({
      method: 'PATCH',
      url: `/api/users/${t.a.staff.id}`,
      payload: { professionIds: [professionB.id] },
    });
    expect(expectFieldErrors(profession)).toEqual([
      { field: 'professionIds.0', code: 'not_found', message: 'Profissão não encontrada.' },
    ]);
    const staff = (
      await getJson<{ items: { id: string; supervisorId: string; professionIds: string[] }[] }>(
        adminA,
        '/api/users',
      )
    ).items.find((u) => u.id === t.a.staff.id)!;
    expect(staff.supervisorId).toBe(t.a.admin.id);
    expect(staff.professionIds).toEqual([t.a.professions.get('Analista Fiscal')]);
  });

  it("answers 404 to office A renaming or deleting B's professions, and never lists them", async () => {
    const rename = await adminA.request({
      method: 'PATCH',
      url: `/api/professions/${professionB.id}`,
      payload: { name: 'Renomeada por A' },
    });
    expect(expectProblem(rename, 404, 'platform.profession_not_found').detail).toBe(
      'Profissão não encontrada.',
    );
    const del = await adminA.request({ method: 'DELETE', url: `/api/professions/${professionB.id}` });
    expectProblem(del, 404, 'platform.profession_not_found');
    const contadorB = t.b.professions.get('Contador')!;
    expectProblem(
      await adminA.request({ method: 'DELETE', url: `/api/professions/${contadorB}` }),
      404,
      'platform.profession_not_found',
    );

    const listB = await getJson<{ items: { id: string; name: string }[] }>(adminB, '/api/professions');
    expect(listB.items).toContainEqual({ id: professionB.id, name: 'Auditor Beta' });
    expect(listB.items.map((p) => p.id)).toContain(contadorB);
    const listA = await getJson<{ items: { id: string; name: string }[] }>(adminA, '/api/professions');
    expect(listA.items.filter((p) => idsOfB.has(p.id))).toEqual([]);
    expect(listA.items.map((p) => p.name)).not.toContain('Auditor Beta');
  });

  it("answers 404 to office A reading or changing B's services, and never lists them", async () => {
    const change = { name: 'Mudado por A', active: false };
    const url = `/api/services/${serviceB.id}`;
    await expectHiddenFromA(url, change, 'clients.service_not_found', 'Serviço não encontrado.');
    expect(await getJson(adminB, `/api/services/${serviceB.id}`)).toEqual(serviceB);
    const listA = await getJson<Page<{ id: string }>>(adminA, '/api/services');
    expect(listA.total).toBe(0);
    // A may use the same name: the catalog is per office.
    const same = await adminA.request({
      method: 'POST',
      url: '/api/services',
      payload: { name: 'Serviço Beta' },
    });
    expect(same.statusCode, same.body).toBe(201);
  });

  it("answers 404 to office A revoking B's token, never lists it, and B's token still works", async () => {
    expectProblem(
      await adminA.request({ method: 'DELETE', url: `/api/tokens/${tokenB.id}` }),
      404,
      'platform.token_not_found',
    );
    const tokensA = await getJson<{ items: unknown[] }>(adminA, '/api/tokens');
    expect(tokensA.items).toEqual([]);
    const tokensB = await getJson<{ items: { id: string; revokedAt: string | null }[] }>(
      adminB,
      '/api/tokens',
    );
    expect(tokensB.items).toMatchObject([{ id: tokenB.id, revokedAt: null }]);
    const res = await t.app.inject({ method: 'GET', url: '/api/clients', headers: bearer(tokenB.token) });
    expect(res.statusCode).toBe(200);
  });

  it("shows B's API token only B's data", async () => {
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: bearer(tokenB.token) });
    const clients = (await get('/api/clients?pageSize=100')).json<Page<ClientDto>>();
    expect(clients.items.map((c) => c.id)).toEqual([clientB.id]);
    const users = (await get('/api/users')).json<{ items: { email: string }[] }>();
    expect(users.items.map((u) => u.email).sort()).toEqual(['admin@b.com.br', 'staff@b.com.br']);
    const services = (await get('/api/services')).json<Page<{ id: string }>>();
    expect(services.items.map((s) => s.id)).toEqual([serviceB.id]);
    const professions = (await get('/api/professions')).json<{ items: { id: string }[] }>();
    expect(professions.items.every((p) => idsOfB.has(p.id))).toBe(true);
    const office = (await get('/api/office')).json<{ id: string }>();
    expect(office.id).toBe(t.b.office.id);
    const csv = await get('/api/clients/export');
    expect(csv.body).toContain('Cliente Beta Ltda');
    expect(csv.body).not.toContain('Cliente Alfa');

    expectProblem(await get(`/api/clients/${clientA.id}`), 404, 'clients.not_found');
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/clients/${clientA.id}`,
      headers: bearer(tokenB.token),
      payload: { legalName: 'Tomado por B' },
    });
    expectProblem(patch, 404, 'clients.not_found');
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/clients/${clientA.id}`,
      headers: bearer(tokenB.token),
    });
    expectProblem(del, 404, 'clients.not_found');
    expect((await getJson<ClientDto>(adminA, `/api/clients/${clientA.id}`)).legalName).toBe(
      'Cliente Alfa Ltda',
    );
  });

  it("refuses B's user or profession as a responsible of A's client, writing nothing", async () => {
    const before = await getJson<ClientDto>(adminA, `/api/clients/${clientA.id}`);
    const contadorA = t.a.professions.get('Contador')!;
    const foreignUser = await adminA.request({
      method: 'PATCH',
      url: `/api/clients/${clientA.id}`,
      payload: {
        legalName: 'Não deve mudar',
        responsibles: [{ professionId: contadorA, userId: t.b.admin.id }],
      },
    });
    expect(expectFieldErrors(foreignUser)).toEqual([
      { field: 'responsibles.0.userId', code: 'not_found', message: 'Usuário não encontrado ou inativo.' },
    ]);
    const foreignProfession = await adminA.request({
      method: 'PATCH',
      url: `/api/clients/${clientA.id}`,
      headers: { 'accept-language': 'en' },
      payload: { responsibles: [{ professionId: t.b.professions.get('Contador'), userId: t.a.admin.id }] },
    });
    expect(expectFieldErrors(foreignProfession)).toEqual([
      { field: 'responsibles.0.professionId', code: 'not_found', message: 'Profession not found.' },
    ]);
    expect(await getJson<ClientDto>(adminA, `/api/clients/${clientA.id}`)).toEqual(before);

    const countBefore = (await allClients(adminA)).length;
    const create = await adminA.request({
      method: 'POST',
      url: '/api/clients',
      payload: {
        legalName: 'Com Responsável de B',
        document: cnpj(2003),
        responsibles: [{ professionId: contadorA, userId: t.b.staff.id }],
      },
    });
    expect(expectFieldErrors(create).map((e) => e.field)).toEqual(['responsibles.0.userId']);
    expect((await allClients(adminA)).length).toBe(countBefore);
  });

  it("never shows B's entries in A's audit log", async () => {
    const audit = await getJson<Page<AuditDto>>(adminA, '/api/audit?pageSize=100');
    expect(audit.total).toBeGreaterThan(0);
    expect(audit.total).toBeLessThanOrEqual(100);
    const leaked = audit.items.filter(
      (e) => idsOfB.has(e.entityId) || (e.userId !== null && idsOfB.has(e.userId)),
    );
    expect(leaked).toEqual([]);
    expect(audit.items.map((e) => e.userName).filter((n) => n !== null && n !== 'Ana Admin')).toEqual([]);
    for (const id of [clientB.id, serviceB.id, professionB.id, tokenB.id, t.b.admin.id]) {
      const filtered = await getJson<Page<AuditDto>>(adminA, `/api/audit?entityId=${id}`);
      expect(filtered).toMatchObject({ items: [], total: 0 });
    }
    // B's own log has them.
    const auditB = await getJson<Page<AuditDto>>(adminB, `/api/audit?entityId=${clientB.id}`);
    expect(auditB.items.map((e) => e.action)).toEqual(['create']);
  });
});
