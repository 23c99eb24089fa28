import { describe, expect, it } from 'vitest';
import { formatCep, isValidCep, normalizeCep } from './cep.js';
import { formatCnpj, isValidCnpj, normalizeCnpj } from './cnpj.js';
import { formatCpf, isValidCpf, normalizeCpf } from './cpf.js';
import { formatTaxId, parseTaxId, type TaxId } from './document.js';
import { formatMoneyBRL, parseDateBR, parseMoneyBRL } from './format.js';
import { formatPhoneBR, normalizePhoneBR } from './phone.js';

/**
 * The contract every Brazilian form field meets, one table a field: what is typed is normalised to what is
 * stored, valid input is told from invalid, and what is stored is formatted for display (input that cannot be
 * formatted is returned unchanged). The rules particular to one field (check digits, generators, the DDD
 * list, time zones) are tested in that field's own file.
 */
interface Field<Stored, Formatted = Stored> {
  normalize: (typed: string) => Stored | null;
  normalizes: [typed: string, stored: Stored][];
  isValid: (typed: string) => boolean;
  accepts: string[];
  rejects: [why: string, typed: string][];
  format?: (stored: Formatted) => string;
  formats?: [stored: Formatted, shown: string][];
  unchanged?: Formatted[];
}

function describeField<Stored, Formatted = Stored>(name: string, field: Field<Stored, Formatted>): void {
  describe(name, () => {
    it.each(field.normalizes)('normalises %j', (typed, stored) => {
      expect(field.normalize(typed)).toEqual(stored);
    });

    it.each(field.accepts)('accepts %j', (typed) => {
      expect(field.isValid(typed)).toBe(true);
    });

    it.each(field.rejects)('rejects %s: %j', (_why, typed) => {
      expect(field.isValid(typed)).toBe(false);
    });

    const { format } = field;
    if (!format) return;
    it.each(field.formats ?? [])('formats %j as %j', (stored, shown) => {
      expect(format(stored)).toBe(shown);
    });

    it.each(field.unchanged ?? [])('returns %j, which it cannot format, unchanged', (stored) => {
      expect(format(stored)).toBe(stored);
    });
  });
}

describeField('CPF', {
  normalize: normalizeCpf,
  normalizes: [
    ['111.444.777-35', '11144477735'],
    [' 529 982 247 25 ', '52998224725'],
  ],
  isValid: isValidCpf,
  accepts: ['111.444.777-35', '11144477735', '529.982.247-25', '52998224725'],
  rejects: [
    ['wrong first check digit', '111.444.777-45'],
    ['wrong second check digit', '111.444.777-36'],
    ['repeated digits', '11111111111'],
    ['too short', '1114447773'],
    ['too long', '111444777350'],
    ['letters', '111.444.77A-35'],
    ['empty', ''],
  ],
  format: formatCpf,
  formats: [
    ['11144477735', '111.444.777-35'],
    ['529.982.247-25', '529.982.247-25'],
  ],
  unchanged: ['1234', '1114447773X'],
});

describeField('CNPJ', {
  normalize: normalizeCnpj,
  normalizes: [
    ['12.abc.345/01de-35', '12ABC34501DE35'],
    [' 11 222 333 / 0001 - 81 ', '11222333000181'],
  ],
  isValid: isValidCnpj,
  accepts: [
    '11.222.333/0001-81',
    '11222333000181',
    '12.ABC.345/01DE-35',
    '12ABC34501DE35',
    '12.abc.345/01de-35',
    '12abc34501de35',
  ],
  rejects: [
    ['wrong check digit (numeric)', '11.222.333/0001-82'],
    ['wrong check digit (alphanumeric)', '12.ABC.345/01DE-36'],
    ['swapped check digits', '12.ABC.345/01DE-53'],
    ['letters in check digits', '12.ABC.345/01DE-3A'],
    ['a letter as the last check digit', '12ABC34501DEA5'],
    ['all zeros', '00000000000000'],
    ['too short', '1122233300018'],
    ['too long', '112223330001811'],
    ['illegal character', '12.ABC.345/01D#-35'],
    ['empty', ''],
  ],
  format: formatCnpj,
  formats: [
    ['11222333000181', '11.222.333/0001-81'],
    ['12abc34501de35', '12.ABC.345/01DE-35'],
    ['12.ABC.345/01DE-35', '12.ABC.345/01DE-35'],
  ],
  unchanged: ['123', '12ABC34501DEXY'],
});

