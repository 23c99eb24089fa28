import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import { flag } from '../../db/flag.js';
import { writeTransaction } from '../../db/group-commit.js';
import { found } from '../../http/found.js';
import { newId } from '../../ids.js';
import { type Actor, auditTrail } from '../platform/index.js';
import { ClientsError } from './clients.errors.js';
import type { CreateServiceInput, Service, UpdateServiceInput } from './clients.schema.js';
import {
  findService,
  findServiceIdByName,
  insertServiceRow,
  listServices,
  type ServiceListQuery,
  updateServiceRow,
} from './services.repo.js';

const serviceAudit = auditTrail('service');

/** The office's service catalog (serviços): what tickets and fees refer to. */
export const listCatalog = (ctx: AppContext, officeId: string, q: ServiceListQuery) =>
  listServices(ctx.db, officeId, q);

const serviceOrThrow = (db: Db, officeId: string, id: string) =>
  found(findService(db, officeId, id), () => new ClientsError('service_not_found'));

export const getCatalogService = (ctx: AppContext, officeId: string, id: string): Promise<Service> =>
  serviceOrThrow(ctx.db, officeId, id);

/** Throws service_name_taken when `name` is given, differs from `current` and another service has it. */
async function checkNameFree(db: Db, officeId: string, name: string | undefined, current?: string) {
  if (name && name !== current && (await findServiceIdByName(db, officeId, name)))
    throw new ClientsError('service_name_taken');
}

/** A catalog write in one transaction: a name taken by a concurrent write meets the unique index, answered alike. */
async function catalogWrite<T>(ctx: AppContext, fn: (trx: Db) => Promise<T>): Promise<T> {
  try {
    return await writeTransaction(ctx, fn);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ClientsError('service_name_taken', { cause: err });
    throw err;
  }
}

export async function createCatalogService(
  ctx: AppContext,
  actor: Actor,
  input: CreateServiceInput,
): Promise<Service> {
  return catalogWrite(ctx, async (trx) => {
    await checkNameFree(trx, actor.officeId, input.name);
    const now = ctx.clock.now();
    const id = newId();
    await insertServiceRow(trx, {
      id,
      office_id: actor.officeId,
      name: input.name,
      description: input.description ?? null,
      default_value_cents: input.defaultValueCents ?? 0,
      department: input.department ?? null,
      active: input.active === false ? 0 : 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    });
    const after = (await findService(trx, actor.officeId, id))!;
    await serviceAudit.create(trx, { ...actor, at: now }, id, after);
    return after;
  });
}

export async function updateCatalogService(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: UpdateServiceInput,
): Promise<Service> {
  return catalogWrite(ctx, async (trx) => {
    const before = await serviceOrThrow(trx, actor.officeId, id);
    await checkNameFree(trx, actor.officeId, input.name, before.name);
    const now = ctx.clock.now();
    await updateServiceRow(trx, actor.officeId, id, {
      name: input.name,
      description: input.description,
      default_value_cents: input.defaultValueCents,
      department: input.department,
      active: flag(input.active),
      updated_at: now.toISOString(),
    });
    const after = (await findService(trx, actor.officeId, id))!;
    await serviceAudit.update(trx, { ...actor, at: now }, id, before, after);
    return after;
  });
}
