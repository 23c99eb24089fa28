/**
 * Aniversariantes do dia on both dialects: who is greeted on which date (29 February on 28 February in
 * common years), inactive clients, the audience, the Assunto with variables, both channels, and the key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { birthdaysOn } from '../../src/server/modules/routines/birthdays.routine.js';
import { seedOffice, useOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';
import { addClient, addContact, runKind, settingsOf } from './fixtures.js';

const KIND = 'contacts.birthdays';

describe('birthdaysOn', () => {
  it('celebrates 29 February on 28 February in common years only', () => {
    expect(birthdaysOn('2027-02-28')).toEqual(['02-28', '02-29']);
    expect(birthdaysOn('2028-02-28')).toEqual(['02-28']);
    expect(birthdaysOn('2028-02-29')).toEqual(['02-29']);
    expect(birthdaysOn('2027-03-01')).toEqual(['03-01']);
    expect(birthdaysOn('2026-12-31')).toEqual(['12-31']);
  });
});

describe.each(dialects)('Aniversariantes do dia on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const other = await seedOffice(ctx, 'Outro Escritório', 'outro.com.br');
    const a = await addClient(ctx, seed.actor, {
      legalName: 'Mercado Bom Preço Ltda',
      class: 'A',
      tags: ['MEI'],
    });
    const b = await addClient(ctx, seed.actor, { legalName: 'Hotel Vista Mar Ltda', class: 'B' });
    const off = await addClient(ctx, seed.actor, { legalName: 'Gráfica Parada Ltda', status: 'inactive' });
    const foreign = await addClient(ctx, other.actor, { legalName: 'Cliente de Fora Ltda' });
    for (const [name, client, birthday] of [
      ['Lia Bissexta', a.id, '2000-02-29'],
      ['Caio Fevereiro', b.id, '1990-02-28'],
      ['Rui Março', a.id, '1985-03-01'],
      ['Ivo Inativo', off.id, '1970-02-28'],
      ['Ana Sem Data', b.id, null],
    ] as const) {
      ids[name] = (await addContact(ctx, seed.actor, client, { name, birthday })).id;
    }
    await addContact(ctx, other.actor, foreign.id, { name: 'Zé De Fora', birthday: '1980-02-28' });
  });

  const greeted = async (date: string, patch: Parameters<typeof settingsOf>[0] = {}, config = {}) => {
    const r = await runKind(ctx, seed.office.id, KIND, {
      date,
      settings: settingsOf(patch),
      config,
      dryRun: true,
    });
    return r.preview!.map((m) => m.recipient).sort();
  };

  it('greets on the birthday; 29 February joins 28 February in common years', async () => {
    expect(await greeted('2027-02-28')).toEqual(['Caio Fevereiro', 'Lia Bissexta']);
    expect(await greeted('2028-02-28')).toEqual(['Caio Fevereiro']);
    expect(await greeted('2028-02-29')).toEqual(['Lia Bissexta']);
    expect(await greeted('2028-03-01')).toEqual(['Rui Março']);
    expect(await greeted('2028-07-14')).toEqual([]);
  });

  it('leaves out inactive clients unless asked, and follows the audience', async () => {
    expect(await greeted('2028-02-28', {}, { includeInactiveClients: true })).toEqual([
      'Caio Fevereiro',
      'Ivo Inativo',
    ]);
    expect(await greeted('2027-02-28', { audience: { kind: 'class', classes: ['A'] } })).toEqual([
      'Lia Bissexta',
    ]);
    expect(await greeted('2027-02-28', { audience: { kind: 'tag', tags: ['MEI'] } })).toEqual([
      'Lia Bissexta',
    ]);
  });

  it('uses the Assunto with variables, sends on both channels with one key per year and channel', async () => {
    const r = await runKind(ctx, seed.office.id, KIND, {
      date: '2028-02-29',
      settings: settingsOf({ channels: ['email', 'whatsapp'] }),
      config: { subject: 'Parabéns, {{ contact.firstName }}! {{ contact.age }} anos' },
    });
    expect(r).toMatchObject({ records: 1, outcomes: { birthdays: 1 }, failed: 0 });
    const messages = await ctx.db
      .selectFrom('messages')
      .select(['idempotency_key', 'channel', 'subject', 'status', 'skip_reason'])
      .where('recipient_id', '=', ids['Lia Bissexta']!)
      .orderBy('channel')
      .execute();
    expect(messages.map((m) => [m.idempotency_key, m.channel, m.subject, m.status])).toEqual([
      [`birthday:${ids['Lia Bissexta']}:2028:email`, 'email', 'Parabéns, Lia! 28 anos', 'queued'],
      [`birthday:${ids['Lia Bissexta']}:2028:whatsapp`, 'whatsapp', null, 'skipped'],
    ]);
    expect(JSON.parse(messages[1]!.skip_reason!)['pt-BR']).toBe('WhatsApp não configurado no escritório');

    // The same day again: nothing new; next year: a new greeting.
    const again = await runKind(ctx, seed.office.id, KIND, {
      date: '2028-02-29',
      settings: settingsOf({ channels: ['email', 'whatsapp'] }),
    });
    expect(again.messages).toEqual({ queued: 0, skipped: 0, duplicates: 2 });
    const next = await runKind(ctx, seed.office.id, KIND, { date: '2029-02-28', settings: settingsOf() });
    expect(next.messages.queued).toBe(2); // Lia (29/02 in a common year) and Caio
  });

  it('sends nothing with Comunicação "Nenhuma", still counting the birthdays', async () => {
    const r = await runKind(ctx, seed.office.id, KIND, {
      date: '2030-03-01',
      settings: settingsOf({ channels: [] }),
    });
    expect(r).toMatchObject({ records: 1, outcomes: { birthdays: 1 }, messages: { queued: 0, skipped: 0 } });
  });
});

describe.each(dialects)('a run retried after a crash on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);
  beforeAll(async () => {
    const client = await addClient(ctx, seed.actor, { legalName: 'Mercado Bom Preço Ltda' });
    for (const name of ['Lia Souza', 'Caio Lima', 'Rui Rocha'])
      await addContact(ctx, seed.actor, client.id, { name, birthday: '1990-05-04' });
  });

  it("reports the whole run: its earlier attempt's messages are its own, not 'sent before'", async () => {
    const run = (runId: string) =>
      runKind(ctx, seed.office.id, KIND, { date: '2027-05-04', settings: settingsOf({}), runId });
    // The first attempt wrote every batch, then its process was killed before the job finished.
    const first = await run('01900000-0000-7000-8000-00000000aaaa');
    expect(first.messages).toEqual({ queued: 3, skipped: 0, duplicates: 0 });
    // The retry (same job) reports what the run did; another run of the same day finds them sent before.
    const retry = await run('01900000-0000-7000-8000-00000000aaaa');
    expect(retry.messages).toEqual({ queued: 3, skipped: 0, duplicates: 0 });
    expect(retry.summary).toContain('3 mensagem(ns) enviada(s) para a fila');
    const another = await run('01900000-0000-7000-8000-00000000bbbb');
    expect(another.messages).toEqual({ queued: 0, skipped: 0, duplicates: 3 });
    expect(
      await ctx.db.selectFrom('messages').select('id').where('template', '=', 'routines.birthday').execute(),
    ).toHaveLength(3);
  });
});
