/**
 * Resumo diário do responsável (`routines.daily-digest`), on both dialects: who gets a digest and exactly
 * which items (tickets due or with a breached SLA, certificates and certidões expired or expiring, open
 * invoices due), the owner of clients without a responsible (the administrator), the routine without a
 * profession, the include switches, one digest per user and day, and never another office's items.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createInvoice, payInvoice, savePixSettings } from '../../src/server/modules/billing/index.js';
import { createCertidaoBody } from '../../src/server/modules/certificates/certidoes.schema.js';
import { createCertidao, setRequiredTypes } from '../../src/server/modules/certificates/certidoes.service.js';
import { createCertificateBody } from '../../src/server/modules/certificates/certificates.schema.js';
import { createCertificate } from '../../src/server/modules/certificates/certificates.service.js';
import { createUser } from '../../src/server/modules/platform/index.js';
import type { RoutineSettings } from '../../src/server/modules/routines/index.js';
import { createTicket, createTicketBody, moveTicket } from '../../src/server/modules/tickets/index.js';
import { PASSWORD, seedOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';
import { addClient, runKind, settingsOf } from './fixtures.js';

type Seed = Awaited<ReturnType<typeof seedOffice>>;

const KIND = 'routines.daily-digest';
const DAY = '2026-11-25'; // a Wednesday
const NEXT = '2026-11-26';

describe.each(dialects)('Resumo diário do responsável on %s', (dialect) => {
  const ctx = useTestContext(dialect, { at: '2026-11-02T12:00:00.000Z' });
  let seed: Seed;
  let other: Seed;
  let fiscal = '';
  let carlaId = '';
  const ticket: Record<string, { id: string; number: number }> = {};
  const client: Record<string, { id: string; document: string }> = {};

  beforeAll(async () => {
    seed = await seedOffice(ctx);
    other = await seedOffice(ctx, 'Outro Escritório', 'outro.com.br');
    fiscal = seed.professions.get('Analista Fiscal')!;
    const contador = seed.professions.get('Contador')!;
    // A third user with nothing due.
    carlaId = (
      await createUser(
        ctx,
        { officeId: seed.office.id, userId: null },
        {
          name: 'Carla Sem Pendências',
          email: 'carla@teste.com.br',
          role: 'staff',
          supervisorId: null,
          professionIds: [fiscal],
          password: PASSWORD,
          active: true,
        },
      )
    ).id;

    const add = async (name: string, input: Record<string, unknown>, s = seed) => {
      const c = await addClient(ctx, s.actor, { legalName: name, ...input });
      client[name] = { id: c.id, document: c.document };
      return c.id;
    };
    // Padaria: Bruno is its fiscal analyst, Ana its accountant. Mercado: Bruno only. Oficina: nobody.
    await add('Padaria Estrela Ltda', {
      responsibles: [
        { professionId: fiscal, userId: seed.staff.id },
        { professionId: contador, userId: seed.admin.id },
      ],
    });
    await add('Mercado Bom Preço Ltda', { responsibles: [{ professionId: fiscal, userId: seed.staff.id }] });
    await add('Oficina Pistão Ltda', {});
    await add('Inativa Ltda', {
      status: 'inactive',
      responsibles: [{ professionId: fiscal, userId: seed.staff.id }],
    });
    await add(
      'Cliente de Fora Ltda',
      { responsibles: [{ professionId: other.professions.get('Analista Fiscal')!, userId: other.staff.id }] },
      other,
    );

    // Tickets.
    const open = async (
      name: string,
      clientName: string,
      input: Record<string, unknown>,
      s: Seed = seed,
    ): Promise<void> => {
      const t = await createTicket(
        ctx,
        s.actor,
        createTicketBody.parse({ clientId: client[clientName]!.id, subject: name, ...input }),
      );
      ticket[name] = { id: t.id, number: t.number };
    };
    const debt = (dueDate: string) => ({ kind: 'debt_collection', dueDate, debtCents: 50_000 });
    await open('Cobrança atrasada', 'Padaria Estrela Ltda', {
      responsibleId: seed.staff.id,
      ...debt('2026-11-20'),
    });
    await open('Cobrança de hoje', 'Mercado Bom Preço Ltda', { responsibleId: seed.staff.id, ...debt(DAY) });
    await open('Cobrança de amanhã', 'Padaria Estrela Ltda', { responsibleId: seed.staff.id, ...debt(NEXT) });
    await open('Cobrança encerrada', 'Padaria Estrela Ltda', {
      responsibleId: seed.staff.id,
      ...debt('2026-11-10'),
    });
    const closed = ticket['Cobrança encerrada']!;
    await moveTicket(ctx, seed.actor, closed.id, { to: 'done', version: 1 });
    await open('Alteração contratual', 'Padaria Estrela Ltda', { responsibleId: seed.staff.id });
    await open('SLA estourado', 'Mercado Bom Preço Ltda', { responsibleId: seed.staff.id });
    // Its resolution deadline passed yesterday (22:00 in São Paulo); the clock runs (status open).
    await ctx.db
      .updateTable('tickets')
      .set({ sla_resolution_due_at: '2026-11-25T01:00:00.000Z' })
      .where('id', '=', ticket['SLA estourado']!.id)
      .execute();
    await open('Sem responsável', 'Oficina Pistão Ltda', { responsibleId: null, ...debt('2026-11-24') });
    await open(
      'Débito de fora',
      'Cliente de Fora Ltda',
      { responsibleId: other.staff.id, ...debt('2026-11-01') },
      other,
    );

    // Certificates (A3: they expire at the end of the given day, São Paulo time).
    const a3 = async (clientName: string, notAfter: string, s: Seed = seed) =>
      createCertificate(
        ctx,
        s.actor,
        client[clientName]!.id,
        createCertificateBody.parse({
          kind: 'a3',
          holderName: `Titular ${clientName}`,
          document: client[clientName]!.document,
          notAfter,
        }),
      );
    await a3('Padaria Estrela Ltda', '2026-11-30'); // 5 days left
    await a3('Mercado Bom Preço Ltda', '2026-11-01'); // expired, but renewed by the next one
    await a3('Mercado Bom Preço Ltda', '2027-01-10'); // 46 days left
    await a3('Inativa Ltda', '2026-11-01'); // expired, inactive client
    await a3('Cliente de Fora Ltda', '2026-11-27', other);

    // Certidões.
    const certidao = async (clientName: string, type: string, validUntil: string, s: Seed = seed) =>
      createCertidao(
        ctx,
        s.actor,
        client[clientName]!.id,
        createCertidaoBody.parse({ type, status: 'negativa', issuedOn: '2026-09-01', validUntil }),
      );
    await certidao('Padaria Estrela Ltda', 'federal', '2026-11-24'); // expired yesterday
    await certidao('Padaria Estrela Ltda', 'trabalhista', '2026-11-27'); // 2 days left
    await certidao('Padaria Estrela Ltda', 'estadual', '2027-02-01'); // far
    await certidao('Mercado Bom Preço Ltda', 'fgts', '2026-11-10'); // expired, but replaced:
    await certidao('Mercado Bom Preço Ltda', 'fgts', '2027-05-01');
    await setRequiredTypes(ctx, seed.actor, client['Mercado Bom Preço Ltda']!.id, ['fgts']);
    await certidao('Mercado Bom Preço Ltda', 'municipal', '2026-11-01'); // expired, not required
    await certidao('Cliente de Fora Ltda', 'federal', '2026-11-01', other);

    // Invoices.
    const pix = {
      keyKind: 'email' as const,
      key: 'financeiro@escritorio.com.br',
      merchantName: 'Escritorio',
      merchantCity: 'Sao Paulo',
    };
    await savePixSettings(ctx, seed.actor, pix);
    await savePixSettings(ctx, other.actor, pix);
    const invoice = (clientName: string, period: string, dueDate: string, s: Seed = seed) =>
      createInvoice(ctx, s.actor, client[clientName]!.id, { period, amountCents: 123_456, dueDate });
    await invoice('Mercado Bom Preço Ltda', '2026-11', '2026-11-10'); // overdue
    await invoice('Padaria Estrela Ltda', '2026-11', DAY); // due today
    await invoice('Padaria Estrela Ltda', '2026-12', '2026-12-10'); // not yet
    const paid = await invoice('Mercado Bom Preço Ltda', '2026-10', '2026-10-10');
    await payInvoice(ctx, seed.actor, paid.id, { note: null });
    await invoice('Oficina Pistão Ltda', '2026-11', '2026-11-20'); // overdue, no responsible
    await invoice('Cliente de Fora Ltda', '2026-11', '2026-11-05', other);
  });

  const settings = (patch: Partial<RoutineSettings> = {}) =>
    settingsOf({ channels: [], professionId: fiscal, ...patch });
  const run = (
    date: string,
    options: { config?: Record<string, unknown>; dryRun?: boolean; settings?: RoutineSettings } = {},
  ) =>
    runKind(ctx, seed.office.id, KIND, {
      date,
      settings: options.settings ?? settings(),
      config: options.config ?? {},
      dryRun: options.dryRun ?? false,
    });
  const digests = (prefix = 'daily-digest:') =>
    ctx.db
      .selectFrom('messages')
      .select(['office_id', 'idempotency_key', 'address', 'subject', 'body_text', 'status', 'template'])
      .where('idempotency_key', 'like', `${prefix}%`)
      .orderBy('idempotency_key')
      .execute();
  const num = (name: string) => ticket[name]!.number;
  const base = () => ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;

  const brunoBody = () =>
    [
      'Olá, Bruno Staff.',
      '',
      'Este é o seu resumo de 25/11/2026: o que vence hoje ou já venceu, e os certificados e certidões que vencem nos próximos 7 dias.',
      '',
      'ATENDIMENTOS (3)',
      `• #${num('Cobrança atrasada')} Cobrança atrasada — Padaria Estrela Ltda (Aberto): cobrança venceu em 20/11/2026`,
      `  ${base()}/tickets/${ticket['Cobrança atrasada']!.id}`,
      `• #${num('SLA estourado')} SLA estourado — Mercado Bom Preço Ltda (Aberto): resolução (SLA) venceu em 24/11/2026`,
      `  ${base()}/tickets/${ticket['SLA estourado']!.id}`,
      `• #${num('Cobrança de hoje')} Cobrança de hoje — Mercado Bom Preço Ltda (Aberto): cobrança vence hoje`,
      `  ${base()}/tickets/${ticket['Cobrança de hoje']!.id}`,
      '',
      'CERTIFICADOS DIGITAIS (1)',
      `• Padaria Estrela Ltda — A3 de Titular Padaria Estrela Ltda (${formatCnpj(client['Padaria Estrela Ltda']!.document)}): vence em 5 dias (30/11/2026)`,
      `  ${base()}/clients/${client['Padaria Estrela Ltda']!.id}?tab=certificates`,
      '',
      'CERTIDÕES (2)',
      '• Padaria Estrela Ltda — CND Federal (Receita Federal/PGFN): vencida em 24/11/2026',
      `  ${base()}/clients/${client['Padaria Estrela Ltda']!.id}?tab=certidoes`,
      '• Padaria Estrela Ltda — CNDT — Débitos Trabalhistas: vence em 2 dias (27/11/2026)',
      `  ${base()}/clients/${client['Padaria Estrela Ltda']!.id}?tab=certidoes`,
      '',
      'HONORÁRIOS EM ABERTO (2)',
      '• Mercado Bom Preço Ltda — competência 11/2026, R$ 1.234,56: venceu em 10/11/2026',
      `  ${base()}/clients/${client['Mercado Bom Preço Ltda']!.id}?tab=fees`,
      '• Padaria Estrela Ltda — competência 11/2026, R$ 1.234,56: vence hoje',
      `  ${base()}/clients/${client['Padaria Estrela Ltda']!.id}?tab=fees`,
      '',
      'Este resumo é enviado uma vez por dia pela rotina "Resumo diário do responsável" do Escritório Teste.',
    ].join('\n');

  it('previews one digest per user with something due, with exactly their items', async () => {
    const r = await run(DAY, { dryRun: true });
    expect(r.failed).toBe(0);
    expect(r.records).toBe(2);
    expect(r.preview!.map((m) => [m.record, m.address, m.status, m.duplicate])).toEqual([
      ['Ana Admin', 'admin@teste.com.br', 'queued', false],
      ['Bruno Staff', 'staff@teste.com.br', 'queued', false],
    ]);
    const [ana, bruno] = r.preview!;
    expect(bruno!.subject).toBe(
      'Seu resumo de 25/11/2026: 3 atendimentos, 1 certificado, 2 certidões e 2 honorários em aberto',
    );
    expect(bruno!.body).toBe(brunoBody());
    // Ana owns Oficina (no responsible): its unassigned ticket and its invoice; Padaria's accountant role
    // does not count with the fiscal profession set.
    expect(ana!.subject).toBe('Seu resumo de 25/11/2026: 1 atendimento e 1 honorário em aberto');
    expect(ana!.body).toContain(
      `• #${num('Sem responsável')} Sem responsável — Oficina Pistão Ltda (Aberto): cobrança venceu em 24/11/2026`,
    );
    expect(ana!.body).toContain(
      '• Oficina Pistão Ltda — competência 11/2026, R$ 1.234,56: venceu em 20/11/2026',
    );
    expect(ana!.body).not.toContain('Padaria');
    expect(ana!.body).not.toContain('CERTIFICADOS');
    // What is not due, closed, renewed, not required, of an inactive client or of another office: nowhere.
    for (const m of r.preview!) {
      for (const absent of [
        'Cobrança de amanhã',
        'Cobrança encerrada',
        'Alteração contratual',
        'Titular Mercado',
        'Inativa',
        'Municipal',
        'FGTS',
        '12/2026',
        '10/2026',
        'Fora',
      ])
        expect(m.body).not.toContain(absent);
    }
    expect(r.outcomes).toEqual({ digests: 2, tickets: 4, certificates: 1, certidoes: 2, invoices: 3 });
  });

  it('writes to a user who reads English in English: the template, the statuses and the summary', async () => {
    const setLanguage = (language: 'pt-BR' | 'en') =>
      ctx.db.updateTable('users').set({ language }).where('id', '=', seed.staff.id).execute();
    await setLanguage('en');
    try {
      const r = await run(DAY, { dryRun: true });
      const [ana, bruno] = r.preview!;
      expect(bruno!.subject).toBe(
        'Your digest for 25/11/2026: 3 tickets, 1 certificate, 2 certidões and 2 open fee invoices',
      );
      expect(bruno!.body).toContain('Hello, Bruno Staff.');
      expect(bruno!.body).toContain(
        `• #${num('SLA estourado')} SLA estourado — Mercado Bom Preço Ltda (Open): resolution (SLA) was due on 24/11/2026`,
      );
      expect(bruno!.body).toContain('DIGITAL CERTIFICATES (1)');
      expect(bruno!.body).not.toMatch(/Olá|vence|Aberto|cobrança/);
      // Ana still reads Portuguese.
      expect(ana!.subject).toBe('Seu resumo de 25/11/2026: 1 atendimento e 1 honorário em aberto');
    } finally {
      await setLanguage('pt-BR');
    }
  });

  it('without a profession, every responsible of a client owns its items', async () => {
    const r = await run(DAY, { dryRun: true, settings: settings({ professionId: null }) });
    expect(r.preview!.map((m) => [m.record, m.subject])).toEqual([
      // Ana is Padaria's accountant: its certificate, certidões and invoice are hers too (its tickets stay Bruno's).
      [
        'Ana Admin',
        'Seu resumo de 25/11/2026: 1 atendimento, 1 certificado, 2 certidões e 2 honorários em aberto',
      ],
      [
        'Bruno Staff',
        'Seu resumo de 25/11/2026: 3 atendimentos, 1 certificado, 2 certidões e 2 honorários em aberto',
      ],
    ]);
  });

  it('the include switches and daysAhead shape the digest', async () => {
    const onlyTickets = await run(DAY, {
      dryRun: true,
      config: { includeCertificates: false, includeCertidoes: false, includeInvoices: false },
    });
    expect(onlyTickets.preview!.map((m) => [m.record, m.subject])).toEqual([
      ['Ana Admin', 'Seu resumo de 25/11/2026: 1 atendimento'],
      ['Bruno Staff', 'Seu resumo de 25/11/2026: 3 atendimentos'],
    ]);
    expect(onlyTickets.preview![1]!.body).not.toContain('CERTIFICADOS');
    expect(onlyTickets.preview![1]!.body).not.toContain('HONORÁRIOS');

    // Without tickets and invoices, Ana has nothing: only Bruno's certificates and certidões remain.
    const documents = await run(DAY, {
      dryRun: true,
      config: { includeTickets: false, includeInvoices: false, daysAhead: 60 },
    });
    expect(documents.preview!.map((m) => [m.record, m.subject])).toEqual([
      ['Bruno Staff', 'Seu resumo de 25/11/2026: 2 certificados e 2 certidões'],
    ]);
    const body = documents.preview![0]!.body;
    expect(body).toContain('e os certificados e certidões que vencem nos próximos 60 dias.');
    expect(body).toContain('• Mercado Bom Preço Ltda — A3 de Titular Mercado Bom Preço Ltda');
    expect(body).toContain('vence em 46 dias (10/01/2027)');
    expect(body).not.toContain('ATENDIMENTOS');
    // Padaria's certidão estadual is valid until 01/02/2027: 68 days, beyond 60.
    expect(body).not.toContain('Estadual');

    // daysAhead 0: only what expires today or has expired.
    const today = await run(DAY, {
      dryRun: true,
      config: { includeTickets: false, includeInvoices: false, daysAhead: 0 },
    });
    expect(today.preview!.map((m) => [m.record, m.subject])).toEqual([
      ['Bruno Staff', 'Seu resumo de 25/11/2026: 1 certidão'],
    ]);
    expect(today.preview![0]!.body).toContain(
      'Este é o seu resumo de 25/11/2026: o que vence hoje ou já venceu.',
    );

    const nothing = await run(DAY, {
      dryRun: true,
      config: {
        includeTickets: false,
        includeCertificates: false,
        includeCertidoes: false,
        includeInvoices: false,
      },
    });
    expect(nothing).toMatchObject({ records: 0, preview: [] });
    // Dry runs wrote nothing.
    expect(await digests()).toEqual([]);
  });

  it('sends the digests once per user and day; the next day brings a new one', async () => {
    const first = await run(DAY);
    expect(first).toMatchObject({
      records: 2,
      failed: 0,
      messages: { queued: 2, skipped: 0, duplicates: 0 },
    });
    const sent = await digests();
    expect(sent.map((m) => [m.idempotency_key, m.address, m.status, m.template])).toEqual(
      [
        [`daily-digest:${seed.admin.id}:${DAY}:staff:${seed.admin.id}`, 'admin@teste.com.br', 'queued', KIND],
        [`daily-digest:${seed.staff.id}:${DAY}:staff:${seed.staff.id}`, 'staff@teste.com.br', 'queued', KIND],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const bruno = sent.find((m) => m.address === 'staff@teste.com.br')!;
    expect(bruno.body_text).toBe(brunoBody());
    // Carla has nothing due: no digest.
    expect(await digests(`daily-digest:${carlaId}:`)).toEqual([]);

    // Again the same day (an hour later, with a new item due): nothing new.
    await createTicket(
      ctx,
      seed.actor,
      createTicketBody.parse({
        clientId: client['Mercado Bom Preço Ltda']!.id,
        subject: 'Cobrança nova',
        responsibleId: carlaId,
        kind: 'debt_collection',
        dueDate: DAY,
        debtCents: 1000,
      }),
    );
    const again = await run(DAY);
    expect(again).toMatchObject({ records: 3, messages: { queued: 1, duplicates: 2 } });
    expect(again.outcomes).toEqual({ digests: 1, tickets: 1 });
    expect((await digests()).map((m) => m.address).sort()).toEqual([
      'admin@teste.com.br',
      'carla@teste.com.br',
      'staff@teste.com.br',
    ]);
    const third = await run(DAY);
    expect(third.messages).toEqual({ queued: 0, skipped: 0, duplicates: 3 });
    expect(third.outcomes).toEqual({});

    // The next day: a new digest each; tomorrow's debt is now due today, yesterday's are overdue.
    const next = await run(NEXT);
    expect(next.messages).toEqual({ queued: 3, skipped: 0, duplicates: 0 });
    const nextBruno = (await digests(`daily-digest:${seed.staff.id}:${NEXT}`))[0]!;
    expect(nextBruno.subject).toBe(
      'Seu resumo de 26/11/2026: 4 atendimentos, 1 certificado, 2 certidões e 2 honorários em aberto',
    );
    expect(nextBruno.body_text).toContain(
      `• #${num('Cobrança de hoje')} Cobrança de hoje — Mercado Bom Preço Ltda (Aberto): cobrança venceu em 25/11/2026`,
    );
    expect(nextBruno.body_text).toContain(
      `• #${num('Cobrança de amanhã')} Cobrança de amanhã — Padaria Estrela Ltda (Aberto): cobrança vence hoje`,
    );
    expect(nextBruno.body_text).toContain(
      '• Padaria Estrela Ltda — competência 11/2026, R$ 1.234,56: venceu em 25/11/2026',
    );
    expect(await digests('daily-digest:')).toHaveLength(6);
  });

  it('never shows another office’s items; that office gets its own digest', async () => {
    const mine = await digests();
    expect(mine.every((m) => m.office_id === seed.office.id)).toBe(true);
    expect(mine.some((m) => m.body_text.includes('Fora'))).toBe(false);

    const r = await runKind(ctx, other.office.id, KIND, {
      date: DAY,
      settings: settingsOf({ channels: [] }),
    });
    expect(r.records).toBe(1);
    const theirs = await digests(`daily-digest:${other.staff.id}:`);
    expect(theirs.map((m) => [m.address, m.subject])).toEqual([
      [
        'staff@outro.com.br',
        'Seu resumo de 25/11/2026: 1 atendimento, 1 certificado, 1 certidão e 1 honorário em aberto',
      ],
    ]);
    for (const name of ['Padaria', 'Mercado', 'Oficina']) expect(theirs[0]!.body_text).not.toContain(name);
  });
});

/** 12.345.678/0001-95 (the `document` filter's output for a numeric CNPJ). */
function formatCnpj(d: string): string {
  return d.replace(/^(\w{2})(\w{3})(\w{3})(\w{4})(\w{2})$/, '$1.$2.$3/$4-$5');
}
