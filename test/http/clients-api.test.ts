import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/fixtures.js';
import { loginAs, relogin, type Session, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  type ClientDto,
  clientCount,
  cnpj,
  createClientVia,
  expectFieldErrors,
  expectProblem,
  loginRequest,
  type Page,
} from './helpers.js';

interface ContactDto {
  id: string;
  clientId: string;
  name: string;
  role: string | null;
  email: string | null;
  whatsapp: string | null;
  birthday: string | null;
  emailOptOut: boolean;
  whatsappOptIn: boolean;
}
interface UserDto {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'staff';
  active: boolean;
  supervisorId: string | null;
  professionIds: string[];
  createdAt: string;
}
interface ServiceDto {
  id: string;
  name: string;
  description: string | null;
  defaultValueCents: number;
  department: string | null;
  active: boolean;
}
interface AuditDto {
  id: string;
  at: string;
  userId: string | null;
  userName: string | null;
  entity: string;
  entityId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe.each(dialects)('clients and platform API happy paths on %s', (dialect) => {
  const t = useTestApp(dialect);
  const admin = useSession(t, 'admin@a.com.br');
  const staff = useSession(t, 'staff@a.com.br');

  const get = async <T>(s: Session, url: string): Promise<T> => {
    const res = await s.request({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  /** Moves the fake clock so that timestamps (and the audit's order) are distinct. */
  const tick = () => t.ctx.clock.advance(1000);

  describe('clients', () => {
    let client: ClientDto;

    it('creates a client with normalised fields and returns it with 201', async () => {
      tick();
      const res = await staff.request({
        method: 'POST',
        url: '/api/clients',
        payload: {
          legalName: '  Ótica Visão Clara Ltda ',
          tradeName: 'Ótica Visão',
          document: '12.abc.345/01de-35',
          stateRegistration: '123.456.789.110',
          emails: ['Contato@Otica.com.br'],
          whatsapp: '(11) 98765-4321',
          phone: '11 3333-4444',
          cep: '01310-100',
          street: 'Av. Paulista',
          number: '1000',
          district: 'Bela Vista',
          city: 'São Paulo',
          state: 'sp',
          class: 'A',
          tags: ['Simples Nacional', 'VIP'],
          notes: 'Cliente desde 2020.',
          responsibles: [
            { professionId: t.a.professions.get('Contador'), userId: t.a.admin.id },
            { professionId: t.a.professions.get('Analista Fiscal'), userId: t.a.staff.id },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      client = res.json<ClientDto>();
      expect(client).toMatchObject({
        legalName: 'Ótica Visão Clara Ltda',
        tradeName: 'Ótica Visão',
        document: '12ABC34501DE35',
        documentKind: 'cnpj',
        emails: ['contato@otica.com.br'],
        whatsapp: '+5511987654321',
        phone: '+551133334444',
        cep: '01310100',
        state: 'SP',
        status: 'active',
        class: 'A',
        tags: ['Simples Nacional', 'VIP'],
        createdAt: t.ctx.clock.now().toISOString(),
        updatedAt: t.ctx.clock.now().toISOString(),
      });
      expect(client.responsibles).toEqual([
        {
          professionId: t.a.professions.get('Analista Fiscal'),
          professionName: 'Analista Fiscal',
          userId: t.a.staff.id,
          userName: 'Bruno Staff',
        },
        {
          professionId: t.a.professions.get('Contador'),
          professionName: 'Contador',
          userId: t.a.admin.id,
          userName: 'Ana Admin',
        },
      ]);
    });

    it('gets the client with its contacts', async () => {
      const detail = await get<ClientDto & { contacts: ContactDto[] }>(admin, `/api/clients/${client.id}`);
      expect(detail).toEqual({ ...client, contacts: [] });
    });

    it('adds, changes and deletes contacts', async () => {
      const url = `/api/clients/${client.id}/contacts`;
      const add = await staff.request({
        method: 'POST',
        url,
        payload: {
          name: 'Zélia Souza',
          role: 'Sócia',
          email: 'Zelia@Otica.com.br',
          whatsapp: '+55 21 99876-5432',
          birthday: '1980-02-29',
          whatsappOptIn: true,
        },
      });
      expect(add.statusCode, add.body).toBe(201);
      const zelia = add.json<ContactDto>();
      expect(zelia).toEqual({
        id: zelia.id,
        clientId: client.id,
        name: 'Zélia Souza',
        role: 'Sócia',
        email: 'zelia@otica.com.br',
        whatsapp: '+5521998765432',
        birthday: '1980-02-29',
        emailOptOut: false,
        whatsappOptIn: true,
      });
      const second = await staff.request({ method: 'POST', url, payload: { name: 'Antônio Lima' } });
      expect(second.statusCode).toBe(201);
      const antonio = second.json<ContactDto>();
      expect(antonio).toMatchObject({
        role: null,
        email: null,
        whatsapp: null,
        birthday: null,
        emailOptOut: false,
      });

      const patch = await staff.request({
        method: 'PATCH',
        url: `${url}/${zelia.id}`,
        payload: { emailOptOut: true, role: '', whatsapp: null },
      });
      expect(patch.statusCode, patch.body).toBe(200);
      expect(patch.json()).toEqual({ ...zelia, emailOptOut: true, role: null, whatsapp: null });

      let detail = await get<{ contacts: ContactDto[] }>(admin, `/api/clients/${client.id}`);
      expect(detail.contacts.map((c) => c.name)).toEqual(['Antônio Lima', 'Zélia Souza']);
      expect(detail.contacts[1]).toEqual(patch.json());

      const del = await staff.request({ method: 'DELETE', url: `${url}/${antonio.id}` });
      expect(del.statusCode).toBe(204);
      expectProblem(
        await staff.request({ method: 'DELETE', url: `${url}/${antonio.id}` }),
        404,
        'clients.contact_not_found',
      );
      detail = await get<{ contacts: ContactDto[] }>(admin, `/api/clients/${client.id}`);
      expect(detail.contacts.map((c) => c.id)).toEqual([zelia.id]);
    });

    it('patches only the given fields', async () => {
      tick();
      const res = await staff.request({
        method: 'PATCH',
        url: `/api/clients/${client.id}`,
        payload: {
          tradeName: 'Visão Clara',
          status: 'inactive',
          tags: ['Lucro Presumido'],
          responsibles: [],
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      const updated = res.json<ClientDto>();
      expect(updated).toEqual({
        ...client,
        tradeName: 'Visão Clara',
        status: 'inactive',
        tags: ['Lucro Presumido'],
        responsibles: [],
        updatedAt: t.ctx.clock.now().toISOString(),
      });
      expect(await get(admin, `/api/clients/${client.id}`)).toMatchObject({
        tradeName: 'Visão Clara',
        notes: client.notes,
      });
      client = updated;
    });

    it('lists with search, status filter, sorting and paging metadata', async () => {
      const names = ['Açougue Boi Gordo', 'Mercado Bom Preço', 'Zeta Serviços', 'Padaria Central'];
      for (const [i, legalName] of names.entries()) {
        tick();
        await createClientVia(admin, { legalName, document: cnpj(4001 + i), class: i % 2 ? 'B' : 'C' });
      }
      expect(await clientCount(admin)).toBe(5);
      /** The legal names a list query answers, in its order. */
      const namesOf = async (query: string) =>
        (await get<Page<ClientDto>>(admin, `/api/clients${query}`)).items.map((c) => c.legalName);

      const q = await get<Page<ClientDto>>(admin, `/api/clients?q=${encodeURIComponent('OTICA visao')}`);
      expect(q.items.map((c) => c.id)).toEqual([client.id]);
      const byDoc = await get<Page<ClientDto>>(admin, `/api/clients?q=${encodeURIComponent('12.ABC.345')}`);
      expect(byDoc.items.map((c) => c.id)).toEqual([client.id]);
      expect(await namesOf('?q=acougue')).toEqual(['Açougue Boi Gordo']);

      const inactive = await get<Page<ClientDto>>(admin, '/api/clients?status=inactive');
      expect(inactive).toMatchObject({ total: 1, page: 1, pageSize: 25 });
      expect(inactive.items.map((c) => c.id)).toEqual([client.id]);
      const active = await get<Page<ClientDto>>(admin, '/api/clients?status=active');
      expect(active.total).toBe(4);
      expect(await namesOf('?class=B')).toEqual(['Mercado Bom Preço', 'Padaria Central']);
      const tag = await get<Page<ClientDto>>(
        admin,
        `/api/clients?tag=${encodeURIComponent('Lucro Presumido')}`,
      );
      expect(tag.items.map((c) => c.id)).toEqual([client.id]);

      expect(await namesOf('?sort=createdAt&order=desc')).toEqual([
        'Padaria Central',
        'Zeta Serviços',
        'Mercado Bom Preço',
        'Açougue Boi Gordo',
        'Ótica Visão Clara Ltda',
      ]);
      expect(await namesOf('')).toEqual([
        'Açougue Boi Gordo',
        'Mercado Bom Preço',
        'Ótica Visão Clara Ltda',
        'Padaria Central',
        'Zeta Serviços',
      ]);

      const page2 = await get<Page<ClientDto>>(
        admin,
        '/api/clients?page=2&pageSize=2&sort=legalName&order=asc',
      );
      expect({ total: page2.total, page: page2.page, pageSize: page2.pageSize }).toEqual({
        total: 5,
        page: 2,
        pageSize: 2,
      });
      expect(page2.items.map((c) => c.legalName)).toEqual(['Ótica Visão Clara Ltda', 'Padaria Central']);
      expect(await namesOf('?page=3&pageSize=2')).toEqual(['Zeta Serviços']);
      const beyond = await get<Page<ClientDto>>(admin, '/api/clients?page=9&pageSize=2');
      expect(beyond).toEqual({ items: [], total: 5, page: 9, pageSize: 2 });
    });

    it('deletes a client with its contacts', async () => {
      const temp = await createClientVia(admin, { legalName: 'Temporária Ltda', document: cnpj(4999) });
      const c = await admin.request({
        method: 'POST',
        url: `/api/clients/${temp.id}/contacts`,
        payload: { name: 'Fulano' },
      });
      expect(c.statusCode).toBe(201);
      expect((await admin.request({ method: 'DELETE', url: `/api/clients/${temp.id}` })).statusCode).toBe(
        204,
      );
      expectProblem(
        await admin.request({ method: 'GET', url: `/api/clients/${temp.id}` }),
        404,
        'clients.not_found',
      );
      const contact = await admin.request({
        method: 'PATCH',
        url: `/api/clients/${temp.id}/contacts/${c.json<ContactDto>().id}`,
        payload: { name: 'Ciclano' },
      });
      expectProblem(contact, 404, 'clients.contact_not_found');
      expect(await clientCount(admin)).toBe(5);
    });
  });

  describe('service catalog', () => {
    it('lets an admin create, list, read and change services', async () => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/services',
        payload: {
          name: 'Folha de pagamento',
          description: 'Mensal',
          defaultValueCents: 45_000,
          department: 'DP',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const folha = res.json<ServiceDto>();
      expect(folha).toEqual({
        id: folha.id,
        name: 'Folha de pagamento',
        description: 'Mensal',
        defaultValueCents: 45_000,
        department: 'DP',
        active: true,
      });
      const minimal = await admin.request({
        method: 'POST',
        url: '/api/services',
        payload: { name: 'Abertura de empresa' },
      });
      expect(minimal.json()).toMatchObject({
        defaultValueCents: 0,
        description: null,
        department: null,
        active: true,
      });
      const dup = await admin.request({
        method: 'POST',
        url: '/api/services',
        payload: { name: 'Folha de pagamento' },
      });
      expect(expectProblem(dup, 409, 'clients.service_name_taken').detail).toBe(
        'Já existe um serviço com este nome.',
      );

      const list = await get<Page<ServiceDto>>(staff, '/api/services');
      expect(list).toMatchObject({ total: 2, page: 1, pageSize: 25 });
      expect(list.items.map((s) => s.name)).toEqual(['Abertura de empresa', 'Folha de pagamento']);
      expect(await get(staff, `/api/services/${folha.id}`)).toEqual(folha);

      const patch = await admin.request({
        method: 'PATCH',
        url: `/api/services/${folha.id}`,
        payload: { defaultValueCents: 50_000, active: false },
      });
      expect(patch.statusCode, patch.body).toBe(200);
      expect(patch.json()).toEqual({ ...folha, defaultValueCents: 50_000, active: false });
      const active = await get<Page<ServiceDto>>(staff, '/api/services?active=true');
      expect(active.items.map((s) => s.name)).toEqual(['Abertura de empresa']);
      const search = await get<Page<ServiceDto>>(staff, '/api/services?q=FOLHA&active=false');
      expect(search.items.map((s) => s.id)).toEqual([folha.id]);
      const desc = await get<Page<ServiceDto>>(staff, '/api/services?order=desc&pageSize=1');
      expect(desc).toMatchObject({ total: 2, pageSize: 1 });
      expect(desc.items.map((s) => s.name)).toEqual(['Folha de pagamento']);
    });
  });

  describe('professions', () => {
    it('creates, renames and deletes a profession; refuses a duplicate name', async () => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/professions',
        payload: { name: 'Auditor' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const auditor = res.json<{ id: string; name: string }>();
      expect(auditor.name).toBe('Auditor');
      const list = await get<{ items: { id: string; name: string }[] }>(staff, '/api/professions');
      expect(list.items).toContainEqual(auditor);
      expect(list.items.map((p) => p.name)).toEqual([...list.items.map((p) => p.name)].sort());

      const rename = await admin.request({
        method: 'PATCH',
        url: `/api/professions/${auditor.id}`,
        payload: { name: 'Auditor Interno' },
      });
      expect(rename.statusCode).toBe(200);
      expect(rename.json()).toEqual({ id: auditor.id, name: 'Auditor Interno' });
      const clash = await admin.request({
        method: 'PATCH',
        url: `/api/professions/${auditor.id}`,
        payload: { name: 'Contador' },
      });
      expect(expectProblem(clash, 409, 'platform.profession_taken').detail).toBe(
        'Já existe uma profissão com este nome.',
      );
      const dup = await admin.request({
        method: 'POST',
        url: '/api/professions',
        payload: { name: 'Auditor Interno' },
      });
      expectProblem(dup, 409, 'platform.profession_taken');

      expect(
        (await admin.request({ method: 'DELETE', url: `/api/professions/${auditor.id}` })).statusCode,
      ).toBe(204);
      const after = await get<{ items: { id: string }[] }>(staff, '/api/professions');
      expect(after.items.map((p) => p.id)).not.toContain(auditor.id);
      expectProblem(
        await admin.request({ method: 'DELETE', url: `/api/professions/${auditor.id}` }),
        404,
        'platform.profession_not_found',
      );
    });

    it('refuses to delete a profession a user or a client responsible holds', async () => {
      const contador = t.a.professions.get('Contador')!;
      const res = await admin.request({ method: 'DELETE', url: `/api/professions/${contador}` });
      expect(expectProblem(res, 409, 'platform.profession_in_use').detail).toBe(
        'Esta profissão está em uso por usuários ou clientes e não pode ser excluída.',
      );
      const comercial = t.a.professions.get('Comercial')!;
      await createClientVia(admin, {
        legalName: 'Com Responsável Comercial Ltda',
        document: cnpj(4101),
        responsibles: [{ professionId: comercial, userId: t.a.staff.id }],
      });
      expectProblem(
        await admin.request({ method: 'DELETE', url: `/api/professions/${comercial}` }),
        409,
        'platform.profession_in_use',
      );
      const list = await get<{ items: { id: string }[] }>(admin, '/api/professions');
      expect(list.items.map((p) => p.id)).toEqual(expect.arrayContaining([contador, comercial]));
    });
  });

  describe('users', () => {
    let carla: UserDto;
    let carlaSession: Session;

    it('refuses to demote or deactivate the last active admin', async () => {
      const demote = await admin.request({
        method: 'PATCH',
        url: `/api/users/${t.a.admin.id}`,
        payload: { role: 'staff' },
      });
      expect(expectProblem(demote, 409, 'platform.last_admin').detail).toBe(
        'O escritório precisa de pelo menos um administrador ativo.',
      );
      const deactivate = await admin.request({
        method: 'PATCH',
        url: `/api/users/${t.a.admin.id}`,
        payload: { active: false },
      });
      expectProblem(deactivate, 409, 'platform.last_admin');
      const me = await get<{ user: UserDto }>(admin, '/api/auth/me');
      expect(me.user).toMatchObject({ role: 'admin', active: true });
    });

    it('creates a user without ever returning the password', async () => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: {
          name: 'Carla Contábil',
          email: 'Carla@A.com.br',
          password: 'senha-da-carla-123',
          supervisorId: t.a.admin.id,
          professionIds: [t.a.professions.get('Analista Contábil')],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      carla = res.json<UserDto>();
      expect(carla).toEqual({
        id: carla.id,
        name: 'Carla Contábil',
        email: 'carla@a.com.br',
        role: 'staff',
        active: true,
        supervisorId: t.a.admin.id,
        professionIds: [t.a.professions.get('Analista Contábil')],
        language: 'pt-BR',
        createdAt: t.ctx.clock.now().toISOString(),
      });
      expect(res.body).not.toMatch(/password|senha-da-carla|scrypt|hash/i);
      const list = await admin.request({ method: 'GET', url: '/api/users' });
      expect(list.json<{ items: UserDto[] }>().items.map((u) => u.email)).toContain('carla@a.com.br');
      expect(list.body).not.toMatch(/password|scrypt|hash/i);

      for (const email of ['carla@a.com.br', 'admin@b.com.br']) {
        const dup = await admin.request({
          method: 'POST',
          url: '/api/users',
          payload: { name: 'Outra Pessoa', email, password: 'senha-qualquer-123' },
        });
        expect(expectProblem(dup, 409, 'platform.email_taken').detail).toBe(
          'Já existe um usuário com este e-mail.',
        );
      }
      const bad = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: { name: 'Curta', email: 'curta@a.com.br', password: 'curta' },
      });
      expect(expectFieldErrors(bad).map((e) => e.field)).toEqual(['password']);

      carlaSession = await loginAs(t.app, 'carla@a.com.br', 'senha-da-carla-123');
      const me = await get<{ user: UserDto }>(carlaSession, '/api/auth/me');
      expect(me.user.id).toBe(carla.id);
    });

    it('changes role and professions; the session follows the new role', async () => {
      expectProblem(await carlaSession.request({ method: 'GET', url: '/api/audit' }), 403, 'http.forbidden');
      const professionIds = [t.a.professions.get('Contador')!, t.a.professions.get('Financeiro')!];
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/users/${carla.id}`,
        payload: { role: 'admin', professionIds, name: 'Carla Souza' },
      });
      expect(res.statusCode, res.body).toBe(200);
      const updated = res.json<UserDto>();
      expect(updated).toMatchObject({ role: 'admin', name: 'Carla Souza' });
      expect([...updated.professionIds].sort()).toEqual([...professionIds].sort());
      expect((await carlaSession.request({ method: 'GET', url: '/api/audit' })).statusCode).toBe(200);

      const self = await admin.request({
        method: 'PATCH',
        url: `/api/users/${carla.id}`,
        payload: { supervisorId: carla.id },
      });
      expectProblem(self, 400, 'platform.supervisor_invalid');
      const taken = await admin.request({
        method: 'PATCH',
        url: `/api/users/${carla.id}`,
        payload: { email: 'staff@a.com.br' },
      });
      expectProblem(taken, 409, 'platform.email_taken');

      // With a second admin, the first may step down; and back.
      const demote = await carlaSession.request({
        method: 'PATCH',
        url: `/api/users/${t.a.admin.id}`,
        payload: { role: 'staff' },
      });
      expect(demote.statusCode, demote.body).toBe(200);
      const promote = await carlaSession.request({
        method: 'PATCH',
        url: `/api/users/${t.a.admin.id}`,
        payload: { role: 'admin' },
      });
      expect(promote.json()).toMatchObject({ role: 'admin' });
    });

    it('deactivates a user: their session stops working and they cannot log in', async () => {
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/users/${carla.id}`,
        payload: { active: false },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ active: false });
      expectProblem(
        await carlaSession.request({ method: 'GET', url: '/api/clients' }),
        401,
        'http.unauthenticated',
      );
      expectProblem(
        await loginRequest(t.app, 'carla@a.com.br', 'senha-da-carla-123'),
        401,
        'platform.invalid_credentials',
      );
      const inactive = await get<{ items: UserDto[] }>(admin, '/api/users?active=false');
      expect(inactive.items.map((u) => u.id)).toEqual([carla.id]);
      const active = await get<{ items: UserDto[] }>(admin, '/api/users?active=true');
      expect(active.items.map((u) => u.id)).not.toContain(carla.id);
      // An inactive user cannot be a responsible.
      const resp = await admin.request({
        method: 'POST',
        url: '/api/clients',
        payload: {
          legalName: 'Com Responsável Inativo',
          document: cnpj(4201),
          responsibles: [{ professionId: t.a.professions.get('Contador'), userId: carla.id }],
        },
      });
      expect(expectFieldErrors(resp).map((e) => e.field)).toEqual(['responsibles.0.userId']);
    });

    it('lets an admin reset a password, which ends the sessions of that user', async () => {
      const s = await loginAs(t.app, 'staff@a.com.br');
      const res = await admin.request({
        method: 'PATCH',
        url: `/api/users/${t.a.staff.id}`,
        payload: { password: 'nova-senha-do-staff' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toMatch(/password|nova-senha/i);
      expectProblem(await s.request({ method: 'GET', url: '/api/auth/me' }), 401, 'http.unauthenticated');
      expectProblem(await staff.request({ method: 'GET', url: '/api/auth/me' }), 401, 'http.unauthenticated');
      expectProblem(
        await loginRequest(t.app, 'staff@a.com.br', PASSWORD),
        401,
        'platform.invalid_credentials',
      );
      await relogin(staff, t.app, 'staff@a.com.br', 'nova-senha-do-staff');
      expect((await staff.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    });
  });

  describe('office', () => {
    it('updates the office classes, keeping the other fields, and then accepts a client of the new class', async () => {
      const before = await get<{ clientClasses: string[]; city: string | null; state: string | null }>(
        staff,
        '/api/office',
      );
      expect(before).toMatchObject({
        name: 'Escritório A',
        clientClasses: ['A', 'B', 'C'],
        city: 'São Paulo',
        state: 'SP',
      });

      const refused = await staff.request({
        method: 'POST',
        url: '/api/clients',
        payload: { legalName: 'Cliente Premium Ltda', document: cnpj(4301), class: 'Premium' },
      });
      expect(expectFieldErrors(refused)[0]).toMatchObject({ field: 'class', code: 'unknown_class' });

      const res = await admin.request({
        method: 'PATCH',
        url: '/api/office',
        payload: { clientClasses: ['A', 'B', 'Premium'] },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ ...before, clientClasses: ['A', 'B', 'Premium'] });
      expect(await get(staff, '/api/office')).toEqual({ ...before, clientClasses: ['A', 'B', 'Premium'] });

      const created = await createClientVia(staff, {
        legalName: 'Cliente Premium Ltda',
        document: cnpj(4301),
        class: 'Premium',
      });
      expect(created.class).toBe('Premium');

      const renamed = await admin.request({
        method: 'PATCH',
        url: '/api/office',
        payload: { name: 'Escritório Alfa', city: 'Campinas', timeZone: 'America/Manaus' },
      });
      expect(renamed.json()).toMatchObject({
        name: 'Escritório Alfa',
        city: 'Campinas',
        state: 'SP',
        timeZone: 'America/Manaus',
        clientClasses: ['A', 'B', 'Premium'],
      });
      const badTz = await admin.request({
        method: 'PATCH',
        url: '/api/office',
        payload: { timeZone: 'Mars/Olympus' },
      });
      expect(expectFieldErrors(badTz)).toEqual([
        { field: 'timeZone', code: 'invalid_time_zone', message: 'Fuso horário desconhecido.' },
      ]);
    });
  });

  describe('audit', () => {
    it('lists entries newest first, with the name of who acted, and filters by entity', async () => {
      tick();
      const c = await createClientVia(admin, { legalName: 'Auditada Ltda', document: cnpj(4401) });
      tick();
      const patch = await staff.request({
        method: 'PATCH',
        url: `/api/clients/${c.id}`,
        payload: { legalName: 'Auditada SA' },
      });
      expect(patch.statusCode).toBe(200);

      const page = await get<Page<AuditDto>>(admin, '/api/audit?pageSize=5');
      expect(page).toMatchObject({ page: 1, pageSize: 5 });
      expect(page.total).toBeGreaterThan(5);
      expect(page.items).toHaveLength(5);
      expect(page.items[0]).toMatchObject({
        entity: 'client',
        entityId: c.id,
        action: 'update',
        userId: t.a.staff.id,
        userName: 'Bruno Staff',
        at: t.ctx.clock.now().toISOString(),
      });
      expect(page.items[0]!.before).toMatchObject({ legalName: 'Auditada Ltda' });
      expect(page.items[0]!.after).toMatchObject({ legalName: 'Auditada SA' });
      expect(page.items[1]).toMatchObject({
        entityId: c.id,
        action: 'create',
        userName: 'Ana Admin',
        before: null,
      });
      const all = await get<Page<AuditDto>>(admin, '/api/audit?pageSize=100');
      const times = all.items.map((e) => e.at);
      expect(times).toEqual([...times].sort().reverse());
      expect(all.items.map((e) => e.action)).toEqual(
        expect.arrayContaining(['login', 'create', 'update', 'delete']),
      );

      const filtered = await get<Page<AuditDto>>(admin, `/api/audit?entity=client&entityId=${c.id}`);
      expect(filtered.items.map((e) => e.action)).toEqual(['update', 'create']);
      expect(filtered.total).toBe(2);
      const users = await get<Page<AuditDto>>(admin, '/api/audit?entity=user&pageSize=100');
      expect(users.items.every((e) => e.entity === 'user')).toBe(true);
      expect(users.items.map((e) => e.action)).toEqual(expect.arrayContaining(['login', 'create', 'update']));
    });
  });
});
