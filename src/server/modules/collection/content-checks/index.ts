/**
 * Content checks of the document collection (Cobrança de Arquivos): what a client's file is, read from its
 * bytes, against what the item asked for — its type (magic numbers) against the accepted extensions, and
 * for NF-e XML and OFX statements, the company and the month. Pure functions over a stored file's stream;
 * the upload path calls them and shows the warnings on the client's page.
 *
 * Exports only what a caller uses (knip); the types of these functions (ContentWarning, ContentExpectation,
 * NfeFacts, OfxFacts…) are exported from their files, to add here when a caller names them.
 */
export { checkContent } from './check-content.js';
export { checkFileHead, checkFileName, typeGate } from './file-type.js';
export { readNfe } from './nfe.js';
export { readOfx } from './ofx.js';
export { nfeAndStatementCheck } from './stored-file-check.js';
