import { type Expression, type SqlBool, sql, type Transaction } from 'kysely';
import { appLink } from '../../config.js';
import type { AppContext } from '../../context.js';
import { type Db, poolStats } from '../../db/database.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { interpolate, type Lang, type Localized } from '../../http/i18n.js';
import { recipientOfClient, recipientOfContact } from '../clients/index.js';
import { type RunText, Slice, yieldToEventLoop } from '../engine/index.js';
import {
  type Channel,
  newSendMemo,
  type Recipient,
  remember,
  type SendMemo,
  type SendResult,
} from '../messaging/index.js';
import { firstAdminId } from '../platform/index.js';
import type {
  AnyRoutineDefinition,
  Audience,
  Notice,
  RecordContext,
  RoutineRunContext,
  StaffNotice,
} from './define-routine.js';
import { SendBatch } from './send-batch.js';

/** One message a dry run would send (or skip), rendered exactly as it would go out. */
export interface PreviewMessage {
  record: string;
  channel: Channel;
  recipient: string | null;
  address: string | null;
  status: 'queued' | 'skipped';
  /** Why it would not be sent (no e-mail, opted out…). */
  reason: Localized | null;
  /** Already sent by an earlier run: nothing new would go out. */
  duplicate: boolean;
  template: string;
  subject: string | null;
  body: string;
}

export interface RoutineRunResult {
  records: number;
  failed: number;
  messages: { queued: number; skipped: number; duplicates: number };
  outcomes: Record<string, number>;
  /** One line in pt-BR for the run's summary and its e-mail. */
  summary: string;
  /** The same line in English (`localizedSummary` stores both; the reader sees one). */
  summaryEn: string;
  /** Dry runs only: the messages, up to the preview limit. */
  preview?: PreviewMessage[];
  /** Dry runs only: records left out of the preview after the limit. */
  truncated?: boolean;
}

