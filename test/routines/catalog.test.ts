/**
 * The routine catalog over HTTP on both dialects: the catalog with defaults and filters, the form's
 * validation (each bad input refused with a clear message, nothing half-written), activation creating
 * and pausing the engine schedule, optimistic concurrency and tenant isolation.
 */
import { describe, expect, it } from 'vitest';
import { routineKinds } from '../../src/server/catalog.js';
import * as m0017 from '../../src/server/db/migrations/0017-routine-schedule-spec.js';
import { routineTexts } from '../../src/server/modules/routines/routine-texts.js';
import { auditActions } from '../support/audit.js';
import { type Session, useSession, useTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { addClient, countRows } from './fixtures.js';

const BIRTHDAYS = 'contacts.birthdays';
const CLASSES = 'clients.class-transition';

const daily = { type: 'daily', times: ['08:00'] };

it('has texts for exactly the registered routine kinds (a missing one does not compile)', () => {
  expect(Object.keys(routineTexts).sort()).toEqual(routineKinds.map((def) => def.kind).sort());
});

describe.each(dialects)('routine catalog on %s', (dialect) => {
  const t = useTestApp(dialect);
  const admin = useSession(t, 'admin@a.com.br');
  const staff = useSession(t, 'staff@a.com.br');
  const adminB = useSession(t, 'admin@b.com.br');

  const put = (s: Session, kind: string, body: Record<string, unknown>, lang = 'pt-BR') =>
    s.request({
      method: 'PUT',
      url: `/api/routines/${kind}`,
      payload: body,
      headers: { 'accept-language': lang },
    });
  const birthdaysBody = (patch: Record<string, unknown> = {}) => ({
    settings: { professionId: null, channels: ['email'], templates: {}, audience: { kind: 'all' } },
    config: {},
    schedule: daily,
    ...patch,
  });
  const fieldsOf = (res: { json(): unknown }) =>
    Object.fromEntries(
      ((res.json() as { errors?: { field: string; message: string }[] }).errors ?? []).map((e) => [
        e.field,
        e.message,
      ]),
    );

  it('lists every registered kind with its defaults: inactive, the kind’s channels, no schedule', async () => {
    const res = await admin.request({ method: 'GET', url: '/api/routines' });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Record<string, unknown>[] }>().items;
    const kinds = items.map((i) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining([BIRTHDAYS, CLASSES, 'clients.erp-import']));
    const birthdays = items.find((i) => i.kind === BIRTHDAYS)!;
    expect(birthdays).toMatchObject({
      department: 'geral',
      active: false,
      id: null,
      channels: ['email', 'whatsapp'],
      availableChannels: ['email', 'whatsapp'],
      schedule: null,
      title: { 'pt-BR': 'Aniversariantes do dia' },
    });

    const detail = (await admin.request({ method: 'GET', url: `/api/routines/${BIRTHDAYS}` })).json();
    expect(detail.settings.templates).toEqual({ email: 'routines.birthday', whatsapp: 'routines.birthday' });
    expect(detail.config).toEqual({ subject: null, includeInactiveClients: false });
    expect(detail.configFields.map((f: { name: string; type: string }) => [f.name, f.type])).toEqual([
      ['subject', 'string'],
      ['includeInactiveClients', 'boolean'],
    ]);
    expect(detail.configFields[0].label['pt-BR']).toBe('Assunto');
    // Only the templates made for the routine's cause are offered (not every template of the office).
    expect(detail.templateOptions).toEqual({
      email: [expect.objectContaining({ key: 'routines.birthday', own: true })],
      whatsapp: [expect.objectContaining({ key: 'routines.birthday', own: true })],
    });
  });

  it('filters by department, text (accents ignored) and status', async () => {
    const list = async (query: Record<string, string>) =>
      (await admin.request({ method: 'GET', url: '/api/routines', query }))
        .json<{ items: { kind: string }[] }>()
        .items.map((i) => i.kind);
    expect(await list({ department: 'geral' })).toContain(BIRTHDAYS);
    expect(await list({ department: 'comercial' })).not.toContain(BIRTHDAYS);
    expect(await list({ department: 'comercial' })).toEqual(
      expect.arrayContaining([CLASSES, 'clients.erp-import']),
    );
    expect(await list({ q: 'aniversario' })).toEqual([BIRTHDAYS]);
    expect(await list({ q: 'TRANSIÇÃO' })).toEqual([CLASSES]);
    expect(await list({ status: 'ativa' })).toEqual([]);
    expect(await list({ status: 'inactive' })).toContain(BIRTHDAYS);
    const bad = await admin.request({ method: 'GET', url: '/api/routines', query: { department: 'xyz' } });
    expect(bad.statusCode).toBe(400);
    const unknown = await admin.request({ method: 'GET', url: '/api/routines/nope.nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe('Rotina não encontrada: nope.nothing.');
  });

  it('refuses bad settings with a message per field, in the request’s language, writing nothing', async () => {
    const before = await countRows(t.ctx);
    const other = await addClient(t.ctx, t.b.actor, { legalName: 'Cliente do Outro Escritório Ltda' });

    const sms = await put(admin, BIRTHDAYS, birthdaysBody({ settings: { channels: ['sms'] } }));
    expect(sms.statusCode).toBe(400);
    expect(fieldsOf(sms)['settings.channels.0']).toBe('Esta rotina não envia mensagens por SMS.');

    const noWhatsapp = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ settings: { channels: ['whatsapp'], templates: { whatsapp: 'engine.run-finished' } } }),
    );
    expect(fieldsOf(noWhatsapp)['settings.templates.whatsapp']).toBe(
      'O modelo engine.run-finished não tem versão para WhatsApp. Escolha outro modelo ou outro canal.',
    );
    const en = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ settings: { channels: ['email'], templates: { email: 'no.such' } } }),
      'en',
    );
    expect(fieldsOf(en)['settings.templates.email']).toBe('Unknown template: no.such.');
    // A template made for another cause (a ticket's, a fee's, the channel test) is refused.
    const foreign = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ settings: { channels: ['email'], templates: { email: 'billing.invoice' } } }),
    );
    expect(fieldsOf(foreign)['settings.templates.email']).toBe(
      'O modelo billing.invoice não é desta rotina. Escolha um dos modelos da lista.',
    );

    const refs = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({
        settings: {
          professionId: t.b.professions.get('Contador'),
          channels: ['email'],
          audience: { kind: 'list', clientIds: [other.id] },
        },
      }),
    );
    expect(fieldsOf(refs)).toEqual({
      'settings.professionId': 'Profissão não encontrada.',
      'settings.audience.clientIds.0': 'Cliente não encontrado.',
    });
    const classes = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ settings: { audience: { kind: 'class', classes: ['Z'] } } }),
    );
    expect(fieldsOf(classes)['settings.audience.classes.0']).toBe(
      'Classe desconhecida: Z. Use uma de: A, B, C.',
    );
    const tags = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ settings: { audience: { kind: 'tag', tags: ['VIP'] } } }),
    );
    expect(fieldsOf(tags)['settings.audience.tags.0']).toBe('Nenhum cliente tem a tag VIP.');

    const subject = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ config: { subject: 'Oi {{ contato.nome }}' } }),
    );
    expect(fieldsOf(subject)['config.subject']).toContain('contato.nome');

    const cron = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ schedule: { type: 'cron', expression: '0 9 * *' } }),
    );
    expect(fieldsOf(cron)['schedule.expression']).toBe(
      'Expressão cron inválida. Use cinco campos: minuto hora dia mês dia-da-semana.',
    );
    const once = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ schedule: { type: 'once', date: '2030-01-01', time: '09:00' } }),
    );
    expect(fieldsOf(once)['schedule.type']).toContain('Uma rotina se repete');

    const inactive = await put(admin, BIRTHDAYS, birthdaysBody({ active: true, schedule: null }));
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().detail).toBe(
      'Defina quando a rotina roda (Dia/Periodicidade/Hora) antes de ativá-la.',
    );

    const pool = await put(admin, BIRTHDAYS, birthdaysBody({ pool: 'nao-existe' }));
    expect(pool.statusCode).toBe(400);
    expect(pool.json().detail).toContain('Servidor desconhecido: nao-existe');

    const after = await countRows(t.ctx);
    expect({ ...after, audit_log: (after.audit_log ?? 0) - 1 }).toEqual(before); // only the other office's client
  });

  it('refuses an empty or inconsistent class-transition rule list (the kind’s own schema)', async () => {
    const base = {
      settings: { professionId: null, channels: [], templates: {}, audience: { kind: 'all' } },
      schedule: daily,
    };
    const empty = await put(admin, CLASSES, { ...base, config: { rules: [] } });
    expect(fieldsOf(empty)).toEqual({ 'config.rules': 'Adicione pelo menos uma regra.' });
    const bad = await put(admin, CLASSES, {
      ...base,
      config: {
        rules: [
          { toClass: 'A', field: 'feeCents', op: 'between', value: 500000, valueTo: 100 },
          { toClass: 'Q', field: 'employees', op: '>=', value: 10 },
          { toClass: 'B', field: 'tag', op: '>=', value: 1 },
        ],
      },
    });
    expect(fieldsOf(bad)).toEqual({
      'config.rules.0.valueTo': 'O valor final deve ser maior que o inicial.',
      'config.rules.2.op': 'Para tag, use a condição "tem a tag".',
    });
    const unknownClass = await put(admin, CLASSES, {
      ...base,
      config: { rules: [{ toClass: 'Q', field: 'employees', op: '>=', value: 10 }] },
    });
    expect(fieldsOf(unknownClass)).toEqual({
      'config.rules.0.toClass': 'Classe desconhecida: Q. Use uma de: A, B, C.',
    });
  });

  it('saves and activates: the engine schedule runs routines.run for it; Não pauses it', async () => {
    const forbidden = await put(staff, BIRTHDAYS, birthdaysBody({ active: true }));
    expect(forbidden.statusCode).toBe(403);

    const saved = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({
        active: true,
        settings: {
          professionId: t.a.professions.get('Contador'),
          channels: ['email', 'whatsapp'],
          templates: { email: 'routines.birthday', whatsapp: 'routines.birthday' },
          audience: { kind: 'all' },
        },
        config: { subject: 'Parabéns, {{ contact.firstName }}!' },
      }),
    );
    expect(saved.statusCode).toBe(200);
    const routine = saved.json();
    expect(routine).toMatchObject({ active: true, version: 1, professionName: 'Contador' });
    expect(routine.schedule).toMatchObject({ spec: daily, pool: 'default', paused: false });
    expect(routine.schedule.nextFireAt).toBe('2026-11-24T11:00:00.000Z'); // 08:00 in São Paulo

    const schedule = await t.ctx.db
      .selectFrom('schedules')
      .selectAll()
      .where('id', '=', routine.schedule.id)
      .executeTakeFirstOrThrow();
    expect(schedule).toMatchObject({
      kind: 'routines.run',
      name: 'Rotina: Aniversariantes do dia',
      office_id: t.a.office.id,
      created_by: t.a.admin.id,
    });
    expect(JSON.parse(schedule.payload)).toEqual({ routineId: routine.id });

    // Não removes the engine schedule (an inactive routine has no agenda) and keeps its Dia/Hora;
    // Sim makes a new one from them.
    const off = await admin.request({ method: 'POST', url: `/api/routines/${BIRTHDAYS}/deactivate` });
    expect(off.json()).toMatchObject({ active: false, schedule: { id: null, spec: daily, paused: true } });
    expect(
      await t.ctx.db.selectFrom('schedules').select('id').where('id', '=', routine.schedule.id).execute(),
    ).toEqual([]);
    const on = await admin.request({ method: 'POST', url: `/api/routines/${BIRTHDAYS}/activate` });
    expect(on.json()).toMatchObject({ active: true, schedule: { spec: daily, paused: false }, version: 3 });
    const scheduleId = on.json().schedule.id as string;
    expect(scheduleId).toEqual(expect.any(String));

    // The catalog shows it Ativa, with its schedule; a stale form is refused.
    const listed = (
      await admin.request({ method: 'GET', url: '/api/routines', query: { status: 'active' } })
    ).json<{ items: { kind: string; schedule: unknown }[] }>().items;
    expect(listed.map((i) => i.kind)).toEqual([BIRTHDAYS]);
    const stale = await put(admin, BIRTHDAYS, birthdaysBody({ version: 1 }));
    expect(stale.statusCode).toBe(409);

    // Changing the schedule updates the same engine schedule; clearing it (inactive) removes it.
    const weekly = await put(
      admin,
      BIRTHDAYS,
      birthdaysBody({ version: 3, schedule: { type: 'weekly', weekdays: [1, 3], times: ['07:30'] } }),
    );
    expect(weekly.json().schedule.id).toBe(scheduleId);
    const cleared = await put(admin, BIRTHDAYS, birthdaysBody({ active: false, schedule: null }));
    expect(cleared.json()).toMatchObject({ active: false, schedule: null });
    expect(
      await t.ctx.db.selectFrom('schedules').select('id').where('id', '=', scheduleId).execute(),
    ).toEqual([]);

    expect(await auditActions(t.ctx, 'routine', routine.id)).toEqual([
      'create',
      'deactivate',
      'activate',
      'update',
      'update',
    ]);
  });

  it('an inactive routine has no agenda; a routine’s agenda cannot be changed or deleted in Agendas', async () => {
    const scheduleCount = async () =>
      (
        await t.ctx.db
          .selectFrom('schedules')
          .select('id')
          .where('office_id', '=', t.a.office.id)
          .where('kind', '=', 'routines.run')
          .execute()
      ).length;
    const before = await scheduleCount();
    // Saving an inactive routine with a Dia/Hora keeps them on the routine, not as a paused agenda.
    const inactive = await put(admin, CLASSES, {
      settings: { professionId: null, channels: [], templates: {}, audience: { kind: 'all' } },
      config: { rules: [{ toClass: 'A', field: 'employees', op: '>=', value: 10 }] },
      schedule: daily,
      active: false,
    });
    expect(inactive.statusCode, inactive.body).toBe(200);
    expect(inactive.json()).toMatchObject({ active: false, schedule: { id: null, spec: daily } });
    expect(await scheduleCount()).toBe(before);

    const active = await put(admin, BIRTHDAYS, birthdaysBody({ active: true }));
    const id = active.json().schedule.id as string;
    expect(await scheduleCount()).toBe(before + 1);
    const listed = (await admin.request({ method: 'GET', url: '/api/schedules' })).json<{
      items: { id: string; keptBy: unknown }[];
    }>().items;
    expect(listed.find((s) => s.id === id)?.keptBy).toEqual({
      'pt-BR': 'Rotinas',
      en: 'Routines',
      path: '/routines',
    });

    // Execuções → Agendas refuses to delete, pause or change it, pointing to the routine.
    const del = await admin.request({ method: 'DELETE', url: `/api/schedules/${id}` });
    expect(del.statusCode).toBe(409);
    expect(del.json().detail).toContain('Rotina: Aniversariantes do dia');
    expect(del.json().detail).toContain('Rotinas');
    const pause = await admin.request({ method: 'POST', url: `/api/schedules/${id}/pause` });
    expect(pause.statusCode).toBe(409);
    const edit = await admin.request({
      method: 'PUT',
      url: `/api/schedules/${id}`,
      payload: { name: 'Outra', kind: 'routines.run', payload: { routineId: active.json().id }, spec: daily },
    });
    expect(edit.statusCode).toBe(409);
    expect((await admin.request({ method: 'GET', url: `/api/routines/${BIRTHDAYS}` })).json()).toMatchObject({
      active: true,
      schedule: { id, paused: false },
    });
  });

  it('keeps each office’s configuration to itself', async () => {
    const mine = await put(admin, BIRTHDAYS, birthdaysBody({ active: true }));
    expect(mine.json().active).toBe(true);
    const theirs = (await adminB.request({ method: 'GET', url: `/api/routines/${BIRTHDAYS}` })).json();
    expect(theirs).toMatchObject({ id: null, active: false, schedule: null, version: 0 });
    const runs = await adminB.request({ method: 'GET', url: `/api/routines/${BIRTHDAYS}/runs` });
    expect(runs.json()).toEqual({ items: [] });
  });

  it('migration 0017 keeps each routine’s Dia/Hora and removes the paused agendas of inactive routines', async () => {
    const db = t.ctx.db;
    const active = await db
      .selectFrom('routines')
      .selectAll()
      .where('office_id', '=', t.a.office.id)
      .where('kind', '=', BIRTHDAYS)
      .executeTakeFirstOrThrow();
    expect(active.active).toBe(1);
    // The schema before 0017: an inactive routine kept a paused schedule.
    await m0017.down(db as never);
    const agenda = await db
      .selectFrom('schedules')
      .selectAll()
      .where('id', '=', active.schedule_id!)
      .executeTakeFirstOrThrow();
    const pausedId = crypto.randomUUID();
    await db
      .insertInto('schedules')
      .values({ ...agenda, id: pausedId, name: 'Rotina: Mudança de classe', paused: 1 })
      .execute();
    await db
      .updateTable('routines')
      .set({ schedule_id: pausedId, active: 0 } as never)
      .where('office_id', '=', t.a.office.id)
      .where('kind', '=', CLASSES)
      .execute();
    await m0017.up(db as never);

    const rows = await db
      .selectFrom('routines')
      .select(['kind', 'active', 'schedule_id', 'schedule_spec'])
      .where('office_id', '=', t.a.office.id)
      .where('kind', 'in', [BIRTHDAYS, CLASSES])
      .orderBy('kind')
      .execute();
    expect(rows).toEqual([
      { kind: CLASSES, active: 0, schedule_id: null, schedule_spec: agenda.spec },
      { kind: BIRTHDAYS, active: 1, schedule_id: active.schedule_id, schedule_spec: agenda.spec },
    ]);
    expect(await db.selectFrom('schedules').select('id').where('id', '=', pausedId).execute()).toEqual([]);
  });
});
