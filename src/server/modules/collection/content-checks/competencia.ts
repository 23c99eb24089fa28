import { monthNames } from '../../../../shared/br/index.js';
import type { Lang } from '../../../http/i18n.js';

/** A competência (`YYYY-MM`) and civil dates as the client reads them. */

const names: Record<Lang, string[]> = { 'pt-BR': monthNames('pt-BR'), en: monthNames('en') };

const COMPETENCIA = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first and last civil day of a competência. @throws {RangeError} when not `YYYY-MM`. */
export function monthRange(competencia: string): { first: string; last: string } {
  const m = COMPETENCIA.exec(competencia);
  if (!m) throw new RangeError(`competência must be YYYY-MM, got "${competencia}"`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { first: `${m[1]}-${m[2]}-01`, last: `${m[1]}-${m[2]}-${String(days).padStart(2, '0')}` };
}

/** @example monthLabel('2026-03', 'pt-BR') // 'março de 2026'; monthLabel('2026-03', 'en') // 'March 2026' */
export function monthLabel(competencia: string, lang: Lang): string {
  const [year, month] = competencia.split('-');
  const name = names[lang][Number(month) - 1] ?? competencia;
  return lang === 'pt-BR' ? `${name} de ${year}` : `${name} ${year}`;
}

/** @example dateLabel('2026-03-15', 'pt-BR') // '15/03/2026'; dateLabel('2026-03-15', 'en') // 'March 15, 2026' */
export function dateLabel(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-');
  if (lang === 'pt-BR') return `${d}/${m}/${y}`;
  return `${names.en[Number(m) - 1]} ${Number(d)}, ${y}`;
}

/** Days from `a` to `b` (civil dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
