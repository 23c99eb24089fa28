/**
 * Resumo diário do responsável: each active user of the office gets, by e-mail, one digest a day of what
 * is theirs and due — open tickets due today or overdue, digital certificates and certidões expired or
 * expiring within N days, open fee invoices due today or overdue. A user with nothing due gets nothing.
 *
 * Whose is what:
 * - a **ticket** is its responsible user's; a ticket without a responsible is its client's owner's (below);
 * - a **client's items** (certificates, certidões, invoices) are its owner's: the client's active
 *   responsible of the routine's profession — with no profession set, every active responsible the client
 *   has, of any profession — and, when the client has none, the office's first active administrator (the
 *   same fallback as `responsibleOf`), so no client's deadline is nobody's.
 *
 * What is due, on the reference date D (office time zone):
 * - tickets not closed (`closedStatuses`) with a debt-collection due date ≤ D, or an SLA deadline up to the
 *   end of D: the resolution deadline while its clock runs (Aberto, Reaberto, Analisando), the first-response
 *   deadline until the first response, or a resolution clock stopped overdue (Aguardando, negative time left);
 * - certificates of active clients expiring up to D + `daysAhead`, or expired, unless replaced by a newer one
 *   of the same client and holder document (renewed);
 * - certidões of active clients: the current certidão (valid the longest) of each required type, expired or
 *   valid until D + `daysAhead` at most (a type with none registered is the Certidões routine's business);
 * - invoices still open (not paid or cancelled) due on D or before, of any client status (the money is
 *   still owed).
 * Every item is restricted to the routine's audience (by the item's client).
 *
 * How it reads: users in keyset batches of 200; per batch one query per kind of item (two for tickets), each
 * joined to the batch's owners — never one query per user or per item.
 *
 * Key: `daily-digest:<user>:<date>:staff:<user>` — one digest per user and day, however many times it runs;
 * items that become due after the day's digest went out wait for the next day's.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { appLink } from '../../config.js';
import type { Db } from '../../db/database.js';
import { pagesById } from '../../db/keyset.js';
import type { Lang, Localized } from '../../http/i18n.js';
import { periodLabel } from '../billing/index.js';
import { addDays, type CivilDate } from '../br/index.js';
import {
  certidaoTypeNames,
  civilDateOf,
  daysBetween,
  parseRequiredTypes,
  startOfCivilDay,
} from '../certificates/index.js';
import { defineTemplate, officeVariables } from '../messaging/index.js';
import { firstAdminId } from '../platform/index.js';
import { type Audience, defineRoutine, inAudience, type RoutineRunContext } from '../routines/index.js';
import { clockRunningStatuses, closedStatuses, statusLabels, type TicketStatus } from '../tickets/index.js';

const TEMPLATE = 'routines.daily-digest';

defineTemplate({
  key: TEMPLATE,
  description: {
    'pt-BR': 'Resumo diário do responsável: o que vence hoje',
    en: 'Daily digest: what is due today',
  },
  variables: [
    ...officeVariables,
    'user.name',
    'today',
    'daysAhead',
    'summary',
    'counts.total',
    'counts.tickets',
    'counts.certificates',
    'counts.certidoes',
    'counts.invoices',
    'tickets',
    'certificates',
    'certidoes',
    'invoices',
  ],
  transactional: true,
  defaults: {
    email: {
      subject: 'Seu resumo de {{ today | date }}: {{ summary }}',
      body: [
        'Olá, {{ user.name }}.',
        '',
        'Este é o seu resumo de {{ today | date }}: o que vence hoje ou já venceu{% if daysAhead > 0 %}, e os certificados e certidões que vencem nos próximos {{ daysAhead }} dias{% endif %}.',
        '{% if counts.tickets > 0 %}',
        'ATENDIMENTOS ({{ counts.tickets }})',
        '{% for t in tickets %}• #{{ t.number }} {{ t.subject }} — {{ t.clientName }} ({{ t.status }}): {{ t.what }} {% if t.overdue %}venceu em {{ t.dueOn | date }}{% else %}vence hoje{% endif %}',
        '  {{ t.link }}',
        '{% endfor %}{% endif %}{% if counts.certificates > 0 %}',
        'CERTIFICADOS DIGITAIS ({{ counts.certificates }})',
        '{% for c in certificates %}• {{ c.clientName }} — {{ c.kind }} de {{ c.holder }}{% if c.document != blank %} ({{ c.document | document }}){% endif %}: {% if c.expired %}venceu em {{ c.expiresOn | date }}{% elsif c.daysLeft == 0 %}vence hoje{% elsif c.daysLeft == 1 %}vence amanhã ({{ c.expiresOn | date }}){% else %}vence em {{ c.daysLeft }} dias ({{ c.expiresOn | date }}){% endif %}',
        '  {{ c.link }}',
        '{% endfor %}{% endif %}{% if counts.certidoes > 0 %}',
        'CERTIDÕES ({{ counts.certidoes }})',
        '{% for d in certidoes %}• {{ d.clientName }} — {{ d.name }}: {% if d.expired %}vencida em {{ d.validUntil | date }}{% elsif d.daysLeft == 0 %}vence hoje{% elsif d.daysLeft == 1 %}vence amanhã ({{ d.validUntil | date }}){% else %}vence em {{ d.daysLeft }} dias ({{ d.validUntil | date }}){% endif %}',
        '  {{ d.link }}',
        '{% endfor %}{% endif %}{% if counts.invoices > 0 %}',
        'HONORÁRIOS EM ABERTO ({{ counts.invoices }})',
        '{% for i in invoices %}• {{ i.clientName }} — competência {{ i.period }}, {{ i.amountCents | money }}: {% if i.overdue %}venceu em {{ i.dueDate | date }}{% else %}vence hoje{% endif %}',
        '  {{ i.link }}',
        '{% endfor %}{% endif %}',
        'Este resumo é enviado uma vez por dia pela rotina "Resumo diário do responsável" do {{ office.name }}.',
      ].join('\n'),
    },
  },
  defaultsEn: {
    email: {
      subject: 'Your digest for {{ today | date }}: {{ summary }}',
      body: [
        'Hello, {{ user.name }}.',
        '',
        'This is your digest for {{ today | date }}: what is due today or overdue{% if daysAhead > 0 %}, and the certificates and certidões expiring in the next {{ daysAhead }} days{% endif %}.',
        '{% if counts.tickets > 0 %}',
        'TICKETS ({{ counts.tickets }})',
        '{% for t in tickets %}• #{{ t.number }} {{ t.subject }} — {{ t.clientName }} ({{ t.status }}): {{ t.what }} {% if t.overdue %}was due on {{ t.dueOn | date }}{% else %}due today{% endif %}',
        '  {{ t.link }}',
        '{% endfor %}{% endif %}{% if counts.certificates > 0 %}',
        'DIGITAL CERTIFICATES ({{ counts.certificates }})',
        '{% for c in certificates %}• {{ c.clientName }} — {{ c.kind }} of {{ c.holder }}{% if c.document != blank %} ({{ c.document | document }}){% endif %}: {% if c.expired %}expired on {{ c.expiresOn | date }}{% elsif c.daysLeft == 0 %}expires today{% elsif c.daysLeft == 1 %}expires tomorrow ({{ c.expiresOn | date }}){% else %}expires in {{ c.daysLeft }} days ({{ c.expiresOn | date }}){% endif %}',
        '  {{ c.link }}',
        '{% endfor %}{% endif %}{% if counts.certidoes > 0 %}',
        'CERTIDÕES ({{ counts.certidoes }})',
        '{% for d in certidoes %}• {{ d.clientName }} — {{ d.name }}: {% if d.expired %}expired on {{ d.validUntil | date }}{% elsif d.daysLeft == 0 %}expires today{% elsif d.daysLeft == 1 %}expires tomorrow ({{ d.validUntil | date }}){% else %}expires in {{ d.daysLeft }} days ({{ d.validUntil | date }}){% endif %}',
        '  {{ d.link }}',
        '{% endfor %}{% endif %}{% if counts.invoices > 0 %}',
        'OPEN FEE INVOICES ({{ counts.invoices }})',
        '{% for i in invoices %}• {{ i.clientName }} — period {{ i.period }}, {{ i.amountCents | money }}: {% if i.overdue %}was due on {{ i.dueDate | date }}{% else %}due today{% endif %}',
        '  {{ i.link }}',
        '{% endfor %}{% endif %}',
        'This digest is sent once a day by the "Daily digest for each user" routine of {{ office.name }}.',
      ].join('\n'),
    },
  },
});

const config = z.object({
  daysAhead: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(7)
    .meta({
      label: {
        'pt-BR': 'Certificados e certidões: vencendo em até (dias)',
        en: 'Certificates and certidões: expiring within (days)',
      },
      help: {
        'pt-BR':
          'Certificados e certidões que vencem dentro deste prazo entram no resumo (0: só os que vencem hoje ou já venceram).',
        en: 'Certificates and certidões expiring within this many days are included (0: only those due today or expired).',
      },
    }),
  includeTickets: z
    .boolean()
    .default(true)
    .meta({ label: { 'pt-BR': 'Incluir atendimentos', en: 'Include tickets' } }),
  includeCertificates: z
    .boolean()
    .default(true)
    .meta({ label: { 'pt-BR': 'Incluir certificados digitais', en: 'Include digital certificates' } }),
  includeCertidoes: z
    .boolean()
    .default(true)
    .meta({ label: { 'pt-BR': 'Incluir certidões', en: 'Include certidões' } }),
  includeInvoices: z
    .boolean()
    .default(true)
    .meta({ label: { 'pt-BR': 'Incluir honorários em aberto', en: 'Include open fee invoices' } }),
});
type Config = z.output<typeof config>;

interface TicketItem {
  number: number;
  subject: string;
  clientName: string;
  status: Localized;
  /** What is due: the debt collection's due date or an SLA deadline. */
  what: Localized;
  dueOn: CivilDate;
  overdue: boolean;
  link: string;
}

