import type { Db } from '../../db/database.js';
import { type Actor, appendAudit } from '../platform/index.js';

/** What an audit entry says of a change: its action, and the record before and after it. */
export interface AuditChange {
  action: string;
  before?: object;
  after?: object;
}

/**
 * The audit entries of one kind of collection record, written in the change's transaction by `actor` (a
 * staff member; the client's answers and automation give the office with no user) at `at`.
 */
const auditOf =
  (entity: string) => (trx: Db, actor: Actor, entityId: string, at: Date | string, change: AuditChange) =>
    appendAudit(trx, { ...actor, at: new Date(at), entity, entityId, ...change });

/** A change to a programação (its items, files, status, due date). */
export const auditRequest = auditOf('collection_request');
/** A programming (once or recurring) created or stopped. */
export const auditProgram = auditOf('collection_program');
/** A Processo Modelo created, changed or generated from. */
export const auditTemplate = auditOf('collection_template');
/** A contact's upload link issued or revoked. */
export const auditLink = auditOf('collection_link');
