/**
 * Transição de classe: moves clients between the office's classes (A/B/C…) by ordered rules on their
 * monthly fee, number of employees, annual revenue or tags — the first rule that holds gives the class.
 * Each move is applied and audited, and the client's responsible user (of the routine's profession) is
 * told by e-mail: `class-transition:<client>:<date>:<class>:staff:<user>`.
 *
 * The figures come from the client's complementary data (`clients_extra`: `feeCents`, `employees`,
 * `revenueCents`), which the ERP import routine keeps up to date.
 */
import { z } from 'zod';
import { pagesById } from '../../db/keyset.js';
import { interpolate, type Lang, type Localized } from '../../http/i18n.js';
import { text } from '../../http/schemas.js';
import { formatMoneyBRL } from '../br/index.js';
import { type ClientExtra, getClientsExtra, getClientsTags, setClientClass } from '../clients/index.js';
import { defineTemplate } from '../messaging/index.js';
import { say } from './config-fields.js';
import { defineRoutine } from './define-routine.js';
import { inAudience } from './run-routine.js';

const TEMPLATE = 'routines.class-transition';

defineTemplate({
  key: TEMPLATE,
  description: {
    'pt-BR': 'Transição de classe: aviso ao responsável pelo cliente',
    en: 'Class transition: notice to the client’s responsible user',
  },
  variables: [
    'client.legalName',
    'client.document',
    'transition.from',
    'transition.to',
    'transition.reason',
    'transition.date',
  ],
  transactional: true,
  defaults: {
    email: {
      subject: 'Mudança de classe: {{ client.legalName }} ({{ transition.from }} → {{ transition.to }})',
      body: 'Olá.\n\nO cliente {{ client.legalName }} ({{ client.document | document }}) passou da classe {{ transition.from }} para a classe {{ transition.to }} em {{ transition.date | date }}.\n\nMotivo: {{ transition.reason }}.\n\nConfira se o atendimento, os honorários e a carteira do cliente continuam adequados à nova classe.',
    },
  },
});

export const transitionFields = ['feeCents', 'employees', 'revenueCents', 'tag'] as const;
export type TransitionField = (typeof transitionFields)[number];
const numericOps = ['>=', '<', 'between'];
const moneyFields = ['feeCents', 'revenueCents'];

const fieldLabels: Record<TransitionField, Localized> = {
  feeCents: { 'pt-BR': 'Honorários mensais', en: 'Monthly fee' },
  employees: { 'pt-BR': 'Número de funcionários', en: 'Number of employees' },
  revenueCents: { 'pt-BR': 'Faturamento anual', en: 'Annual revenue' },
  tag: { 'pt-BR': 'Tag', en: 'Tag' },
};

/** A number the field is compared with (money for the money fields), shown for the operators `ops`. */
const comparedValue = (label: Localized, ops: string[]) =>
  z
    .number()
    .min(0)
    .nullable()
    .default(null)
    .meta({ label, moneyWhen: { field: 'field', in: moneyFields }, visibleWhen: { field: 'op', in: ops } });

export const transitionRule = z
  .object({
    toClass: text(20)
      .min(1)
      .meta({ label: { 'pt-BR': 'Classe de destino', en: 'Target class' }, source: 'classes' }),
    field: z
      .enum(transitionFields)
      .meta({ label: { 'pt-BR': 'Quando', en: 'When' }, optionLabels: fieldLabels }),
    op: z.enum(['>=', '<', 'between', 'has']).meta({
      label: { 'pt-BR': 'Condição', en: 'Condition' },
      optionLabels: {
        '>=': { 'pt-BR': 'maior ou igual a', en: 'at least' },
        '<': { 'pt-BR': 'menor que', en: 'less than' },
        between: { 'pt-BR': 'entre', en: 'between' },
        has: { 'pt-BR': 'tem a tag', en: 'has the tag' },
      },
    }),
    value: comparedValue({ 'pt-BR': 'Valor', en: 'Value' }, numericOps),
    valueTo: comparedValue({ 'pt-BR': 'Até (exclusive)', en: 'Up to (exclusive)' }, ['between']),
    tag: text(40)
      .nullable()
      .default(null)
      .meta({
        label: { 'pt-BR': 'Tag', en: 'Tag' },
        source: 'tags',
        visibleWhen: { field: 'op', in: ['has'] },
      }),
  })
  .superRefine((r, ctx) => {
    if ((r.field === 'tag') !== (r.op === 'has')) {
      ctx.addIssue({
        code: 'custom',
        path: ['op'],
        ...say(
          r.field === 'tag'
            ? 'Para tag, use a condição "tem a tag".'
            : 'A condição "tem a tag" só vale para o campo Tag.',
          r.field === 'tag' ? 'For a tag, use "has the tag".' : '"Has the tag" only applies to Tag.',
        ),
      });
      return;
    }
    if (r.op === 'has' && !r.tag) {
      ctx.addIssue({ code: 'custom', path: ['tag'], ...say('Informe a tag.', 'Enter the tag.') });
    }
    if (numericOps.includes(r.op) && r.value === null) {
      ctx.addIssue({ code: 'custom', path: ['value'], ...say('Informe o valor.', 'Enter the value.') });
    }
    if (r.op === 'between' && r.value !== null && (r.valueTo === null || r.valueTo <= r.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['valueTo'],
        ...say(
          'O valor final deve ser maior que o inicial.',
          'The upper value must be greater than the lower.',
        ),
      });
    }
  });