interface CertificateItem {
  clientName: string;
  holder: string;
  document: string;
  kind: string;
  expiresOn: CivilDate;
  daysLeft: number;
  expired: boolean;
  link: string;
}

interface CertidaoItem {
  clientName: string;
  type: string;
  name: string;
  validUntil: CivilDate;
  daysLeft: number;
  expired: boolean;
  link: string;
}

interface InvoiceItem {
  clientName: string;
  period: string;
  amountCents: number;
  dueDate: CivilDate;
  overdue: boolean;
  link: string;
}

interface Digest {
  userId: string;
  userName: string;
  tickets: TicketItem[];
  certificates: CertificateItem[];
  certidoes: CertidaoItem[];
  invoices: InvoiceItem[];
}

const BATCH = 200;

/** What every query of one batch shares. */
interface Scope {
  db: Db;
  officeId: string;
  professionId: string | null;
  audience: Audience;
  /** The office's first active administrator: the owner of clients without a responsible. */
  adminId: string | null;
  userIds: string[];
}

/** The client has an active responsible (of the profession, when one is set). */
function hasResponsible(s: Scope, clientIdColumn: string): Expression<SqlBool> {
  const profession = s.professionId ? sql`and r2.profession_id = ${s.professionId}` : sql``;
  return sql<SqlBool>`exists (select 1 from client_responsibles r2 inner join users u2 on u2.id = r2.user_id
    where r2.client_id = ${sql.ref(clientIdColumn)} and u2.active = 1 ${profession})`;
}

