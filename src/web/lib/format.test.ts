import { describe, expect, it } from 'vitest';
import { checkDocument, isValidCnpj, isValidCpf } from './documents.js';
import {
  formatCep,
  formatCnpj,
  formatCpf,
  formatDate,
  formatIsoDate,
  formatMoney,
  formatPhone,
  maskDocumentInput,
  maskPhoneInput,
  parseBrDate,
  phoneToE164,
} from './format.js';

describe('documents', () => {
  it('validates alphanumeric and numeric CNPJs', () => {
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('12ABC34501DE35')).toBe(true);
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('12.ABC.345/01DE-36')).toBe(false);
    expect(isValidCnpj('11.222.333/0001-82')).toBe(false);
    expect(isValidCnpj('00000000000000')).toBe(false);
    expect(isValidCnpj('12ABC34501DEA5')).toBe(false);
  });

  it('validates CPFs', () => {
    expect(isValidCpf('111.444.777-35')).toBe(true);
    expect(isValidCpf('111.444.777-36')).toBe(false);
    expect(isValidCpf('11111111111')).toBe(false);
  });

  it('classifies what was typed', () => {
    expect(checkDocument('')).toMatchObject({ problem: 'required' });
    expect(checkDocument('111.444.777-35')).toMatchObject({ kind: 'cpf', problem: null });
    expect(checkDocument('12.abc.345/01de-35')).toMatchObject({
      kind: 'cnpj',
      problem: null,
      bare: '12ABC34501DE35',
    });
    expect(checkDocument('12.ABC.345/01DE-36')).toMatchObject({ kind: 'cnpj', problem: 'cnpj_invalid' });
    expect(checkDocument('1234')).toMatchObject({ problem: 'incomplete' });
  });
});

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
