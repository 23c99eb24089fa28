/**
 * FEBRABAN boleto maths, common to every bank (Especificações Técnicas para Confecção de Boleto de
 * Cobrança do Sistema Bancário / Layout Padrão FEBRABAN; Circular Bacen 3.598/2012). Pure: no I/O, no
 * clock.
 *
 * The 44-digit barcode (código de barras):
 *
 * | positions | size | content |
 * |---|---|---|
 * | 01–03 | 3 | bank code (FEBRABAN) |
 * | 04 | 1 | currency, `9` = real |
 * | 05 | 1 | general check digit: mod 11 (weights 2–9) of the other 43; 0, 10 and 11 become 1 |
 * | 06–09 | 4 | fator de vencimento |
 * | 10–19 | 10 | amount in cents |
 * | 20–44 | 25 | campo livre (each bank's own layout) |
 *
 * The 47-digit linha digitável regroups it in five fields: (1) bank, currency and campo livre 1–5 plus a
 * mod-10 digit; (2) campo livre 6–15 plus a mod-10 digit; (3) campo livre 16–25 plus a mod-10 digit;
 * (4) the general check digit; (5) fator de vencimento and amount.
 *
 * The fator de vencimento counts days from 07/10/1997 (fator 0; 03/07/2000 is 1000). It reached 9999 on
 * 21/02/2025 and restarted at 1000 on 22/02/2025 (FEBRABAN Comunicado "Fator de Vencimento", 2022): the
 * factor is `1000 + (days − 1000) mod 9000`, so a factor repeats every 9,000 days and a reader resolves it
 * against a reference date.
 */
import { addDays, type CivilDate, civilParts, parseCivilDate } from '../civil-date.js';

/**
 * Módulo 10 check digit: weights 2, 1, 2, 1… from the right, the digits of each product summed, then
 * `(10 − sum mod 10) mod 10`. `mod10('0019373700')` → `'9'`.
 */
export function mod10(digits: string): string {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const p = (digits.charCodeAt(i) - 48) * weight;
    sum += p > 9 ? p - 9 : p;
    weight = weight === 2 ? 1 : 2;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * The weighted sum of módulo 11: weights 2…`maxWeight` from the right, restarting at 2. Banks differ in
 * what they make of the remainder, so each takes `sum % 11` from here and applies its own rule.
 */
export function mod11Sum(digits: string, maxWeight = 9): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += (digits.charCodeAt(i) - 48) * weight;
    weight = weight === maxWeight ? 2 : weight + 1;
  }
  return sum;
}

/** The barcode's general check digit (position 5): `11 − (sum mod 11)`, with 0, 10 and 11 written as 1. */
export function barcodeCheckDigit(digits43: string): string {
  const dv = 11 - (mod11Sum(digits43) % 11);
  return dv === 0 || dv === 10 || dv === 11 ? '1' : String(dv);
}

const EPOCH: CivilDate = '1997-10-07';