/**
 * The (client, owner) pairs of the batch's users, in the audience: a subquery each item query joins, so a
 * user's clients are never read into memory (an administrator may own thousands of them).
 */
function owners(s: Scope) {
  let responsible = s.db
    .selectFrom('client_responsibles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.client_id as clientId', 'r.user_id as userId'])
    .where('r.office_id', '=', s.officeId)
    .where('r.user_id', 'in', s.userIds)
    .where('u.active', '=', 1)
    .where(inAudience(s.audience, 'r.client_id'));
  if (s.professionId) responsible = responsible.where('r.profession_id', '=', s.professionId);
  if (!s.adminId || !s.userIds.includes(s.adminId)) return responsible;
  const orphans = s.db
    .selectFrom('clients as cl')
    .select(['cl.id as clientId', sql<string>`cast(${s.adminId} as text)`.as('userId')])
    .where('cl.office_id', '=', s.officeId)
    .where(inAudience(s.audience, 'cl.id'))
    .where((eb) => eb.not(hasResponsible(s, 'cl.id')));
  // UNION (not ALL): a user responsible for a client in two professions owns it once.
  return responsible.union(orphans);
}

const ticketColumns = [
  't.id',
  't.number',
  't.subject',
  't.status',
  't.due_date',
  't.sla_resolution_due_at',
  't.sla_first_response_due_at',
  't.first_responded_at',
  't.sla_remaining_ms',
  'cl.legal_name',
] as const;

