import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/server/modules/br/index.js';
import { certidoesExpired, situationHash } from '../../src/server/modules/certificates/certidoes.routine.js';
import { createCertidaoBody } from '../../src/server/modules/certificates/certidoes.schema.js';
import { createCertidao, setRequiredTypes } from '../../src/server/modules/certificates/certidoes.service.js';
import { createClientBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient } from '../../src/server/modules/clients/index.js';
import { cnpj } from '../http/helpers.js';
import { seedOffice, useOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';
import { messageKeys, runOn, settingsFor } from './helpers.js';

const DAY0 = '2026-11-23';
const morningOf = (n: number) => `${addDays(DAY0, n)}T12:00:00.000Z`;

describe.each(dialects)('certidões routine on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);

  beforeAll(async () => {
    ctx.clock.set(morningOf(0));
  });

  const client = async (n: number, document = cnpj(2000 + n), status: 'active' | 'inactive' = 'active') =>
    createClient(
      ctx,
      seed.actor,
      createClientBody.parse({
        legalName: `Empresa ${n} Ltda`,
        document,
        emails: [`empresa${n}@exemplo.com.br`],
        status,
        responsibles: [{ professionId: seed.professions.get('Analista Fiscal')!, userId: seed.staff.id }],
      }),
    );
  const certidao = (clientId: string, type: string, validUntil: string, status = 'negativa') =>
    createCertidao(
      ctx,
      seed.actor,
      clientId,
      createCertidaoBody.parse({ type, status, issuedOn: '2026-09-01', validUntil }),
    );

  it('sends one consolidated notice per situation: missing, expired, positiva and expiring', async () => {
    const a = await client(1);
    await certidao(a.id, 'federal', '2027-03-01');
    const oldFgts = await certidao(a.id, 'fgts', '2026-11-20');
    const trabalhista = await certidao(a.id, 'trabalhista', '2026-11-28');
    const estadual = await certidao(a.id, 'estadual', '2027-01-30', 'positiva');
    await client(2, '111.444.777-35'); // a person: nothing required by default
    const c = await client(3);
    await setRequiredTypes(ctx, seed.actor, c.id, ['federal']);
    await certidao(c.id, 'federal', '2027-05-01');
    const d = await client(4);
    await setRequiredTypes(ctx, seed.actor, d.id, ['federal']);
    const dFederal = await certidao(d.id, 'federal', addDays(DAY0, 10)); // exactly daysBefore away
    const e = await client(5);
    await setRequiredTypes(ctx, seed.actor, e.id, ['federal']);
    await certidao(e.id, 'federal', addDays(DAY0, 11)); // one day beyond
    await client(6, cnpj(2006), 'inactive'); // nothing registered, but inactive

    const settings = settingsFor(seed.professions.get('Analista Fiscal')!);
    const first = await runOn(ctx, certidoesExpired, seed.office.id, settings, {});
    expect(first.failed).toBe(0);
    expect(first.outcomes).toEqual({ clients: 2, missing: 1, expired: 1, positiva: 1, expiring: 2 });
    const situationA = situationHash([
      { type: 'fgts', problem: 'expired', certidaoId: oldFgts.id, validUntil: null, daysLeft: null },
      {
        type: 'trabalhista',
        problem: 'expiring',
        certidaoId: trabalhista.id,
        validUntil: null,
        daysLeft: null,
      },
      { type: 'estadual', problem: 'positiva', certidaoId: estadual.id, validUntil: null, daysLeft: null },
      { type: 'municipal', problem: 'missing', certidaoId: null, validUntil: null, daysLeft: null },
    ]);
    const situationD = situationHash([
      { type: 'federal', problem: 'expiring', certidaoId: dFederal.id, validUntil: null, daysLeft: null },
    ]);
    const staff = `staff:${seed.staff.id}`;
    expect([...(await messageKeys(ctx, seed.office.id)).keys()].sort()).toEqual(
      [
        `certidoes:${a.id}:${situationA}:email`,
        `certidoes:${a.id}:${situationA}:${staff}`,
        `certidoes:${d.id}:${situationD}:email`,
        `certidoes:${d.id}:${situationD}:${staff}`,
      ].sort(),
    );
    const notice = await ctx.db
      .selectFrom('messages')
      .select(['subject', 'body_text', 'address'])
      .where('idempotency_key', '=', `certidoes:${a.id}:${situationA}:email`)
      .executeTakeFirstOrThrow();
    expect(notice.address).toBe('empresa1@exemplo.com.br');
    expect(notice.subject).toBe('Certidões negativas pendentes — Empresa 1 Ltda');
    expect(notice.body_text).toContain(
      [
        '• CRF — Regularidade do FGTS: vencida em 20/11/2026',
        '• CNDT — Débitos Trabalhistas: vence em 5 dias (28/11/2026)',
        '• Certidão Estadual: positiva (há débitos pendentes), válida até 30/01/2027',
        '• Certidão Municipal: não cadastrada',
      ].join('\n'),
    );
    expect(notice.body_text).not.toContain('CND Federal');
    const staffNotice = await ctx.db
      .selectFrom('messages')
      .select('body_text')
      .where('idempotency_key', '=', `certidoes:${a.id}:${situationA}:${staff}`)
      .executeTakeFirstOrThrow();
    expect(staffNotice.body_text).toContain(`/clients/${a.id}?tab=certidoes`);

    // Client 5's certidão comes within 10 days tomorrow; leave it out of what follows.
    await setRequiredTypes(ctx, seed.actor, e.id, []);

    // The same situation, run again today and on the following days: nothing new.
    for (const day of [0, 1]) {
      ctx.clock.set(morningOf(day));
      const again = await runOn(ctx, certidoesExpired, seed.office.id, settings, {});
      expect(again.messages.queued).toBe(0);
      expect(again.messages.duplicates).toBe(4);
      expect(again.outcomes).toEqual({});
    }

    // Day 2: the FGTS certidão is renewed — a new situation for client A, told once, without it.
    ctx.clock.set(morningOf(2));
    await certidao(a.id, 'fgts', '2027-05-20');
    const renewed = await runOn(ctx, certidoesExpired, seed.office.id, settings, {});
    expect(renewed.messages.queued).toBe(2);
    expect(renewed.outcomes).toEqual({ clients: 1, expiring: 1, positiva: 1, missing: 1 });

    // Day 6: the CNDT has expired (valid until 28/11) — a new problem, told at once.
    ctx.clock.set(morningOf(6));
    const expired = await runOn(ctx, certidoesExpired, seed.office.id, settings, {});
    expect(expired.messages.queued).toBe(2);
    expect(expired.outcomes).toEqual({ clients: 1, expired: 1, positiva: 1, missing: 1 });
    const latest = await ctx.db
      .selectFrom('messages')
      .select('body_text')
      .where('client_id', '=', a.id)
      .where('recipient_kind', '=', 'client')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest.body_text).toContain('• CNDT — Débitos Trabalhistas: vencida em 28/11/2026');
    expect(latest.body_text).not.toContain('FGTS');

    const perClient = await ctx.db
      .selectFrom('messages')
      .select(['client_id'])
      .where('office_id', '=', seed.office.id)
      .where('recipient_kind', '=', 'client')
      .execute();
    const counts = new Map<string, number>();
    for (const m of perClient) counts.set(m.client_id!, (counts.get(m.client_id!) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ [a.id]: 3, [d.id]: 1 });
  });

  it('honours daysBefore and the audience', async () => {
    const other = await seedOffice(ctx, 'Escritório Dois', 'dois.com.br');
    ctx.clock.set(morningOf(0));
    const mk = (n: number) =>
      createClient(
        ctx,
        other.actor,
        createClientBody.parse({
          legalName: `Dois ${n}`,
          document: cnpj(3000 + n),
          emails: [`d${n}@x.com.br`],
        }),
      );
    const inList = await mk(1);
    const outOfList = await mk(2);
    for (const c of [inList, outOfList]) {
      await setRequiredTypes(ctx, other.actor, c.id, ['fgts']);
      await createCertidao(
        ctx,
        other.actor,
        c.id,
        createCertidaoBody.parse({
          type: 'fgts',
          status: 'negativa',
          issuedOn: DAY0,
          validUntil: addDays(DAY0, 20),
        }),
      );
    }
    const settings = settingsFor(null, { kind: 'list', clientIds: [inList.id] });
    const ten = await runOn(ctx, certidoesExpired, other.office.id, settings, { daysBefore: 10 });
    expect(ten.records).toBe(0);
    const thirty = await runOn(ctx, certidoesExpired, other.office.id, settings, { daysBefore: 30 });
    expect(thirty.records).toBe(1);
    const keys = [...(await messageKeys(ctx, other.office.id)).keys()];
    // No responsible of a profession: the staff notice goes to the office's administrator.
    expect(keys.map((k) => k.split(':').slice(0, 2).join(':') + k.slice(k.lastIndexOf(':')))).toEqual(
      expect.arrayContaining([`certidoes:${inList.id}:email`, `certidoes:${inList.id}:${other.admin.id}`]),
    );
    expect(keys.some((k) => k.includes(outOfList.id))).toBe(false);
    expect(certidoesExpired.config.safeParse({ daysBefore: 91 }).success).toBe(false);
  });
});
