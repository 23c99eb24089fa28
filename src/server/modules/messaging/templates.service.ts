import type { Template } from 'liquidjs';
import type { AppContext } from '../../context.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { Actor } from '../platform/index.js';
import { messagingAudit } from './audit.js';
import { MessagingError } from './messaging.errors.js';
import type { Channel } from './messaging.schema.js';
import { officeVariables, templateDefinition, templateDefinitions } from './template-registry.js';
import { compileTemplate, liquid, renderTemplate } from './templates.js';

/** Every template key with its variables, the default and the office's own version per channel. */
export async function listTemplates(ctx: AppContext, officeId: string) {
  const own = await ctx.db
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

/**
 * Checks subject and body against the key's variables; refuses with the line and reason. Returns the parsed
 * templates, subject first.
 */
function validate(key: string, subject: string | null, body: string): Template[][] {
  const def = definitionOf(key);
  const allowed = [...new Set([...officeVariables, ...def.variables])];
  return [...(subject ? [compileTemplate(subject, allowed)] : []), compileTemplate(body, allowed)];
}

export async function saveTemplate(
  ctx: AppContext,
  actor: Actor,
  key: string,
  channel: Channel,
  input: { subject: string | null; body: string },
) {
  validate(key, input.subject, input.body);
  const now = ctx.clock.now().toISOString();
  await writeTransaction(ctx, async (trx) => {
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
    await messagingAudit.template.record(
      trx,
      { ...actor, at: new Date(now) },
      `${key}:${channel}`,
      'update',
      {
        after: input,
      },
    );
  });
}

/** Back to the built-in default. */
export async function resetTemplate(ctx: AppContext, actor: Actor, key: string, channel: Channel) {
  definitionOf(key);
  await writeTransaction(ctx, async (trx) => {
    await trx
      .deleteFrom('message_templates')
      .where('office_id', '=', actor.officeId)
      .where('key', '=', key)
      .where('channel', '=', channel)
      .execute();
    await messagingAudit.template.record(
      trx,
      { ...actor, at: ctx.clock.now() },
      `${key}:${channel}`,
      'reset',
    );
  });
}

/**
 * A readable example for one variable, by its name: cents are money, dates a date (`| date` refuses
 * anything else), day counts and counters a number (templates compare them: `daysLeft == 1`, `counts.x > 0`).
 */
function sampleLeaf(name: string, path: string): unknown {
  if (/cents|valor|amount|debt/i.test(name)) return 123456;
  // Before dates: `daysOverdue` is a number of days, not a due date.
  if (/^days|days$/i.test(name)) return 3;
  if (/date|due|today/i.test(name) || /^at$|[a-z](At|On|Until)$/.test(name)) return '2026-12-10';
  if (/^counts?\./.test(path)) return 1;
  return `[${path}]`;
}

/** Puts an example at `parts` inside `node`, making the objects on the way; keeps what is already there. */
function putSample(node: Record<string, unknown>, parts: readonly string[], path: string): void {
  let at = node;
  parts.forEach((p, i) => {
    if (i === parts.length - 1) {
      at[p] ??= sampleLeaf(p, path);
    } else {
      at[p] ??= {};
      at = at[p] as Record<string, unknown>;
    }
  });
}

/** Sample values for a preview: every declared variable gets a readable example. */
function sampleVars(variables: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of variables) {
    const plain = path.replace(/\.\*$/, '');
    putSample(out, plain.split('.'), plain);
  }
  return out;
}

/** The child templates of a block tag (`if`, `for`, `case`…); none for output and plain text. */
function childrenOf(tpl: Template): Template[] {
  if (!tpl.children) return [];
  const gen = tpl.children(false, true);
  let step = gen.next();
  while (!step.done) step = gen.next();
  return step.value;
}

