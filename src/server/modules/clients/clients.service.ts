import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { flag } from '../../db/flag.js';
import { writeTransaction } from '../../db/group-commit.js';
import type { ClientRow } from '../../db/schema.js';
import type { FieldIssue } from '../../http/errors.js';
import { found } from '../../http/found.js';
import { fieldIssue, fieldsError } from '../../http/validation.js';
import { newId } from '../../ids.js';
import { formatTaxId } from '../br/index.js';
import { type Actor, auditTrail, getOffice, getProfessions, listUsers } from '../platform/index.js';
import { ClientsError } from './clients.errors.js';
import {
  clientBasics,
  deleteClientRow,
  findClient,
  findClientByDocument,
  insertClientRow,
  listClients as listClientRows,
  setClientResponsibles,
  setClientTags,
  updateClientRow,
} from './clients.repo.js';
import type {
  Client,
  ClientDetail,
  ClientExtraView,
  ClientListQuery,
  CreateClientInput,
  CreateContactInput,
  UpdateClientInput,
  UpdateContactInput,
} from './clients.schema.js';
import {
  deleteContactRow,
  findContact,
  insertContactRow,
  listContacts,
  updateContactRow,
} from './contacts.repo.js';
import { readClientExtra } from './extra-fields.js';
import { clientSearchText, searchKey } from './search-key.js';

const clientAudit = auditTrail('client');
const contactAudit = auditTrail('contact');

/** The office's client, or the clients module's 404. */
const clientOrThrow = (db: Db, officeId: string, id: string) =>
  found(findClient(db, officeId, id), () => new ClientsError('not_found'));

/**
 * A client's basics (name, CNPJ/CPF, status), or the clients module's 404: for what lives under a client
 * (its certificates, its certidões).
 */
export const clientBasicsOrThrow = (db: Db, officeId: string, id: string) =>
  found(clientBasics(db, officeId, id), () => new ClientsError('not_found'));

const contactOrThrow = (db: Db, officeId: string, clientId: string, id: string) =>
  found(findContact(db, officeId, clientId, id), () => new ClientsError('contact_not_found'));

/** What a client refers to in the office (class list, professions, users), loaded once per request or import. */
export interface ClientReferences {
  classes: Set<string>;
  professions: Set<string>;
  users: Set<string>;
}

export async function loadClientReferences(ctx: AppContext, officeId: string): Promise<ClientReferences> {
  const [office, professions, users] = await Promise.all([
    getOffice(ctx, officeId),
    getProfessions(ctx, officeId),
    listUsers(ctx, officeId, { active: true }),
  ]);
  return {
    classes: new Set(office.clientClasses),
    professions: new Set(professions.map((p) => p.id)),
    users: new Set(users.map((u) => u.id)),
  };
}

/** An issue's code and its message in pt-BR and English. */
type IssueText = readonly [code: string, pt: string, en: string];

/** What can be wrong with a responsible. */
const responsibleIssues = {
  professionNotFound: ['not_found', 'Profissão não encontrada.', 'Profession not found.'],
  professionTwice: [
    'duplicate',
    'Apenas um responsável por profissão.',
    'Only one responsible per profession.',
  ],
  userNotFound: ['not_found', 'Usuário não encontrado ou inativo.', 'User not found or inactive.'],
} as const;

/** Cross-record checks a schema cannot make: the class and responsibles must exist in the office. */
export function checkClientReferences(input: UpdateClientInput, refs: ClientReferences): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.class && !refs.classes.has(input.class)) {
    issues.push(
      fieldIssue(
        'class',
        'unknown_class',
        `Classe desconhecida. Use uma de: ${[...refs.classes].join(', ')}.`,
        `Unknown class. Use one of: ${[...refs.classes].join(', ')}.`,
      ),
    );
  }
  const seen = new Set<string>();
  input.responsibles?.forEach((r, i) => {
    const profession: IssueText | null = !refs.professions.has(r.professionId)
      ? responsibleIssues.professionNotFound
      : seen.has(r.professionId)
        ? responsibleIssues.professionTwice
        : null;
    if (profession) issues.push(fieldIssue(`responsibles.${i}.professionId`, ...profession));
    seen.add(r.professionId);
    if (!refs.users.has(r.userId))
      issues.push(fieldIssue(`responsibles.${i}.userId`, ...responsibleIssues.userNotFound));
  });
  return issues;
}