function dayNumber(date: CivilDate): number {
  const { year, month, day } = civilParts(date);
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

const EPOCH_DAY = dayNumber(EPOCH);

/**
 * The fator de vencimento of a due date: `fatorVencimento('2025-02-21')` → `9999`,
 * `fatorVencimento('2025-02-22')` → `1000`. Throws `RangeError` before 03/07/2000 (fator 1000 of the
 * first cycle), where the factor is not defined.
 */
export function fatorVencimento(dueDate: CivilDate): number {
  const days = dayNumber(parseCivilDate(dueDate)) - EPOCH_DAY;
  if (days < 1000) throw new RangeError(`no fator de vencimento before 2000-07-03: ${dueDate}`);
  return 1000 + ((days - 1000) % 9000);
}

/**
 * The due date a factor stands for, in the cycle nearest to `reference` (a boleto is read within a few
 * years of its due date). `dueDateFromFator(1000, '2025-03-01')` → `'2025-02-22'`. Factor 0 means "no
 * due date" (à vista) and returns null.
 */
export function dueDateFromFator(fator: number, reference: CivilDate): CivilDate | null {
  if (fator === 0) return null;
  if (!Number.isInteger(fator) || fator < 1000 || fator > 9999) throw new RangeError(`bad fator: ${fator}`);
  const refDays = dayNumber(reference) - EPOCH_DAY;
  const cycle = Math.round((refDays - fator) / 9000);
  const days = fator + Math.max(0, cycle) * 9000;
  return addDays(EPOCH, days);
}

/** The parts that make a barcode. */
export interface BarcodeParts {
  bankCode: string;
  dueDate: CivilDate;
  amountCents: number;
  /** The bank's 25 digits. */
  campoLivre: string;
}

const MAX_AMOUNT = 9_999_999_999;

/** The 44-digit barcode. Throws `RangeError` on a campo livre that is not 25 digits or an amount out of range. */
export function buildBarcode(parts: BarcodeParts): string {
  if (!/^\d{3}$/.test(parts.bankCode)) throw new RangeError(`bank code must be 3 digits: ${parts.bankCode}`);
  if (!/^\d{25}$/.test(parts.campoLivre))
    throw new RangeError(`campo livre must be 25 digits: ${parts.campoLivre}`);
  if (!Number.isSafeInteger(parts.amountCents) || parts.amountCents < 0 || parts.amountCents > MAX_AMOUNT) {
    throw new RangeError(`amount out of range: ${parts.amountCents}`);
  }
  const fator = String(fatorVencimento(parts.dueDate)).padStart(4, '0');
  const amount = String(parts.amountCents).padStart(10, '0');
  const without = `${parts.bankCode}9${fator}${amount}${parts.campoLivre}`;
  return `${without.slice(0, 4)}${barcodeCheckDigit(without)}${without.slice(4)}`;
}

/** The 47-digit linha digitável of a 44-digit barcode (no punctuation). */
export function linhaDigitavel(barcode: string): string {
  if (!/^\d{44}$/.test(barcode)) throw new RangeError('barcode must be 44 digits');
  const f1 = barcode.slice(0, 4) + barcode.slice(19, 24);
  const f2 = barcode.slice(24, 34);
  const f3 = barcode.slice(34, 44);
  return `${f1}${mod10(f1)}${f2}${mod10(f2)}${f3}${mod10(f3)}${barcode[4]}${barcode.slice(5, 19)}`;
}

/** The linha digitável as printed: `00190.00009 02714.710013 06049.031172 4 99990000012345`. */
export function formatLinhaDigitavel(linha: string): string {
  const d = linha.replace(/\D/g, '');
  return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d[32]} ${d.slice(33)}`;
}

export type LinhaProblem =
  | 'length'
  | 'field1_check_digit'
  | 'field2_check_digit'
  | 'field3_check_digit'
  | 'general_check_digit'
  | 'currency';

/** A linha digitável read back: the barcode it stands for and its parts, or what is wrong with it. */
export type ParsedLinha =
  | {
      ok: true;
      barcode: string;
      bankCode: string;
      fator: number;
      amountCents: number;
      campoLivre: string;
    }
  | { ok: false; problem: LinhaProblem };

/**
 * Reads a linha digitável typed by a person (punctuation and spaces ignored), checking the three mod-10
 * digits and the barcode's general digit. `parseLinhaDigitavel('00190.00009 …')`.
 */
export function parseLinhaDigitavel(input: string): ParsedLinha {
  const d = input.replace(/[\s.-]/g, '');
  if (!/^\d{47}$/.test(d)) return { ok: false, problem: 'length' };
  const f1 = d.slice(0, 9);
  const f2 = d.slice(10, 20);
  const f3 = d.slice(21, 31);
  if (mod10(f1) !== d[9]) return { ok: false, problem: 'field1_check_digit' };
  if (mod10(f2) !== d[20]) return { ok: false, problem: 'field2_check_digit' };
  if (mod10(f3) !== d[31]) return { ok: false, problem: 'field3_check_digit' };
  if (d[3] !== '9') return { ok: false, problem: 'currency' };
  const barcode = `${f1.slice(0, 4)}${d[32]}${d.slice(33, 47)}${f1.slice(4)}${f2}${f3}`;
  if (barcodeCheckDigit(barcode.slice(0, 4) + barcode.slice(5)) !== barcode[4]) {
    return { ok: false, problem: 'general_check_digit' };
  }
  return {
    ok: true,
    barcode,
    bankCode: barcode.slice(0, 3),
    fator: Number(barcode.slice(5, 9)),
    amountCents: Number(barcode.slice(9, 19)),
    campoLivre: barcode.slice(19),
  };
}

/** Left-pads digits with zeros to `size`; throws `RangeError` if the value is longer or not digits. */
export function digits(value: string | number, size: number, what = 'value'): string {
  const s = String(value);
  if (!/^\d*$/.test(s)) throw new RangeError(`${what} must be digits: ${s}`);
  if (s.length > size) throw new RangeError(`${what} longer than ${size} digits: ${s}`);
  return s.padStart(size, '0');
}