// A tax id is stored as its bare value; formatTaxId formats any string by its length.
describeField<TaxId, string>('CPF or CNPJ, by length', {
  normalize: parseTaxId,
  normalizes: [
    ['111.444.777-35', { kind: 'cpf', value: '11144477735' }],
    ['52998224725', { kind: 'cpf', value: '52998224725' }],
    ['11.222.333/0001-81', { kind: 'cnpj', value: '11222333000181' }],
    ['12.abc.345/01de-35', { kind: 'cnpj', value: '12ABC34501DE35' }],
  ],
  isValid: (typed) => parseTaxId(typed) !== null,
  accepts: ['111.444.777-35', '52998224725', '11.222.333/0001-81', '12.abc.345/01de-35'],
  rejects: [
    ['invalid CPF', '111.444.777-36'],
    ['repeated-digit CPF', '111.111.111-11'],
    ['invalid CNPJ', '11.222.333/0001-82'],
    ['invalid alphanumeric CNPJ', '12.ABC.345/01DE-36'],
    ['11 chars with a letter', '1114447773A'],
    ['12 digits', '111444777351'],
    ['empty', ''],
  ],
  format: formatTaxId,
  formats: [
    ['11144477735', '111.444.777-35'],
    ['11222333000181', '11.222.333/0001-81'],
    ['12abc34501de35', '12.ABC.345/01DE-35'],
    ['111.444.777-35', '111.444.777-35'],
  ],
  unchanged: ['12345', '1114447773A', ''],
});

describeField('CEP', {
  normalize: normalizeCep,
  normalizes: [
    ['01310-100', '01310100'],
    [' 01.310-100 ', '01310100'],
  ],
  isValid: isValidCep,
  accepts: ['01310-100', '01310100', '20040-020', '01.310-100'],
  rejects: [
    ['all zeros', '00000-000'],
    ['all zeros, bare', '00000000'],
    ['7 digits', '0131010'],
    ['9 digits', '013101000'],
    ['a letter', '01310-10A'],
    ['empty', ''],
  ],
  format: formatCep,
  formats: [
    ['01310100', '01310-100'],
    ['01310-100', '01310-100'],
  ],
  unchanged: ['1234'],
});