export type TransitionRule = z.output<typeof transitionRule>;

const config = z.object({
  rules: z
    .array(transitionRule)
    .max(50)
    .refine((l) => l.length > 0, say('Adicione pelo menos uma regra.', 'Add at least one rule.'))
    .default([])
    .meta({
      label: { 'pt-BR': 'Regras de transição', en: 'Transition rules' },
      help: {
        'pt-BR':
          'Em ordem: vale a primeira regra que se aplica ao cliente. Clientes sem regra mantêm a classe.',
        en: 'In order: the first rule that applies to the client wins. Clients no rule applies to keep their class.',
      },
    }),
  notifyResponsible: z
    .boolean()
    .default(true)
    .meta({
      label: { 'pt-BR': 'Avisar o responsável por e-mail', en: 'Tell the responsible user by e-mail' },
    }),
  includeInactiveClients: z
    .boolean()
    .default(false)
    .meta({ label: { 'pt-BR': 'Incluir clientes inativos', en: 'Include inactive clients' } }),
});

interface ClientFacts {
  id: string;
  legalName: string;
  document: string;
  class: string | null;
  tags: string[];
  extra: ClientExtra;
}

const numberOf = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Whether a rule holds for a client; a figure the client lacks never matches. */
export function ruleHolds(rule: TransitionRule, facts: Pick<ClientFacts, 'tags' | 'extra'>): boolean {
  if (rule.field === 'tag') return !!rule.tag && facts.tags.includes(rule.tag);
  const v = numberOf(facts.extra[rule.field]);
  if (v === null || rule.value === null) return false;
  switch (rule.op) {
    case '>=':
      return v >= rule.value;
    case '<':
      return v < rule.value;
    case 'between':
      return rule.valueTo !== null && v >= rule.value && v < rule.valueTo;
    default:
      return false;
  }
}

/** The first rule that holds, or null. */
export const firstRule = (rules: readonly TransitionRule[], facts: Pick<ClientFacts, 'tags' | 'extra'>) =>
  rules.find((r) => ruleHolds(r, facts)) ?? null;

/** "Honorários mensais ≥ R$ 5.000,00", "Tag Lucro Real". */
export function describeRule(rule: TransitionRule, lang: Lang = 'pt-BR'): string {
  const label = fieldLabels[rule.field][lang];
  if (rule.field === 'tag') return `tag ${rule.tag}`;
  const fmt = (n: number | null) =>
    n === null ? '—' : moneyFields.includes(rule.field) ? formatMoneyBRL(n) : String(n);
  if (rule.op === 'between')
    return `${label} ${lang === 'en' ? 'between' : 'entre'} ${fmt(rule.value)} ${lang === 'en' ? 'and' : 'e'} ${fmt(rule.valueTo)}`;
  return `${label} ${rule.op === '>=' ? '≥' : '<'} ${fmt(rule.value)}`;
}

/** The log line of a client that changed class. */
const changedLine = {
  'pt-BR': '{client}: classe {from} → {to} ({reason}).',
  en: '{client}: class {from} → {to} ({reason}).',
} satisfies Localized;

const BATCH = 200;

export const clientsClassTransition = defineRoutine({
  kind: 'clients.class-transition',
  config,
  templates: { staff: TEMPLATE },
  channels: [],

  async *select(ctx, cfg) {
    const pages = pagesById(BATCH, (after) => {
      let q = ctx.db
        .selectFrom('clients')
        .select(['id', 'legal_name as legalName', 'document', 'class'])
        .where('office_id', '=', ctx.officeId)
        .where(inAudience(ctx.settings.audience, 'clients.id'))
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH);
      if (!cfg.includeInactiveClients) q = q.where('status', '=', 'active');
      return q.execute();
    });
    for await (const rows of pages) {
      const ids = rows.map((r) => r.id);
      const [extra, tags] = await Promise.all([
        getClientsExtra(ctx.db, ctx.officeId, ids),
        getClientsTags(ctx.db, ctx.officeId, ids),
      ]);
      yield rows.map(
        (r): ClientFacts => ({ ...r, tags: tags.get(r.id) ?? [], extra: extra.get(r.id) ?? {} }),
      );
    }
  },

  async perRecord(ctx, client, cfg) {
    const rule = firstRule(cfg.rules, client);
    if (!rule || rule.toClass === client.class) {
      ctx.count('unchanged');
      return;
    }
    const from = client.class ?? '—';
    const reason = describeRule(rule);
    await setClientClass(
      ctx.db,
      {
        officeId: ctx.officeId,
        userId: ctx.requestedBy,
        at: ctx.at,
        reason: `routine:${ctx.kind}: ${reason}`,
      },
      client.id,
      rule.toClass,
    );
    ctx.count('changed');
    const params = { client: client.legalName, from, to: rule.toClass };
    await ctx.log('info', {
      'pt-BR': interpolate(changedLine['pt-BR'], { ...params, reason }),
      en: interpolate(changedLine.en, { ...params, reason: describeRule(rule, 'en') }),
    });
    if (cfg.notifyResponsible) {
      await ctx.notifyResponsible(client.id, {
        template: TEMPLATE,
        key: `class-transition:${client.id}:${ctx.date}:${rule.toClass}`,
        vars: {
          client: { legalName: client.legalName, document: client.document },
          transition: { from, to: rule.toClass, reason, date: ctx.date },
        },
      });
    }
  },

  describe: (client) => client.legalName,
});
