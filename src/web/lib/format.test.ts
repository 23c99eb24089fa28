import { describe, expect, it } from 'vitest';
import {
  addDays,
  civilToIso,
  formatAge,
  formatCep,
  formatCnpj,
  formatCpf,
  formatDate,
  formatDateTimeSeconds,
  formatDateTimeWeekday,
  formatDuration,
  formatIsoDate,
  formatMoney,
  formatPhone,
  humanize,
  maskDocumentInput,
  maskPhoneInput,
  parseBrDate,
  phoneToE164,
  todayIn,
} from './format.js';

describe('format', () => {
  it('formats documents', () => {
    expect(formatCnpj('12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatCpf('11144477735')).toBe('111.444.777-35');
    expect(maskDocumentInput('1114447773')).toBe('111.444.777-3');
    expect(maskDocumentInput('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(maskDocumentInput('111444777351')).toBe('11.144.477/7351');
  });

  it('formats phones', () => {
    expect(formatPhone('+5511987654321')).toBe('(11) 98765-4321');
    expect(formatPhone('+551133334444')).toBe('(11) 3333-4444');
    expect(formatPhone('+14155550100')).toBe('+14155550100');
    expect(maskPhoneInput('11987654321')).toBe('(11) 98765-4321');
    expect(maskPhoneInput('+55 11 98765-4321')).toBe('(11) 98765-4321');
    expect(phoneToE164('(11) 98765-4321')).toBe('+5511987654321');
    expect(phoneToE164('')).toBeNull();
    expect(phoneToE164('1234')).toBeUndefined();
  });

  it('formats money, CEP and dates', () => {
    expect(formatMoney(123456)).toBe('R$ 1.234,56');
    expect(formatMoney(5)).toBe('R$ 0,05');
    expect(formatMoney(-100000000)).toBe('-R$ 1.000.000,00');
    expect(formatCep('01310100')).toBe('01310-100');
    expect(formatDate('2025-03-04T15:00:00Z', 'America/Sao_Paulo')).toBe('04/03/2025');
    expect(formatIsoDate('1990-12-31')).toBe('31/12/1990');
    expect(parseBrDate('31/12/1990')).toBe('1990-12-31');
    expect(parseBrDate('31/02/1990')).toBeUndefined();
    expect(parseBrDate('')).toBeNull();
  });
});

describe('dates, times and durations', () => {
  const tz = 'America/Sao_Paulo';

  it('formats durations in words', () => {
    expect(formatDuration(16)).toBe('16 ms');
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration(72_000)).toBe('1 min 12 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe('2 d 3 h');
    expect(formatDuration(null)).toBe('—');
    expect(formatAge(3_400)).toBe('3 s');
    expect(formatAge(125_000)).toBe('2 min');
  });

  it('formats instants in the office time zone', () => {
    expect(
      formatDateTimeWeekday('2026-12-07T12:00:00.000Z', tz, [
        'seg',
        'ter',
        'qua',
        'qui',
        'sex',
        'sáb',
        'dom',
      ]),
    ).toBe('07/12/2026 (seg) 09:00');
    expect(formatDateTimeSeconds('2026-12-07T12:00:05.000Z', tz)).toBe('07/12/2026 09:00:05');
    expect(todayIn(tz, new Date('2026-12-08T02:00:00Z'))).toBe('2026-12-07');
  });

  it('turns a civil date and time into an instant', () => {
    expect(civilToIso('2026-12-07', '09:00', tz)).toBe('2026-12-07T12:00:00.000Z');
    expect(civilToIso('2026-07-01', '00:00', 'Europe/Lisbon')).toBe('2026-06-30T23:00:00.000Z');
    expect(civilToIso('2026-12-07', '', tz)).toBeNull();
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('humanize', () => {
  it('turns a camelCase, snake_case or kebab-case key into a label', () => {
    expect(humanize('templateKey')).toBe('Template key');
    expect(humanize('ultima_visita')).toBe('Ultima visita');
    expect(humanize('valor-total2Cents')).toBe('Valor total2 cents');
    expect(humanize('__')).toBe('__');
  });
});