/** Open tickets with something due by the end of `date` (see the file's comment). */
function ticketDue(date: CivilDate, endOfDay: string) {
  return sql<SqlBool>`(t.due_date <= ${date}
    or (t.first_responded_at is null and t.sla_first_response_due_at < ${endOfDay})
    or (t.status in (${sql.join(clockRunningStatuses)}) and t.sla_resolution_due_at < ${endOfDay})
    or (t.status = 'waiting' and t.sla_remaining_ms < 0))`;
}

type TicketRow = {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  due_date: string | null;
  sla_resolution_due_at: string | null;
  sla_first_response_due_at: string | null;
  first_responded_at: string | null;
  sla_remaining_ms: number | null;
  legal_name: string;
  userId: string;
};

async function ticketsOf(s: Scope, ctx: RoutineRunContext, base: string): Promise<[string, TicketItem][]> {
  const endOfDay = startOfCivilDay(addDays(ctx.date, 1), ctx.timeZone);
  const common = () =>
    s.db
      .selectFrom('tickets as t')
      .innerJoin('clients as cl', 'cl.id', 't.client_id')
      .where('t.office_id', '=', s.officeId)
      .where('t.status', 'not in', closedStatuses as TicketStatus[])
      .where(inAudience(s.audience, 't.client_id'))
      .where(ticketDue(ctx.date, endOfDay));
  const assigned = await common()
    .select([...ticketColumns, 't.responsible_id as userId'])
    .where('t.responsible_id', 'in', s.userIds)
    .execute();
  const unassigned = await common()
    .innerJoin(owners(s).as('o'), 'o.clientId', 't.client_id')
    .select([...ticketColumns, 'o.userId'])
    .where('t.responsible_id', 'is', null)
    .execute();
  const out: [string, TicketItem][] = [];
  for (const r of [...assigned, ...unassigned] as TicketRow[]) {
    const due: { on: CivilDate; what: Localized }[] = [];
    const local = (instant: string) => civilDateOf(instant, ctx.timeZone);
    if (r.due_date && r.due_date <= ctx.date)
      due.push({ on: r.due_date, what: { 'pt-BR': 'cobrança', en: 'collection' } });
    if (!r.first_responded_at && r.sla_first_response_due_at && r.sla_first_response_due_at < endOfDay)
      due.push({
        on: local(r.sla_first_response_due_at),
        what: { 'pt-BR': 'primeira resposta (SLA)', en: 'first response (SLA)' },
      });
    const resolution = r.sla_resolution_due_at;
    // While Aguardando the stored deadline is the original one; it is late only if it stopped late.
    const resolutionDue = clockRunningStatuses.includes(r.status)
      ? resolution !== null && resolution < endOfDay
      : r.status === 'waiting' && r.sla_remaining_ms !== null && Number(r.sla_remaining_ms) < 0;
    if (resolution && resolutionDue)
      due.push({ on: local(resolution), what: { 'pt-BR': 'resolução (SLA)', en: 'resolution (SLA)' } });
    const first = due.sort((a, b) => a.on.localeCompare(b.on))[0];
    if (!first) continue;
    out.push([
      r.userId,
      {
        number: Number(r.number),
        subject: r.subject,
        clientName: r.legal_name,
        status: statusLabels[r.status],
        what: first.what,
        dueOn: first.on,
        overdue: first.on < ctx.date,
        link: `${base}/tickets/${r.id}`,
      },
    ]);
  }
  // Earliest deadline first, then by number.
  return out.sort(([, a], [, b]) => a.dueOn.localeCompare(b.dueOn) || a.number - b.number);
}

