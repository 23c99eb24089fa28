import type { ContentKind } from '../../../http/file-content.js';
import { type NfeFacts, readNfe } from './nfe.js';
import { type OfxFacts, readOfx } from './ofx.js';
import type { ContentSource } from './read-limited.js';
import {
  type ContentExpectation,
  type ContentWarning,
  invoiceWarnings,
  statementWarnings,
} from './warnings.js';

/** What a stored file's content said: the facts read (for display) and the warnings for the client. */
export interface ContentReport {
  nfe: NfeFacts | null;
  ofx: OfxFacts | null;
  warnings: ContentWarning[];
}

/**
 * Reads a stored file that passed the type check and compares it with what the item asked for: an NF-e
 * XML's parties and date of issue, an OFX statement's period. Other kinds (PDF, images, spreadsheets) have
 * nothing to read and come back without warnings. Reads at most the file's first bytes that hold those
 * facts, then closes the stream.
 *
 * @example
 * const report = await checkContent(await store.open(ref), 'ofx', { competencia: '2026-04', company });
 * report.warnings // [{ code: 'statement_other_period', message: { 'pt-BR': 'Este extrato é de março de 2026; pedimos abril de 2026.', … } }]
 */
export async function checkContent(
  source: ContentSource,
  kind: ContentKind,
  expected: ContentExpectation,
): Promise<ContentReport> {
  if (kind === 'xml') {
    const nfe = await readNfe(source);
    const warnings = nfe?.issuedOn
      ? invoiceWarnings(
          {
            issuedOn: nfe.issuedOn,
            emitter: nfe.emitter.document,
            recipient: nfe.recipient?.document ?? null,
          },
          expected,
        )
      : [];
    return { nfe, ofx: null, warnings };
  }
  if (kind === 'ofx') {
    const ofx = await readOfx(source);
    return { nfe: null, ofx, warnings: ofx ? statementWarnings(ofx, expected) : [] };
  }
  if (typeof (source as { destroy?: unknown }).destroy === 'function')
    (source as { destroy(): void }).destroy();
  return { nfe: null, ofx: null, warnings: [] };
}
