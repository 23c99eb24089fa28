/**
 * `br` module: pure Brazilian rules — CPF/CNPJ (including the alphanumeric CNPJ of IN RFB 2.229/2024),
 * CEP, phone numbers (ANATEL DDDs, E.164), pt-BR money/date formats, holidays and the business calendar.
 * The pure half lives in src/shared/br (shared with the web app) and is re-exported here; holidays
 * and the business calendar (date-holidays) stay on the server.
 */

export * from '../../../shared/br/index.js';

export type {} from /** `'postpone' | 'anticipate' | 'keep'`: what {@link BusinessCalendar.adjust} does with a non-business day. */

/** UF, city, which pontos facultativos close the office (Carnaval by default), own closed/open days. */ './business-calendar.js';
export {
  /** Business days for an office: `new BusinessCalendar({ state: 'SP' }).nthBusinessDay(2026, 11, 1)` → `'2026-11-03'`. */
  BusinessCalendar,
} from './business-calendar.js';
export type {} from /** `{ date, name, scope: 'national' | 'state' | 'municipal' | 'optional' }`. */ './holidays.js';
export {} from /** Gregorian Easter Sunday (Meeus/Jones/Butcher): `easterSunday(2026)` → `'2026-04-05'`. */

/** Federal holidays plus the pontos facultativos (Carnaval, Cinzas, Corpus Christi as `optional`), sorted. */

/** State and (where `date-holidays` knows the city) municipal holidays not already national: `regionalHolidays(2026, 'SP')`. */

/** UF + city name to `date-holidays` codes, `region: null` for unknown cities: `resolveRegion('sp', 'São Paulo')`. */ './holidays.js';