/** A run's context (but its kind, the definition's) and how the run is done. */
export interface RunRoutineInput extends Omit<RoutineRunContext, 'kind' | 'log'> {
  definition: AnyRoutineDefinition;
  /** The kind's own settings, already parsed by `definition.config`. */
  config: unknown;
  log?: RoutineRunContext['log'];
  progress?: (percent: number, message: RunText) => Promise<void>;
  /** The run's fenced transaction (the job's `ctx.tx`); default: a plain transaction. */
  tx?: <T>(fn: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
  /** Dry runs stop after this many records (default 200). */
  previewLimit?: number;
}

class Rollback extends Error {
  constructor(readonly result: RoutineRunResult) {
    super('dry run rolled back');
  }
}

class RoutineCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * Runs a routine: reads its records in batches and handles each batch in one (fenced) transaction — on
 * SQLite in slices of a batch of at most `SLICE_MS` of work each, with the event loop free between them — so
 * a crash leaves every slice either done or not done, and the messages' idempotency keys make a re-run of a
 * done slice send nothing. A record that throws is retried alone and then logged as failed; the others in
 * its slice still commit.
 *
 * A dry run does the same inside one transaction that is rolled back, collecting the rendered messages.
 */
export async function runRoutine(input: RunRoutineInput): Promise<RoutineRunResult> {
  if (!input.dryRun) return execute(input, null);
  try {
    await writeTransaction(input.app, async (trx) => {
      throw new Rollback(await execute(input, trx));
    });
  } catch (err) {
    if (err instanceof Rollback) return err.result;
    throw err;
  }
  throw new Error('unreachable');
}

/** Batches in flight at once on PostgreSQL for kinds with `concurrentBatches`. */
const BATCHES_AT_ONCE = 4;

/**
 * Each batch in flight holds a pooled connection for its whole transaction: never more than half the pool,
 * so that the API and the deliveries keep the other half (4 with the default pool of 10, 2 with 5).
 */
function batchesAtOnce(ctx: AppContext): number {
  const max = poolStats(ctx.db)?.max ?? 10;
  return Math.max(1, Math.min(BATCHES_AT_ONCE, Math.floor(max / 2)));
}

async function execute(
  input: RunRoutineInput,
  dryTrx: Transaction<Database> | null,
): Promise<RoutineRunResult> {
  const { definition: def, config, log = async () => {}, progress, tx, signal, previewLimit, ...run } = input;
  const { app } = run;
  const base: RoutineRunContext = { ...run, kind: def.kind, log };
  const readDb: Db = dryTrx ?? app.db;
  // The office, its channel settings and its templates, read once for the whole run.
  const memo = newSendMemo();
  const inTx = <T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
    dryTrx ? fn(dryTrx) : tx ? tx(fn) : writeTransaction(app, fn);

  const result: RoutineRunResult = {
    records: 0,
    failed: 0,
    messages: { queued: 0, skipped: 0, duplicates: 0 },
    outcomes: {},
    summary: '',
    summaryEn: '',
  };
  const preview: PreviewMessage[] = [];
  const limit = previewLimit ?? 200;
  const total = def.count ? await def.count({ ...base, db: readDb }, config) : null;

  // The records of a list run through one SendBatch: their messages are written in bulk (send-batch.ts).
  const handle = async (db: Db, list: unknown[], tally: Tally) => {
    const batch = new SendBatch(app, db, memo);
    await batch.run(list, async (record) => {
      const name = def.describe?.(record) ?? '';
      const ctx = recordContext(
        { ...base, log: tally.log },
        db,
        name,
        tally,
        input.dryRun ? preview : null,
        def.templates.client,
        memo,
        batch,
      );
      await def.perRecord(ctx, record, config);
    });
  };

  // SQLite: a batch is handled in slices of at most SLICE_MS of work, each its own (fenced) transaction, with
  // a turn of the event loop between them: the process's one connection and its event loop are shared with
  // the API and the deliveries, which would otherwise wait for the whole run (see engine/yield.ts).
  const sliced = app.dialect === 'sqlite' && !dryTrx;
  const retryOneByOne = async (records: unknown[]) => {
    for (const record of records) {
      const one = new Tally();
      try {
        await inTx((trx) => handle(trx, [record], one));
        one.addTo(result);
        await one.flush(log);
      } catch (recordErr) {
        result.failed++;
        const name = def.describe?.(record) ?? '';
        const prefix = name ? `${name}: ` : '';
        await log(
          'error',
          recordErr instanceof AppError
            ? { 'pt-BR': prefix + recordErr.messages['pt-BR'], en: prefix + recordErr.messages.en }
            : prefix + (recordErr instanceof Error ? recordErr.message : String(recordErr)),
        );
      }
    }
  };

  const processBatch = async (records: unknown[]) => {
    let next = 0;
    // Records handled together (their messages in one sendMany): the whole batch on PostgreSQL; on SQLite
    // a chunk that grows while chunks take well under a slice's time, so a slice stays near SLICE_MS.
    let chunk = sliced ? 4 : records.length;
    while (next < records.length) {
      const tally = new Tally();
      const slice = new Slice();
      let end = next;
      let reached = next;
      try {
        await inTx(async (trx) => {
          end = next;
          while (end < records.length) {
            const started = performance.now();
            reached = Math.min(end + chunk, records.length);
            await handle(trx, records.slice(end, reached), tally);
            end = reached;
            if (sliced) {
              if (performance.now() - started < slice.ms / 4) chunk = Math.min(chunk * 2, 500);
              if (slice.due()) break;
            }
          }
        });
        tally.addTo(result);
        await tally.flush(log);
      } catch (err) {
        if (dryTrx) throw err;
        // Retry the slice record by record, so one bad record does not hold back the others.
        end = Math.max(reached, Math.min(end + 1, records.length));
        await retryOneByOne(records.slice(next, end));
      }
      result.records += end - next;
      next = end;
      if (progress) {
        const percent = total ? Math.min(99, (result.records / total) * 100) : 0;
        const counts = { n: result.records, total: total ?? 0 };
        const text = total ? progressTexts.progressOf : progressTexts.progress;
        await progress(percent, {
          'pt-BR': interpolate(text['pt-BR'], counts),
          en: interpolate(text.en, counts),
        });
      }
      if (sliced) await yieldToEventLoop();
    }
  };

  // Batches run one after another, or — on PostgreSQL, for kinds whose batches are independent — a few
  // at once, each in its own transaction, while the next batch is read.
  const atOnce = !dryTrx && def.concurrentBatches && app.dialect === 'postgres' ? batchesAtOnce(app) : 1;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  for await (const batch of def.select({ ...base, db: readDb }, config)) {
    if (signal?.aborted) failure ??= new RoutineCancelled();
    if (failure) break;
    let records = batch;
    if (input.dryRun && result.records + records.length > limit) {
      records = records.slice(0, limit - result.records);
      result.truncated = true;
    }
    const running: Promise<void> = processBatch(records)
      .catch((err) => {
        failure ??= err;
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
    if (inFlight.size >= atOnce) await Promise.race(inFlight);
    if (result.truncated) break;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;

  const summary = summarise(def, result);
  result.summary = summary['pt-BR'];
  result.summaryEn = summary.en;
  if (input.dryRun) result.preview = preview;
  return result;
}

/**
 * Counts and log lines of one batch, added to the run's only when the batch commits. The lines wait for
 * the commit because the run's log is written outside the batch's transaction: writing it from inside
 * would wait on that transaction (SQLite's one connection; the job row's lock on PostgreSQL).
 */
class Tally {
  queued = 0;
  skipped = 0;
  duplicates = 0;
  outcomes: Record<string, number> = {};
  lines: [level: 'info' | 'warn' | 'error', message: RunText][] = [];
  log: RoutineRunContext['log'] = async (level, message) => {
    this.lines.push([level, message]);
  };
  async flush(log: RoutineRunContext['log']) {
    for (const [level, message] of this.lines) await log(level, message);
    this.lines = [];
  }
  addTo(r: RoutineRunResult) {
    r.messages.queued += this.queued;
    r.messages.skipped += this.skipped;
    r.messages.duplicates += this.duplicates;
    for (const [k, n] of Object.entries(this.outcomes)) r.outcomes[k] = (r.outcomes[k] ?? 0) + n;
  }
  /** `run`: the message's cause names this run (a job): its earlier attempts' messages are its own. */
  count(s: SendResult, run: boolean) {
    // A message an earlier attempt of this run made (the run was retried after a crash) is this run's own:
    // the summary covers the whole run, across its attempts.
    if (s.duplicate && !(run && s.sameCause)) this.duplicates++;
    else if (s.status === 'skipped') this.skipped++;
    else this.queued++;
  }
}

function recordContext(
  base: RoutineRunContext,
  db: Db,
  recordName: string,
  tally: Tally,
  preview: PreviewMessage[] | null,
  clientTemplate: string | undefined,
  memo: SendMemo,
  batch: SendBatch,
): RecordContext {
  const { officeId, settings } = base;
  const cause = { kind: 'routine', id: base.runId ?? base.routineId };

  const deliver = async (
    to: Recipient,
    channel: Channel,
    template: string,
    notice: Notice,
    key: string,
    language?: Lang,
  ) => {
    const r = await batch.send({
      officeId,
      to,
      channels: [channel],
      template,
      vars: notice.vars,
      ...(language ? { language } : {}),
      key,
      cause,
      attachments: notice.attachments,
    });
    tally.count(r, !!base.runId);
    if (preview) {
      const m = await db
        .selectFrom('messages')
        .select(['address', 'subject', 'body_text', 'template'])
        .where('id', '=', r.messageId)
        .executeTakeFirstOrThrow();
      preview.push({
        record: recordName,
        channel: r.channel,
        recipient: to.name ?? null,
        address: m.address,
        status: r.status,
        reason: r.reason,
        duplicate: r.duplicate,
        template: m.template,
        subject: m.subject,
        body: m.body_text,
      });
    }
    return r;
  };

  const toRecipient = async (to: Recipient | null, notice: Notice): Promise<SendResult[]> => {
    if (!to) return [];
    const out: SendResult[] = [];
    for (const channel of settings.channels) {
      const template = notice.template ?? settings.templates[channel] ?? clientTemplate;
      if (!template) throw new Error(`routine ${base.kind} has no template for ${channel}`);
      // The channel is part of the key, so switching from e-mail to both does not resend the e-mail.
      out.push(await deliver(to, channel, template, notice, `${notice.key}:${channel}`));
    }
    return out;
  };

  // Staff notices go to a handful of users: each is read once per run.
  const userRecipient = (userId: string): Promise<{ to: Recipient; language: Lang } | null> =>
    remember(memo, `user:${userId}`, async () => {
      const u = await db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'language'])
        .where('office_id', '=', officeId)
        .where('id', '=', userId)
        .where('active', '=', 1)
        .executeTakeFirst();
      return u
        ? { to: { kind: 'user' as const, id: u.id, name: u.name, emails: [u.email] }, language: u.language }
        : null;
    });

  const notifyUser = async (userId: string, notice: StaffNotice) => {
    const user = await userRecipient(userId);
    if (!user) return null;
    const own = typeof notice.vars === 'function' ? notice.vars(user.language) : notice.vars;
    const vars = { user: { name: user.to.name }, ...own };
    return deliver(
      user.to,
      'email',
      notice.template,
      { ...notice, vars },
      `${notice.key}:staff:${userId}`,
      user.language,
    );
  };

  const notifyClient = async (clientId: string, notice: Notice) =>
    toRecipient(await recipientOfClient(db, officeId, clientId), notice);
  const notifyResponsible = async (clientId: string, notice: StaffNotice) => {
    const userId = await responsibleOf(db, officeId, clientId, settings.professionId, memo);
    return userId ? notifyUser(userId, notice) : null;
  };

  return {
    ...base,
    db,
    notifyClient,
    notifyContact: async (contactId, notice) =>
      toRecipient(await recipientOfContact(db, officeId, contactId), notice),
    notifyUser,
    notifyResponsible,
    notifyClientAndResponsible: async (clientId, { staffTemplate, ...notice }) => {
      const sent = [
        ...(await notifyClient(clientId, notice)),
        await notifyResponsible(clientId, { ...notice, template: staffTemplate }),
      ];
      return sent.some((s) => s !== null && !s.duplicate);
    },
    appLink: (path) => appLink(base.app.config, path),
    count: (outcome, n = 1) => {
      tally.outcomes[outcome] = (tally.outcomes[outcome] ?? 0) + n;
    },
  };
}

/**
 * The client's responsible user of the profession; without one (or without a profession), the office's
 * first active administrator, so an internal notice is never lost. With a run's `memo` the administrator
 * is read once per run: without a profession every record falls back to it, and on PostgreSQL a round trip
 * per record is a good part of a run's time.
 */
export async function responsibleOf(
  db: Db,
  officeId: string,
  clientId: string,
  professionId: string | null,
  memo?: SendMemo,
): Promise<string | null> {
  if (professionId) {
    const r = await db
      .selectFrom('client_responsibles')
      .innerJoin('users', 'users.id', 'client_responsibles.user_id')
      .select('users.id')
      .where('client_responsibles.office_id', '=', officeId)
      .where('client_responsibles.client_id', '=', clientId)
      .where('client_responsibles.profession_id', '=', professionId)
      .where('users.active', '=', 1)
      .executeTakeFirst();
    if (r) return r.id;
  }
  return remember(memo, `first-admin:${officeId}`, () => firstAdminId(db, officeId));
}

/**
 * Restricts a query to the routine's audience: `.where(inAudience(settings.audience, 'clients.id'))`.
 * Works on both dialects; `all` adds nothing the planner cannot drop.
 */
export function inAudience(audience: Audience, clientIdColumn: string): Expression<SqlBool> {
  const col = sql.ref(clientIdColumn);
  switch (audience.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'class':
      return audience.classes.length
        ? sql<SqlBool>`${col} in (select id from clients where class in (${sql.join(audience.classes)}))`
        : sql<SqlBool>`1 = 0`;
    case 'tag':
      return audience.tags.length
        ? sql<SqlBool>`${col} in (select client_id from client_tags where tag in (${sql.join(audience.tags)}))`
        : sql<SqlBool>`1 = 0`;
    case 'list':
      return audience.clientIds.length
        ? sql<SqlBool>`${col} in (${sql.join(audience.clientIds)})`
        : sql<SqlBool>`1 = 0`;
  }
}

/** A run's progress message: `{n}` records done (of `{total}`). */
const progressTexts = {
  progressOf: { 'pt-BR': '{n} de {total} registros', en: '{n} of {total} records' },
  progress: { 'pt-BR': '{n} registros', en: '{n} records' },
} satisfies Record<string, Localized>;

/** The parts of a run's summary line, in each language; `{n}` is the count. */
const summaryParts = {
  records: { 'pt-BR': '{n} registro(s) processado(s)', en: '{n} record(s) processed' },
  queued: { 'pt-BR': '{n} mensagem(ns) enviada(s) para a fila', en: '{n} message(s) queued' },
  skipped: {
    'pt-BR': '{n} não enviada(s) (sem endereço ou sem consentimento)',
    en: '{n} not sent (no address or no consent)',
  },
  duplicates: { 'pt-BR': '{n} já enviada(s) antes', en: '{n} already sent before' },
  failed: { 'pt-BR': '{n} com erro (veja o log)', en: '{n} with errors (see the log)' },
} satisfies Record<string, Localized>;

function summarise(def: AnyRoutineDefinition, r: RoutineRunResult): Localized {
  const line = (lang: Lang) => {
    const part = (key: keyof typeof summaryParts, n: number) => interpolate(summaryParts[key][lang], { n });
    const parts = [part('records', r.records)];
    for (const [k, n] of Object.entries(r.outcomes)) parts.push(`${n} ${def.outcomes?.[k]?.[lang] ?? k}`);
    parts.push(
      part('queued', r.messages.queued),
      part('skipped', r.messages.skipped),
      part('duplicates', r.messages.duplicates),
    );
    if (r.failed) parts.push(part('failed', r.failed));
    return `${parts.join('; ')}.`;
  };
  return { 'pt-BR': line('pt-BR'), en: line('en') };
}
