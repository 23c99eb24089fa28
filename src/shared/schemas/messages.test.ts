import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClientBody } from './clients.js';
import { text, timeOfDay } from './fields.js';
import { fieldMessages, localizeIssue, msg } from './messages.js';
import { issuesOf } from './test-helpers.js';

const messageOf = (schema: z.ZodType, value: unknown) => issuesOf(schema, value)[0]!.message;

describe('the shared error map', () => {
  it.each([
    [z.string().max(3), 'abcd', 'Use no máximo 3 caracteres.', 'Use at most 3 characters.'],
    [z.array(z.number()).max(2), [1, 2, 3], 'Escolha no máximo 2 itens.', 'Choose at most 2 items.'],
    [z.number().lt(10), 10, 'Informe um valor menor que 10.', 'Enter a value below 10.'],
    [z.number().max(10_000), 10_001, 'Informe no máximo 10.000.', 'Enter at most 10,000.'],
    [z.string().min(3), 'ab', 'Use pelo menos 3 caracteres.', 'Use at least 3 characters.'],
    [z.array(z.number()).min(2), [1], 'Escolha pelo menos 2 itens.', 'Choose at least 2 items.'],
    [z.array(z.number()).min(1), [], 'Escolha pelo menos um item.', 'Choose at least one item.'],
    [z.number().gt(0), 0, 'Informe um valor maior que 0.', 'Enter a value above 0.'],
    [z.number().min(5), 4, 'Informe no mínimo 5.', 'Enter at least 5.'],
    [z.number().multipleOf(5), 7, 'Informe um múltiplo de 5.', 'Enter a multiple of 5.'],
  ])('tells a size limit in words: %#', (schema, value, pt, en) => {
    expect(messageOf(schema, value)).toEqual({ 'pt-BR': pt, en });
  });

  it('says a time must look like 08:30, never showing the pattern, for an empty or a wrong time', () => {
    for (const bad of ['', '8h', '24:00', '12:60']) {
      expect(messageOf(timeOfDay, bad)).toEqual({
        'pt-BR': 'Informe um horário no formato 08:30.',
        en: 'Enter a time in the format 08:30.',
      });
    }
    expect(timeOfDay.safeParse('08:30').success).toBe(true);
  });

  it('states a length limit in characters, with the number as people write it', () => {
    expect(messageOf(text(200), 'x'.repeat(201))).toEqual({
      'pt-BR': 'Use no máximo 200 caracteres.',
      en: 'Use at most 200 characters.',
    });
    expect(messageOf(z.string().max(20_000), 'x'.repeat(20_001))).toEqual({
      'pt-BR': 'Use no máximo 20.000 caracteres.',
      en: 'Use at most 20,000 characters.',
    });
    expect(messageOf(text(120).min(2), 'A')).toEqual({
      'pt-BR': 'Use pelo menos 2 caracteres.',
      en: 'Use at least 2 characters.',
    });
  });

  it('calls an empty, missing or null value required', () => {
    const name = z.object({ name: text(120).min(2) });
    for (const value of [{ name: '' }, { name: '   ' }, {}, { name: null }]) {
      expect(issuesOf(name, value)).toEqual([
        { field: 'name', code: expect.any(String), message: fieldMessages.required },
      ]);
    }
  });

  it('never answers with zod’s own wording or a regular expression', () => {
    const schemas: [z.ZodType, unknown][] = [
      [z.string().regex(/^[A-Z]{3}$/), 'abc'],
      [z.number().int().max(10), 11],
      [z.number().int(), 1.5],
      [z.array(z.string()).max(2), ['a', 'b', 'c']],
      [z.array(z.string()).min(1), []],
      [z.enum(['a', 'b']), 'c'],
      [z.boolean(), 'sim'],
      [z.uuid(), 'not-a-uuid'],
      [z.email(), 'nope'],
      [z.iso.date(), '2026-02-30'],
      [z.string(), 12],
      [z.number().multipleOf(0.25), 0.3],
    ];
    for (const [schema, value] of schemas) {
      const { 'pt-BR': pt, en } = messageOf(schema, value);
      for (const text of [pt, en]) {
        expect(text).not.toMatch(
          /[\\^$]|esperava|expected|Grande demais|Too big|Invalid input|Entrada inválida/,
        );
        expect(text).toMatch(/\.$/);
      }
    }
    expect(messageOf(z.boolean(), 'sim')['pt-BR']).toBe('Escolha sim ou não.');
    expect(messageOf(z.enum(['a', 'b']), 'c').en).toBe('Choose one of the options.');
    expect(messageOf(z.uuid(), 'x')['pt-BR']).toBe('Escolha um item da lista.');
    expect(messageOf(z.number().max(10), 11)['pt-BR']).toBe('Informe no máximo 10.');
  });

  it('uses the message a schema names with msg(), for refinements and patterns alike', () => {
    const refined = z.string().refine(() => false, msg('invalid_tax_id'));
    expect(issuesOf(refined, 'x')).toEqual([
      { field: '', code: 'invalid_tax_id', message: fieldMessages.invalid_tax_id },
    ]);
    const pattern = z.string().regex(/^\d{4}-\d{2}$/, msg('invalid_period'));
    expect(messageOf(pattern, '11/2026')['pt-BR']).toBe('Informe a competência no formato 2026-11.');
  });

  it('names each field of a request body with its own message, unknown fields included', () => {
    const issues = issuesOf(createClientBody, {
      legalName: 'x'.repeat(201),
      document: '123',
      cep: '00000-000',
      extra: true,
    });
    expect(issues.map((i) => [i.field, i.message['pt-BR']])).toEqual([
      ['legalName', 'Use no máximo 200 caracteres.'],
      ['document', 'CNPJ ou CPF inválido.'],
      ['cep', 'CEP inválido. Use 8 dígitos, por exemplo 01310-100.'],
      ['extra', 'Campo desconhecido.'],
    ]);
  });

  it('localizes a bare issue too (what the server reads from a failed parse)', () => {
    const r = z.string().max(3).safeParse('abcd');
    expect(r.success).toBe(false);
    if (!r.success) expect(localizeIssue(r.error.issues[0]!).en).toBe('Use at most 3 characters.');
  });
});
