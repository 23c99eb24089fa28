/**
 * Atendimentos parados: tickets still open with no movement, chat message or edit for N business days
 * (office calendar) are reported to their responsible user and, optionally, to that user's supervisor.
 * One notice per stall: the key names the ticket and the instant of its last activity
 * (`ticket-stalled:<ticket>:<last activity>:staff:<user>`), so a ticket that moves and stalls again is
 * reported again, and one that stays stalled is reported once, however many times the routine runs.
 */

import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { appLink } from '../../config.js';
import { pagesById } from '../../db/keyset.js';
import type { Lang } from '../../http/i18n.js';
import { defineTemplate } from '../messaging/index.js';
import { defineRoutine, inAudience, responsibleOf } from '../routines/index.js';
import { closedStatuses, statusLabels } from './status-machine.js';
import type { TicketStatus } from './tickets.schema.js';

const TEMPLATE = 'tickets.stalled';

defineTemplate({
  key: TEMPLATE,
  description: {
    'pt-BR': 'Atendimentos parados: aviso ao responsável e ao supervisor',
    en: 'Stalled tickets: notice to the responsible user and the supervisor',
  },
  variables: [
    'office.name',
    'user.name',
    'ticket.number',
    'ticket.subject',
    'ticket.status',
    'ticket.clientName',
    'ticket.responsibleName',
    'ticket.lastActivityAt',
    'ticket.businessDays',
    'ticket.link',
  ],
  transactional: true,
  defaults: {
    email: {
      subject: 'Atendimento #{{ ticket.number }} parado há {{ ticket.businessDays }} dias úteis',
      body: 'Olá, {{ user.name }}.\n\nO atendimento #{{ ticket.number }} — "{{ ticket.subject }}", de {{ ticket.clientName }} — está parado há {{ ticket.businessDays }} dias úteis, com o status {{ ticket.status }}.\n\nResponsável: {{ ticket.responsibleName }}\nÚltima movimentação: {{ ticket.lastActivityAt | date }}\n\nVeja o atendimento: {{ ticket.link }}',
    },
  },
  defaultsEn: {
    email: {
      subject: 'Ticket #{{ ticket.number }} stalled for {{ ticket.businessDays }} business days',
      body: 'Hello, {{ user.name }}.\n\nTicket #{{ ticket.number }} — "{{ ticket.subject }}", from {{ ticket.clientName }} — has not moved for {{ ticket.businessDays }} business days; its status is {{ ticket.status }}.\n\nResponsible: {{ ticket.responsibleName }}\nLast activity: {{ ticket.lastActivityAt | date }}\n\nSee the ticket: {{ ticket.link }}',
    },
  },
});

const config = z.object({
  businessDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(3)
    .meta({
      label: { 'pt-BR': 'Dias úteis sem movimentação', en: 'Business days without movement' },
    }),
  notifySupervisor: z
    .boolean()
    .default(true)
    .meta({ label: { 'pt-BR': 'Avisar também o supervisor', en: 'Also notify the supervisor' } }),
});

interface StalledTicket {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  clientId: string;
  clientName: string;
  responsibleId: string | null;
  lastActivityAt: string;
  businessDays: number;
}

const BATCH = 500;

export const stalledTickets = defineRoutine({
  kind: 'tickets.stalled',
  config,
  templates: { staff: TEMPLATE },
  channels: [],

  async *select(ctx, cfg) {
    const pages = pagesById(BATCH, (after) =>
      ctx.db
        .selectFrom('tickets')
        .innerJoin('clients', 'clients.id', 'tickets.client_id')
        .select([
          'tickets.id',
          'tickets.number',
          'tickets.subject',
          'tickets.status',
          'tickets.client_id as clientId',
          'clients.legal_name as clientName',
          'tickets.responsible_id as responsibleId',
          'tickets.updated_at as updatedAt',
          'tickets.opened_at as openedAt',
          sql<string | null>`(select max(m.at) from ticket_movements m where m.ticket_id = tickets.id)`.as(
            'lastMove',
          ),
          sql<string | null>`(select max(c.at) from ticket_messages c where c.ticket_id = tickets.id)`.as(
            'lastChat',
          ),
        ])
        .where('tickets.office_id', '=', ctx.officeId)
        .where('tickets.status', 'not in', closedStatuses as TicketStatus[])
        .where(inAudience(ctx.settings.audience, 'tickets.client_id'))
        .where('tickets.id', '>', after)
        .orderBy('tickets.id')
        .limit(BATCH)
        .execute(),
    );
    for await (const rows of pages) {
      const stalled: StalledTicket[] = [];
      for (const r of rows) {
        const last = [r.openedAt, r.updatedAt, r.lastMove, r.lastChat]
          .filter((x): x is string => !!x)
          .sort()
          .at(-1)!;
        const lastDate = DateTime.fromISO(last, { zone: ctx.timeZone }).toISODate()!;
        const days = lastDate < ctx.date ? ctx.calendar.businessDaysBetween(lastDate, ctx.date) : 0;
        if (days >= cfg.businessDays) {
          stalled.push({
            id: r.id,
            number: Number(r.number),
            subject: r.subject,
            status: r.status as TicketStatus,
            clientId: r.clientId,
            clientName: r.clientName,
            responsibleId: r.responsibleId,
            lastActivityAt: last,
            businessDays: days,
          });
        }
      }
      if (stalled.length) yield stalled;
    }
  },

  async perRecord(ctx, t, cfg) {
    const responsibleId =
      t.responsibleId ?? (await responsibleOf(ctx.db, ctx.officeId, t.clientId, ctx.settings.professionId));
    const people = responsibleId
      ? await ctx.db
          .selectFrom('users')
          .select(['id', 'name', 'supervisor_id'])
          .where('office_id', '=', ctx.officeId)
          .where('id', '=', responsibleId)
          .executeTakeFirst()
      : undefined;
    const ticket = (lang: Lang) => ({
      number: t.number,
      subject: t.subject,
      status: statusLabels[t.status][lang],
      clientName: t.clientName,
      responsibleName: people?.name ?? '—',
      lastActivityAt: t.lastActivityAt,
      businessDays: t.businessDays,
      link: appLink(ctx.app.config, `/tickets/${t.id}`),
    });
    const key = `ticket-stalled:${t.id}:${t.lastActivityAt}`;
    const recipients = [people?.id, cfg.notifySupervisor ? people?.supervisor_id : null].filter(
      (x): x is string => !!x,
    );
    for (const userId of new Set(recipients)) {
      await ctx.notifyUser(userId, { template: TEMPLATE, vars: (lang) => ({ ticket: ticket(lang) }), key });
    }
    ctx.count('stalled');
  },

  describe: (t) => `#${t.number} ${t.subject} (${t.clientName})`,
});
