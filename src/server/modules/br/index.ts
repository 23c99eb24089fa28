/**
 * `br` module: pure Brazilian rules — CPF/CNPJ (including the alphanumeric CNPJ of IN RFB 2.229/2024),
 * CEP, phone numbers (ANATEL DDDs, E.164), pt-BR money/date formats, holidays and the business calendar.
 * The pure half lives in src/shared/br (shared with the web app) and is re-exported here; holidays, the
 * business calendar (date-holidays) stay on the server.
 */

export * from '../../../shared/br/index.js';

export {
  /** Business days for an office: `new BusinessCalendar({ state: 'SP' }).nthBusinessDay(2026, 11, 1)` → `'2026-11-03'`. */
  BusinessCalendar,
} from './business-calendar.js';
