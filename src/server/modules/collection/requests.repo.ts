import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { officeRow } from '../../db/office-row.js';
import type { RequestFilter, RequestListQuery, RequestRow } from './collection.schema.js';

/** The grid's query: requests with their client, responsible and service names (one query per page). */

export interface ResolvedFilter extends RequestFilter {
  officeId: string;
  today: string;
  viewerId: string | null;
}

/**
 * The filtered requests, without any join: the grid's total counts index entries only. The text search
 * reads the clients in a subquery (their search text), so it needs no join either.
 */
export function baseQuery(db: Db, f: ResolvedFilter) {
  let q = db.selectFrom('collection_requests as r').where('r.office_id', '=', f.officeId);
  if (f.competencia) q = q.where('r.competencia', '=', f.competencia);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.responsibleId) q = q.where('r.responsible_id', '=', f.responsibleId);
  if (f.mine) q = q.where('r.responsible_id', '=', f.viewerId ?? '');
  if (f.clientId) q = q.where('r.client_id', '=', f.clientId);
  if (f.templateId) q = q.where('r.template_id', '=', f.templateId);
  if (f.overdue === true)
    q = q.where('r.status', 'in', ['open', 'started']).where('r.due_date', '<', f.today);
  if (f.overdue === false)
    q = q.where((eb) =>
      eb.or([eb('r.status', 'not in', ['open', 'started']), eb('r.due_date', '>=', f.today)]),
    );
  if (f.q) {
    const words = f.q
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/[.\-/]/g, '')
      .split(/\s+/)
      .filter(Boolean);
    q = q.where('r.client_id', 'in', (eb) => {
      let c = eb.selectFrom('clients as c').select('c.id').where('c.office_id', '=', f.officeId);
      for (const w of words) c = c.where('c.search_text', 'like', `%${w.replace(/[%_\\]/g, '')}%`);
      return c;
    });
  }
  return q;
}

const sortColumn = {
  dueDate: 'r.due_date',
  competencia: 'r.competencia',
  client: 'c.name_key',
  status: 'r.status',
  progress: sql`(r.settled_count * 1.0 / (case when r.total_count = 0 then 1 else r.total_count end))`,
} as const;

export function selectRows(db: Db, f: ResolvedFilter, sort: RequestListQuery['sort'], order: 'asc' | 'desc') {
  const col = sortColumn[sort];
  return baseQuery(db, f)
    .innerJoin('clients as c', 'c.id', 'r.client_id')
    .leftJoin('users as u', 'u.id', 'r.responsible_id')
    .leftJoin('services as s', 's.id', 'r.service_id')
    .select([
      'r.id',
      'r.competencia',
      'r.client_id',
      'c.legal_name as client_name',
      'c.document as client_document',
      'r.template_id',
      'r.template_name',
      'r.template_version',
      's.name as service_name',
      'r.responsible_id',
      'u.name as responsible_name',
      'r.due_date',
      'r.status',
      'r.close_status',
      'r.settled_count',
      'r.total_count',
    ])
    .orderBy(col as never, order)
    .orderBy('r.id', order);
}

export type RowData = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number];

export const toRow = (r: RowData, today: string): RequestRow => ({
  id: r.id,
  competencia: r.competencia,
  client: { id: r.client_id, name: r.client_name, document: r.client_document },
  template: { id: r.template_id, name: r.template_name, version: r.template_version },
  serviceName: r.service_name ?? null,
  responsible: r.responsible_id ? { id: r.responsible_id, name: r.responsible_name ?? '' } : null,
  dueDate: r.due_date,
  status: r.status,
  closeStatus: r.close_status,
  progress: { settled: r.settled_count, total: r.total_count },
  overdue: (r.status === 'open' || r.status === 'started') && r.due_date < today,
});

export async function findRequest(db: Db, officeId: string, id: string) {
  return db.selectFrom('collection_requests').selectAll().where(officeRow(officeId, id)).executeTakeFirst();
}

export async function findItem(db: Db, officeId: string, requestId: string, itemId: string) {
  return db
    .selectFrom('collection_request_items')
    .selectAll()
    .where(officeRow(officeId, itemId))
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}

export async function userNames(db: Db, officeId: string, ids: (string | null)[]) {
  const list = [...new Set(ids.filter((i): i is string => !!i))];
  if (!list.length) return new Map<string, string>();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('office_id', '=', officeId)
    .where('id', 'in', list)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
