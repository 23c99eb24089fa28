import { randomInt } from 'node:crypto';
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { namedRows, prepared } from '../../db/prepared.js';
import type { Database, TicketMessagesTable, TicketRow, TicketsTable } from '../../db/schema.js';
import type { SlaState } from './sla.js';
import { clockRunningStatuses } from './status-machine.js';
import { type TicketSort, type TicketStatus, ticketStatuses } from './tickets.schema.js';

/**
 * Kysely queries of the tickets module, always scoped by office. The grid reads the names of the
 * requester, contact, service and users with joins (the other modules' tables are read, never written).
 */

/** A ticket row with the names the grid shows. */
export type TicketJoinedRow = TicketRow & {
  client_name: string | null;
  contact_name: string | null;
  service_name: string | null;
  accountant_name: string | null;
  responsible_name: string | null;
};

type TicketsDb = Database & { t: TicketsTable };
type TicketEb = ExpressionBuilder<TicketsDb, 't'>;

/** Lower-case, accent-free text: the subject sort key and what the text search compares. */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards so that user text matches literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The names a ticket shows, as scalar subqueries on the ticket row `t` (the table or its alias), not LEFT
 * JOINs: on SQLite a join beside `t.*` made reading one ticket three times slower (about 70 µs against 23 µs
 * at 200,000 tickets), and a move reads one ticket in its transaction.
 */
function ticketNames(t: 't' | 'tickets') {
  const ref = (column: keyof TicketsTable) => sql.ref(`${t}.${column}`);
  type Name = string | null;
  return [
    sql<Name>`(select c.legal_name from clients as c where c.id = ${ref('client_id')})`.as('client_name'),
    sql<Name>`(select ct.name from contacts as ct where ct.id = ${ref('contact_id')})`.as('contact_name'),
    sql<Name>`(select s.name from services as s where s.id = ${ref('service_id')})`.as('service_name'),
    sql<Name>`(select ua.name from users as ua where ua.id = ${ref('accountant_id')})`.as('accountant_name'),
    sql<Name>`(select ur.name from users as ur where ur.id = ${ref('responsible_id')})`.as(
      'responsible_name',
    ),
  ] as const;
}

/** The tickets with the names they show. */
export function selectTickets(db: Db) {
  return db.selectFrom('tickets as t').selectAll('t').select(ticketNames('t'));
}

/**
 * Inserts a ticket and answers it with the names it shows, in one statement (`INSERT … RETURNING` with the
 * names' subqueries; both dialects): an opening needs no read-back.
 */
export async function insertTicket(db: Db, row: Insertable<TicketsTable>): Promise<TicketJoinedRow> {
  // A named statement on PostgreSQL (its text depends only on which columns the row sets).
  const [inserted] = await namedRows(
    db,
    db.insertInto('tickets').values(row).returningAll().returning(ticketNames('tickets')),
  );
  if (!inserted) throw new Error('insert into tickets returned no row');
  return inserted;
}

// The hot statements below are `prepared` (db/prepared.ts): compiled once, and named statements on
// PostgreSQL, which then does not plan them on every run.
const ticketById = prepared((db, officeId: string, id: string) =>
  selectTickets(db).where('t.office_id', '=', officeId).where('t.id', '=', id),
);

export async function findTicket(db: Db, officeId: string, id: string): Promise<TicketJoinedRow | undefined> {
  return ticketById.first(db, officeId, id);
}

const ticketRowById = prepared((db, officeId: string, id: string) =>
  db.selectFrom('tickets').selectAll().where('office_id', '=', officeId).where('id', '=', id),
);

/** The bare row (no joins), for writes that only need the ticket's own columns. */
export async function findTicketRow(db: Db, officeId: string, id: string): Promise<TicketRow | undefined> {
  return ticketRowById.first(db, officeId, id);
}

export const slaStateOf = (r: TicketRow): SlaState => ({
  firstResponseDueAt: r.sla_first_response_due_at,
  resolutionDueAt: r.sla_resolution_due_at,
  remainingMs: r.sla_remaining_ms === null ? null : Number(r.sla_remaining_ms),
  firstRespondedAt: r.first_responded_at,
});

