/** Brazilian display formats: money (BRL) and dates (`dd/mm/aaaa`). */

const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

const BRL = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/**
 * Formats an amount in cents as BRL, with a regular space after `R$` (Intl emits a non-breaking one).
 * @throws {RangeError} when `cents` is not a finite number.
 * @example formatMoneyBRL(123456) // 'R$ 1.234,56'
 * @example formatMoneyBRL(-100) // '-R$ 1,00'
 */
export function formatMoneyBRL(cents: number): string {
  if (!Number.isFinite(cents)) throw new RangeError(`Invalid amount in cents: ${cents}`);
  // `|| 0` turns -0 into 0, so a rounded -0.4 cents does not print as '-R$ 0,00'.
  const whole = Math.round(cents) || 0;
  return BRL.format(whole / 100).replace(/[\u00a0\u202f]/g, ' ');
}

const GROUPED_INTEGER = /^\d{1,3}(?:\.\d{3})+$/;

/**
 * Parses a BRL amount into cents, or `null` when it is not a recognisable amount.
 * A comma is the decimal separator (`1.234,56`); without a comma, dots in groups of three are thousands
 * separators (`1.234` → 123400) and a single dot followed by 1-2 digits is a decimal point (`1234.56`).
 * `R$` and a leading minus sign are optional.
 * @example parseMoneyBRL('R$ 1.234,56') // 123456
 */
export function parseMoneyBRL(input: string): number | null {
  let text = input.replace(/[\s\u00a0\u202f]/g, '');
  let negative = false;
  if (text.startsWith('-')) {
    negative = true;
    text = text.slice(1);
  }
  if (text.toUpperCase().startsWith('R$')) text = text.slice(2);
  if (!negative && text.startsWith('-')) {
    negative = true;
    text = text.slice(1);
  }

  let integer: string;
  let fraction = '';
  const comma = text.indexOf(',');
  if (comma !== -1) {
    integer = text.slice(0, comma);
    fraction = text.slice(comma + 1);
    if (!/^\d{1,2}$/.test(fraction)) return null;
    if (integer.includes('.')) {
      if (!GROUPED_INTEGER.test(integer)) return null;
      integer = integer.replace(/\./g, '');
    }
  } else if (GROUPED_INTEGER.test(text)) {
    integer = text.replace(/\./g, '');
  } else {
    const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
    if (!match) return null;
    integer = match[1]!;
    fraction = match[2] ?? '';
  }
  if (!/^\d+$/.test(integer)) return null;

  const cents = Number(integer) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return null;
  return negative ? -cents || 0 : cents;
}

const CIVIL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;

interface DateParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function isValidCivilDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('pt-BR', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Splits a date into wall-clock parts. A string without an offset (`2026-11-23`, `2026-11-23T14:30`) is a
 * civil date/time and is taken as is; a `Date` or a string with `Z`/offset is an instant shown in `timeZone`.
 */
function toParts(date: Date | string, timeZone: string): DateParts {
  if (typeof date === 'string') {
    const civil = CIVIL_DATE_TIME.exec(date.trim());
    if (civil) {
      const [, year, month, day, hour = '00', minute = '00'] = civil;
      if (
        !isValidCivilDate(Number(year), Number(month), Number(day)) ||
        Number(hour) > 23 ||
        Number(minute) > 59
      ) {
        throw new RangeError(`Invalid date: "${date}"`);
      }
      return { year: year!, month: month!, day: day!, hour, minute };
    }
  }
  const instant = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Invalid date: "${String(date)}"`);
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: (parts.year ?? '').padStart(4, '0'),
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

/**
 * Formats as `dd/mm/aaaa`. A `YYYY-MM-DD` string is a civil date and is not shifted; a `Date` (or an ISO
 * string with `Z`/offset) is shown in `timeZone`.
 * @throws {RangeError} for an invalid date or time zone.
 * @example formatDateBR('2026-11-23') // '23/11/2026'
 * @example formatDateBR(new Date('2026-11-23T02:00:00Z')) // '22/11/2026' (São Paulo is UTC-3)
 */
export function formatDateBR(date: Date | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { day, month, year } = toParts(date, timeZone);
  return `${day}/${month}/${year}`;
}

/**
 * Formats as `dd/mm/aaaa HH:mm` (24 h). Strings without an offset are civil wall-clock times and are not
 * shifted (`2026-11-23` → `23/11/2026 00:00`); instants are shown in `timeZone`.
 * @throws {RangeError} for an invalid date or time zone.
 * @example formatDateTimeBR(new Date('2026-11-23T17:30:00Z')) // '23/11/2026 14:30'
 */
export function formatDateTimeBR(date: Date | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const { day, month, year, hour, minute } = toParts(date, timeZone);
  return `${day}/${month}/${year} ${hour}:${minute}`;
}

/**
 * Parses `dd/mm/aaaa` (day and month may have one digit) into an ISO civil date, or `null` when the
 * date does not exist.
 * @example parseDateBR('23/11/2026') // '2026-11-23'
 * @example parseDateBR('31/02/2026') // null
 */
export function parseDateBR(input: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(input.trim());
  if (!match) return null;
  const [, day, month, year] = match;
  if (!isValidCivilDate(Number(year), Number(month), Number(day))) return null;
  return `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
}

/**
 * The twelve month names in a language, from Intl (pt-BR writes them in lower case, English capitalised);
 * `capitalised` starts each with a capital, as a pt-BR list or picker shows them.
 * @example monthNames('pt-BR')[2] // 'março'
 * @example monthNames('pt-BR', { capitalised: true })[2] // 'Março'
 */
export function monthNames(lang: 'pt-BR' | 'en', opts: { capitalised?: boolean } = {}): string[] {
  const format = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => {
    const name = format.format(new Date(Date.UTC(2000, i, 1)));
    return opts.capitalised ? name.charAt(0).toUpperCase() + name.slice(1) : name;
  });
}
