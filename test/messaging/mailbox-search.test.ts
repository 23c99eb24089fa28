import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/ids.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';

describe.each(dialects)('local mailbox search on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let admin: Session;

  const mail = (officeId: string, to: string, subject: string, at: string) => ({
    id: newId(),
    office_id: officeId,
    message_id: `<${newId()}@teste>`,
    to_address: to,
    subject,
    raw: `Subject: ${subject}\r\n\r\ncorpo`,
    created_at: at,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAs(t.app, 'admin@a.com.br');
    const a = t.a.office.id;
    await t.ctx.db
      .insertInto('mailbox')
      .values([
        mail(a, 'financeiro@padaria.com.br', 'Honorários de novembro', '2026-11-01T10:00:00.000Z'),
        mail(a, 'contato@mercado.com.br', 'Certidões vencendo', '2026-11-02T10:00:00.000Z'),
        mail(a, 'dono@padaria.com.br', 'Aniversário da empresa', '2026-11-03T10:00:00.000Z'),
        mail(a, 'x@y.com.br', 'Desconto de 100% na taxa', '2026-11-04T10:00:00.000Z'),
        mail(t.b.office.id, 'outro@padaria.com.br', 'Honorários do escritório B', '2026-11-05T10:00:00.000Z'),
      ])
      .execute();
  });
  afterAll(async () => t.close());

  const search = async (q: string) => {
    const res = await admin.request({ method: 'GET', url: `/api/mailbox?q=${encodeURIComponent(q)}` });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: { to: string; subject: string }[]; total: number };
  };

  it('finds e-mail by recipient or subject, case-insensitively, newest first, in the office only', async () => {
    const padaria = await search('PADARIA');
    expect(padaria.total).toBe(2);
    expect(padaria.items.map((m) => m.to)).toEqual(['dono@padaria.com.br', 'financeiro@padaria.com.br']);
    expect((await search('honorários')).items.map((m) => m.subject)).toEqual(['Honorários de novembro']);
    expect((await search('certid')).items.map((m) => m.to)).toEqual(['contato@mercado.com.br']);
    expect((await search('nada disso')).total).toBe(0);
    expect((await search('  ')).total).toBe(4);
  });

  it('treats % and _ as plain characters', async () => {
    expect((await search('100%')).items.map((m) => m.subject)).toEqual(['Desconto de 100% na taxa']);
    expect((await search('%')).total).toBe(1);
    expect((await search('_')).total).toBe(0);
  });
});