/**
 * Gives every `{% for x in list %}` of a draft an example list to walk. A variable list names a list
 * (`items`) but not its elements' members, so a declared list that is still an example gets one element
 * holding the members the loop reads (`item.name`, `item.situation`); without it a strict render fails on
 * `item.name`. Real values (a client's e-mails) are left as they are.
 */
function sampleLoops(templates: Template[], vars: Record<string, unknown>): void {
  for (const tpl of templates) {
    const loop = tpl as Template & { name?: string; variable?: string; collection?: { getText(): string } };
    const inner = childrenOf(tpl);
    if (loop.name === 'for' && loop.variable && loop.collection) {
      const path = loop.collection.getText();
      const parts = path.split('.');
      const parent = parts
        .slice(0, -1)
        .reduce<unknown>((node, p) => (node as Record<string, unknown> | undefined)?.[p], vars) as
        | Record<string, unknown>
        | undefined;
      const last = parts.at(-1)!;
      if (/^[\w.]+$/.test(path) && parent && typeof parent[last] === 'string') {
        const element: Record<string, unknown> = {};
        const uses = liquid().analyzeSync(inner).globals[loop.variable] ?? [];
        for (const use of uses) {
          const members = use.segments.filter((m): m is string => typeof m === 'string').slice(1);
          if (members.length) putSample(element, members, `${path}.${members.join('.')}`);
        }
        parent[last] = [element];
      }
    }
    sampleLoops(inner, vars);
  }
}

/**
 * A real client's variables, in the shape the modules send them: `client.name` is the legal name, as billing,
 * certificates, certidões and tickets pass it; class transition, idle accounts and birthdays read
 * `client.legalName` / `client.tradeName`.
 */
async function clientVars(ctx: AppContext, officeId: string, clientId: string) {
  const c = await ctx.db
    .selectFrom('clients')
    .select(['legal_name', 'trade_name', 'document', 'emails', 'whatsapp', 'phone', 'city', 'state', 'class'])
    .where('office_id', '=', officeId)
    .where('id', '=', clientId)
    .executeTakeFirst();
  if (!c) throw new MessagingError('client_not_found');
  return {
    client: {
      name: c.legal_name,
      legalName: c.legal_name,
      tradeName: c.trade_name,
      document: c.document,
      emails: JSON.parse(c.emails) as string[],
      whatsapp: c.whatsapp,
      phone: c.phone,
      city: c.city,
      state: c.state,
      class: c.class,
    },
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges `over` into `base`, object by object: a value of `over` wins, but an object of `over` only
 * replaces the members it has, so `{ client: { name, link } }` merged with `{ client: { name } }` keeps the
 * example `link`. Arrays and scalars are replaced whole.
 */
function mergeVars(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const current = out[k];
    out[k] = isPlainObject(current) && isPlainObject(v) ? mergeVars(current, v) : v;
  }
  return out;
}

/**
 * Renders a draft with example values, validating it first. With `clientId`, that client's real values
 * replace the examples of `client.*`; what a client record cannot supply (the invoice, the due date, the
 * link…) keeps its example. `vars`, when given, wins over both.
 */
export async function previewTemplate(
  ctx: AppContext,
  officeId: string,
  key: string,
  input: {
    subject: string | null;
    body: string;
    vars?: Record<string, unknown> | undefined;
    clientId?: string | undefined;
  },
) {
  const parsed = validate(key, input.subject, input.body);
  const def = definitionOf(key);
  const sample = sampleVars(def.variables);
  for (const templates of parsed) sampleLoops(templates, sample);
  const office = await ctx.db
    .selectFrom('offices')
    .select(['name', 'cnpj', 'city', 'state'])
    .where('id', '=', officeId)
    .executeTakeFirstOrThrow();
  const real = input.clientId ? await clientVars(ctx, officeId, input.clientId) : {};
  const vars = [{ office }, real, input.vars ?? {}].reduce(mergeVars, sample);
  return {
    subject: input.subject ? renderTemplate(input.subject, vars) : null,
    body: renderTemplate(input.body, vars),
  };
}
