/**
 * Brazilian holidays. The national list is written by hand from federal law (libraries lag behind it: the
 * national Consciência Negra of Lei 14.759/2023, for instance); state and municipal holidays come from the
 * `date-holidays` data set, which knows every UF but only a handful of cities.
 */

import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { addDays, type CivilDate, civilDate, compareCivil } from '../../../shared/br/civil-date.js';

/**
 * `date-holidays` parses its data for every country when imported (~0.35 s of CPU, a fifth of the
 * server's start; bench/clients.bench.ts), so it is loaded on first use instead of at start.
 */
let holidaysLib: typeof Holidays | undefined;
const HolidaysLib = (): typeof Holidays =>
  (holidaysLib ??= createRequire(import.meta.url)('date-holidays') as typeof Holidays);

export type { CivilDate } from '../../../shared/br/civil-date.js';

/** One holiday. `optional` is a federal *ponto facultativo* (Carnaval, Cinzas, Corpus Christi). */
export interface Holiday {
  date: CivilDate;
  name: string;
  scope: 'national' | 'state' | 'municipal' | 'optional';
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`Invalid year: ${year} (expected an integer 1583–9999, Gregorian calendar)`);
  }
}

/**
 * Western (Gregorian) Easter Sunday by the Meeus/Jones/Butcher algorithm.
 * @example easterSunday(2026) // '2026-04-05'
 */
export function easterSunday(year: number): CivilDate {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return civilDate(year, month, day);
}

/** First year in which 20 November is a national holiday (Lei 14.759, of 21 December 2023). */
const CONSCIENCIA_NEGRA_SINCE = 2024;

/**
 * Federal holidays (`scope: 'national'`) and the federal *pontos facultativos* (`scope: 'optional'`:
 * Carnaval Monday and Tuesday, Ash Wednesday, Corpus Christi), sorted by date. Today's list is applied to
 * every year, except that 20 November is only included from 2024 on.
 * @example nationalHolidays(2026)[1] // { date: '2026-02-16', name: 'Carnaval (segunda-feira)', scope: 'optional' }
 */
export function nationalHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number, name: string): Holiday => ({
    date: civilDate(year, month, day),
    name,
    scope: 'national',
  });
  const movable = (offset: number, name: string, scope: Holiday['scope']): Holiday => ({
    date: addDays(easter, offset),
    name,
    scope,
  });
  const list: Holiday[] = [
    fixed(1, 1, 'Confraternização Universal'),
    movable(-48, 'Carnaval (segunda-feira)', 'optional'),
    movable(-47, 'Carnaval (terça-feira)', 'optional'),
    movable(-46, 'Quarta-feira de Cinzas', 'optional'),
    movable(-2, 'Sexta-feira Santa (Paixão de Cristo)', 'national'),
    fixed(4, 21, 'Tiradentes'),
    fixed(5, 1, 'Dia do Trabalho'),
    movable(60, 'Corpus Christi', 'optional'),
    fixed(9, 7, 'Independência do Brasil'),
    fixed(10, 12, 'Nossa Senhora Aparecida'),
    fixed(11, 2, 'Finados'),
    fixed(11, 15, 'Proclamação da República'),
    fixed(12, 25, 'Natal'),
  ];
  if (year >= CONSCIENCIA_NEGRA_SINCE)
    list.push(fixed(11, 20, 'Dia Nacional de Zumbi e da Consciência Negra'));
  return list.sort((x, y) => compareCivil(x.date, y.date));
}

/** Lowercase, no accents, single spaces: `'  São  Paulo'` → `'sao paulo'`. */
function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-_]+/g, ' ')
    .trim();
}

let statesCache: Record<string, string> | undefined;

function brazilianStates(): Record<string, string> {
  statesCache ??= new (HolidaysLib())().getStates('BR') ?? {};
  return statesCache;
}

/**
 * Resolves a UF and a city name to the `date-holidays` codes. Throws `RangeError` for an unknown UF; the
 * city matches a region's name or code ignoring case and accents, and is `null` when the data set does not
 * know it (then only state holidays apply).
 * @example resolveRegion('sp', 'sao paulo') // { state: 'SP', region: 'SP' }
 */
export function resolveRegion(state: string, city?: string | null): { state: string; region: string | null } {
  const uf = state.trim().toUpperCase();
  if (!Object.hasOwn(brazilianStates(), uf)) {
    throw new RangeError(`Unknown Brazilian state (UF): ${JSON.stringify(state)}`);
  }
  const wanted = city ? normalizeName(city) : '';
  if (!wanted) return { state: uf, region: null };
  const regions = new (HolidaysLib())().getRegions('BR', uf) ?? {};
  for (const [code, name] of Object.entries(regions)) {
    if (normalizeName(name) === wanted || normalizeName(code) === wanted) return { state: uf, region: code };
  }
  return { state: uf, region: null };
}

const instances = new Map<string, Holidays>();

/** Public holidays `date-holidays` lists for a place, as date → name (first name wins). */
function publicDays(year: number, state: string, region: string | null): Map<CivilDate, string> {
  const key = `${state}/${region ?? ''}`;
  let hd = instances.get(key);
  if (!hd) {
    hd = region ? new (HolidaysLib())('BR', state, region) : new (HolidaysLib())('BR', state);
    instances.set(key, hd);
  }
  const days = new Map<CivilDate, string>();
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    if (normalizeName(h.name).startsWith('dia de eleicao')) continue;
    const date = h.date.slice(0, 10);
    if (!days.has(date)) days.set(date, h.name);
  }
  return days;
}

/**
 * State holidays of `state` (a UF) and, when `date-holidays` knows `city`, its municipal holidays — only
 * public ones, without election days and without dates that are already a `national` holiday. A regional
 * holiday on a federal *ponto facultativo* is kept (e.g. Carnaval Tuesday in RJ, Corpus Christi in São
 * Paulo city): there it is a real holiday. Sorted by date. Throws `RangeError` for an unknown UF.
 * @example regionalHolidays(2026, 'RJ') // [{ date: '2026-02-17', name: 'Carnaval', scope: 'state' }, { date: '2026-04-23', name: 'Dia de São Jorge', scope: 'state' }]
 */
export function regionalHolidays(year: number, state: string, city?: string | null): Holiday[] {
  // Computing them through date-holidays costs ~2 ms; a year's list for a place never changes.
  const key = `${year}|${state}|${city ?? ''}`;
  let cached = regionalCache.get(key);
  if (!cached) {
    cached = computeRegionalHolidays(year, state, city);
    regionalCache.set(key, cached);
  }
  return cached.map((h) => ({ ...h }));
}

const regionalCache = new Map<string, Holiday[]>();

function computeRegionalHolidays(year: number, state: string, city?: string | null): Holiday[] {
  assertYear(year);
  const place = resolveRegion(state, city);
  const national = new Set(nationalHolidays(year).flatMap((h) => (h.scope === 'national' ? [h.date] : [])));
  const stateDays = publicDays(year, place.state, null);
  const placeDays = place.region ? publicDays(year, place.state, place.region) : stateDays;
  const result: Holiday[] = [];
  for (const [date, name] of placeDays) {
    if (national.has(date)) continue;
    result.push({ date, name, scope: stateDays.has(date) ? 'state' : 'municipal' });
  }
  return result.sort((x, y) => compareCivil(x.date, y.date));
}
