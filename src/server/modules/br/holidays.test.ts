import { describe, expect, it } from 'vitest';
import { easterSunday, type Holiday, nationalHolidays, regionalHolidays, resolveRegion } from './holidays.js';

const KNOWN_EASTERS = [
  '2000-04-23',
  '2001-04-15',
  '2002-03-31',
  '2003-04-20',
  '2004-04-11',
  '2005-03-27',
  '2006-04-16',
  '2007-04-08',
  '2008-03-23',
  '2009-04-12',
  '2010-04-04',
  '2011-04-24',
  '2012-04-08',
  '2013-03-31',
  '2014-04-20',
  '2015-04-05',
  '2016-03-27',
  '2017-04-16',
  '2018-04-01',
  '2019-04-21',
  '2020-04-12',
  '2021-04-04',
  '2022-04-17',
  '2023-04-09',
  '2024-03-31',
  '2025-04-20',
  '2026-04-05',
  '2027-03-28',
  '2028-04-16',
  '2029-04-01',
  '2030-04-21',
  '2031-04-13',
  '2032-03-28',
  '2033-04-17',
  '2034-04-09',
  '2035-03-25',
];

const brief = (list: Holiday[]) => list.map((h) => `${h.date} ${h.scope}`);

describe('easterSunday', () => {
  it.each(KNOWN_EASTERS)('%s', (date) => {
    expect(easterSunday(Number(date.slice(0, 4)))).toBe(date);
  });

  it('rejects non-Gregorian or fractional years', () => {
    expect(() => easterSunday(1500)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

describe('nationalHolidays', () => {
  it('2026 matches the official list', () => {
    expect(brief(nationalHolidays(2026))).toEqual([
      '2026-01-01 national',
      '2026-02-16 optional',
      '2026-02-17 optional',
      '2026-02-18 optional',
      '2026-04-03 national',
      '2026-04-21 national',
      '2026-05-01 national',
      '2026-06-04 optional',
      '2026-09-07 national',
      '2026-10-12 national',
      '2026-11-02 national',
      '2026-11-15 national',
      '2026-11-20 national',
      '2026-12-25 national',
    ]);
  });

  it('2027 matches the official list', () => {
    expect(brief(nationalHolidays(2027))).toEqual([
      '2027-01-01 national',
      '2027-02-08 optional',
      '2027-02-09 optional',
      '2027-02-10 optional',
      '2027-03-26 national',
      '2027-04-21 national',
      '2027-05-01 national',
      '2027-05-27 optional',
      '2027-09-07 national',
      '2027-10-12 national',
      '2027-11-02 national',
      '2027-11-15 national',
      '2027-11-20 national',
      '2027-12-25 national',
    ]);
  });

  it('names the days', () => {
    const names = new Map(nationalHolidays(2026).map((h) => [h.date, h.name]));
    expect(names.get('2026-01-01')).toBe('Confraternização Universal');
    expect(names.get('2026-04-03')).toBe('Sexta-feira Santa (Paixão de Cristo)');
    expect(names.get('2026-04-21')).toBe('Tiradentes');
    expect(names.get('2026-06-04')).toBe('Corpus Christi');
    expect(names.get('2026-02-18')).toBe('Quarta-feira de Cinzas');
    expect(names.get('2026-11-20')).toBe('Dia Nacional de Zumbi e da Consciência Negra');
  });

  it('has 20 November only from 2024 on (Lei 14.759/2023)', () => {
    expect(nationalHolidays(2023).some((h) => h.date === '2023-11-20')).toBe(false);
    expect(nationalHolidays(2024).find((h) => h.date === '2024-11-20')?.scope).toBe('national');
  });

  it('is sorted by date in every year', () => {
    for (let year = 2000; year <= 2060; year++) {
      const dates = nationalHolidays(year).map((h) => h.date);
      expect(dates).toEqual([...dates].sort());
    }
  });
});

describe('resolveRegion', () => {
  it('matches city names ignoring case and accents', () => {
    expect(resolveRegion('sp', 'sao paulo')).toEqual({ state: 'SP', region: 'SP' });
    expect(resolveRegion('MG', 'BELO HORIZONTE')).toEqual({ state: 'MG', region: 'BH' });
    expect(resolveRegion('GO', 'goiania')).toEqual({ state: 'GO', region: 'GOIANIA' });
    expect(resolveRegion('RJ', ' Rio de Janeiro ')).toEqual({ state: 'RJ', region: 'RJ' });
  });

  it('gives no region for cities the data set does not know', () => {
    expect(resolveRegion('SP', 'Campinas')).toEqual({ state: 'SP', region: null });
    expect(resolveRegion('SP', null)).toEqual({ state: 'SP', region: null });
  });

  it('rejects unknown states', () => {
    expect(() => resolveRegion('XX')).toThrow(RangeError);
  });
});

describe('regionalHolidays', () => {
  const find = (list: Holiday[], date: string) => list.find((h) => h.date === date);

  it('SP state: Revolução Constitucionalista on 9 July', () => {
    const sp = regionalHolidays(2026, 'SP');
    expect(find(sp, '2026-07-09')).toEqual({
      date: '2026-07-09',
      name: 'Revolução Constitucionalista',
      scope: 'state',
    });
  });

  it('RJ state: São Jorge on 23 April and Carnaval Tuesday', () => {
    const rj = regionalHolidays(2026, 'RJ');
    expect(find(rj, '2026-04-23')).toMatchObject({ name: 'Dia de São Jorge', scope: 'state' });
    expect(find(rj, '2026-02-17')).toMatchObject({ scope: 'state' });
  });

  it('São Paulo city: anniversary on 25 January and Corpus Christi as municipal holidays', () => {
    const city = regionalHolidays(2026, 'SP', 'São Paulo');
    expect(find(city, '2026-01-25')).toEqual({
      date: '2026-01-25',
      name: 'Aniversário da Cidade',
      scope: 'municipal',
    });
    expect(find(city, '2026-06-04')).toMatchObject({ scope: 'municipal' });
    expect(find(city, '2026-07-09')).toMatchObject({ scope: 'state' });
  });

  it('other capitals the data set knows', () => {
    expect(find(regionalHolidays(2026, 'RJ', 'Rio de Janeiro'), '2026-01-20')).toMatchObject({
      name: 'Dia de São Sebastião',
      scope: 'municipal',
    });
    const bh = regionalHolidays(2026, 'MG', 'Belo Horizonte');
    expect(find(bh, '2026-08-15')).toMatchObject({ scope: 'municipal' });
    expect(find(bh, '2026-12-08')).toMatchObject({ scope: 'municipal' });
    expect(find(regionalHolidays(2026, 'PR', 'Curitiba'), '2026-09-08')).toMatchObject({
      scope: 'municipal',
    });
    expect(find(regionalHolidays(2026, 'PE', 'Recife'), '2026-07-16')).toMatchObject({ scope: 'municipal' });
  });

  it('an unknown city gets the state holidays only', () => {
    expect(regionalHolidays(2026, 'SP', 'Campinas')).toEqual(regionalHolidays(2026, 'SP'));
  });

  it('drops national holidays, election days and non-public days', () => {
    for (const [state, city] of [
      ['SP', 'São Paulo'],
      ['RJ', 'Rio de Janeiro'],
      ['MG', null],
      ['BA', null],
    ]) {
      const list = regionalHolidays(2026, state as string, city);
      const national = new Set(
        nationalHolidays(2026)
          .filter((h) => h.scope === 'national')
          .map((h) => h.date),
      );
      expect(list.filter((h) => national.has(h.date))).toEqual([]);
      expect(list.filter((h) => /elei/i.test(h.name))).toEqual([]);
      expect(find(list, '2026-10-04')).toBeUndefined();
      expect(find(list, '2026-10-25')).toBeUndefined();
      expect(find(list, '2026-06-12')).toBeUndefined(); // Dia dos Namorados: observance only
      const dates = list.map((h) => h.date);
      expect(dates).toEqual([...dates].sort());
    }
  });

  it('rejects unknown states', () => {
    expect(() => regionalHolidays(2026, 'ZZ')).toThrow(RangeError);
  });
});
