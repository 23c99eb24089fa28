import { blobStore } from '../../../blobs/index.js';
import type { AppContext } from '../../../context.js';
import { officeRow } from '../../../db/office-row.js';
import { checkContent } from './check-content.js';
import type { ContentWarning } from './warnings.js';

/** What the check needs of a stored item file (the collection's `StoredItemFile`). */
interface StoredFile {
  officeId: string;
  clientId: string;
  clientDocument: string;
  competencia: string;
  extension: string;
  ref: string;
}

/**
 * The collection's content check of a stored file (registered in content-check.ts): an NF-e XML's parties
 * and date, an OFX statement's period, against the item's company and competência. Other files are not
 * opened.
 */
export async function nfeAndStatementCheck(ctx: AppContext, file: StoredFile): Promise<ContentWarning[]> {
  const kind = file.extension === 'xml' ? 'xml' : file.extension === 'ofx' ? 'ofx' : null;
  if (!kind) return [];
  const client = await ctx.db
    .selectFrom('clients')
    .select('legal_name')
    .where(officeRow(file.officeId, file.clientId))
    .executeTakeFirst();
  const report = await checkContent(await blobStore(ctx).open(file.ref), kind, {
    competencia: file.competencia,
    company: { name: client?.legal_name ?? '', document: file.clientDocument || null },
  });
  return report.warnings;
}
