/**
 * Display formatters and input masks for Brazilian data. The interface always shows Brazilian
 * formats (dd/mm/aaaa, R$ 1.234,56), whichever language is chosen.
 */

const EMPTY = '—';

/** Keeps digits only. */
export function onlyDigits(input: string): string {
  return input.replace(/\D/g, '');
}

/** Upper-cases and keeps 0-9 and A-Z: the bare form of a CNPJ (alphanumeric since 2026) or CPF. */
export function normalizeDocument(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Applies a mask where `#` is one source character; stops at the end of the source (progressive). */
function applyMask(source: string, mask: string): string {
  let out = '';
  let i = 0;
  for (const m of mask) {
    if (i >= source.length) break;
    if (m === '#') {
      out += source[i];
      i += 1;
    } else {
      out += m;
    }
  }
  return out;
}

const CNPJ_MASK = '##.###.###/####-##';
const CPF_MASK = '###.###.###-##';

/** `12ABC34501DE35` → `12.ABC.345/01DE-35`. Anything that is not 14 characters is returned as given. */
export function formatCnpj(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const bare = normalizeDocument(value);
  return bare.length === 14 ? applyMask(bare, CNPJ_MASK) : value;
}

/** `11144477735` → `111.444.777-35`. Anything that is not 11 digits is returned as given. */
export function formatCpf(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const bare = onlyDigits(value);
  return bare.length === 11 ? applyMask(bare, CPF_MASK) : value;
}

/** Formats a bare CNPJ or CPF; the kind is taken from the length when not given. */
export function formatDocument(value: string | null | undefined, kind?: 'cnpj' | 'cpf'): string {
  if (!value) return EMPTY;
  const k = kind ?? (normalizeDocument(value).length === 11 ? 'cpf' : 'cnpj');
  return k === 'cpf' ? formatCpf(value) : formatCnpj(value);
}

/**
 * Progressive mask for a field that takes either a CPF or a CNPJ: up to 11 digits it is shown as a
 * CPF; with a letter or a 12th character it becomes a CNPJ.
 */
export function maskDocumentInput(input: string): string {
  const bare = normalizeDocument(input).slice(0, 14);
  const isCpf = bare.length <= 11 && /^\d*$/.test(bare);
  return applyMask(bare, isCpf ? CPF_MASK : CNPJ_MASK);
}

/** Progressive mask for a field that only takes a CNPJ. */
export function maskCnpjInput(input: string): string {
  return applyMask(normalizeDocument(input).slice(0, 14), CNPJ_MASK);
}

/** `01310100` → `01310-100`. */
export function formatCep(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const bare = onlyDigits(value);
  return bare.length === 8 ? applyMask(bare, '#####-###') : value;
}

export function maskCepInput(input: string): string {
  return applyMask(onlyDigits(input).slice(0, 8), '#####-###');
}

/** National number (DDD + subscriber, 10 or 11 digits) → `(11) 98765-4321` / `(11) 3333-4444`, progressive. */
function maskNational(digits: string): string {
  if (digits.length <= 10) return applyMask(digits, '(##) ####-####');
  return applyMask(digits, '(##) #####-####');
}

/** `+5511987654321` → `(11) 98765-4321`. Foreign numbers are shown as stored. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return EMPTY;
  const m = /^\+55(\d{10,11})$/.exec(e164);
  if (!m?.[1]) return e164;
  return maskNational(m[1]);
}

/** Progressive mask for a Brazilian phone typed in national form. */
export function maskPhoneInput(input: string): string {
  let digits = onlyDigits(input);
  if (input.trim().startsWith('+55') || (digits.startsWith('55') && digits.length > 11)) {
    digits = digits.slice(2);
  }
  return maskNational(digits.slice(0, 11));
}

/**
 * Converts what the user typed to E.164 (`+55` + DDD + number), or `null` when empty. Returns
 * `undefined` when the input is not a plausible Brazilian number (10 or 11 digits).
 */
export function phoneToE164(input: string): string | null | undefined {
  let digits = onlyDigits(input);
  if (digits.length === 0) return null;
  if (digits.startsWith('55') && (digits.length === 12 || digits.length === 13)) digits = digits.slice(2);
  if (digits.length !== 10 && digits.length !== 11) return undefined;
  return `+55${digits}`;
}

/**
 * Money in cents → `R$ 1.234,56` (negative: `-R$ 1.234,56`). Built by hand so the output does not
 * depend on the browser's ICU data.
 */
export function formatMoney(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || Number.isNaN(cents)) return EMPTY;
  const negative = cents < 0;
  const abs = Math.round(Math.abs(cents));
  const reais = Math.floor(abs / 100).toString();
  const centavos = (abs % 100).toString().padStart(2, '0');
  const grouped = reais.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}R$ ${grouped},${centavos}`;
}

function partsOf(date: Date, timeZone: string | undefined, withTime: boolean): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('pt-BR', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  });
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(date)) parts[p.type] = p.value;
  return parts;
}

function safeTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('pt-BR', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** ISO timestamp → `23/11/2025` in the given time zone (the office's). */
export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return EMPTY;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = partsOf(date, safeTimeZone(timeZone), false);
  return `${p.day}/${p.month}/${p.year}`;
}

/** ISO timestamp → `23/11/2025 14:03` in the given time zone (the office's). */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return EMPTY;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = partsOf(date, safeTimeZone(timeZone), true);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Calendar date `YYYY-MM-DD` → `dd/mm/aaaa` (no time-zone shift). */
export function formatIsoDate(value: string | null | undefined): string {
  if (!value) return EMPTY;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

export function maskDateInput(input: string): string {
  return applyMask(onlyDigits(input).slice(0, 8), '##/##/####');
}

/** `dd/mm/aaaa` → `YYYY-MM-DD`, `null` when empty, `undefined` when not a real calendar date. */
export function parseBrDate(input: string): string | null | undefined {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(trimmed);
  if (!m) return undefined;
  const [, dd, mm, yyyy] = m;
  const day = Number(dd);
  const month = Number(mm);
  const year = Number(yyyy);
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${yyyy}-${mm}-${dd}`;
}