async function certificatesOf(
  s: Scope,
  ctx: RoutineRunContext,
  cfg: Config,
  base: string,
): Promise<[string, CertificateItem][]> {
  const horizon = startOfCivilDay(addDays(ctx.date, cfg.daysAhead + 1), ctx.timeZone);
  const rows = await s.db
    .selectFrom('client_certificates as c')
    .innerJoin('clients as cl', 'cl.id', 'c.client_id')
    .innerJoin(owners(s).as('o'), 'o.clientId', 'c.client_id')
    .select([
      'c.client_id',
      'c.kind',
      'c.holder_name',
      'c.document',
      'c.not_after',
      'cl.legal_name',
      'o.userId',
    ])
    .where('c.office_id', '=', s.officeId)
    .where('c.not_after', '<', horizon)
    .where('cl.status', '=', 'active')
    // Renewed: a newer certificate of the same client and holder document (as the expiry routine sees it).
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('client_certificates as n')
            .select('n.id')
            .where('n.office_id', '=', s.officeId)
            .whereRef('n.client_id', '=', 'c.client_id')
            .whereRef('n.not_after', '>', 'c.not_after')
            .where((w) => w('n.document', 'is not distinct from', w.ref('c.document'))),
        ),
      ),
    )
    .orderBy('c.not_after')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => {
    const expiresOn = civilDateOf(r.not_after, ctx.timeZone);
    const daysLeft = daysBetween(ctx.date, expiresOn);
    return [
      r.userId,
      {
        clientName: r.legal_name,
        holder: r.holder_name,
        document: r.document ?? '',
        kind: r.kind.toUpperCase(),
        expiresOn,
        daysLeft: Math.max(0, daysLeft),
        expired: daysLeft < 0 || Date.parse(r.not_after) <= ctx.at.getTime(),
        link: `${base}/clients/${r.client_id}?tab=certificates`,
      },
    ];
  });
}

