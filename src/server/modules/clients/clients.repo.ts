import type { Db } from '../../db/database.js';
import { keysetPages } from '../../db/keyset.js';
import { officeRow } from '../../db/office-row.js';
import { namedRows, prepared } from '../../db/prepared.js';
import type { ClientRow } from '../../db/schema.js';
import type { Client, ClientListQuery, ClientSort } from './clients.schema.js';
import { searchKey } from './search-key.js';

type Responsible = Client['responsibles'][number];

const sortColumn = {
  legalName: 'name_key',
  document: 'document',
  status: 'status',
  class: 'class',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<ClientSort, keyof ClientRow>;

export function toClient(r: ClientRow, tags: string[], responsibles: Responsible[]): Client {
  return {
    id: r.id,
    legalName: r.legal_name,
    tradeName: r.trade_name,
    document: r.document,
    documentKind: r.document_kind,
    stateRegistration: r.state_registration,
    emails: JSON.parse(r.emails) as string[],
    whatsapp: r.whatsapp,
    phone: r.phone,
    cep: r.cep,
    street: r.street,
    number: r.number,
    complement: r.complement,
    district: r.district,
    city: r.city,
    state: r.state,
    status: r.status,
    class: r.class,
    tags,
    notes: r.notes,
    responsibles,
    emailOptOut: r.email_opt_out === 1,
    whatsappOptIn: r.whatsapp_opt_in === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Tags and responsibles of many clients in two queries: named statements on PostgreSQL (`namedRows`), whose
 * text varies only with the number of ids (a page's length), so they are not planned again on every call.
 */
async function relationsOf(db: Db, ids: string[]) {
  const tags = new Map<string, string[]>();
  const responsibles = new Map<string, Responsible[]>();
  if (ids.length === 0) return { tags, responsibles };
  const [tagRows, respRows] = await Promise.all([
    namedRows(
      db,
      db.selectFrom('client_tags').select(['client_id', 'tag']).where('client_id', 'in', ids).orderBy('tag'),
    ),
    namedRows(
      db,
      db
        .selectFrom('client_responsibles as cr')
        .innerJoin('professions as p', 'p.id', 'cr.profession_id')
        .innerJoin('users as u', 'u.id', 'cr.user_id')
        .select([
          'cr.client_id',
          'cr.profession_id',
          'p.name as profession_name',
          'cr.user_id',
          'u.name as user_name',
        ])
        .where('cr.client_id', 'in', ids)
        .orderBy('p.name'),
    ),
  ]);
  for (const t of tagRows) tags.set(t.client_id, [...(tags.get(t.client_id) ?? []), t.tag]);
  for (const r of respRows) {
    const item = {
      professionId: r.profession_id,
      professionName: r.profession_name,
      userId: r.user_id,
      userName: r.user_name,
    };
    responsibles.set(r.client_id, [...(responsibles.get(r.client_id) ?? []), item]);
  }
  return { tags, responsibles };
}

export async function findClient(db: Db, officeId: string, id: string): Promise<Client | undefined> {
  const row = await db.selectFrom('clients').selectAll().where(officeRow(officeId, id)).executeTakeFirst();
  if (!row) return undefined;
  const rel = await relationsOf(db, [row.id]);
  return toClient(row, rel.tags.get(row.id) ?? [], rel.responsibles.get(row.id) ?? []);
}

/** How many clients the office has (any status). */
export async function countClients(db: Db, officeId: string): Promise<number> {
  const row = await db
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('office_id', '=', officeId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A client found by its bare CNPJ/CPF (`12ABC34501DE35`, `11144477735`). */
export async function findClientByDocument(db: Db, officeId: string, document: string) {
  return db
    .selectFrom('clients')
    .select(['id', 'legal_name as legalName', 'status', 'class'])
    .where('office_id', '=', officeId)
    .where('document', '=', document)
    .executeTakeFirst();
}

/** Which of `values` the office's clients have in `column`, read 500 at a time. */
async function existingIn(
  db: Db,
  officeId: string,
  column: 'id' | 'document',
  values: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < values.length; i += 500) {
    const rows = await db
      .selectFrom('clients')
      .select((eb) => eb.ref(column).as('value'))
      .where('office_id', '=', officeId)
      .where(column, 'in', values.slice(i, i + 500))
      .execute();
    for (const r of rows) found.add(r.value);
  }
  return found;
}

/** Which of these documents already exist in the office. */
export const existingDocuments = (db: Db, officeId: string, documents: readonly string[]) =>
  existingIn(db, officeId, 'document', documents);

/** Which of `ids` are clients of the office. */
export const existingClientIds = (db: Db, officeId: string, ids: readonly string[]) =>
  existingIn(db, officeId, 'id', ids);

/** Escapes LIKE wildcards so that user text matches literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listClients(db: Db, officeId: string, q: ClientListQuery) {
  let base = db.selectFrom('clients').where('clients.office_id', '=', officeId);
  if (q.status) base = base.where('clients.status', '=', q.status);
  if (q.class) base = base.where('clients.class', '=', q.class);
  if (q.tag) {
    const tag = q.tag;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('client_tags')
          .select('client_tags.client_id')
          .whereRef('client_tags.client_id', '=', 'clients.id')
          .where('client_tags.tag', '=', tag),
      ),
    );
  }
  if (q.q) {
    const text = searchKey(q.q);
    const bare = text.replace(/[.\-/\s]/g, '');
    const patterns = [...new Set([text, bare].filter(Boolean))].map((p) => `%${likeEscape(p)}%`);
    if (patterns.length) {
      base = base.where((eb) => eb.or(patterns.map((p) => eb('clients.search_text', 'like', p))));
    }
  }
  const column = sortColumn[q.sort];
  // Deferred join: page through the ids (from a covering index where one exists), then read only the
  // page's rows, so a deep OFFSET skips index entries instead of whole rows (bench/clients.bench.ts).
  const pageIds = base
    .select('clients.id')
    .orderBy(`clients.${column}`, q.order)
    .orderBy('clients.id', q.order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  // Named statements on PostgreSQL (`namedRows`): their texts depend on the filters given and the sort, not
  // on the values, so each is planned once per connection rather than on every page.
  const [rows, [count]] = await Promise.all([
    namedRows(
      db,
      db
        .selectFrom('clients')
        .selectAll('clients')
        .where('clients.id', 'in', pageIds)
        .orderBy(`clients.${column}`, q.order)
        .orderBy('clients.id', q.order),
    ),
    namedRows(
      db,
      base.select((eb) => eb.fn.countAll<number>().as('n')),
    ),
  ]);
  const rel = await relationsOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => toClient(r, rel.tags.get(r.id) ?? [], rel.responsibles.get(r.id) ?? [])),
    total: Number(count?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function insertClientRow(db: Db, row: ClientRow) {
  await db.insertInto('clients').values(row).execute();
}

export async function updateClientRow(db: Db, officeId: string, id: string, patch: Partial<ClientRow>) {
  await db
    .updateTable('clients')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where(officeRow(officeId, id))
    .execute();
}

export async function deleteClientRow(db: Db, officeId: string, id: string) {
  await db.deleteFrom('clients').where(officeRow(officeId, id)).execute();
}

export async function setClientTags(db: Db, officeId: string, clientId: string, tags: string[]) {
  await db.deleteFrom('client_tags').where('client_id', '=', clientId).execute();
  const unique = [...new Set(tags)];
  if (unique.length) {
    await db
      .insertInto('client_tags')
      .values(unique.map((tag) => ({ client_id: clientId, office_id: officeId, tag })))
      .execute();
  }
}

export async function setClientResponsibles(
  db: Db,
  officeId: string,
  clientId: string,
  list: { professionId: string; userId: string }[],
) {
  await db.deleteFrom('client_responsibles').where('client_id', '=', clientId).execute();
  if (list.length) {
    await db
      .insertInto('client_responsibles')
      .values(
        list.map((r) => ({
          client_id: clientId,
          profession_id: r.professionId,
          user_id: r.userId,
          office_id: officeId,
        })),
      )
      .execute();
  }
}

/** Every client of the office in name order, a page at a time (for exports). */
export async function* iterateClients(db: Db, officeId: string, batch = 1000): AsyncGenerator<Client[]> {
  const pages = keysetPages(
    batch,
    (after: { key: string; id: string } | null) => {
      let q = db.selectFrom('clients').selectAll().where('office_id', '=', officeId);
      if (after)
        q = q.where((eb) =>
          eb.or([
            eb('name_key', '>', after.key),
            eb.and([eb('name_key', '=', after.key), eb('id', '>', after.id)]),
          ]),
        );
      return q.orderBy('name_key').orderBy('id').limit(batch).execute();
    },
    (last) => ({ key: last.name_key, id: last.id }),
  );
  for await (const rows of pages) {
    const rel = await relationsOf(
      db,
      rows.map((r) => r.id),
    );
    yield rows.map((r) => toClient(r, rel.tags.get(r.id) ?? [], rel.responsibles.get(r.id) ?? []));
  }
}

/** The few fields other modules show beside their own rows (certificates, certidões). */
/** Clients' legal names by id (the Auditoria names the clients its entries changed). */
export async function clientNames(db: Db, officeId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('clients')
    .select(['id', 'legal_name'])
    .where('office_id', '=', officeId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.legal_name]));
}

/** A client's row by id: a prepared statement (named on PostgreSQL, planned once per connection). */
const clientBasicsRow = prepared((db: Db, officeId: string, clientId: string) =>
  db
    .selectFrom('clients')
    .select(['id', 'legal_name', 'document', 'document_kind', 'status'])
    .where(officeRow(officeId, clientId)),
);

export async function clientBasics(db: Db, officeId: string, clientId: string) {
  return clientBasicsRow.first(db, officeId, clientId);
}
