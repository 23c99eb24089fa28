/**
 * Monitorar movimentações das contas: active clients with no movement for N days are reported to chosen
 * users (or, when none are chosen, to each client's responsible of the routine's profession), and may be
 * transferred to another responsible.
 *
 * A movement is something the client did or that was done for it: a ticket opened or updated, a chat
 * message from the client, a WhatsApp message received from its number, a file uploaded to a ticket or a
 * certidão registered, an invoice paid. Messages the office sends do not count — otherwise every routine
 * that writes to a client would keep it "moving".
 *
 * Key: `idle-account:<client>:<last movement, or "never">:staff:<user>` — one notice per idle spell and
 * user; a client that moves and goes idle again is reported again.
 */
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { pagesById } from '../../db/keyset.js';
import { transferResponsible } from '../clients/index.js';
import { defineTemplate } from '../messaging/index.js';
import { defineRoutine, inAudience, responsibleOf } from '../routines/index.js';

const TEMPLATE = 'routines.idle-account';

defineTemplate({
  key: TEMPLATE,
  description: {
    'pt-BR': 'Monitorar movimentações: conta sem movimentação',
    en: 'Account monitoring: account without movement',
  },
  variables: [
    'office.name',
    'user.name',
    'client.legalName',
    'client.document',
    'client.lastMovementAt',
    'client.idleDays',
    'client.transferredTo',
    'client.link',
  ],
  transactional: true,
  defaults: {
    email: {
      subject: 'Conta sem movimentação há {{ client.idleDays }} dias: {{ client.legalName }}',
      body: 'Olá, {{ user.name }}.\n\nO cliente {{ client.legalName }} ({{ client.document | document }}) está sem movimentação há {{ client.idleDays }} dias.{% if client.lastMovementAt %} Última movimentação: {{ client.lastMovementAt | date }}.{% else %} Não há movimentação registrada.{% endif %}{% if client.transferredTo %}\n\nA conta foi transferida para {{ client.transferredTo }}.{% endif %}\n\nVeja o cliente: {{ client.link }}',
    },
  },
  defaultsEn: {
    email: {
      subject: 'No account activity for {{ client.idleDays }} days: {{ client.legalName }}',
      body: 'Hello, {{ user.name }}.\n\nThe client {{ client.legalName }} ({{ client.document | document }}) has had no activity for {{ client.idleDays }} days.{% if client.lastMovementAt %} Last activity: {{ client.lastMovementAt | date }}.{% else %} No activity has been recorded.{% endif %}{% if client.transferredTo %}\n\nThe account was transferred to {{ client.transferredTo }}.{% endif %}\n\nSee the client: {{ client.link }}',
    },
  },
});

const config = z.object({
  days: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(60)
    .meta({ label: { 'pt-BR': 'Dias sem movimentação', en: 'Days without movement' } }),
  notifyUserIds: z
    .array(z.uuid())
    .max(100)
    .default([])
    .meta({
      label: { 'pt-BR': 'Avisar os usuários', en: 'Notify these users' },
      help: {
        'pt-BR': 'Vazio: o responsável de cada cliente na profissão da rotina.',
        en: 'Empty: each client’s responsible in the routine’s profession.',
      },
      source: 'users',
    }),
  transferToUserId: z
    .uuid()
    .nullable()
    .default(null)
    .meta({
      label: { 'pt-BR': 'Transferir para o responsável', en: 'Transfer to responsible' },
      help: {
        'pt-BR': 'Opcional: passa a conta a este usuário na profissão da rotina.',
        en: 'Optional: hands the account to this user in the routine’s profession.',
      },
      source: 'users',
    }),
});

interface IdleClient {
  id: string;
  legalName: string;
  document: string;
  lastMovementAt: string | null;
  idleDays: number;
}

const BATCH = 500;
const DAY = 86_400_000;

