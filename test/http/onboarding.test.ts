import { describe, expect, it } from 'vitest';
import { newId } from '../../src/server/ids.js';
import { loginAs, type Session, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { cnpj, createClientVia, expectProblem } from './helpers.js';

type Checklist = { steps: { key: string; done: boolean }[]; done: boolean; dismissedAt: string | null };

describe.each(dialects)('the first-run checklist (GET /api/onboarding) on %s', (dialect) => {
  const t = useTestApp(dialect);
  const admin = useSession(t, 'admin@a.com.br');
  const staff = useSession(t, 'staff@a.com.br');

  const checklist = async (s: Session = admin) => {
    const res = await s.request({ method: 'GET', url: '/api/onboarding' });
    expect(res.statusCode).toBe(200);
    return res.json() as Checklist;
  };
  const done = async () =>
    Object.fromEntries((await checklist()).steps.map((s) => [s.key, s.done])) as Record<string, boolean>;

  it('ticks each step from the real state of the office, in order, until all are done', async () => {
    expect(await checklist()).toEqual({
      steps: ['office', 'email', 'whatsapp', 'clients', 'routines'].map((key) => ({ key, done: false })),
      done: false,
      dismissedAt: null,
    });

    const office = await admin.request({
      method: 'PATCH',
      url: '/api/office',
      payload: { cnpj: cnpj(9001) },
    });
    expect(office.statusCode).toBe(200);
    await createClientVia(admin, { legalName: 'Primeiro Cliente Ltda', document: cnpj(9002) });
    const routine = (active: boolean) =>
      admin.request({
        method: 'PUT',
        url: '/api/routines/contacts.birthdays',
        payload: {
          settings: { professionId: null, channels: ['email'], templates: {}, audience: { kind: 'all' } },
          config: {},
          schedule: { type: 'daily', times: ['08:00'] },
          active,
        },
      });
    expect((await routine(false)).statusCode).toBe(200);
    expect((await done()).routines).toBe(false);
    const on = await admin.request({ method: 'POST', url: '/api/routines/contacts.birthdays/activate' });
    expect(on.statusCode).toBe(200);
    expect(await done()).toEqual({
      office: true,
      email: false,
      whatsapp: false,
      clients: true,
      routines: true,
    });

    // E-mail: the office's SMTP server saved, then a test e-mail sent through it since.
    const a = t.a.office.id;
    await t.ctx.db
      .insertInto('channel_settings')
      .values({ office_id: a, channel: 'email', settings: '{}', updated_at: '2026-01-02T00:00:00.000Z' })
      .execute();
    const testMail = (at: string, status: 'sent' | 'failed') => ({
      id: newId(),
      office_id: a,
      channel: 'email' as const,
      recipient_kind: 'address' as const,
      recipient_id: null,
      client_id: null,
      address: 'admin@a.com.br',
      template: 'messaging.test',
      vars: '{}',
      subject: 'Teste',
      body_text: 'Teste',
      body_html: null,
      channel_payload: null,
      attachments: '[]',
      fallback: null,
      cause_kind: 'manual',
      cause_id: null,
      status,
      skip_reason: null,
      attempts: 1,
      provider_message_id: null,
      error: null,
      sent_at: status === 'sent' ? at : null,
      created_at: at,
      updated_at: at,
      idempotency_key: `test:${newId()}`,
    });
    await t.ctx.db.insertInto('messages').values(testMail('2026-01-01T00:00:00.000Z', 'sent')).execute();
    await t.ctx.db.insertInto('messages').values(testMail('2026-01-03T00:00:00.000Z', 'failed')).execute();
    expect((await done()).email).toBe(false);
    await t.ctx.db.insertInto('messages').values(testMail('2026-01-04T00:00:00.000Z', 'sent')).execute();
    expect((await done()).email).toBe(true);

    await t.ctx.db
      .insertInto('channel_settings')
      .values({ office_id: a, channel: 'whatsapp', settings: '{}', updated_at: '2026-01-05T00:00:00.000Z' })
      .execute();
    expect((await checklist()).done).toBe(true);
    // The other office is still at the start.
    expect((await checklist(await loginAs(t.app, 'admin@b.com.br'))).steps.every((s) => !s.done)).toBe(true);
  });

  it('is closed and reopened by an admin only, audited', async () => {
    expectProblem(
      await staff.request({ method: 'PUT', url: '/api/onboarding/dismissed', payload: { dismissed: true } }),
      403,
      'http.forbidden',
    );
    const closed = await admin.request({
      method: 'PUT',
      url: '/api/onboarding/dismissed',
      payload: { dismissed: true },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().dismissedAt).toEqual(expect.any(String));
    expect((await checklist(staff)).dismissedAt).toEqual(closed.json().dismissedAt);
    const reopened = await admin.request({
      method: 'PUT',
      url: '/api/onboarding/dismissed',
      payload: { dismissed: false },
    });
    expect(reopened.json().dismissedAt).toBeNull();
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('office_id', '=', t.a.office.id)
      .where('action', 'like', 'onboarding-%')
      .orderBy('at')
      .execute();
    expect(audit.map((r) => r.action)).toEqual(['onboarding-dismissed', 'onboarding-reopened']);
  });
});
