import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../support/fixtures.js';
import { loginAs, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  clientCount,
  cnpj,
  createClientVia,
  expectFieldErrors,
  expectProblem,
  loginRequest,
  type Page,
} from './helpers.js';

interface TokenDto {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
}

describe.each(dialects)('authentication and access over HTTP on %s', (dialect) => {
  const t = useTestApp(dialect);
  const admin = useSession(t, 'admin@a.com.br');
  const staff = useSession(t, 'staff@a.com.br');

  /** Creates a user of office A through the admin's session. */
  async function newUser(email: string, extra: Record<string, unknown> = {}) {
    const res = await admin.request({
      method: 'POST',
      url: '/api/users',
      payload: { name: 'Usuário de Teste', email, password: PASSWORD, ...extra },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; email: string; active: boolean }>();
  }

  describe('public endpoints', () => {
    it('answers the health check without login', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok' });
      expect(res.headers['x-request-id']).toBeTruthy();
    });

    it('serves an OpenAPI 3 document that lists the clients routes', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json<{
        openapi: string;
        info: { title: string };
        paths: Record<string, Record<string, unknown>>;
      }>();
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.info.title).toBe('Expediente API');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/clients', '/api/clients/{id}']));
      expect(Object.keys(doc.paths['/api/clients']!)).toEqual(expect.arrayContaining(['get', 'post']));
    });

    it('serves the API docs page without login', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    });

    it('answers an unknown API path with a problem document', async () => {
      const res = await admin.request({ method: 'GET', url: '/api/nope' });
      expectProblem(res, 404, 'http.not_found');
    });
  });

  describe('login', () => {
    it('opens a session with an HttpOnly, SameSite=Lax cookie and never returns a password hash', async () => {
      const res = await loginRequest(t.app, 'Admin@A.com.br ', PASSWORD);
      expect(res.statusCode, res.body).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'exp_session');
      expect(cookie).toBeDefined();
      expect(cookie!.value.length).toBeGreaterThan(20);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie!.maxAge).toBe(12 * 3600);
      const body = res.json<{ user: Record<string, unknown>; office: { id: string }; csrfToken: string }>();
      expect(Object.keys(body).sort()).toEqual(['csrfToken', 'office', 'user']);
      expect(body.user).toMatchObject({
        id: t.a.admin.id,
        email: 'admin@a.com.br',
        role: 'admin',
        active: true,
      });
      expect(body.office).toMatchObject({ id: t.a.office.id, name: 'Escritório A' });
      expect(body.csrfToken.length).toBeGreaterThan(20);
      expect(res.body).not.toMatch(/password|scrypt|hash/i);
      expect(res.body).not.toContain(cookie!.value);

      const me = await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `exp_session=${cookie!.value}` },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual(body);
      expect(me.body).not.toMatch(/password|scrypt|hash/i);
    });

    it('answers a wrong password and an unknown e-mail with the same 401 body', async () => {
      const wrong = await loginRequest(t.app, 'staff@a.com.br', 'not-the-password');
      const unknown = await loginRequest(t.app, 'nobody@a.com.br', PASSWORD);
      const p = expectProblem(wrong, 401, 'platform.invalid_credentials');
      expect(p.detail).toBe('E-mail ou senha inválidos.');
      expectProblem(unknown, 401, 'platform.invalid_credentials');
      expect(unknown.body).toBe(wrong.body);
      expect(wrong.cookies).toEqual([]);
      expect(unknown.cookies).toEqual([]);

      const en = await loginRequest(t.app, 'nobody@a.com.br', PASSWORD, {
        'accept-language': 'en-US,en;q=0.9',
      });
      expect(expectProblem(en, 401, 'platform.invalid_credentials').detail).toBe(
        'Invalid e-mail or password.',
      );
    });

    it('refuses an inactive user with the same answer', async () => {
      await newUser('inativo@a.com.br', { active: false });
      const res = await loginRequest(t.app, 'inativo@a.com.br', PASSWORD);
      expect(expectProblem(res, 401, 'platform.invalid_credentials').detail).toBe(
        'E-mail ou senha inválidos.',
      );
      expect(res.cookies).toEqual([]);
    });

    it('refuses a login body with missing fields as a validation error', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'admin@a.com.br' },
      });
      const errors = expectFieldErrors(res);
      expect(errors).toEqual([{ field: 'password', code: 'invalid_type', message: 'Campo obrigatório.' }]);
    });
  });

  describe('guards', () => {
    it('answers 401 to an API call without a session, or with an unknown cookie', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/clients' });
      expect(expectProblem(res, 401, 'http.unauthenticated').detail).toBe('Faça login para continuar.');
      const bogus = await t.app.inject({
        method: 'GET',
        url: '/api/clients',
        headers: { cookie: 'exp_session=forged' },
      });
      expectProblem(bogus, 401, 'http.unauthenticated');
      const en = await t.app.inject({
        method: 'GET',
        url: '/api/users',
        headers: { 'accept-language': 'en' },
      });
      expect(expectProblem(en, 401, 'http.unauthenticated').detail).toBe('Please log in to continue.');
    });

    it('refuses a cookie session writing without the X-CSRF-Token header, and creates nothing', async () => {
      const before = await clientCount(admin);
      const payload = { legalName: 'Sem CSRF Ltda', document: cnpj(1001) };
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/clients',
        headers: { cookie: admin.cookie },
        payload,
      });
      const p = expectProblem(missing, 403, 'http.csrf_failed');
      expect(p.detail).toBe('Sessão inválida para esta ação. Recarregue a página e tente de novo.');
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/clients',
        headers: { cookie: admin.cookie, 'x-csrf-token': staff.csrfToken },
        payload,
      });
      expectProblem(wrong, 403, 'http.csrf_failed');
      expect(await clientCount(admin)).toBe(before);
      const list = await admin.request({
        method: 'GET',
        url: `/api/clients?q=${encodeURIComponent('Sem CSRF')}`,
      });
      expect(list.json<Page<unknown>>().total).toBe(0);
      // Safe methods need no token.
      const get = await t.app.inject({
        method: 'GET',
        url: '/api/clients',
        headers: { cookie: admin.cookie },
      });
      expect(get.statusCode).toBe(200);
    });

    it('lets a staff session create clients but not users, professions, services, tokens or the office', async () => {
      const [users, professions, services] = await Promise.all(
        ['/api/users', '/api/professions', '/api/services'].map((url) =>
          admin.request({ method: 'GET', url }).then((r) => r.json<{ items: unknown[] }>().items.length),
        ),
      );
      const refused = [
        { url: '/api/users', payload: { name: 'Novo', email: 'novo@a.com.br', password: PASSWORD } },
        { url: '/api/professions', payload: { name: 'Auditor' } },
        { url: '/api/services', payload: { name: 'Balanço anual' } },
        { url: '/api/tokens', payload: { name: 'Integração' } },
      ];
      for (const r of refused) {
        const res = await staff.request({ method: 'POST', ...r });
        expect(expectProblem(res, 403, 'http.forbidden').detail).toBe(
          'Você não tem permissão para esta ação.',
        );
      }
      expectProblem(
        await staff.request({ method: 'PATCH', url: '/api/office', payload: { name: 'Tomado' } }),
        403,
        'http.forbidden',
      );
      expectProblem(
        await staff.request({
          method: 'PATCH',
          url: `/api/users/${t.a.staff.id}`,
          payload: { role: 'admin' },
        }),
        403,
        'http.forbidden',
      );
      expectProblem(await staff.request({ method: 'GET', url: '/api/audit' }), 403, 'http.forbidden');
      expectProblem(await staff.request({ method: 'GET', url: '/api/tokens' }), 403, 'http.forbidden');

      const after = await Promise.all(
        ['/api/users', '/api/professions', '/api/services'].map((url) =>
          admin.request({ method: 'GET', url }).then((r) => r.json<{ items: unknown[] }>().items.length),
        ),
      );
      expect(after).toEqual([users, professions, services]);
      const office = await admin.request({ method: 'GET', url: '/api/office' });
      expect(office.json()).toMatchObject({ name: 'Escritório A' });
      const me = await staff.request({ method: 'GET', url: '/api/auth/me' });
      expect(me.json()).toMatchObject({ user: { role: 'staff' } });

      const created = await createClientVia(staff, {
        legalName: 'Cliente do Staff Ltda',
        document: cnpj(1002),
      });
      expect(created.legalName).toBe('Cliente do Staff Ltda');
    });
  });

  describe('logout', () => {
    it('ends the session: the next request with the cookie is 401', async () => {
      const s = await loginAs(t.app, 'staff@a.com.br');
      expect((await s.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: s.cookie },
      });
      expectProblem(noCsrf, 403, 'http.csrf_failed');
      const res = await s.request({ method: 'POST', url: '/api/auth/logout' });
      expect(res.statusCode).toBe(204);
      const cleared = res.cookies.find((c) => c.name === 'exp_session');
      expect(cleared?.value).toBe('');
      expectProblem(await s.request({ method: 'GET', url: '/api/clients' }), 401, 'http.unauthenticated');
      expectProblem(await s.request({ method: 'GET', url: '/api/auth/me' }), 401, 'http.unauthenticated');
      // The other sessions of the user are untouched.
      expect((await staff.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    });
  });

  describe('password change', () => {
    const email = 'senha@a.com.br';
    const newPassword = 'uma-senha-nova-e-longa';

    it('refuses a wrong current password and a too short new one, changing nothing', async () => {
      await newUser(email);
      const s = await loginAs(t.app, email);
      const wrong = await s.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: 'nao-e-esta', newPassword },
      });
      expect(expectProblem(wrong, 400, 'platform.wrong_current_password').detail).toBe(
        'A senha atual não confere.',
      );
      const short = await s.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: PASSWORD, newPassword: 'curta' },
      });
      const errors = expectFieldErrors(short);
      expect(errors.map((e) => [e.field, e.code])).toEqual([['newPassword', 'too_small']]);
      expect(errors[0]!.message).toBe('Use pelo menos 10 caracteres.');
      const shortEn = await s.request({
        method: 'POST',
        url: '/api/auth/password',
        headers: { 'accept-language': 'en' },
        payload: { currentPassword: PASSWORD, newPassword: 'curta' },
      });
      expect(expectFieldErrors(shortEn)[0]!.message).toBe('Use at least 10 characters.');
      // Still the old password.
      expect((await loginRequest(t.app, email, newPassword)).statusCode).toBe(401);
    });

    it('changes the password, ends the other sessions of the user and keeps the current one', async () => {
      const current = await loginAs(t.app, email);
      const other = await loginAs(t.app, email);
      const res = await current.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: PASSWORD, newPassword },
      });
      expect(res.statusCode, res.body).toBe(204);
      expectProblem(await loginRequest(t.app, email, PASSWORD), 401, 'platform.invalid_credentials');
      expect((await loginRequest(t.app, email, newPassword)).statusCode).toBe(200);
      expectProblem(await other.request({ method: 'GET', url: '/api/auth/me' }), 401, 'http.unauthenticated');
      const me = await current.request({ method: 'GET', url: '/api/auth/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ user: { email } });
      // Other users' sessions are untouched.
      expect((await admin.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    });
  });

  describe('API tokens', () => {
    let created: TokenDto;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it('shows the plaintext token once, on creation', async () => {
      const res = await admin.request({
        method: 'POST',
        url: '/api/tokens',
        payload: { name: 'Integração ERP' },
      });
      expect(res.statusCode, res.body).toBe(201);
      created = res.json<TokenDto>();
      expect(created).toMatchObject({ name: 'Integração ERP', lastUsedAt: null, revokedAt: null });
      expect(created.token).toMatch(new RegExp(`^exp_${created.prefix}_[\\w-]{40,}$`));

      const list = await admin.request({ method: 'GET', url: '/api/tokens' });
      expect(list.statusCode).toBe(200);
      const items = list.json<{ items: TokenDto[] }>().items;
      expect(items.map((i) => i.id)).toContain(created.id);
      expect(items.find((i) => i.id === created.id)).toEqual({
        id: created.id,
        name: 'Integração ERP',
        prefix: created.prefix,
        createdAt: created.createdAt,
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(list.body).not.toContain(created.token!);
      expect(list.body).not.toMatch(/hash/i);
    });

    it("reads and writes office A's data with the bearer token, without CSRF", async () => {
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/clients?pageSize=100',
        headers: bearer(created.token!),
      });
      expect(list.statusCode, list.body).toBe(200);
      const viaSession = await admin.request({ method: 'GET', url: '/api/clients?pageSize=100' });
      expect(list.json()).toEqual(viaSession.json());
      expect(list.json<Page<{ legalName: string }>>().items.map((c) => c.legalName)).toContain(
        'Cliente do Staff Ltda',
      );

      const before = await clientCount(admin);
      const post = await t.app.inject({
        method: 'POST',
        url: '/api/clients',
        headers: bearer(created.token!),
        payload: { legalName: 'Criado por Integração Ltda', document: cnpj(1003) },
      });
      expect(post.statusCode, post.body).toBe(201);
      expect(await clientCount(admin)).toBe(before + 1);

      const tokens = await admin.request({ method: 'GET', url: '/api/tokens' });
      const used = tokens.json<{ items: TokenDto[] }>().items.find((i) => i.id === created.id)!;
      expect(used.lastUsedAt).toBe(t.ctx.clock.now().toISOString());
    });

    it('cannot manage tokens, users or the session with a token', async () => {
      const h = bearer(created.token!);
      const attempts = [
        { method: 'GET' as const, url: '/api/tokens' },
        { method: 'POST' as const, url: '/api/tokens', payload: { name: 'Outro token' } },
        { method: 'DELETE' as const, url: `/api/tokens/${created.id}` },
        {
          method: 'POST' as const,
          url: '/api/users',
          payload: { name: 'Via Token', email: 'token@a.com.br', password: PASSWORD },
        },
        { method: 'PATCH' as const, url: `/api/users/${t.a.staff.id}`, payload: { role: 'admin' } },
        { method: 'GET' as const, url: '/api/auth/me' },
        { method: 'GET' as const, url: '/api/audit' },
      ];
      for (const a of attempts) {
        expectProblem(await t.app.inject({ ...a, headers: h }), 403, 'http.forbidden');
      }
      const tokens = await admin.request({ method: 'GET', url: '/api/tokens' });
      expect(tokens.json<{ items: TokenDto[] }>().items).toHaveLength(1);
      const users = await admin.request({ method: 'GET', url: '/api/users?q=token%40a' });
      expect(users.json<{ items: unknown[] }>().items).toEqual([]);
      const staffUser = await admin.request({ method: 'GET', url: '/api/users?q=staff%40a' });
      expect(staffUser.json<{ items: { role: string }[] }>().items[0]!.role).toBe('staff');
    });

    it('refuses a revoked or unknown token with 401', async () => {
      const revoke = await admin.request({ method: 'DELETE', url: `/api/tokens/${created.id}` });
      expect(revoke.statusCode).toBe(204);
      const res = await t.app.inject({ method: 'GET', url: '/api/clients', headers: bearer(created.token!) });
      expectProblem(res, 401, 'http.unauthenticated');
      const unknown = await t.app.inject({
        method: 'GET',
        url: '/api/clients',
        headers: bearer('exp_abc_def'),
      });
      expectProblem(unknown, 401, 'http.unauthenticated');
      const tokens = await admin.request({ method: 'GET', url: '/api/tokens' });
      expect(tokens.json<{ items: TokenDto[] }>().items[0]!.revokedAt).toBe(t.ctx.clock.now().toISOString());
      const again = await admin.request({ method: 'DELETE', url: `/api/tokens/${created.id}` });
      expectProblem(again, 404, 'platform.token_not_found');
    });
  });
});

