import type { AppContext } from '../../context.js';
import type { FieldIssue } from '../../http/errors.js';
import { AppError } from '../../http/errors.js';
import { fieldIssue } from '../../http/validation.js';
import { clientBasics, getClient } from '../clients/index.js';
import { getProfessions, listUsers } from '../platform/index.js';
import { foldText } from './tickets.repo.js';

/**
 * The checks a ticket's references need before anything is written: the requester, its contact, the
 * service, the accountant (a user with the Contador profession) and the responsible user must exist in
 * the office (and be active). Runs on `ctx.db`, outside the write transaction.
 */

export interface TicketReferences {
  clientId: string;
  contactId: string | null;
  serviceId: string | null;
  accountantId: string | null;
  responsibleId: string | null;
}

export interface CheckedReferences {
  issues: FieldIssue[];
  /** The service's default value, when a service was checked. */
  serviceDefaultCents: number | null;
}

/** The profession that makes a user an accountant (Contador), matched without case or accents. */
const isAccountantProfession = (name: string) => foldText(name) === 'contador';

/** Checks only the references in `changed` (all of them on create). */
export async function checkReferences(
  ctx: AppContext,
  officeId: string,
  refs: TicketReferences,
  changed: ReadonlySet<keyof TicketReferences>,
): Promise<CheckedReferences> {
  const issues: FieldIssue[] = [];
  let serviceDefaultCents: number | null = null;

  if (changed.has('clientId') || (changed.has('contactId') && refs.contactId)) {
    let contacts: string[] = [];
    if (!refs.contactId) {
      // No contact to check: the client's own row is all there is to read (not its contacts).
      if (!(await clientBasics(ctx.db, officeId, refs.clientId)))
        issues.push(fieldIssue('clientId', 'not_found', 'Cliente não encontrado.', 'Client not found.'));
    } else {
      try {
        contacts = (await getClient(ctx, officeId, refs.clientId)).contacts.map((c) => c.id);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 404) throw err;
        issues.push(fieldIssue('clientId', 'not_found', 'Cliente não encontrado.', 'Client not found.'));
      }
    }
    if (refs.contactId && !issues.length && !contacts.includes(refs.contactId))
      issues.push(
        fieldIssue(
          'contactId',
          'not_found',
          'Contato não encontrado neste cliente.',
          'Contact not found for this client.',
        ),
      );
  }

  if (changed.has('serviceId') && refs.serviceId) {
    const s = await ctx.db
      .selectFrom('services')
      .select(['default_value_cents', 'active'])
      .where('office_id', '=', officeId)
      .where('id', '=', refs.serviceId)
      .executeTakeFirst();
    if (!s)
      issues.push(fieldIssue('serviceId', 'not_found', 'Serviço não encontrado.', 'Service not found.'));
    else if (s.active !== 1)
      issues.push(
        fieldIssue('serviceId', 'inactive', 'Este serviço está inativo.', 'This service is inactive.'),
      );
    else serviceDefaultCents = Number(s.default_value_cents);
  }

  const needUsers =
    (changed.has('accountantId') && refs.accountantId) ||
    (changed.has('responsibleId') && refs.responsibleId);
  if (needUsers) {
    const [users, professions] = await Promise.all([
      listUsers(ctx, officeId, { active: true }),
      getProfessions(ctx, officeId),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    if (changed.has('responsibleId') && refs.responsibleId && !byId.has(refs.responsibleId))
      issues.push(
        fieldIssue(
          'responsibleId',
          'not_found',
          'Usuário não encontrado ou inativo.',
          'User not found or inactive.',
        ),
      );
    if (changed.has('accountantId') && refs.accountantId) {
      const user = byId.get(refs.accountantId);
      const accountantProfessions = new Set(
        professions.filter((p) => isAccountantProfession(p.name)).map((p) => p.id),
      );
      if (!user)
        issues.push(
          fieldIssue(
            'accountantId',
            'not_found',
            'Usuário não encontrado ou inativo.',
            'User not found or inactive.',
          ),
        );
      else if (!user.professionIds.some((id) => accountantProfessions.has(id)))
        issues.push(
          fieldIssue(
            'accountantId',
            'not_accountant',
            `${user.name} não tem a profissão Contador.`,
            `${user.name} does not have the Contador (accountant) profession.`,
          ),
        );
    }
  }
  return { issues, serviceDefaultCents };
}

/** The users with the Contador profession (the Contador select of the ticket form). */
export async function listAccountants(ctx: AppContext, officeId: string) {
  const [users, professions] = await Promise.all([
    listUsers(ctx, officeId, { active: true }),
    getProfessions(ctx, officeId),
  ]);
  const ids = new Set(professions.filter((p) => isAccountantProfession(p.name)).map((p) => p.id));
  return users
    .filter((u) => u.professionIds.some((id) => ids.has(id)))
    .map((u) => ({ id: u.id, name: u.name }));
}

/** Kind-specific fields: a cobrança de débito needs its due date and amount; an atendimento has neither. */
export function checkDebtFields(
  kind: 'service' | 'debt_collection',
  dueDate: string | null,
  debtCents: number | null,
  given: { dueDate: boolean; debtCents: boolean },
): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (kind === 'debt_collection') {
    if (!dueDate)
      out.push(
        fieldIssue(
          'dueDate',
          'required',
          'Informe o vencimento da cobrança.',
          'Enter the due date of the debt.',
        ),
      );
    if (debtCents === null)
      out.push(
        fieldIssue('debtCents', 'required', 'Informe o valor do débito.', 'Enter the amount of the debt.'),
      );
    return out;
  }
  const only = (f: string) =>
    fieldIssue(
      f,
      'only_for_debt_collection',
      'Só se aplica a uma cobrança de débito.',
      'Only applies to a debt collection.',
    );
  if (given.dueDate && dueDate) out.push(only('dueDate'));
  if (given.debtCents && debtCents !== null) out.push(only('debtCents'));
  return out;
}
