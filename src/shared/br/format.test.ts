import { describe, expect, it } from 'vitest';
import { formatDateBR, formatDateTimeBR, formatMoneyBRL, monthNames, parseMoneyBRL } from './format.js';

describe('formatMoneyBRL', () => {
  it('uses a regular space, never a non-breaking one', () => {
    expect(formatMoneyBRL(123456)).not.toMatch(/[\u00a0\u202f]/);
  });

  it('rounds fractional cents and never prints negative zero', () => {
    expect(formatMoneyBRL(99.6)).toBe('R$ 1,00');
    expect(formatMoneyBRL(-0)).toBe('R$ 0,00');
    expect(formatMoneyBRL(-0.4)).toBe('R$ 0,00');
  });

  it('throws on non-finite amounts', () => {
    expect(() => formatMoneyBRL(Number.NaN)).toThrow(RangeError);
    expect(() => formatMoneyBRL(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('round-trips through parseMoneyBRL', () => {
    for (const cents of [0, 5, 100, 123456, 123456789, -100, -123456789]) {
      expect(parseMoneyBRL(formatMoneyBRL(cents))).toBe(cents);
    }
  });
});

describe('formatDateBR', () => {
  it('formats a YYYY-MM-DD string as a civil date, with no time-zone shift', () => {
    expect(formatDateBR('2026-11-23')).toBe('23/11/2026');
    expect(formatDateBR('2026-01-01', 'Pacific/Kiritimati')).toBe('01/01/2026');
    expect(formatDateBR('2026-01-01', 'Pacific/Pago_Pago')).toBe('01/01/2026');
  });

  it('formats instants in the given time zone (São Paulo by default)', () => {
    const instant = new Date('2026-11-23T02:00:00Z');
    expect(formatDateBR(instant)).toBe('22/11/2026');
    expect(formatDateBR(instant, 'UTC')).toBe('23/11/2026');
    expect(formatDateBR('2026-11-23T02:00:00Z')).toBe('22/11/2026');
    expect(formatDateBR('2026-11-23T02:00:00-03:00')).toBe('23/11/2026');
  });

  it('throws on invalid dates', () => {
    expect(() => formatDateBR('2026-02-31')).toThrow(RangeError);
    expect(() => formatDateBR('not a date')).toThrow(RangeError);
    expect(() => formatDateBR(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('formatDateTimeBR', () => {
  it('formats instants in São Paulo by default, 24-hour clock', () => {
    expect(formatDateTimeBR(new Date('2026-11-23T17:30:00Z'))).toBe('23/11/2026 14:30');
    expect(formatDateTimeBR(new Date('2026-11-23T03:05:00Z'))).toBe('23/11/2026 00:05');
    expect(formatDateTimeBR(new Date('2026-11-23T02:59:00Z'))).toBe('22/11/2026 23:59');
  });

  it('honours the time zone argument', () => {
    expect(formatDateTimeBR(new Date('2026-11-23T17:30:00Z'), 'UTC')).toBe('23/11/2026 17:30');
    expect(formatDateTimeBR(new Date('2026-11-23T17:30:00Z'), 'America/Manaus')).toBe('23/11/2026 13:30');
  });

  it('treats strings without an offset as civil wall-clock time', () => {
    expect(formatDateTimeBR('2026-11-23')).toBe('23/11/2026 00:00');
    expect(formatDateTimeBR('2026-11-23T14:30')).toBe('23/11/2026 14:30');
    expect(formatDateTimeBR('2026-11-23 14:30:15', 'UTC')).toBe('23/11/2026 14:30');
  });

  it('throws on invalid dates and times', () => {
    expect(() => formatDateTimeBR('2026-11-23T24:00')).toThrow(RangeError);
    expect(() => formatDateTimeBR('2026-13-01')).toThrow(RangeError);
    expect(() => formatDateTimeBR(new Date('2026-11-23T17:30:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('monthNames', () => {
  it('names the months from Intl, in lower case in pt-BR unless capitalised', () => {
    expect(monthNames('pt-BR')).toEqual([
      'janeiro',
      'fevereiro',
      'março',
      'abril',
      'maio',
      'junho',
      'julho',
      'agosto',
      'setembro',
      'outubro',
      'novembro',
      'dezembro',
    ]);
    expect(monthNames('pt-BR', { capitalised: true })[2]).toBe('Março');
    expect(monthNames('en')[0]).toBe('January');
    expect(monthNames('en')[11]).toBe('December');
  });
});
