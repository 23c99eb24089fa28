/**
 * `br` module: pure Brazilian rules — CPF/CNPJ (including the alphanumeric CNPJ of IN RFB 2.229/2024),
 * CEP, phone numbers (ANATEL DDDs, E.164), pt-BR money/date formats, holidays and the business calendar.
 * The pure half lives in src/shared/br (shared with the web app) and is re-exported here; holidays, the
 * business calendar (date-holidays) and the OpenAPI shapes of documents stay on the server.
 */

export * from '../../../shared/br/index.js';

export {
  /** Business days for an office: `new BusinessCalendar({ state: 'SP' }).nthBusinessDay(2026, 11, 1)` → `'2026-11-03'`. */
  BusinessCalendar,
} from './business-calendar.js';
export {
  /** A CEP as sent (`01310-100`) and as stored (`01310100`): shapes for the OpenAPI `pattern`. */
  CEP_INPUT,
  CEP_STORED,
  /** A CNPJ as sent (formatted or bare, alphanumeric) and as stored: shapes, not the check digits. */
  CNPJ_INPUT,
  CNPJ_STORED,
  /** A CPF as stored: a shape, not the check digits. */
  CPF_STORED,
  /** A phone as sent (national or international) and as stored (E.164). */
  PHONE_INPUT,
  PHONE_STORED,
  /** A CPF or CNPJ as sent and as stored. */
  TAX_ID_INPUT,
  TAX_ID_STORED,
} from './patterns.js';
