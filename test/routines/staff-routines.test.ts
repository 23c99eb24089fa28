/**
 * The routines that only tell the office's staff, on both dialects:
 * - Atendimentos parados (`tickets.stalled`): N business days on the office calendar (20 November is a
 *   holiday), responsible and supervisor, one notice per stall, a new stall after new activity;
 * - Monitorar movimentações das contas (`clients.idle-accounts`): what counts as a movement, the chosen
 *   users or the responsible, the optional transfer (audited), one notice per idle spell.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTicket, createTicketBody, postChat } from '../../src/server/modules/tickets/index.js';
import { seedOffice } from '../support/fixtures.js';
import { dialects, type TestContext, useTestContext } from '../support/test-db.js';
import { addClient, runKind, settingsOf } from './fixtures.js';

type Seed = Awaited<ReturnType<typeof seedOffice>>;

async function staffMessages(ctx: TestContext, prefix: string) {
  const rows = await ctx.db
    .selectFrom('messages')
    .select(['idempotency_key', 'address', 'subject', 'status'])
    .where('idempotency_key', 'like', `${prefix}%`)
    .orderBy('idempotency_key')
    .execute();
  return rows;
}

describe.each(dialects)('Atendimentos parados on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  let seed: Seed;
  let stalledId = '';
  let activeId = '';
  const KIND = 'tickets.stalled';

  beforeAll(async () => {
    seed = await seedOffice(ctx);
    const other = await seedOffice(ctx, 'Outro Escritório', 'outro.com.br');
    // Thursday 19 November 2026; Friday 20 is a national holiday (Consciência Negra).
    ctx.clock.set('2026-11-19T13:00:00.000Z');
    const client = await addClient(ctx, seed.actor, { legalName: 'Padaria Estrela Ltda' });
    const foreign = await addClient(ctx, other.actor, { legalName: 'Cliente de Fora Ltda' });
    const open = (clientId: string, subject: string, responsibleId: string, actor = seed.actor) =>
      createTicket(ctx, actor, createTicketBody.parse({ clientId, subject, responsibleId }));
    stalledId = (await open(client.id, 'Alteração contratual', seed.staff.id)).id;
    activeId = (await open(client.id, 'Declaração de IRPF', seed.staff.id)).id;
    await open(foreign.id, 'Fora do escritório', other.staff.id, other.actor);
    // The second ticket moves on Monday 23.
    ctx.clock.set('2026-11-23T14:00:00.000Z');
    await postChat(ctx, seed.actor, activeId, { body: 'Documentos recebidos.', internal: true });
  });

  const run = (date: string, config: Record<string, unknown> = {}, dryRun = false) =>
    runKind(ctx, seed.office.id, KIND, { date, settings: settingsOf({ channels: [] }), config, dryRun });

  it('counts business days on the office calendar: the holiday and the weekend do not count', async () => {
    // (19, 24] = 23 and 24: two business days.
    const tuesday = await run('2026-11-24', { businessDays: 3 }, true);
    expect(tuesday.records).toBe(0);
    const wednesday = await run('2026-11-25', { businessDays: 3 }, true);
    expect(wednesday.preview!.map((m) => m.recipient).sort()).toEqual(['Ana Admin', 'Bruno Staff']);
    expect(wednesday.records).toBe(1);
  });

  it('writes to the supervisor who reads English in English, the status too', async () => {
    await ctx.db.updateTable('users').set({ language: 'en' }).where('id', '=', seed.admin.id).execute();
    try {
      const r = await run('2026-11-25', { businessDays: 3 }, true);
      const byRecipient = Object.fromEntries(r.preview!.map((m) => [m.recipient, m]));
      expect(byRecipient['Ana Admin']!.subject).toMatch(/^Ticket #\d+ stalled for 3 business days$/);
      expect(byRecipient['Ana Admin']!.body).toContain('its status is Open.');
      expect(byRecipient['Ana Admin']!.body).toMatch(/^Hello, Ana Admin\./);
      expect(byRecipient['Bruno Staff']!.body).toMatch(/^Olá, Bruno Staff\./);
      expect(byRecipient['Bruno Staff']!.subject).toMatch(/^Atendimento #\d+ parado há 3 dias úteis$/);
    } finally {
      await ctx.db.updateTable('users').set({ language: 'pt-BR' }).where('id', '=', seed.admin.id).execute();
    }
  });

  it('tells the responsible and the supervisor once per stall, however often it runs', async () => {
    const first = await run('2026-11-25');
    expect(first).toMatchObject({ records: 1, outcomes: { stalled: 1 }, failed: 0 });
    const sent = await staffMessages(ctx, `ticket-stalled:${stalledId}:`);
    expect(sent.map((m) => [m.address, m.status]).sort()).toEqual([
      ['admin@teste.com.br', 'queued'],
      ['staff@teste.com.br', 'queued'],
    ]);
    expect(sent.every((m) => m.subject?.startsWith('Atendimento #'))).toBe(true);
    expect(sent[0]!.subject).toContain('parado há 3 dias úteis');

    // The next day: the first ticket is a duplicate; the second has now stalled too, (23, 26].
    const again = await run('2026-11-26');
    expect(again.messages).toMatchObject({ queued: 2, duplicates: 2 });
    expect(await staffMessages(ctx, `ticket-stalled:${stalledId}:`)).toHaveLength(2);
  });

  it('a ticket that moves and stalls again is reported again; the supervisor can be left out', async () => {
    ctx.clock.set('2026-11-27T15:00:00.000Z');
    await postChat(ctx, seed.actor, stalledId, { body: 'Cobrei o cliente.', internal: true });
    // (27 Nov, 2 Dec] = 30, 1, 2: three business days.
    const r = await run('2026-12-02', { notifySupervisor: false });
    expect(r.outcomes).toMatchObject({ stalled: 2 }); // both tickets now
    const sent = await staffMessages(ctx, `ticket-stalled:${stalledId}:`);
    expect(sent).toHaveLength(3);
    expect(sent.filter((m) => m.address === 'staff@teste.com.br')).toHaveLength(2);
    // Never a ticket of another office.
    const all = await staffMessages(ctx, 'ticket-stalled:');
    expect(all.every((m) => m.address?.endsWith('@teste.com.br'))).toBe(true);
  });
});

describe.each(dialects)('Monitorar movimentações das contas on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  let seed: Seed;
  const ids: Record<string, string> = {};
  const KIND = 'clients.idle-accounts';

  beforeAll(async () => {
    seed = await seedOffice(ctx);
    const contador = seed.professions.get('Contador')!;
    ctx.clock.set('2026-06-01T12:00:00.000Z');
    for (const name of ['Quieta Ltda', 'Movimentada Ltda', 'Inativa Ltda']) {
      const c = await addClient(ctx, seed.actor, {
        legalName: name,
        status: name === 'Inativa Ltda' ? 'inactive' : 'active',
        responsibles: [{ professionId: contador, userId: seed.admin.id }],
      });
      ids[name] = c.id;
    }
    // Movimentada opens a ticket on 1 October.
    ctx.clock.set('2026-10-01T12:00:00.000Z');
    await createTicket(
      ctx,
      seed.actor,
      createTicketBody.parse({ clientId: ids['Movimentada Ltda'], subject: 'Abertura de filial' }),
    );
    // Nova arrives on 1 November.
    ctx.clock.set('2026-11-01T12:00:00.000Z');
    ids['Nova Ltda 2'] = (await addClient(ctx, seed.actor, { legalName: 'Nova de Novembro Ltda' })).id;
  });

  const settings = () => settingsOf({ channels: [], professionId: seed.professions.get('Contador')! });

  it('finds the clients without movement for N days; new clients are not idle yet', async () => {
    const r = await runKind(ctx, seed.office.id, KIND, {
      date: '2026-11-20',
      settings: settings(),
      config: { days: 60 },
      dryRun: true,
    });
    // Quieta: idle since its registration on 1 June. Movimentada: last movement on 1 October (50 days).
    // Nova de Novembro: registered 19 days ago. Inativa: not an active client.
    expect(r.records).toBe(1);
    expect(r.preview!.map((m) => [m.record, m.recipient])).toEqual([['Quieta Ltda', 'Ana Admin']]);
    expect(r.preview![0]!.subject).toBe('Conta sem movimentação há 172 dias: Quieta Ltda');
    expect(r.preview![0]!.body).toContain('Não há movimentação registrada.');
    expect(r.preview![0]!.body).toMatch(/^Olá, Ana Admin\./);
  });

  it('tells a user who reads English in English', async () => {
    await ctx.db.updateTable('users').set({ language: 'en' }).where('id', '=', seed.admin.id).execute();
    try {
      const r = await runKind(ctx, seed.office.id, KIND, {
        date: '2026-11-20',
        settings: settings(),
        config: { days: 60 },
        dryRun: true,
      });
      expect(r.preview![0]!.subject).toBe('No account activity for 172 days: Quieta Ltda');
      expect(r.preview![0]!.body).toContain('No activity has been recorded.');
    } finally {
      await ctx.db.updateTable('users').set({ language: 'pt-BR' }).where('id', '=', seed.admin.id).execute();
    }
  });

  it('tells the chosen users once per idle spell and transfers the account, audited', async () => {
    const config = { days: 60, notifyUserIds: [seed.staff.id], transferToUserId: seed.staff.id };
    const r = await runKind(ctx, seed.office.id, KIND, { date: '2026-11-20', settings: settings(), config });
    expect(r.failed).toBe(0);
    expect(r.outcomes).toEqual({ idle: 1, transferred: 1 });
    const quieta = await staffMessages(ctx, `idle-account:${ids['Quieta Ltda']}:never`);
    expect(quieta.map((m) => m.address)).toEqual(['staff@teste.com.br']);
    expect(quieta[0]!.subject).toMatch(/^Conta sem movimentação há \d+ dias: Quieta Ltda$/);

    const responsible = await ctx.db
      .selectFrom('client_responsibles')
      .select('user_id')
      .where('client_id', '=', ids['Quieta Ltda']!)
      .where('profession_id', '=', seed.professions.get('Contador')!)
      .execute();
    expect(responsible.map((x) => x.user_id)).toEqual([seed.staff.id]);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_id', '=', ids['Quieta Ltda']!)
      .where('action', '=', 'responsible_transferred')
      .execute();
    expect(audit).toHaveLength(1);

    // The next day: still idle, nothing new, no second transfer.
    const again = await runKind(ctx, seed.office.id, KIND, {
      date: '2026-11-21',
      settings: settings(),
      config,
    });
    expect(again.messages.queued).toBe(0);
    expect(again.outcomes.transferred ?? 0).toBe(0);
    expect(await staffMessages(ctx, `idle-account:${ids['Quieta Ltda']}:`)).toHaveLength(1);
  });

  it('a movement ends the idle spell: the client is reported again only after N more days', async () => {
    ctx.clock.set('2026-11-22T12:00:00.000Z');
    await createTicket(
      ctx,
      seed.actor,
      createTicketBody.parse({ clientId: ids['Quieta Ltda'], subject: 'Voltou a falar' }),
    );
    const soon = await runKind(ctx, seed.office.id, KIND, {
      date: '2026-12-20',
      settings: settings(),
      config: { days: 60 },
      dryRun: true,
    });
    expect(soon.preview!.map((m) => m.record)).toEqual(['Movimentada Ltda']);
    const later = await runKind(ctx, seed.office.id, KIND, {
      date: '2027-01-25',
      settings: settings(),
      config: { days: 60 },
    });
    // Quieta (64 days after its ticket) and Movimentada (116 days); Nova de Novembro (85 days) too.
    expect(later).toMatchObject({ failed: 0, records: 3 });
    const quieta = await staffMessages(ctx, `idle-account:${ids['Quieta Ltda']}:`);
    expect(quieta).toHaveLength(2);
    expect(quieta.some((m) => m.idempotency_key.includes(':never:'))).toBe(true);
    expect(quieta.some((m) => m.idempotency_key.includes(':2026-11-22'))).toBe(true);
  });
});
