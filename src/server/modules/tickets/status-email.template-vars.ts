import type { TemplateVarsProvider } from '../automation/index.js';
import { portalLink } from './portal-token.js';
import { statusLabels } from './status-machine.js';
import './tickets.templates.js';

/**
 * What `tickets.status-changed` reads when a rule of the tickets pipeline sends it ("Enviar e-mail" with
 * that template): the ticket's number, subject and portal link, and the movement that brought it into the
 * rule's stage (from, to, comment, who, when). The client's name comes from the rule's own context.
 */
export const statusChangedVars: TemplateVarsProvider = {
  template: 'tickets.status-changed',
  pipelines: (id) => id === 'tickets',
  provides: [
    'ticket.number',
    'ticket.subject',
    'ticket.link',
    'move.from',
    'move.to',
    'move.comment',
    'move.actor',
    'move.at',
  ],
  async vars(ctx) {
    const ticket = await ctx.db
      .selectFrom('tickets')
      .select(['id', 'number', 'subject'])
      .where('office_id', '=', ctx.officeId)
      .where('id', '=', ctx.item.id)
      .executeTakeFirst();
    const move = await ctx.db
      .selectFrom('ticket_movements as m')
      .leftJoin('users as actor', 'actor.id', 'm.actor_id')
      .select(['m.from_status', 'm.to_status', 'm.comment', 'm.at', 'actor.name as actor_name'])
      .where('m.office_id', '=', ctx.officeId)
      .where('m.ticket_id', '=', ctx.item.id)
      .orderBy('m.seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      ticket: {
        number: ticket?.number ?? ctx.item.fields.number ?? null,
        subject: ticket?.subject ?? ctx.item.title,
        link: portalLink(ctx.app, ctx.officeId, ctx.item.id).url,
      },
      move: {
        from: move ? statusLabels[move.from_status]['pt-BR'] : null,
        to:
          statusLabels[move?.to_status ?? (ctx.item.stageId as keyof typeof statusLabels)]?.['pt-BR'] ?? null,
        comment: move?.comment ?? null,
        actor: move?.actor_name ?? null,
        at: move?.at ?? ctx.now.toISOString(),
      },
    };
  },
};