/**
 * A readable name for a key no label knows: `templateKey`, `ultima_visita` → `Template key`, `Ultima visita`
 * (the key itself when it holds no word).
 */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}

/** Initials for an avatar: "Maria da Silva" → "MS". */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 2 || /^[A-ZÀ-Ý]/.test(w));
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/** A moment's civil fields in a time zone; `weekday` is ISO (1 = Monday … 7 = Sunday). */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function zonedParts(date: Date, timeZone?: string): ZonedParts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: safeTimeZone(timeZone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  });
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(date)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAY_INDEX[p.weekday ?? ''] ?? 1,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * ISO timestamp → `23/11/2025 (dom) 14:03` in the given time zone; `weekdays` are the short names,
 * Monday first.
 */
export function formatDateTimeWeekday(
  iso: string | null | undefined,
  timeZone: string | undefined,
  weekdays: readonly string[],
): string {
  if (!iso) return EMPTY;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = zonedParts(date, timeZone);
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year} (${weekdays[p.weekday - 1] ?? ''}) ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** ISO timestamp → `23/11/2025 14:03:27` in the given time zone. */
export function formatDateTimeSeconds(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return EMPTY;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = zonedParts(date, timeZone);
  return `${pad2(p.day)}/${pad2(p.month)}/${p.year} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** Today's calendar date `YYYY-MM-DD` in a time zone. */
export function todayIn(timeZone?: string, now: Date = new Date()): string {
  const p = zonedParts(now, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** The wall-clock time `HH:mm` in a time zone. */
export function clockIn(timeZone?: string, now: Date = new Date()): string {
  const p = zonedParts(now, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}

/**
 * The instant of a civil date and time (`YYYY-MM-DD`, `HH:mm`) in a time zone, as an ISO string;
 * `null` when either is malformed. A time inside a daylight-saving gap moves forward by the gap.
 */
export function civilToIso(date: string, time: string, timeZone?: string): string | null {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dm || !tm) return null;
  const wanted = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]));
  if (Number.isNaN(wanted)) return null;
  const offsetAt = (instant: number) => {
    const p = zonedParts(new Date(instant), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - instant;
  };
  // Two passes settle the offset except inside a DST gap, where the later offset wins.
  let instant = wanted - offsetAt(wanted);
  instant = wanted - offsetAt(instant);
  return new Date(instant).toISOString();
}

/** A duration in words: `16 ms`, `12 s`, `1 min 12 s`, `2 h 5 min`, `3 d 4 h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms) || ms < 0) return EMPTY;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const total = Math.round(ms / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const join = (a: string, b: string) => (b.startsWith('0 ') ? a : `${a} ${b}`);
  if (days > 0) return join(`${days} d`, `${hours} h`);
  if (hours > 0) return join(`${hours} h`, `${minutes} min`);
  if (minutes > 0) return join(`${minutes} min`, `${seconds} s`);
  return `${seconds} s`;
}

/** How long ago, coarsely: `3 s`, `2 min`, `1 h`, `4 d` (the dictionary adds "há" / "ago"). */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}
