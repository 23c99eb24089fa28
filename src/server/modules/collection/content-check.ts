import type { AppContext } from '../../context.js';
import type { Localized } from '../../http/i18n.js';
import { nfeAndStatementCheck } from './content-checks/index.js';

/**
 * The seam for checks of a file's content while the client is still on the page (an NF-e XML of another
 * CNPJ, an OFX of another month: "este extrato é de março; pedimos abril"). The upload path calls
 * {@link checkStoredFile} with the stored file once its bytes are in the blob store and before its row is
 * written; each warning is kept with the file and shown to the client, who may keep the file or delete it.
 * A check never refuses a file. Checks are listed in `checks` below (content-checks/ adds them).
 */

export interface StoredItemFile {
  officeId: string;
  requestId: string;
  itemId: string;
  itemKey: string;
  clientId: string;
  /** The client's CNPJ or CPF, bare. */
  clientDocument: string;
  /** `YYYY-MM`. */
  competencia: string;
  name: string;
  /** Lower-case extension without the dot. */
  extension: string;
  contentType: string;
  /** The blob reference (`sha256:<hex>`): read it with `blobStore(app).open(ref)`. */
  ref: string;
  size: number;
}

export interface ContentWarning {
  code: string;
  message: Localized;
}

export type ContentCheck = (ctx: AppContext, file: StoredItemFile) => Promise<ContentWarning[]>;

const checks: ContentCheck[] = [nfeAndStatementCheck];

/** Every check's warnings for one stored file; a check that fails is logged and gives none. */
export async function checkStoredFile(ctx: AppContext, file: StoredItemFile): Promise<ContentWarning[]> {
  const out: ContentWarning[] = [];
  for (const check of checks) {
    try {
      out.push(...(await check(ctx, file)));
    } catch (err) {
      ctx.log.warn({ err, fileName: file.name }, 'collection content check failed');
    }
  }
  return out;
}