async function certidoesOf(
  s: Scope,
  ctx: RoutineRunContext,
  cfg: Config,
  base: string,
): Promise<[string, CertidaoItem][]> {
  const rows = await s.db
    .selectFrom('client_certidoes as d')
    .innerJoin('clients as cl', 'cl.id', 'd.client_id')
    .innerJoin(owners(s).as('o'), 'o.clientId', 'd.client_id')
    .leftJoin('client_certidao_settings as cs', 'cs.client_id', 'd.client_id')
    .select([
      'd.client_id',
      'd.type',
      'd.valid_until',
      'cl.legal_name',
      'cl.document_kind',
      'cs.required_types',
      'o.userId',
    ])
    .where('d.office_id', '=', s.officeId)
    .where('d.valid_until', '<=', addDays(ctx.date, cfg.daysAhead))
    .where('cl.status', '=', 'active')
    // The current certidão of its type: none valid longer (ties broken by id, as `currentByType` does).
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('client_certidoes as n')
            .select('n.id')
            .where('n.office_id', '=', s.officeId)
            .whereRef('n.client_id', '=', 'd.client_id')
            .whereRef('n.type', '=', 'd.type')
            .where((w) =>
              w.or([
                w('n.valid_until', '>', w.ref('d.valid_until')),
                w.and([w('n.valid_until', '=', w.ref('d.valid_until')), w('n.id', '>', w.ref('d.id'))]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('d.valid_until')
    .orderBy('cl.legal_name')
    .orderBy('d.type')
    .execute();
  const out: [string, CertidaoItem][] = [];
  for (const r of rows) {
    // Only the types the client must keep (no stored choice: all five for a CNPJ, none for a CPF).
    const required =
      r.required_types === null
        ? r.document_kind === 'cnpj'
        : parseRequiredTypes(r.required_types).includes(r.type);
    if (!required) continue;
    const daysLeft = daysBetween(ctx.date, r.valid_until);
    out.push([
      r.userId,
      {
        clientName: r.legal_name,
        type: r.type,
        name: certidaoTypeNames[r.type],
        validUntil: r.valid_until,
        daysLeft: Math.max(0, daysLeft),
        expired: daysLeft < 0,
        link: `${base}/clients/${r.client_id}?tab=certidoes`,
      },
    ]);
  }
  return out;
}

async function invoicesOf(s: Scope, ctx: RoutineRunContext, base: string): Promise<[string, InvoiceItem][]> {
  const rows = await s.db
    .selectFrom('invoices as i')
    .innerJoin('clients as cl', 'cl.id', 'i.client_id')
    .innerJoin(owners(s).as('o'), 'o.clientId', 'i.client_id')
    .select(['i.client_id', 'i.period', 'i.amount_cents', 'i.due_date', 'cl.legal_name', 'o.userId'])
    .where('i.office_id', '=', s.officeId)
    .where('i.status', '=', 'open')
    .where('i.due_date', '<=', ctx.date)
    .orderBy('i.due_date')
    .orderBy('cl.legal_name')
    .orderBy('i.id')
    .execute();
  return rows.map((r) => [
    r.userId,
    {
      clientName: r.legal_name,
      period: periodLabel(r.period),
      amountCents: Number(r.amount_cents),
      dueDate: r.due_date,
      overdue: r.due_date < ctx.date,
      // The client's Honorários tab (as billing's `clientFeesLink`).
      link: `${base}/clients/${r.client_id}?tab=fees`,
    },
  ]);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const summaryWords: Record<
  Lang,
  { and: string; words: Record<keyof Omit<Digest, 'userId' | 'userName'>, [string, string]> }
> = {
  'pt-BR': {
    and: 'e',
    words: {
      tickets: ['atendimento', 'atendimentos'],
      certificates: ['certificado', 'certificados'],
      certidoes: ['certidão', 'certidões'],
      invoices: ['honorário em aberto', 'honorários em aberto'],
    },
  },
  en: {
    and: 'and',
    words: {
      tickets: ['ticket', 'tickets'],
      certificates: ['certificate', 'certificates'],
      certidoes: ['certidão', 'certidões'],
      invoices: ['open fee invoice', 'open fee invoices'],
    },
  },
};

/** "2 atendimentos, 1 certificado e 3 certidões" (or in English), for the subject. */
function summaryOf(d: Digest, lang: Lang): string {
  const { and, words } = summaryWords[lang];
  const parts = (['tickets', 'certificates', 'certidoes', 'invoices'] as const)
    .filter((k) => d[k].length > 0)
    .map((k) => plural(d[k].length, ...words[k]));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${and} ${parts.at(-1)}` : (parts[0] ?? '');
}

export const dailyDigest = defineRoutine({
  kind: 'routines.daily-digest',
  config,
  templates: { staff: TEMPLATE },
  channels: [],

  async *select(ctx, cfg) {
    const base = appLink(ctx.app.config, '');
    const adminId = await firstAdminId(ctx.db, ctx.officeId);
    const pages = pagesById(BATCH, (after) =>
      ctx.db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('office_id', '=', ctx.officeId)
        .where('active', '=', 1)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute(),
    );
    for await (const users of pages) {
      const scope: Scope = {
        db: ctx.db,
        officeId: ctx.officeId,
        professionId: ctx.settings.professionId,
        audience: ctx.settings.audience,
        adminId,
        userIds: users.map((u) => u.id),
      };
      const digests = new Map<string, Digest>(
        users.map((u) => [
          u.id,
          { userId: u.id, userName: u.name, tickets: [], certificates: [], certidoes: [], invoices: [] },
        ]),
      );
      const add = <K extends 'tickets' | 'certificates' | 'certidoes' | 'invoices'>(
        key: K,
        items: [string, Digest[K][number]][],
      ) => {
        // Every owner is a user of the batch: the queries are restricted to its ids.
        for (const [userId, item] of items) (digests.get(userId)![key] as Digest[K][number][]).push(item);
      };
      if (cfg.includeTickets) add('tickets', await ticketsOf(scope, ctx, base));
      if (cfg.includeCertificates) add('certificates', await certificatesOf(scope, ctx, cfg, base));
      if (cfg.includeCertidoes) add('certidoes', await certidoesOf(scope, ctx, cfg, base));
      if (cfg.includeInvoices) add('invoices', await invoicesOf(scope, ctx, base));
      const due = [...digests.values()].filter(
        (d) => d.tickets.length + d.certificates.length + d.certidoes.length + d.invoices.length > 0,
      );
      if (due.length) yield due;
    }
  },

  async perRecord(ctx, d, cfg) {
    const counts = {
      tickets: d.tickets.length,
      certificates: d.certificates.length,
      certidoes: d.certidoes.length,
      invoices: d.invoices.length,
      total: d.tickets.length + d.certificates.length + d.certidoes.length + d.invoices.length,
    };
    const sent = await ctx.notifyUser(d.userId, {
      template: TEMPLATE,
      key: `daily-digest:${d.userId}:${ctx.date}`,
      vars: (lang) => ({
        user: { name: d.userName },
        today: ctx.date,
        daysAhead: cfg.daysAhead,
        summary: summaryOf(d, lang),
        counts,
        tickets: d.tickets.map((t) => ({ ...t, status: t.status[lang], what: t.what[lang] })),
        certificates: d.certificates,
        certidoes: d.certidoes,
        invoices: d.invoices,
      }),
    });
    if (!sent || sent.duplicate) return;
    ctx.count('digests');
    for (const k of ['tickets', 'certificates', 'certidoes', 'invoices'] as const)
      if (counts[k]) ctx.count(k, counts[k]);
  },

  describe: (d) => d.userName,
});
