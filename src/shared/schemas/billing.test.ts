import { describe, expect, it } from 'vitest';
import { PIX_LIMITS } from '../br/pix.js';
import { bankAccountBody, pixSettingsBody } from './billing.js';
import { updateOfficeBody } from './platform.js';
import { errorsOf, maxLengthsOf } from './test-helpers.js';

const pix = {
  keyKind: 'cnpj',
  key: '11.222.333/0001-81',
  merchantName: 'Contábil Estrela',
  merchantCity: 'São Paulo',
};

describe('PIX settings schema', () => {
  it('takes a valid key for its kind', () => {
    expect(pixSettingsBody.safeParse(pix).success).toBe(true);
  });

  it('says why a key, a name or a city is refused, every field at once', () => {
    const e = errorsOf(pixSettingsBody, {
      ...pix,
      keyKind: 'cpf',
      key: '111.444.777-36',
      merchantName: 'Escritório de Contabilidade Estrela do Sul',
      merchantCity: '',
    });
    expect(e.key?.['pt-BR']).toMatch(/^Chave PIX inválida para o tipo escolhido\./);
    expect(e.key?.en).toMatch(/^Invalid PIX key for the chosen type\./);
    expect(e.merchantName).toEqual({
      'pt-BR': 'Use no máximo 25 caracteres.',
      en: 'Use at most 25 characters.',
    });
    expect(e.merchantCity).toEqual({ 'pt-BR': 'Campo obrigatório.', en: 'Required field.' });
  });

  it('reads a mobile number as a phone key only with its kind', () => {
    expect(errorsOf(pixSettingsBody, { ...pix, keyKind: 'phone', key: '(11) 3333-4444' }).key).toBeDefined();
    expect(pixSettingsBody.safeParse({ ...pix, keyKind: 'phone', key: '(11) 98765-4321' }).success).toBe(
      true,
    );
  });

  it('limits name and city to what a BR Code holds', () => {
    expect(maxLengthsOf(pixSettingsBody)).toMatchObject({
      merchantName: PIX_LIMITS.merchantName,
      merchantCity: PIX_LIMITS.merchantCity,
      key: 77,
    });
  });
});

const account = {
  bankCode: '341',
  label: 'Itaú principal',
  agency: '1234',
  account: '12345',
  carteira: '109',
};

describe('bank account schema', () => {
  it('takes an account and fills the defaults', () => {
    const parsed = bankAccountBody.parse({ ...account, accountDigit: 'x' });
    expect(parsed.accountDigit).toBe('X');
    expect(parsed.instructions).toEqual([]);
    expect(parsed.nextNossoNumero).toBe(1);
  });

  it('answers digits, check digits, lengths and instruction lines in plain words', () => {
    const e = errorsOf(bankAccountBody, {
      ...account,
      label: '',
      agency: '12a4',
      agencyDigit: 'Y',
      instructions: ['Não receber após o vencimento', 'x'.repeat(81)],
      fineBp: 2500,
    });
    expect(e.label).toEqual({ 'pt-BR': 'Campo obrigatório.', en: 'Required field.' });
    expect(e.agency).toEqual({ 'pt-BR': 'Use apenas dígitos.', en: 'Use digits only.' });
    expect(e.agencyDigit?.['pt-BR']).toMatch(/^Dígito verificador inválido/);
    expect(e['instructions.1']).toEqual({
      'pt-BR': 'Use no máximo 80 caracteres.',
      en: 'Use at most 80 characters.',
    });
    expect(e.fineBp).toEqual({ 'pt-BR': 'Informe no máximo 2.000.', en: 'Enter at most 2,000.' });
  });

  it('gives the counters their limits', () => {
    expect(maxLengthsOf(bankAccountBody)).toMatchObject({
      label: 80,
      agency: 5,
      account: 12,
      convenio: 10,
      variation: 3,
    });
  });
});

describe('office schema (Configurações → Escritório)', () => {
  it('gives the office form its limits and plain messages', () => {
    expect(maxLengthsOf(updateOfficeBody)).toMatchObject({ name: 160, cnpj: 20, city: 120 });
    const e = errorsOf(updateOfficeBody, { name: 'E', cnpj: '11222333000180', city: 'x'.repeat(121) });
    expect(e.name).toEqual({ 'pt-BR': 'Use pelo menos 2 caracteres.', en: 'Use at least 2 characters.' });
    expect(e.cnpj).toEqual({ 'pt-BR': 'CNPJ inválido.', en: 'Invalid CNPJ.' });
    expect(e.city).toEqual({ 'pt-BR': 'Use no máximo 120 caracteres.', en: 'Use at most 120 characters.' });
    expect(errorsOf(updateOfficeBody, { name: '' }).name).toEqual({
      'pt-BR': 'Campo obrigatório.',
      en: 'Required field.',
    });
    expect(errorsOf(updateOfficeBody, { clientClasses: ['A', 'x'.repeat(21)] })['clientClasses.1']?.en).toBe(
      'Use at most 20 characters.',
    );
  });
});
