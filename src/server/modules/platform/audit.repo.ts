import type { Db } from '../../db/database.js';
import { type PageQuery, readPage } from '../../db/list-query.js';
import { newId } from '../../ids.js';
import type { AuditEntry } from './platform.schema.js';

export interface AuditRecord {
  officeId: string;
  at: Date;
  userId: string | null;
  entity: string;
  entityId: string;
  action: string;
  before?: object | null;
  after?: object | null;
}

/** The `audit_log` row of an entry. */
const auditRow = (r: AuditRecord) => ({
  id: newId(),
  office_id: r.officeId,
  at: r.at.toISOString(),
  user_id: r.userId,
  entity: r.entity,
  entity_id: r.entityId,
  action: r.action,
  before: r.before ? JSON.stringify(r.before) : null,
  after: r.after ? JSON.stringify(r.after) : null,
});

/** Appends one entry. Call it inside the transaction of the change it records. */
export async function appendAudit(db: Db, r: AuditRecord): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(r)).execute();
}

/** Who made a change, and when: an `Actor` with the change's instant (`{ ...actor, at: now }`). */
type AuditBy = Pick<AuditRecord, 'officeId' | 'userId' | 'at'>;

/** What an entry keeps of the entity: its view before the change, after it, or both. */
type AuditChange = Pick<AuditRecord, 'before' | 'after'>;

/**
 * The audit entries of one kind of entity, so a module names the entity once and each use case writes its
 * entry in one line, inside the transaction of the change it records:
 *
 * @example
 * const clientAudit = auditTrail('client');
 * await clientAudit.update(trx, { ...actor, at: now }, id, before, after);
 * await clientAudit.record(trx, { ...actor, at: now }, id, 'class-change', { before, after });
 */
export function auditTrail(entity: string) {
  const record = (db: Db, by: AuditBy, entityId: string, action: string, change: AuditChange = {}) =>
    appendAudit(db, { ...by, entity, entityId, action, ...change });
  return {
    /** An entry with any action (`pause`, `status-change`…) and what it changed. */
    record,
    create: (db: Db, by: AuditBy, entityId: string, after: object) =>
      record(db, by, entityId, 'create', { after }),
    update: (db: Db, by: AuditBy, entityId: string, before: object, after: object) =>
      record(db, by, entityId, 'update', { before, after }),
    delete: (db: Db, by: AuditBy, entityId: string, before: object) =>
      record(db, by, entityId, 'delete', { before }),
  };
}

/**
 * Appends many entries in multi-row inserts (a batch of payments from a retorno). Same rows as
 * `appendAudit`, one statement per 500 entries. Call it inside the transaction of the changes.
 */
export async function appendAudits(db: Db, records: readonly AuditRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    await db
      .insertInto('audit_log')
      .values(records.slice(i, i + 500).map(auditRow))
      .execute();
  }
}

export interface AuditQuery extends PageQuery {
  entity?: string | undefined;
  entityId?: string | undefined;
}

export async function listAudit(db: Db, officeId: string, q: AuditQuery) {
  let base = db.selectFrom('audit_log').where('audit_log.office_id', '=', officeId);
  if (q.entity) base = base.where('audit_log.entity', '=', q.entity);
  if (q.entityId) base = base.where('audit_log.entity_id', '=', q.entityId);
  const rows = base
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.user_id',
      'users.name as user_name',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.action',
      'audit_log.before',
      'audit_log.after',
    ])
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc');
  return readPage(
    q,
    rows,
    base,
    (r): AuditEntry => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      userName: r.user_name,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      before: r.before ? JSON.parse(r.before) : null,
      after: r.after ? JSON.parse(r.after) : null,
    }),
  );
}
