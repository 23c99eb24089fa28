import { auditTrail } from '../platform/index.js';

/** The collection records the audit log names, each entry written in its change's transaction. */
export const collectionAudit = {
  /** A programação: its items, files, status, due date. */
  request: auditTrail('collection_request'),
  /** A programming, once or recurring: created or stopped. */
  program: auditTrail('collection_program'),
  /** A Processo Modelo: created, changed, generated from. */
  template: auditTrail('collection_template'),
  /** A contact's upload link: issued or revoked. */
  link: auditTrail('collection_link'),
  /** A client's items the office stopped asking for (a skip), and asked for again. */
  client: auditTrail('client'),
};
