/**
 * Transição de classe on both dialects: ordered rules on fee, employees, revenue and tags; each move is
 * applied and audited, the responsible user of the profession is told once; a second run changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getClient, setClientExtra } from '../../src/server/modules/clients/index.js';
import {
  firstRule,
  ruleHolds,
  type TransitionRule,
} from '../../src/server/modules/routines/class-transition.routine.js';
import { useOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';
import { addClient, runKind, settingsOf } from './fixtures.js';

const KIND = 'clients.class-transition';

const rule = (
  r: Partial<TransitionRule> & Pick<TransitionRule, 'toClass' | 'field' | 'op'>,
): TransitionRule => ({
  value: null,
  valueTo: null,
  tag: null,
  ...r,
});

const rules: TransitionRule[] = [
  rule({ toClass: 'A', field: 'feeCents', op: '>=', value: 500_000 }),
  rule({ toClass: 'A', field: 'revenueCents', op: '>=', value: 480_000_000 }),
  rule({ toClass: 'B', field: 'employees', op: 'between', value: 10, valueTo: 50 }),
  rule({ toClass: 'C', field: 'tag', op: 'has', tag: 'MEI' }),
];

describe('class transition rules', () => {
  it('the first rule that holds wins; a missing figure never matches', () => {
    expect(firstRule(rules, { tags: [], extra: { feeCents: 500_000 } })?.toClass).toBe('A');
    expect(firstRule(rules, { tags: ['MEI'], extra: { employees: 10 } })?.toClass).toBe('B');
    expect(firstRule(rules, { tags: ['MEI'], extra: { employees: 50 } })?.toClass).toBe('C');
    expect(firstRule(rules, { tags: [], extra: {} })).toBeNull();
    expect(ruleHolds(rules[0]!, { tags: [], extra: { feeCents: '900000' } })).toBe(false);
    expect(
      ruleHolds(rule({ toClass: 'C', field: 'employees', op: '<', value: 5 }), {
        tags: [],
        extra: { employees: 4 },
      }),
    ).toBe(true);
  });
});

describe.each(dialects)('Transição de classe on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const fiscal = seed.professions.get('Analista Fiscal')!;
    const specs = [
      ['Grande Rede Ltda', 'B', [], { feeCents: 750_000 }, [{ professionId: fiscal, userId: seed.staff.id }]],
      ['Indústria Faturamento S.A.', 'C', [], { revenueCents: 500_000_000 }, []],
      ['Média Empresa Ltda', 'C', [], { employees: 25 }, []],
      ['Micro MEI', 'A', ['MEI'], {}, []],
      ['Já Certa Ltda', 'B', [], { employees: 12 }, []],
      ['Sem Dados Ltda', 'C', [], {}, []],
    ] as const;
    for (const [legalName, cls, tags, extra, responsibles] of specs) {
      const c = await addClient(ctx, seed.actor, {
        legalName,
        class: cls,
        tags: [...tags],
        responsibles: [...responsibles],
      });
      ids[legalName] = c.id;
      await ctx.db
        .transaction()
        .execute((trx) => setClientExtra(trx, seed.office.id, c.id, extra, ctx.clock.now()));
    }
  });

  const classOf = async (name: string) => (await getClient(ctx, seed.office.id, ids[name]!)).class;
  const settings = () => settingsOf({ channels: [], professionId: seed.professions.get('Analista Fiscal')! });

  it('previews the moves without applying them', async () => {
    const r = await runKind(ctx, seed.office.id, KIND, {
      date: '2026-11-23',
      settings: settings(),
      config: { rules },
      dryRun: true,
    });
    expect(r.outcomes).toEqual({ changed: 4, unchanged: 2 });
    // The staff notices the run would send: one per move.
    expect(r.preview!.map((m) => m.subject).sort()).toEqual([
      'Mudança de classe: Grande Rede Ltda (B → A)',
      'Mudança de classe: Indústria Faturamento S.A. (C → A)',
      'Mudança de classe: Micro MEI (A → C)',
      'Mudança de classe: Média Empresa Ltda (C → B)',
    ]);
    expect(await classOf('Grande Rede Ltda')).toBe('B');
  });

  it('applies, audits and tells the responsible of the profession (or an administrator)', async () => {
    const r = await runKind(ctx, seed.office.id, KIND, {
      date: '2026-11-23',
      settings: settings(),
      config: { rules },
      requestedBy: seed.admin.id,
    });
    expect(r).toMatchObject({ records: 6, failed: 0, outcomes: { changed: 4, unchanged: 2 } });
    expect(r.summary).toContain('4 cliente(s) mudaram de classe');
    expect(await classOf('Grande Rede Ltda')).toBe('A');
    expect(await classOf('Indústria Faturamento S.A.')).toBe('A');
    expect(await classOf('Média Empresa Ltda')).toBe('B');
    expect(await classOf('Micro MEI')).toBe('C');
    expect(await classOf('Já Certa Ltda')).toBe('B');
    expect(await classOf('Sem Dados Ltda')).toBe('C');
    expect(r.log.map((l) => l.message)).toContain(
      'Grande Rede Ltda: classe B → A (Honorários mensais ≥ R$ 5.000,00).',
    );

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['before', 'after', 'user_id'])
      .where('entity', '=', 'client')
      .where('entity_id', '=', ids['Média Empresa Ltda']!)
      .where('action', '=', 'class-change')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before!)).toEqual({ class: 'C' });
    expect(JSON.parse(audit.after!)).toMatchObject({ class: 'B' });
    expect(JSON.parse(audit.after!).reason).toContain('Número de funcionários entre 10 e 50');
    expect(audit.user_id).toBe(seed.admin.id);

    const notices = await ctx.db
      .selectFrom('messages')
      .select(['address', 'subject', 'idempotency_key'])
      .where('template', '=', 'routines.class-transition')
      .execute();
    expect(notices).toHaveLength(4);
    // Grande Rede has a Analista Fiscal responsible (Bruno); the others fall back to the administrator.
    const grande = notices.find((n) => n.subject?.includes('Grande Rede'))!;
    expect(grande.address).toBe('staff@teste.com.br');
    expect(grande.idempotency_key).toBe(
      `class-transition:${ids['Grande Rede Ltda']}:2026-11-23:A:staff:${seed.staff.id}`,
    );
    expect(notices.filter((n) => n.address === 'admin@teste.com.br')).toHaveLength(3);

    const again = await runKind(ctx, seed.office.id, KIND, {
      date: '2026-11-23',
      settings: settings(),
      config: { rules },
    });
    expect(again.outcomes).toEqual({ unchanged: 6 });
    expect(again.messages).toEqual({ queued: 0, skipped: 0, duplicates: 0 });
  });

  it('does not tell anyone when notifying is off', async () => {
    await ctx.db
      .transaction()
      .execute((trx) =>
        setClientExtra(trx, seed.office.id, ids['Sem Dados Ltda']!, { employees: 30 }, ctx.clock.now()),
      );
    const r = await runKind(ctx, seed.office.id, KIND, {
      date: '2026-11-24',
      settings: settings(),
      config: { rules, notifyResponsible: false },
    });
    expect(r.outcomes).toEqual({ changed: 1, unchanged: 5 });
    expect(r.messages.queued).toBe(0);
    expect(await classOf('Sem Dados Ltda')).toBe('B');
  });
});