/** The latest movement of each client in `ids` (absent: none), across the modules' records. */
async function lastMovements(db: Db, officeId: string, ids: string[]): Promise<Map<string, string>> {
  const latest = new Map<string, string>();
  const take = (rows: { clientId: string; at: string | null }[]) => {
    for (const r of rows) if (r.at && r.at > (latest.get(r.clientId) ?? '')) latest.set(r.clientId, r.at);
  };
  take(
    await db
      .selectFrom('tickets')
      .select(['client_id as clientId', (eb) => eb.fn.max('updated_at').as('at')])
      .where('office_id', '=', officeId)
      .where('client_id', 'in', ids)
      .groupBy('client_id')
      .execute(),
  );
  take(
    await db
      .selectFrom('ticket_messages')
      .innerJoin('tickets', 'tickets.id', 'ticket_messages.ticket_id')
      .select(['tickets.client_id as clientId', (eb) => eb.fn.max('ticket_messages.at').as('at')])
      .where('ticket_messages.office_id', '=', officeId)
      .where('ticket_messages.author', '=', 'client')
      .where('tickets.client_id', 'in', ids)
      .groupBy('tickets.client_id')
      .execute(),
  );
  take(
    await db
      .selectFrom('ticket_files')
      .innerJoin('tickets', 'tickets.id', 'ticket_files.ticket_id')
      .select(['tickets.client_id as clientId', (eb) => eb.fn.max('ticket_files.at').as('at')])
      .where('ticket_files.office_id', '=', officeId)
      .where('tickets.client_id', 'in', ids)
      .groupBy('tickets.client_id')
      .execute(),
  );
  take(
    await db
      .selectFrom('client_certidoes')
      .select(['client_id as clientId', (eb) => eb.fn.max('created_at').as('at')])
      .where('office_id', '=', officeId)
      .where('client_id', 'in', ids)
      .groupBy('client_id')
      .execute(),
  );
  take(
    await db
      .selectFrom('invoices')
      .select(['client_id as clientId', (eb) => eb.fn.max('paid_on').as('at')])
      .where('office_id', '=', officeId)
      .where('client_id', 'in', ids)
      .where('status', '=', 'paid')
      .groupBy('client_id')
      .execute(),
  );
  take(
    await db
      .selectFrom('inbound_messages')
      .innerJoin('clients', (j) =>
        j
          .onRef('clients.whatsapp', '=', 'inbound_messages.from_address')
          .onRef('clients.office_id', '=', 'inbound_messages.office_id'),
      )
      .select(['clients.id as clientId', (eb) => eb.fn.max('inbound_messages.received_at').as('at')])
      .where('inbound_messages.office_id', '=', officeId)
      .where('clients.id', 'in', ids)
      .groupBy('clients.id')
      .execute(),
  );
  return latest;
}

export const idleAccounts = defineRoutine({
  kind: 'clients.idle-accounts',
  config,
  templates: { staff: TEMPLATE },
  channels: [],

  async *select(ctx, cfg) {
    const now = ctx.at.getTime();
    const pages = pagesById(BATCH, (after) =>
      ctx.db
        .selectFrom('clients')
        .select(['id', 'legal_name', 'document', 'created_at'])
        .where('office_id', '=', ctx.officeId)
        .where('status', '=', 'active')
        .where(inAudience(ctx.settings.audience, 'clients.id'))
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute(),
    );
    for await (const clients of pages) {
      const latest = await lastMovements(
        ctx.db,
        ctx.officeId,
        clients.map((c) => c.id),
      );
      const idle: IdleClient[] = [];
      for (const c of clients) {
        const last = latest.get(c.id) ?? null;
        // A client registered recently has not had the time to be idle.
        const since = Date.parse(last ?? c.created_at);
        const idleDays = Math.floor((now - since) / DAY);
        if (idleDays >= cfg.days) {
          idle.push({
            id: c.id,
            legalName: c.legal_name,
            document: c.document,
            lastMovementAt: last,
            idleDays,
          });
        }
      }
      if (idle.length) yield idle;
    }
  },

  async perRecord(ctx, client, cfg) {
    const professionId = ctx.settings.professionId;
    let transferredTo: string | null = null;
    if (cfg.transferToUserId && professionId) {
      const target = await ctx.db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('office_id', '=', ctx.officeId)
        .where('id', '=', cfg.transferToUserId)
        .where('active', '=', 1)
        .executeTakeFirst();
      const moved =
        target &&
        (await transferResponsible(
          ctx.db,
          {
            officeId: ctx.officeId,
            userId: ctx.requestedBy,
            at: ctx.app.clock.now(),
            reason: 'idle-accounts routine',
          },
          client.id,
          professionId,
          target.id,
        )) !== false;
      if (target && moved) {
        transferredTo = target.name;
        ctx.count('transferred');
      }
    }
    const recipients = cfg.notifyUserIds.length
      ? cfg.notifyUserIds
      : [await responsibleOf(ctx.db, ctx.officeId, client.id, professionId)].filter((x): x is string => !!x);
    const key = `idle-account:${client.id}:${client.lastMovementAt ?? 'never'}`;
    for (const userId of new Set(recipients)) {
      await ctx.notifyUser(userId, {
        template: TEMPLATE,
        key,
        vars: {
          client: {
            legalName: client.legalName,
            document: client.document,
            lastMovementAt: client.lastMovementAt,
            idleDays: client.idleDays,
            transferredTo,
            link: ctx.appLink(`/clients/${client.id}`),
          },
        },
      });
    }
    ctx.count('idle');
  },

  describe: (c) => c.legalName,
});
