import { describe, expect, it } from 'vitest';
import { describeSpec, joinList } from './schedule-text.js';

describe('describeSpec', () => {
  it('describes recurrences in Portuguese', () => {
    expect(
      describeSpec({ type: 'monthly', day: { kind: 'business-day', n: 5 }, times: ['09:00'] }, 'pt-BR'),
    ).toBe('Todo 5º dia útil do mês às 09:00');
    expect(describeSpec({ type: 'weekly', weekdays: [3, 1], times: ['07:30'] }, 'pt-BR')).toBe(
      'Segundas e quartas às 07:30',
    );
    expect(describeSpec({ type: 'daily', times: ['14:00', '09:00'] }, 'pt-BR')).toBe(
      'Diariamente às 09:00 e 14:00',
    );
    expect(describeSpec({ type: 'cron', expression: '0 9 * * 1-5' }, 'pt-BR')).toBe('Cron: 0 9 * * 1-5');
    expect(describeSpec({ type: 'monthly', day: { kind: 'day', n: 10 }, times: ['08:00'] })).toBe(
      'Todo dia 10 do mês às 08:00',
    );
    expect(describeSpec({ type: 'monthly', day: { kind: 'last-business-day' }, times: ['18:00'] })).toBe(
      'Todo último dia útil do mês às 18:00',
    );
    expect(describeSpec({ type: 'yearly', month: 3, day: 31, times: ['09:00'] })).toBe(
      'Todo ano em 31 de março às 09:00',
    );
    expect(describeSpec({ type: 'once', date: '2027-01-15', time: '10:30' })).toBe(
      'Uma vez em 15/01/2027 às 10:30',
    );
    expect(describeSpec({ type: 'weekly', weekdays: [1, 2, 3, 4, 5], times: ['09:00'] })).toBe(
      'De segunda a sexta às 09:00',
    );
    expect(describeSpec({ type: 'weekly', weekdays: [7, 1, 2, 3, 4, 5, 6], times: ['06:00'] })).toBe(
      'Todos os dias às 06:00',
    );
    expect(describeSpec({ type: 'daily', times: ['08:00', '12:00', '18:00'] })).toBe(
      'Diariamente às 08:00, 12:00 e 18:00',
    );
  });

  it('adds the period and the non-business-day rule', () => {
    expect(
      describeSpec({
        type: 'monthly',
        day: { kind: 'day', n: 20 },
        times: ['09:00'],
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        nonBusinessDay: 'anticipate',
      }),
    ).toBe('Todo dia 20 do mês às 09:00, de 01/01/2027 a 31/12/2027, antecipa se não for dia útil');
    expect(
      describeSpec({ type: 'daily', times: ['09:00'], startDate: '2027-02-01', nonBusinessDay: 'skip' }),
    ).toBe('Diariamente às 09:00, a partir de 01/02/2027, pula dias não úteis');
    expect(describeSpec({ type: 'daily', times: ['09:00'], nonBusinessDay: 'keep' })).toBe(
      'Diariamente às 09:00',
    );
  });

  it('describes recurrences in English', () => {
    expect(
      describeSpec({ type: 'monthly', day: { kind: 'business-day', n: 5 }, times: ['09:00'] }, 'en'),
    ).toBe('Every 5th business day of the month at 09:00');
    expect(
      describeSpec({ type: 'monthly', day: { kind: 'business-day', n: 1 }, times: ['09:00'] }, 'en'),
    ).toBe('Every 1st business day of the month at 09:00');
    expect(
      describeSpec({ type: 'monthly', day: { kind: 'business-day', n: 22 }, times: ['09:00'] }, 'en'),
    ).toBe('Every 22nd business day of the month at 09:00');
    expect(describeSpec({ type: 'weekly', weekdays: [1, 3], times: ['07:30'] }, 'en')).toBe(
      'Mondays and Wednesdays at 07:30',
    );
    expect(describeSpec({ type: 'daily', times: ['09:00', '14:00'] }, 'en')).toBe('Daily at 09:00 and 14:00');
    expect(describeSpec({ type: 'yearly', month: 12, day: 1, times: ['09:00'] }, 'en')).toBe(
      'Every year on December 1 at 09:00',
    );
    expect(
      describeSpec({ type: 'cron', expression: ' 0  9 * * 1-5 ', nonBusinessDay: 'postpone' }, 'en'),
    ).toBe('Cron: 0 9 * * 1-5, postponed if not a business day');
  });

  it('joins lists', () => {
    expect(joinList([], 'e')).toBe('');
    expect(joinList(['a'], 'e')).toBe('a');
    expect(joinList(['a', 'b', 'c'], 'and')).toBe('a, b and c');
  });
});