function duplicateError(document: string, kind: 'cnpj' | 'cpf', cause?: unknown) {
  const label = kind.toUpperCase();
  return new ClientsError('duplicate_document', {
    params: { kind: label, document: formatTaxId(document) },
    fields: [fieldIssue('document', 'duplicate', `${label} já cadastrado.`, `${label} already registered.`)],
    cause,
  });
}

/** The row for a new client, from validated input. */
export function newClientRow(officeId: string, input: CreateClientInput, at: Date): ClientRow {
  const now = at.toISOString();
  const tradeName = input.tradeName ?? null;
  return {
    id: newId(),
    office_id: officeId,
    legal_name: input.legalName,
    trade_name: tradeName,
    document: input.document.value,
    document_kind: input.document.kind,
    state_registration: input.stateRegistration ?? null,
    emails: JSON.stringify(input.emails ?? []),
    whatsapp: input.whatsapp ?? null,
    phone: input.phone ?? null,
    cep: input.cep ?? null,
    street: input.street ?? null,
    number: input.number ?? null,
    complement: input.complement ?? null,
    district: input.district ?? null,
    city: input.city ?? null,
    state: input.state ?? null,
    status: input.status ?? 'active',
    class: input.class ?? null,
    notes: input.notes ?? null,
    email_opt_out: input.emailOptOut ? 1 : 0,
    whatsapp_opt_in: input.whatsappOptIn ? 1 : 0,
    name_key: searchKey(input.legalName),
    search_text: clientSearchText(input.legalName, tradeName, input.document.value),
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

/** Inserts a validated client with its tags and responsibles, inside the caller's transaction. */
export async function insertClient(
  trx: Db,
  actor: Actor,
  input: CreateClientInput,
  at: Date,
): Promise<Client> {
  const row = newClientRow(actor.officeId, input, at);
  if (await findClientByDocument(trx, actor.officeId, row.document))
    throw duplicateError(row.document, row.document_kind);
  await insertClientRow(trx, row);
  await setClientTags(trx, actor.officeId, row.id, input.tags ?? []);
  await setClientResponsibles(trx, actor.officeId, row.id, input.responsibles ?? []);
  const client = (await findClient(trx, actor.officeId, row.id))!;
  await clientAudit.create(trx, { ...actor, at }, row.id, client);
  return client;
}

export async function createClient(ctx: AppContext, actor: Actor, input: CreateClientInput): Promise<Client> {
  const issues = checkClientReferences(input, await loadClientReferences(ctx, actor.officeId));
  if (issues.length) throw fieldsError(...issues);
  try {
    return await writeTransaction(ctx, (trx) => insertClient(trx, actor, input, ctx.clock.now()));
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateError(input.document.value, input.document.kind, err);
    throw err;
  }
}

export async function updateClient(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateClientInput,
): Promise<Client> {
  const issues = checkClientReferences(input, await loadClientReferences(ctx, actor.officeId));
  if (issues.length) throw fieldsError(...issues);
  try {
    return await writeTransaction(ctx, async (trx) => {
      const before = await clientOrThrow(trx, actor.officeId, id);
      if (input.document && input.document.value !== before.document) {
        const other = await findClientByDocument(trx, actor.officeId, input.document.value);
        if (other) throw duplicateError(input.document.value, input.document.kind);
      }
      const legalName = input.legalName ?? before.legalName;
      const tradeName = input.tradeName !== undefined ? input.tradeName : before.tradeName;
      const document = input.document?.value ?? before.document;
      const now = ctx.clock.now();
      const patch: Partial<ClientRow> = {
        legal_name: legalName,
        trade_name: tradeName,
        document,
        document_kind: input.document?.kind ?? before.documentKind,
        name_key: searchKey(legalName),
        search_text: clientSearchText(legalName, tradeName, document),
        updated_at: now.toISOString(),
      };
      const simple = {
        stateRegistration: 'state_registration',
        whatsapp: 'whatsapp',
        phone: 'phone',
        cep: 'cep',
        street: 'street',
        number: 'number',
        complement: 'complement',
        district: 'district',
        city: 'city',
        state: 'state',
        status: 'status',
        class: 'class',
        notes: 'notes',
      } as const;
      for (const [key, column] of Object.entries(simple) as [
        keyof typeof simple,
        (typeof simple)[keyof typeof simple],
      ][]) {
        if (input[key] !== undefined) Object.assign(patch, { [column]: input[key] });
      }
      if (input.emails) patch.emails = JSON.stringify(input.emails);
      if (input.emailOptOut !== undefined) patch.email_opt_out = input.emailOptOut ? 1 : 0;
      if (input.whatsappOptIn !== undefined) patch.whatsapp_opt_in = input.whatsappOptIn ? 1 : 0;
      await updateClientRow(trx, actor.officeId, id, patch);
      if (input.tags) await setClientTags(trx, actor.officeId, id, input.tags);
      if (input.responsibles) await setClientResponsibles(trx, actor.officeId, id, input.responsibles);
      const after = (await findClient(trx, actor.officeId, id))!;
      await clientAudit.update(trx, { ...actor, at: now }, id, before, after);
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err) && input.document)
      throw duplicateError(input.document.value, input.document.kind, err);
    throw err;
  }
}

export async function deleteClient(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await writeTransaction(ctx, async (trx) => {
    const before = await clientOrThrow(trx, actor.officeId, id);
    await deleteClientRow(trx, actor.officeId, id);
    await clientAudit.delete(trx, { ...actor, at: ctx.clock.now() }, id, before);
  });
}

export async function getClient(ctx: AppContext, officeId: string, id: string): Promise<ClientDetail> {
  const client = await clientOrThrow(ctx.db, officeId, id);
  return { ...client, contacts: await listContacts(ctx.db, officeId, id) };
}

/** A client's complementary data (dados complementares), for its page; 404 when the client is not the office's. */
export async function getClientExtraView(
  ctx: AppContext,
  officeId: string,
  id: string,
): Promise<ClientExtraView> {
  await clientOrThrow(ctx.db, officeId, id);
  return readClientExtra(ctx.db, officeId, id);
}

export const listClients = (ctx: AppContext, officeId: string, q: ClientListQuery) =>
  listClientRows(ctx.db, officeId, q);

// ---------------------------------------------------------------- contacts

export async function createContact(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  input: CreateContactInput,
) {
  return writeTransaction(ctx, async (trx) => {
    await clientOrThrow(trx, actor.officeId, clientId);
    const now = ctx.clock.now();
    const id = newId();
    await insertContactRow(trx, {
      id,
      office_id: actor.officeId,
      client_id: clientId,
      name: input.name,
      role: input.role ?? null,
      email: input.email ?? null,
      whatsapp: input.whatsapp ?? null,
      birthday: input.birthday ?? null,
      email_opt_out: input.emailOptOut ? 1 : 0,
      whatsapp_opt_in: input.whatsappOptIn ? 1 : 0,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    const contact = (await findContact(trx, actor.officeId, clientId, id))!;
    await contactAudit.create(trx, { ...actor, at: now }, id, contact);
    return contact;
  });
}

export async function updateContact(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  id: string,
  input: UpdateContactInput,
) {
  return writeTransaction(ctx, async (trx) => {
    const before = await contactOrThrow(trx, actor.officeId, clientId, id);
    const now = ctx.clock.now();
    await updateContactRow(trx, actor.officeId, id, {
      name: input.name,
      role: input.role,
      email: input.email,
      whatsapp: input.whatsapp,
      birthday: input.birthday,
      email_opt_out: flag(input.emailOptOut),
      whatsapp_opt_in: flag(input.whatsappOptIn),
      updated_at: now.toISOString(),
    });
    const after = (await findContact(trx, actor.officeId, clientId, id))!;
    await contactAudit.update(trx, { ...actor, at: now }, id, before, after);
    return after;
  });
}

export async function deleteContact(ctx: AppContext, actor: Actor, clientId: string, id: string) {
  await writeTransaction(ctx, async (trx) => {
    const before = await contactOrThrow(trx, actor.officeId, clientId, id);
    await deleteContactRow(trx, actor.officeId, id);
    await contactAudit.delete(trx, { ...actor, at: ctx.clock.now() }, id, before);
  });
}