describeField('phone (E.164)', {
  normalize: normalizePhoneBR,
  normalizes: [
    ['(11) 98765-4321', '+5511987654321'],
    ['11 3333-4444', '+551133334444'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['+55 (11) 3333-4444', '+551133334444'],
    ['5511987654321', '+5511987654321'],
    ['551133334444', '+551133334444'],
    ['011 98765 4321', '+5511987654321'],
    ['0 15 11 98765-4321', '+5511987654321'],
    ['11987654321', '+5511987654321'],
    ['  (21) 2345.6789 ', '+552123456789'],
    ['(55) 3222-1234', '+555532221234'],
    ['55 99876-5432', '+5555998765432'],
  ],
  isValid: (typed) => normalizePhoneBR(typed) !== null,
  accepts: ['(11) 98765-4321', '11 3333-4444', '+55 11 98765-4321'],
  rejects: [
    ['DDD 20', '(20) 98765-4321'],
    ['DDD 23', '(23) 3333-4444'],
    ['DDD 10', '(10) 98765-4321'],
    ['DDD 00', '00 98765 4321'],
    ['mobile without the 9', '(11) 8765-4321'],
    ['mobile with 10 digits', '(11) 998765-4321'],
    ['9-digit number not starting with 9', '(11) 88765-4321'],
    ['landline starting with 1', '(11) 1333-4444'],
    ['landline starting with 6', '(11) 6333-4444'],
    ['too short', '11 3333-444'],
    ['too long', '11 3333-44445'],
    ['foreign country code', '+1 212 555 0100'],
    ['+55 with wrong length', '+55 11 98765-432'],
    ['letters', '(11) 9876A-4321'],
    ['stray plus', '11 +98765-4321'],
    ['empty', ''],
  ],
  format: formatPhoneBR,
  formats: [
    ['+5511987654321', '(11) 98765-4321'],
    ['+551133334444', '(11) 3333-4444'],
    // Any form normalizePhoneBR accepts.
    ['011 98765 4321', '(11) 98765-4321'],
  ],
  unchanged: ['+5520987654321', 'not a phone'],
});

describeField('money (cents)', {
  normalize: parseMoneyBRL,
  normalizes: [
    ['R$ 1.234,56', 123456],
    ['R$1.234,56', 123456],
    ['R$\u00a01.234,56', 123456],
    ['1234,56', 123456],
    ['1234.56', 123456],
    ['1.234', 123400],
    ['1.234.567,89', 123456789],
    ['1.234.567', 123456700],
    ['0,05', 5],
    ['0', 0],
    ['5', 500],
    ['1,5', 150],
    ['1.5', 150],
    ['12.34', 1234],
    ['-R$ 1,00', -100],
    ['R$ -1,00', -100],
    ['-1234.56', -123456],
    [' r$ 10,00 ', 1000],
    ['-0,00', 0],
  ],
  isValid: (typed) => parseMoneyBRL(typed) !== null,
  accepts: ['R$ 1.234,56', '0,05', '-1234.56'],
  rejects: [
    ['empty', ''],
    ['no digits', 'R$'],
    ['letters', 'abc'],
    ['two decimal commas', '1,234,56'],
    ['a comma as thousands separator', '1,234'],
    ['dots in the wrong places', '12.34.56'],
    ['a short thousands group', '1.23,45'],
    ['two dots in a row', '1..234'],
    ['no integer part', ',50'],
    ['a comma and no decimals', '1,'],
    ['a dot and no decimals', '1.'],
    ['two minus signs', '--1'],
    ['a trailing minus', '1-'],
    ['an exponent', '1e3'],
    ['too large', '99999999999999999999'],
  ],
  format: formatMoneyBRL,
  formats: [
    [0, 'R$ 0,00'],
    [5, 'R$ 0,05'],
    [100, 'R$ 1,00'],
    [123456, 'R$ 1.234,56'],
    [123456789, 'R$ 1.234.567,89'],
    [-100, '-R$ 1,00'],
    [-123456, '-R$ 1.234,56'],
  ],
});

describeField('date (dd/mm/aaaa)', {
  normalize: parseDateBR,
  normalizes: [
    ['23/11/2026', '2026-11-23'],
    ['01/01/2000', '2000-01-01'],
    ['1/2/2026', '2026-02-01'],
    [' 31/12/2026 ', '2026-12-31'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2000', '2000-02-29'],
  ],
  isValid: (typed) => parseDateBR(typed) !== null,
  accepts: ['23/11/2026', '29/02/2024'],
  rejects: [
    ['31 February', '31/02/2026'],
    ['30 February of a leap year', '30/02/2024'],
    ['29 February of a common year', '29/02/2026'],
    ['29 February 1900 (not a leap year)', '29/02/1900'],
    ['31 April', '31/04/2026'],
    ['day 0', '00/01/2026'],
    ['month 0', '01/00/2026'],
    ['month 13', '01/13/2026'],
    ['day 32', '32/01/2026'],
    ['a two-digit year', '23/11/26'],
    ['ISO order', '2026-11-23'],
    ['dashes', '23-11-2026'],
    ['a time after it', '23/11/2026 10:00'],
    ['empty', ''],
  ],
});