export const slaColumns = (s: SlaState) => ({
  sla_first_response_due_at: s.firstResponseDueAt,
  sla_resolution_due_at: s.resolutionDueAt,
  sla_remaining_ms: s.remainingMs,
  first_responded_at: s.firstRespondedAt,
});

/**
 * Takes the office's next ticket number: one statement on the office's one counter row, which it locks
 * until the end of the transaction it runs in. On PostgreSQL the caller runs it on its own (autocommit,
 * before the opening's transaction), so that openings do not queue on the row for a whole transaction;
 * see `createTicket` and docs/tickets.md, *Numbers*.
 */
export async function nextTicketNumber(db: Db, officeId: string): Promise<number> {
  const r = await takeTicketNumber.first(db, officeId);
  if (!r) throw new Error('ticket number: the counter upsert returned no row');
  return Number(r.last_number);
}

const takeTicketNumber = prepared((db, officeId: string) =>
  db
    .insertInto('ticket_counters')
    .values({ office_id: officeId, last_number: 1 })
    .onConflict((oc) =>
      oc
        .column('office_id')
        .doUpdateSet((eb) => ({ last_number: eb('ticket_counters.last_number', '+', 1) })),
    )
    .returning('last_number'),
);

/**
 * How many rows each office's count of a status is spread over (migration 0039). A transaction writes one
 * shard, picked at random, so concurrent openings and moves of an office rarely lock the same row; the
 * readers add the shards up.
 */
export const STATUS_COUNT_SHARDS = 16;

/**
 * The shard a transaction writes, the same for all its writes (a move made by an automation chain in the
 * opening's transaction): two transactions then either share no count row or lock the same rows in the same
 * order, as with one row per status. Outside a transaction, a fresh pick.
 */
const shardOfTransaction = new WeakMap<Db, number>();
function shardOf(db: Db): number {
  if (!db.isTransaction) return randomInt(STATUS_COUNT_SHARDS);
  let shard = shardOfTransaction.get(db);
  if (shard === undefined) {
    shard = randomInt(STATUS_COUNT_SHARDS);
    shardOfTransaction.set(db, shard);
  }
  return shard;
}

/**
 * Adds `delta` to the office's count of each status, in one statement (an upsert: a shard the office never
 * wrote gets its row here). Each (office, status) count is `STATUS_COUNT_SHARDS` rows; this writes the
 * deltas of one transaction to one shard, picked at random (`shardOf`; `shard` for tests). On PostgreSQL a written row
 * stays locked until the commit, so callers still make this their transaction's **last** statement, and the
 * rows are written in a fixed (alphabetical) order, so two concurrent moves in opposite directions on the
 * same shard (analyzing ⇄ waiting) cannot deadlock. A shard's own `n` may go negative (a ticket counted
 * in one shard and moved out of its status through another): only the sum means anything.
 */
const addToOneStatusCount = prepared((db, officeId: string, status: TicketStatus, shard: number, n: number) =>
  db
    .insertInto('ticket_status_counts')
    .values({ office_id: officeId, status, shard, n })
    .onConflict((oc) =>
      oc
        .columns(['office_id', 'status', 'shard'])
        .doUpdateSet((eb) => ({ n: eb('ticket_status_counts.n', '+', eb.ref('excluded.n')) })),
    ),
);

export async function addToStatusCounts(
  db: Db,
  officeId: string,
  deltas: ReadonlyArray<readonly [TicketStatus, number]>,
  shard = shardOf(db),
): Promise<void> {
  const [only] = deltas;
  if (deltas.length === 1 && only) {
    await addToOneStatusCount.run(db, officeId, only[0], shard, only[1]);
    return;
  }
  const rows = [...deltas]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([status, n]) => ({ office_id: officeId, status, shard, n }));
  await db
    .insertInto('ticket_status_counts')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['office_id', 'status', 'shard'])
        .doUpdateSet((eb) => ({ n: eb('ticket_status_counts.n', '+', eb.ref('excluded.n')) })),
    )
    .execute();
}

/**
 * The shard of a transaction that has not written a count yet and may choose: `preferred` (see
 * `countNewTicket`); a transaction that already wrote keeps its shard.
 */
