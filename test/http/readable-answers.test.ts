/**
 * What the web app shows people instead of developer output (#17 items 1, 8 and 12): a job kind's
 * parameters as a schema the run form reads, which channels reach people, and the audit log in sentences.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setClientClass } from '../../src/server/modules/clients/index.js';
import { addClient } from '../routines/fixtures.js';
import { loginAs, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';

describe.each(dialects)('readable answers on %s', (dialect) => {
  const t = useTestApp(dialect, { config: { loginRateLimitPerMinute: 1000 } });
  let clientId: string;

  beforeAll(async () => {
    clientId = (await addClient(t.ctx, t.a.actor, { legalName: 'Padaria Estrela Ltda', class: 'B' })).id;
    await setClientClass(
      t.ctx.db,
      { officeId: t.a.office.id, userId: t.a.admin.id, at: new Date(), reason: 'test' },
      clientId,
      'A',
    );
  });

  it('describes each runnable kind’s parameters; a routine run asks for a routine and is not schedulable here', async () => {
    const s = await loginAs(t.app, 'admin@a.com.br');
    const kinds = (await s.request({ method: 'GET', url: '/api/job-kinds' })).json().items;
    const routine = kinds.find((k: { kind: string }) => k.kind === 'routines.run');
    expect(routine).toMatchObject({
      schedulable: false,
      params: {
        type: 'object',
        required: ['routineId'],
        properties: {
          routineId: { type: 'string', format: 'uuid', source: 'routines', label: { en: 'Routine' } },
        },
      },
    });
    const quality = kinds.find((k: { kind: string }) => k.kind === 'clients.data-quality');
    expect(quality).toMatchObject({ schedulable: true, params: { type: 'object', properties: {} } });
  });

  it('says which channels reach people: none until a provider is set up', async () => {
    const s = await loginAs(t.app, 'admin@a.com.br');
    const items = (await s.request({ method: 'GET', url: '/api/routines' })).json().items;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.configuredChannels).toEqual([]);
    const put = await s.request({
      method: 'PUT',
      url: '/api/channels/email',
      payload: {
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        fromName: 'Escritório',
        fromAddress: 'contato@example.com',
      },
    });
    expect(put.statusCode).toBe(200);
    const detail = (await s.request({ method: 'GET', url: '/api/routines/contacts.birthdays' })).json();
    expect(detail.configuredChannels).toEqual(['email']);
  });

  it('tells the audit log in sentences with names, in the reader’s language, the raw data kept', async () => {
    const s = await loginAs(t.app, 'admin@a.com.br');
    const read = async (lang: string) =>
      (
        await s.request({
          method: 'GET',
          url: '/api/audit?entity=client',
          headers: { 'accept-language': lang },
        })
      ).json().items;
    const pt = (await read('pt-BR')).find((e: { action: string }) => e.action === 'class-change');
    expect(pt).toMatchObject({
      entityId: clientId,
      targetName: 'Padaria Estrela Ltda',
      before: { class: 'B' },
      after: { class: 'A' },
    });
    expect(pt.sentence).toMatch(/ mudou a classe do cliente Padaria Estrela Ltda: B → A\.$/);
    const en = (await read('en')).find((e: { action: string }) => e.action === 'class-change');
    expect(en.sentence).toMatch(/ changed the class of the client Padaria Estrela Ltda: B → A\.$/);
    const created = (await read('pt-BR')).find((e: { action: string }) => e.action === 'create');
    expect(created.sentence).toMatch(/ criou o cliente Padaria Estrela Ltda\.$/);
  });
});
