import type { AppContext } from '../../context.js';
import { type Actor, appendAudit } from '../platform/index.js';
import { MessagingError } from './messaging.errors.js';
import type { Channel } from './messaging.schema.js';
import { officeVariables, templateDefinition, templateDefinitions } from './template-registry.js';
import { compileTemplate, renderTemplate } from './templates.js';

/** Every template key with its variables, the default and the office's own version per channel. */
export async function listTemplates(app: AppContext, officeId: string) {
  const own = await app.db
    .selectFrom('message_templates')
    .selectAll()
    .where('office_id', '=', officeId)
    .execute();
  return templateDefinitions().map((d) => ({
    key: d.key,
    description: d.description,
    variables: [...new Set([...officeVariables, ...d.variables])],
    transactional: d.transactional,
    channels: Object.entries(d.defaults).map(([channel, def]) => {
      const mine = own.find((o) => o.key === d.key && o.channel === channel);
      return {
        channel: channel as Channel,
        default: { subject: def.subject ?? null, body: def.body },
        custom: mine ? { subject: mine.subject, body: mine.body, updatedAt: mine.updated_at } : null,
      };
    }),
  }));
}

function definitionOf(key: string) {
  const def = templateDefinition(key);
  if (!def) throw new MessagingError('unknown_template', { params: { key } });
  return def;
}

/** Checks subject and body against the key's variables; refuses with the line and reason. */
function validate(key: string, subject: string | null, body: string) {
  const def = definitionOf(key);
  const allowed = [...new Set([...officeVariables, ...def.variables])];
  if (subject) compileTemplate(subject, allowed);
  compileTemplate(body, allowed);
}

export async function saveTemplate(
  app: AppContext,
  actor: Actor,
  key: string,
  channel: Channel,
  input: { subject: string | null; body: string },
) {
  validate(key, input.subject, input.body);
  const now = app.clock.now().toISOString();
  await app.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('message_templates')
      .values({
        office_id: actor.officeId,
        key,
        channel,
        subject: input.subject,
        body: input.body,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['office_id', 'key', 'channel'])
          .doUpdateSet({ subject: input.subject, body: input.body, updated_at: now }),
      )
      .execute();
    await appendAudit(trx, {
      ...actor,
      at: new Date(now),
      entity: 'template',
      entityId: `${key}:${channel}`,
      action: 'update',
      after: input,
    });
  });
}

/** Back to the built-in default. */
export async function resetTemplate(app: AppContext, actor: Actor, key: string, channel: Channel) {
  definitionOf(key);
  await app.db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('message_templates')
      .where('office_id', '=', actor.officeId)
      .where('key', '=', key)
      .where('channel', '=', channel)
      .execute();
    await appendAudit(trx, {
      ...actor,
      at: app.clock.now(),
      entity: 'template',
      entityId: `${key}:${channel}`,
      action: 'reset',
    });
  });
}

/** Sample values for a preview: every declared variable gets a readable example. */
function sampleVars(variables: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of variables) {
    const parts = path.replace(/\.\*$/, '').split('.');
    let node = out;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) {
        node[p] ??= /cents|valor|amount/i.test(p)
          ? 123456
          : /date|due|At$/i.test(p)
            ? '2026-12-10'
            : `[${path}]`;
      } else {
        node[p] ??= {};
        node = node[p] as Record<string, unknown>;
      }
    });
  }
  return out;
}

async function clientVars(app: AppContext, officeId: string, clientId: string) {
  const c = await app.db
    .selectFrom('clients')
    .select(['legal_name', 'trade_name', 'document', 'emails', 'whatsapp', 'city', 'state', 'class'])
    .where('office_id', '=', officeId)
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!c) throw new MessagingError('message_not_found');
  return {
    client: {
      legalName: c.legal_name,
      tradeName: c.trade_name,
      document: c.document,
      emails: JSON.parse(c.emails) as string[],
      whatsapp: c.whatsapp,
      city: c.city,
      state: c.state,
      class: c.class,
    },
  };
}

/** Renders a draft with example values (or the given ones), validating it first. */
export async function previewTemplate(
  app: AppContext,
  officeId: string,
  key: string,
  input: {
    subject: string | null;
    body: string;
    vars?: Record<string, unknown> | undefined;
    clientId?: string | undefined;
  },
) {
  validate(key, input.subject, input.body);
  const def = definitionOf(key);
  const office = await app.db
    .selectFrom('offices')
    .select(['name', 'cnpj', 'city', 'state'])
    .where('id', '=', officeId)
    .executeTakeFirstOrThrow();
  // A real record of the office, when one is chosen: its values replace the examples.
  const real = input.clientId ? await clientVars(app, officeId, input.clientId) : {};
  const vars = { ...sampleVars(def.variables), office, ...real, ...(input.vars ?? {}) };
  return {
    subject: input.subject ? renderTemplate(input.subject, vars) : null,
    body: renderTemplate(input.body, vars),
  };
}