function shardPreferring(db: Db, preferred: number): number {
  if (!db.isTransaction) return preferred;
  const shard = shardOfTransaction.get(db) ?? preferred;
  shardOfTransaction.set(db, shard);
  return shard;
}

/**
 * Counts a new ticket (status `open`). Given its number, in the shard `number mod STATUS_COUNT_SHARDS`:
 * openings running at the same time took consecutive numbers, so up to `STATUS_COUNT_SHARDS` of them write
 * different rows and none waits for another's commit, where random shards met on a row as soon as a few
 * ran at once (the birthday problem: two of 5 openings on 16 shards share a row half the time).
 */
export const countNewTicket = (db: Db, officeId: string, number?: number) =>
  addToStatusCounts(
    db,
    officeId,
    [['open', 1]],
    number === undefined ? shardOf(db) : shardPreferring(db, number % STATUS_COUNT_SHARDS),
  );

/** Moves one ticket from one status count to another (`from` ≠ `to`: a move to the same status is none). */
export const countMove = (db: Db, officeId: string, from: TicketStatus, to: TicketStatus) =>
  addToStatusCounts(db, officeId, [
    [from, -1],
    [to, 1],
  ]);

/** The office's tickets per status, the sum of each status's shards (statuses never reached: 0). */
const statusCountSums = prepared((db, officeId: string) =>
  db
    .selectFrom('ticket_status_counts')
    .select(['status', (eb) => eb.fn.sum<number | string>('n').as('n')])
    .where('office_id', '=', officeId)
    .groupBy('status'),
);

