/**
 * Runs of a routine on both dialects, through the scheduler and the worker: the job finds its routine,
 * works on the occurrence's date (even when caught up the day after), sends the keyed messages, ends with
 * a summary that is e-mailed to the requester; a second run sends nothing; Pré-visualizar writes nothing;
 * Executar now or at a date and time on a pool.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulerTick, Worker } from '../../src/server/modules/engine/index.js';
import { createTestApp, loginAs } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { activateBirthdays, addClient, addContact, countRows } from './fixtures.js';

type App = Awaited<ReturnType<typeof createTestApp>>;
const KIND = 'contacts.birthdays';

describe.each(dialects)('routine runs on %s', (dialect) => {
  let t: App;
  let routineId: string;
  const contacts: Record<string, string> = {};

  beforeAll(async () => {
    // Many logins (an admin, staff, an English reader) in one minute of this file: no login limit here.
    t = await createTestApp(dialect, { loginRateLimitPerMinute: 1000 });
    t.ctx.clock.set('2026-11-23T12:00:00.000Z'); // Monday 23/11/2026, 09:00 in São Paulo
    const padaria = await addClient(t.ctx, t.a.actor, {
      legalName: 'Padaria Estrela Ltda',
      tradeName: 'Estrela',
    });
    const inactive = await addClient(t.ctx, t.a.actor, {
      legalName: 'Oficina Parada Ltda',
      status: 'inactive',
    });
    for (const [name, clientId, birthday, extra] of [
      ['Carla Souza', padaria.id, '1980-11-24', {}],
      ['Diego Lima', padaria.id, '1990-11-24', { emailOptOut: true }],
      ['Eva Rocha', padaria.id, '1975-11-25', {}],
      ['Fábio Parado', inactive.id, '1970-11-24', {}],
    ] as const) {
      contacts[name] = (await addContact(t.ctx, t.a.actor, clientId, { name, birthday, ...extra })).id;
    }
    routineId = await activateBirthdays(await as());
  });
  afterAll(async () => t.close());

  /** Sessions expire as the fake clock moves on: log in again at each step. */
  const as = () => loginAs(t.app, 'admin@a.com.br');

  const birthdayMessages = () =>
    t.ctx.db
      .selectFrom('messages')
      .select(['idempotency_key', 'status', 'subject', 'address', 'recipient_id', 'skip_reason'])
      .where('template', '=', 'routines.birthday')
      // By the greeted name: the keys carry contact ids made in the same millisecond, whose order is random.
      .orderBy('subject')
      .execute();

  it('previews the next day without sending or writing anything', async () => {
    const session = await as();
    const before = await countRows(t.ctx);
    const res = await session.request({
      method: 'POST',
      url: `/api/routines/${KIND}/preview`,
      payload: { date: '2026-11-24' },
    });
    expect(res.statusCode).toBe(200);
    const preview = res.json();
    expect(preview).toMatchObject({
      date: '2026-11-24',
      records: 2,
      messages: { queued: 1, skipped: 1, duplicates: 0 },
      outcomes: [{ key: 'birthdays', count: 2, label: { 'pt-BR': 'aniversariante(s)' } }],
      truncated: false,
    });
    const carla = preview.preview.find((m: { recipient: string }) => m.recipient === 'Carla Souza');
    expect(carla).toMatchObject({
      record: 'Carla Souza (Estrela)',
      channel: 'email',
      address: 'carla@cliente.com.br',
      status: 'queued',
      duplicate: false,
      subject: 'Feliz aniversário, Carla!',
    });
    expect(carla.body).toContain('Olá, Carla!');
    expect(carla.body).toContain('Escritório A');
    const diego = preview.preview.find((m: { recipient: string }) => m.recipient === 'Diego Lima');
    expect(diego).toMatchObject({
      status: 'skipped',
      reason: { 'pt-BR': 'o contato optou por não receber e-mails' },
    });
    expect(await countRows(t.ctx)).toEqual(before);
  });

  it('runs at the occurrence through the worker: messages, summary, summary e-mail to the requester', async () => {
    // The server was down at 08:00 on the 24th; the scheduler catches the occurrence up the next day.
    t.ctx.clock.set('2026-11-25T10:30:00.000Z');
    const tick = await schedulerTick(t.ctx);
    expect(tick.enqueued).toBe(1);
    const job = await t.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'routines.run')
      .executeTakeFirstOrThrow();
    expect(job.run_at).toBe('2026-11-24T11:00:00.000Z');
    expect(job.requested_by).toBe(t.a.admin.id);
    // Execuções names the queued run after its routine, in both languages (not "Rotina automatizada").
    const session = await as();
    const listed = (await session.request({ method: 'GET', url: '/api/runs' })).json<{
      items: { id: string; title: unknown }[];
    }>().items;
    const routineTitle = { 'pt-BR': 'Rotina: Aniversariantes do dia', en: 'Routine: Birthdays of the day' };
    expect(listed.find((r) => r.id === job.id)?.title).toEqual(routineTitle);
    expect((await session.request({ method: 'GET', url: `/api/runs/${job.id}` })).json().title).toEqual(
      routineTitle,
    );
    // A retry's backoff (or a restart) may move the job's due time past midnight: the run still works on
    // its occurrence's day.
    await t.ctx.db
      .updateTable('jobs')
      .set({ run_at: '2026-11-25T10:30:00.000Z' })
      .where('id', '=', job.id)
      .execute();
    await new Worker(t.ctx).runOnce();

    const run = await t.ctx.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', job.id)
      .executeTakeFirstOrThrow();
    expect(run.state).toBe('succeeded');
    const result = JSON.parse(run.result!);
    expect(result).toMatchObject({
      routineId,
      date: '2026-11-24', // the occurrence's day, not the day it ran
      records: 2,
      messages: { queued: 1, skipped: 1, duplicates: 0 },
      outcomes: { birthdays: 2 },
    });
    // The run's name is its kind's (runTitles), not stored in its result.
    expect(result).not.toHaveProperty('title');
    expect(result.summary).toBe(
      '2 registro(s) processado(s); 2 aniversariante(s); 1 mensagem(ns) enviada(s) para a fila; ' +
        '1 não enviada(s) (sem endereço ou sem consentimento); 0 já enviada(s) antes.',
    );
    // Its English twin, which the runs API shows an English reader (see the run switched off below).
    expect(result.summaryEn).toBe(
      '2 record(s) processed; 2 birthday(s); 1 message(s) queued; 1 not sent (no address or no consent); ' +
        '0 already sent before.',
    );

    expect(await birthdayMessages()).toEqual([
      expect.objectContaining({
        idempotency_key: `birthday:${contacts['Carla Souza']}:2026:email`,
        status: 'delivered', // the local mailbox, as no SMTP server is set up
        subject: 'Feliz aniversário, Carla!',
      }),
      expect.objectContaining({
        idempotency_key: `birthday:${contacts['Diego Lima']}:2026:email`,
        status: 'skipped',
      }),
    ]);

    const summary = await t.ctx.db
      .selectFrom('messages')
      .select(['address', 'subject', 'body_text'])
      .where('template', '=', 'engine.run-finished')
      .execute();
    expect(summary).toHaveLength(1);
    expect(summary[0]!.address).toBe('admin@a.com.br');
    expect(summary[0]!.subject).toBe('Execução concluída: Rotina: Aniversariantes do dia');
    expect(summary[0]!.body_text).toContain('2 aniversariante(s)');

    const logs = await t.ctx.db
      .selectFrom('job_logs')
      .select('message')
      .where('job_id', '=', job.id)
      .execute();
    expect(logs.map((l) => l.message)).toContain('Aniversariantes do dia — data de referência 24/11/2026.');
  });

  it('a second run for the same day sends nothing new; the preview shows "já enviada antes"', async () => {
    // The clock is on the 25th: look at the 24th again through a preview of that date.
    const preview = await (await as()).request({
      method: 'POST',
      url: `/api/routines/${KIND}/preview`,
      payload: { date: '2026-11-24' },
    });
    expect(preview.json().messages).toEqual({ queued: 0, skipped: 0, duplicates: 2 });
    expect(preview.json().preview.every((m: { duplicate: boolean }) => m.duplicate)).toBe(true);

    const before = (await birthdayMessages()).length;
    t.ctx.clock.set('2026-11-24T15:00:00.000Z'); // a manual run during the 24th
    const again = await (await as()).request({
      method: 'POST',
      url: `/api/routines/${KIND}/run`,
      payload: {},
    });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ kind: 'routines.run', requestedBy: t.a.admin.id, pool: 'default' });
    await new Worker(t.ctx).runOnce();
    const run = await t.ctx.db
      .selectFrom('jobs')
      .select(['state', 'result'])
      .where('id', '=', again.json().id)
      .executeTakeFirstOrThrow();
    expect(run.state).toBe('succeeded');
    expect(JSON.parse(run.result!).messages).toEqual({ queued: 0, skipped: 0, duplicates: 2 });
    expect((await birthdayMessages()).length).toBe(before);
  });

  it('Executar at a date and time on a pool; a past time is refused; the routine lists its runs', async () => {
    t.ctx.clock.set('2026-11-25T12:00:00.000Z');
    const past = await (await as()).request({
      method: 'POST',
      url: `/api/routines/${KIND}/run`,
      payload: { at: '2026-11-25T11:00:00.000Z' },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().detail).toBe('A data e hora da execução já passaram.');
    const pool = await (await as()).request({
      method: 'POST',
      url: `/api/routines/${KIND}/run`,
      payload: { pool: 'nao-existe' },
    });
    expect(pool.statusCode).toBe(400);
    const later = await (await as()).request({
      method: 'POST',
      url: `/api/routines/${KIND}/run`,
      payload: { at: '2026-11-26T12:00:00.000Z', pool: 'default' },
    });
    expect(later.statusCode).toBe(201);
    expect(later.json()).toMatchObject({ state: 'queued', runAt: '2026-11-26T12:00:00.000Z' });

    const runs = (await (await as()).request({ method: 'GET', url: `/api/routines/${KIND}/runs` })).json()
      .items;
    expect(runs.length).toBe(3);
    expect(runs[0].id).toBe(later.json().id);
    expect(runs.every((r: { kind: string }) => r.kind === 'routines.run')).toBe(true);
  });

  it('another office cannot run this office’s routine, even naming its id', async () => {
    const b = await loginAs(t.app, 'admin@b.com.br');
    const res = await b.request({
      method: 'POST',
      url: '/api/runs',
      payload: { kind: 'routines.run', payload: { routineId } },
    });
    expect(res.statusCode).toBe(201);
    const notices = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('template', '!=', 'engine.run-finished')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await notices();
    await new Worker(t.ctx).runOnce();
    const run = await t.ctx.db
      .selectFrom('jobs')
      .select(['state', 'error'])
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(run.state).toBe('dead');
    expect(run.error).toContain('Rotina não encontrada');
    expect(await notices()).toBe(before);
    // The stored error reads in the reader's language; its English twin never shows in the result.
    const read = async (lang: string) =>
      (
        await b.request({
          method: 'GET',
          url: `/api/runs/${res.json().id}`,
          headers: { 'accept-language': lang },
        })
      ).json();
    expect(await read('en')).toMatchObject({ error: 'Routine not found: was it removed?', result: null });
    expect(await read('pt-BR')).toMatchObject({
      error: 'Rotina não encontrada: ela foi removida?',
      result: null,
    });
  });

  it('a scheduled run of a routine switched off meanwhile does nothing', async () => {
    t.ctx.clock.set('2026-11-26T10:59:00.000Z');
    // The schedule's job is queued, then the routine is switched off (its schedule removed).
    const job = await t.ctx.db.transaction().execute(async (trx) => {
      const { enqueue } = await import('../../src/server/modules/engine/index.js');
      const { routinesRun } = await import('../../src/server/modules/routines/index.js');
      const schedule = await trx
        .selectFrom('routines')
        .select('schedule_id')
        .where('id', '=', routineId)
        .executeTakeFirstOrThrow();
      expect(schedule.schedule_id).toEqual(expect.any(String));
      return enqueue(
        t.ctx,
        trx,
        routinesRun,
        { routineId },
        {
          officeId: t.a.office.id,
          scheduleId: schedule.schedule_id,
        },
      );
    });
    await (await as()).request({ method: 'POST', url: `/api/routines/${KIND}/deactivate` });
    const messagesBefore = (await countRows(t.ctx)).messages;
    await new Worker(t.ctx).runOnce();
    const run = await t.ctx.db
      .selectFrom('jobs')
      .select(['state', 'result'])
      .where('id', '=', job.id)
      .executeTakeFirstOrThrow();
    expect(run.state).toBe('succeeded');
    expect(JSON.parse(run.result!)).toMatchObject({
      skipped: true,
      summary: 'Rotina inativa: nada foi feito.',
      summaryEn: 'Routine inactive: nothing was done.',
    });
    expect((await countRows(t.ctx)).messages).toBe(messagesBefore);

    // The summary reads in the reader's language, with the same members in both.
    const session = await as();
    const read = async (lang: string) =>
      (
        await session.request({
          method: 'GET',
          url: `/api/runs/${job.id}`,
          headers: { 'accept-language': lang },
        })
      ).json().result;
    const en = await read('en');
    const ptBR = await read('pt-BR');
    expect(en.summary).toBe('Routine inactive: nothing was done.');
    expect(ptBR.summary).toBe('Rotina inativa: nada foi feito.');
    expect(Object.keys(en).sort()).toEqual(Object.keys(ptBR).sort());
    expect(en).not.toHaveProperty('summaryEn');
    const listed = (
      await session.request({
        method: 'GET',
        url: `/api/routines/${KIND}/runs`,
        headers: { 'accept-language': 'en' },
      })
    ).json().items;
    expect(listed.find((r: { id: string }) => r.id === job.id).result.summary).toBe(
      'Routine inactive: nothing was done.',
    );
  });

  it('a requester who reads English gets the notification, summary e-mail, log and progress in English', async () => {
    t.ctx.clock.set('2026-11-24T15:00:00.000Z');
    const session = await as();
    const set = await session.request({
      method: 'PUT',
      url: '/api/auth/me/language',
      payload: { language: 'en' },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().user.language).toBe('en');
    await session.request({ method: 'POST', url: `/api/routines/${KIND}/activate` });
    const queued = await session.request({ method: 'POST', url: `/api/routines/${KIND}/run`, payload: {} });
    expect(queued.statusCode).toBe(201);
    await new Worker(t.ctx).runOnce();

    // Without an Accept-Language the API answers in the user's own language; with one, in that one.
    const read = (headers: Record<string, string> = {}) =>
      session.request({ method: 'GET', url: `/api/runs/${queued.json().id}`, headers });
    const run = (await read()).json();
    expect(run.state).toBe('succeeded');
    expect(run.progressMessage).toBe('2 records');
    expect(run.logs.map((l: { message: string }) => l.message)).toContain(
      'Birthdays of the day — reference date 24/11/2026.',
    );
    const pt = (await read({ 'accept-language': 'pt-BR' })).json();
    expect(pt.progressMessage).toBe('2 registros');
    expect(pt.logs.map((l: { message: string }) => l.message)).toContain(
      'Aniversariantes do dia — data de referência 24/11/2026.',
    );

    const notification = await t.ctx.db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('user_id', '=', t.a.admin.id)
      .where('link', '=', `/runs/${run.id}`)
      .executeTakeFirstOrThrow();
    expect(notification.title).toBe('Run completed: Routine: Birthdays of the day');
    expect(notification.body).toMatch(/record\(s\) processed/);
    const email = await t.ctx.db
      .selectFrom('messages')
      .select(['subject', 'body_text'])
      .where('idempotency_key', '=', `run-finished:${run.id}`)
      .executeTakeFirstOrThrow();
    expect(email.subject).toBe('Run completed: Routine: Birthdays of the day');
    expect(email.body_text).toContain('The run "Routine: Birthdays of the day" you asked for has finished');
    await session.request({ method: 'PUT', url: '/api/auth/me/language', payload: { language: 'pt-BR' } });
  });
});