describe.each(dialects)('login rate limit on %s', (dialect) => {
  const t = useTestApp(dialect, { config: { loginRateLimitPerMinute: 3 } });

  const attempt = (email: string, password: string, ip = '203.0.113.7') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });

  it('answers 429 once the same ip and e-mail exceed the limit, even with the right password', async () => {
    for (let i = 0; i < 3; i++) {
      expectProblem(await attempt('admin@a.com.br', `tentativa-${i}`), 401, 'platform.invalid_credentials');
    }
    const limited = await attempt('admin@a.com.br', PASSWORD);
    const p = expectProblem(limited, 429, 'http.rate_limited');
    expect(p.detail).toBe('Muitas tentativas. Aguarde um minuto e tente novamente.');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.cookies).toEqual([]);
    // The key is the e-mail as login reads it: case and surrounding spaces do not open a new bucket.
    expectProblem(await attempt('ADMIN@a.com.br', PASSWORD), 429, 'http.rate_limited');
    expectProblem(await attempt(' admin@a.com.br ', PASSWORD), 429, 'http.rate_limited');
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@a.com.br', password: PASSWORD },
      remoteAddress: '203.0.113.7',
      headers: { 'accept-language': 'en' },
    });
    expect(expectProblem(en, 429, 'http.rate_limited').detail).toBe(
      'Too many attempts. Wait a minute and try again.',
    );
  });

  it('keeps counting per ip and e-mail: another e-mail, or another ip, still logs in', async () => {
    expect((await attempt('staff@a.com.br', PASSWORD)).statusCode).toBe(200);
    expect((await attempt('admin@a.com.br', PASSWORD, '198.51.100.20')).statusCode).toBe(200);
  });
});