export async function statusCounts(db: Db, officeId: string): Promise<Map<TicketStatus, number>> {
  const rows = await statusCountSums.rows(db, officeId);
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** The grid's filters, resolved by the service (dates as instants, `mine` as a user id). */
export interface ResolvedFilter {
  officeId: string;
  statuses?: TicketStatus[] | undefined;
  responsibleId?: string | null | undefined;
  clientId?: string | undefined;
  serviceId?: string | undefined;
  kind?: 'service' | 'debt_collection' | undefined;
  /** ISO instants: opened_at >= from and < to. */
  openedFrom?: string | undefined;
  openedBefore?: string | undefined;
  /** ISO instant "now", when only overdue tickets are wanted. */
  overdueAt?: string | undefined;
  q?: string | undefined;
  /** No ticket can match (e.g. "mine" for an API token, which has no user). */
  none?: boolean;
}

function whereFilter(f: ResolvedFilter) {
  return (eb: TicketEb) => {
    const c: Expression<SqlBool>[] = [eb('t.office_id', '=', f.officeId)];
    if (f.none) c.push(sql<SqlBool>`1 = 0`);
    if (f.statuses?.length)
      c.push(
        f.statuses.length === 1 ? eb('t.status', '=', f.statuses[0]!) : eb('t.status', 'in', f.statuses),
      );
    if (f.responsibleId !== undefined)
      c.push(
        f.responsibleId === null
          ? eb('t.responsible_id', 'is', null)
          : eb('t.responsible_id', '=', f.responsibleId),
      );
    if (f.clientId) c.push(eb('t.client_id', '=', f.clientId));
    if (f.serviceId) c.push(eb('t.service_id', '=', f.serviceId));
    if (f.kind) c.push(eb('t.kind', '=', f.kind));
    if (f.openedFrom) c.push(eb('t.opened_at', '>=', f.openedFrom));
    if (f.openedBefore) c.push(eb('t.opened_at', '<', f.openedBefore));
    if (f.overdueAt) {
      const now = f.overdueAt;
      c.push(
        eb.or([
          eb.and([
            eb('t.status', 'in', [...clockRunningStatuses]),
            eb.or([
              eb('t.sla_resolution_due_at', '<', now),
              eb.and([eb('t.first_responded_at', 'is', null), eb('t.sla_first_response_due_at', '<', now)]),
            ]),
          ]),
          eb.and([eb('t.status', '=', 'waiting'), eb('t.sla_remaining_ms', '<', 0)]),
        ]),
      );
    }
    if (f.q) {
      const q = f.q.trim();
      const number = /^#?(\d{1,9})$/.exec(q);
      const text = `%${likeEscape(foldText(q))}%`;
      const textMatch = eb.or([
        eb('t.subject_key', 'like', text),
        eb(
          't.client_id',
          'in',
          eb
            .selectFrom('clients')
            .select('clients.id')
            .where('clients.office_id', '=', f.officeId)
            .where('clients.search_text', 'like', text),
        ),
      ]);
      c.push(number ? eb.or([eb('t.number', '=', Number(number[1])), textMatch]) : textMatch);
    }
    return eb.and(c);
  };
}

const statusOrder = sql<number>`case t.status when 'open' then 0 when 'reopened' then 1 when 'analyzing' then 2 when 'waiting' then 3 when 'cancelled' then 4 when 'rejected' then 5 else 6 end`;

/** The ORDER BY expression of a sort; names of other records come from correlated look-ups. */
function sortExpression(sort: TicketSort) {
  switch (sort) {
    case 'number':
      return sql.ref('t.number');
    case 'openedAt':
      return sql.ref('t.opened_at');
    case 'updatedAt':
      return sql.ref('t.updated_at');
    case 'value':
      // The amount the list shows: a debt collection's debt, otherwise the service value.
      return sql`(case when t.kind = 'debt_collection' and t.debt_cents is not null then t.debt_cents else t.value_cents end)`;
    case 'subject':
      return sql.ref('t.subject_key');
    case 'status':
      return statusOrder;
    case 'requester':
      return sql`(select c.name_key from clients c where c.id = t.client_id)`;
    case 'responsible':
      return sql`(select lower(u.name) from users u where u.id = t.responsible_id)`;
    case 'service':
      return sql`(select lower(s.name) from services s where s.id = t.service_id)`;
  }
}

export interface PageRequest {
  sort: TicketSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** PostgreSQL: count without parallel workers (see `countMatches`). */
  serialCount?: boolean;
}

/**
 * The number of tickets matching a filter. With `serial` (PostgreSQL), the count runs without parallel
 * workers: an index-only scan of a few hundred thousand entries is cheaper done by one process than by
 * three (worker start-up, and workers that wait for a busy CPU make the p95; bench/tickets.bench.ts).
 */
async function countMatches(db: Db, f: ResolvedFilter, serial: boolean): Promise<{ n: number }> {
  if (onlyStatuses(f)) {
    const counts = await statusCounts(db, f.officeId);
    let n = 0;
    for (const s of f.statuses?.length ? f.statuses : ticketStatuses) n += counts.get(s) ?? 0;
    return { n };
  }
  const count = async (d: Db) =>
    (
      await namedRows(
        d,
        d
          .selectFrom('tickets as t')
          .where(whereFilter(f))
          .select((eb) => eb.fn.countAll<number>().as('n')),
      )
    )[0]!;
  if (!serial || db.isTransaction) return count(db);
  return db.transaction().execute(async (trx) => {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
    return count(trx);
  });
}

/**
 * One page of tickets: the page's numbers first (an index-only scan: every grid index ends with the
 * number, unique per office), then only those rows with their names (a deferred join), and the count.
 * Each is a named statement on PostgreSQL (`namedRows`): its text depends on the filter's shape, the sort
 * and the page's length, not on the values, so it is not planned again on every call.
 */
export async function listTicketRows(
  db: Db,
  f: ResolvedFilter,
  page: PageRequest,
  withCount = true,
): Promise<{ rows: TicketJoinedRow[]; total: number }> {
  const base = db.selectFrom('tickets as t').where(whereFilter(f));
  let numbers = base.select('t.number');
  if (page.sort !== 'number') numbers = numbers.orderBy(sortExpression(page.sort), page.order);
  // The page's length is written into the text (a validated integer: a list has a few page sizes) and the
  // offset is left out on the first page: PostgreSQL assumes a bound `limit` or `offset` takes 10 % of the
  // rows, so its generic plan always cost more than a custom plan for `limit 20` and it planned every call
  // (test/db/list-plans.test.ts). With constants the generic plan costs the same and is kept after five runs.
  if (!Number.isSafeInteger(page.limit) || !Number.isSafeInteger(page.offset))
    throw new Error(`ticket page: limit and offset must be integers (${page.limit}, ${page.offset})`);
  numbers = numbers.orderBy('t.number', page.order).limit(sql.lit(page.limit));
  const pageRows = await namedRows(db, page.offset === 0 ? numbers : numbers.offset(page.offset));
  const wanted = pageRows.map((r) => Number(r.number));
  const [rows, count] = await Promise.all([
    wanted.length
      ? namedRows(db, selectTickets(db).where('t.office_id', '=', f.officeId).where('t.number', 'in', wanted))
      : Promise.resolve([]),
    withCount ? countMatches(db, f, page.serialCount ?? false) : Promise.resolve({ n: -1 }),
  ]);
  const byNumber = new Map(rows.map((r) => [Number(r.number), r]));
  return {
    rows: wanted.map((n) => byNumber.get(n)).filter((r): r is TicketJoinedRow => r !== undefined),
    total: Number(count.n),
  };
}

/** True when a filter is the office (and maybe statuses) only: its count comes from `ticket_status_counts`. */
function onlyStatuses(f: ResolvedFilter): boolean {
  return (
    !f.none &&
    f.responsibleId === undefined &&
    !f.clientId &&
    !f.serviceId &&
    !f.kind &&
    !f.openedFrom &&
    !f.openedBefore &&
    !f.overdueAt &&
    !f.q
  );
}

/** Counts per status under a filter (the kanban's column totals), in one query. */
export async function countByStatus(db: Db, f: ResolvedFilter): Promise<Map<TicketStatus, number>> {
  if (onlyStatuses(f)) return statusCounts(db, f.officeId);
  const rows = await db
    .selectFrom('tickets as t')
    .where(whereFilter(f))
    .select(['t.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('t.status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** Every ticket matching a filter, in sort order, a batch at a time (for the CSV export). */
export async function* iterateTicketRows(
  db: Db,
  f: ResolvedFilter,
  sort: TicketSort,
  order: 'asc' | 'desc',
  batch = 1000,
): AsyncGenerator<TicketJoinedRow[]> {
  for (let offset = 0; ; offset += batch) {
    const { rows } = await listTicketRows(db, f, { sort, order, limit: batch, offset }, false);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
  }
}

export async function listMovementRows(db: Db, officeId: string, ticketId: string) {
  return db
    .selectFrom('ticket_movements as m')
    .leftJoin('users as u', 'u.id', 'm.actor_id')
    .selectAll('m')
    .select('u.name as actor_name')
    .where('m.office_id', '=', officeId)
    .where('m.ticket_id', '=', ticketId)
    .orderBy('m.seq')
    .orderBy('m.id')
    .execute();
}

export async function listMessageRows(db: Db, officeId: string, ticketId: string, publicOnly = false) {
  let q = db
    .selectFrom('ticket_messages')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('ticket_id', '=', ticketId);
  if (publicOnly) q = q.where('internal', '=', 0);
  return q.orderBy('seq').orderBy('id').execute();
}

export async function listFileRows(db: Db, officeId: string, ticketId: string) {
  return db
    .selectFrom('ticket_files as f')
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .selectAll('f')
    .select('u.name as uploader_name')
    .where('f.office_id', '=', officeId)
    .where('f.ticket_id', '=', ticketId)
    .orderBy('f.seq')
    .orderBy('f.id')
    .execute();
}

export async function findFileRow(db: Db, officeId: string, ticketId: string, fileId: string) {
  return db
    .selectFrom('ticket_files as f')
    .leftJoin('users as u', 'u.id', 'f.uploaded_by')
    .selectAll('f')
    .select('u.name as uploader_name')
    .where('f.office_id', '=', officeId)
    .where('f.ticket_id', '=', ticketId)
    .where('f.id', '=', fileId)
    .executeTakeFirst();
}

/** The SLA targets of a service in the office (minutes), or none. */
export async function findSlaTargets(db: Db, officeId: string, serviceId: string | null) {
  if (!serviceId) return { firstResponseMinutes: null, resolutionMinutes: null };
  const r = await db
    .selectFrom('ticket_sla_policies')
    .select(['first_response_minutes', 'resolution_minutes'])
    .where('office_id', '=', officeId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return {
    firstResponseMinutes: r?.first_response_minutes ?? null,
    resolutionMinutes: r?.resolution_minutes ?? null,
  };
}

/**
 * Inserts a staff member's chat message, reading in the same statement what it needs from the database:
 * its `seq` (the ticket's next, as `nextSeq`) and the author's name. One round trip instead of three: a
 * chat post is the most frequent write of an office's day.
 */
export async function insertStaffMessage(
  db: Db,
  row: Omit<Insertable<TicketMessagesTable>, 'seq' | 'author_name' | 'author'> & {
    user_id: string | null;
  },
): Promise<{ seq: number; author_name: string | null }> {
  const r = await insertStaffMessageRow.first(
    db,
    row.id,
    row.office_id,
    row.ticket_id,
    row.user_id,
    row.body,
    row.internal,
    row.at,
  );
  if (!r) throw new Error('chat message: the insert returned no row');
  return { seq: Number(r.seq), author_name: r.author_name };
}

const insertStaffMessageRow = prepared(
  (
    db,
    id: string,
    officeId: string,
    ticketId: string,
    userId: string | null,
    body: string,
    internal: number,
    at: string,
  ) =>
    db
      .insertInto('ticket_messages')
      .values((eb) => ({
        id,
        office_id: officeId,
        ticket_id: ticketId,
        user_id: userId,
        body,
        internal,
        at,
        author: 'staff',
        seq: eb
          .selectFrom('ticket_messages')
          .select(sql<number>`coalesce(max(seq), 0) + 1`.as('n'))
          .where('ticket_id', '=', ticketId),
        author_name: eb
          .selectFrom('users')
          .select('name')
          .where('office_id', '=', officeId)
          .where('id', '=', userId),
      }))
      .returning(['seq', 'author_name']),
);

/** The next `seq` of a ticket's rows in one of its child tables (inside the writing transaction). */
export async function nextSeq(
  db: Db,
  table: 'ticket_messages' | 'ticket_files' | 'ticket_movements',
  ticketId: string,
): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('seq').as('n'))
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

/**
 * An internal note (a staff message that is not e-mailed and does not count as a response), on PostgreSQL:
 * one statement that touches the ticket's `updated_at` and inserts the message with its `seq` and author's
 * name, answering nothing when the office has no such ticket. It needs no transaction of its own (one
 * statement is atomic), and it holds the ticket row's lock for that one statement only, not for the round
 * trips of a BEGIN … COMMIT. PostgreSQL only: SQLite has no data-modifying `WITH`.
 */
export async function insertInternalNotePg(
  db: Db,
  row: { id: string; office_id: string; ticket_id: string; user_id: string | null; body: string; at: string },
): Promise<{ seq: number; author_name: string | null } | undefined> {
  const r = await insertInternalNoteRow.first(
    db,
    row.at,
    row.office_id,
    row.ticket_id,
    row.id,
    row.user_id,
    row.body,
  );
  return r && { seq: Number(r.seq), author_name: r.author_name };
}

const insertInternalNoteRow = prepared(
  (db, at: string, officeId: string, ticketId: string, id: string, userId: string | null, body: string) =>
    db
      .with('t', (w) =>
        w
          .updateTable('tickets')
          .set({ updated_at: at })
          .where('office_id', '=', officeId)
          .where('id', '=', ticketId)
          .returning(['id', 'office_id', 'updated_at']),
      )
      .insertInto('ticket_messages')
      .columns([
        'id',
        'office_id',
        'ticket_id',
        'seq',
        'author',
        'user_id',
        'author_name',
        'body',
        'internal',
        'at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('t')
          .select([
            sql<string>`${id}::text`.as('id'),
            't.office_id',
            't.id as ticket_id',
            sql<number>`(select coalesce(max(m.seq), 0) + 1 from ticket_messages as m where m.ticket_id = t.id)`.as(
              'seq',
            ),
            sql<string>`'staff'`.as('author'),
            sql<string | null>`${userId}::text`.as('user_id'),
            sql<
              string | null
            >`(select u.name from users as u where u.office_id = t.office_id and u.id = ${userId}::text)`.as(
              'author_name',
            ),
            sql<string>`${body}::text`.as('body'),
            sql<number>`1`.as('internal'),
            't.updated_at as at',
          ]),
      )
      .returning(['seq', 'author_name']),
);
