import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultsOf, fieldsOf, initialValues, type JsonSchema, toInput } from './schema-form.js';

const input = z.strictObject({
  templateKey: z.string().min(1).meta({ title: 'Modelo', channel: 'email' }),
  subject: z.string().max(200).nullish().describe('Assunto'),
  body: z.string().max(5000).optional(),
  to: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('client') }),
      z.strictObject({ kind: z.literal('user'), userId: z.string() }),
    ])
    .default({ kind: 'client' }),
  priority: z.enum(['low', 'high']).default('low'),
  days: z.number().int().min(1).max(30),
  urgent: z.boolean().default(false),
  amount: z.number().nullable(),
  owner: z.string().meta({ widget: 'user' }),
  headers: z.record(z.string(), z.string()).optional(),
});
const schema = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

describe("a rule's form from its action's JSON Schema", () => {
  it('picks a widget per property', () => {
    const fields = fieldsOf(schema);
    expect(fields.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['templateKey', 'template', true],
      ['subject', 'text', false],
      ['body', 'longText', false],
      ['to', 'variant', false],
      ['priority', 'select', false],
      ['days', 'number', true],
      ['urgent', 'boolean', false],
      ['amount', 'number', false],
      ['owner', 'user', true],
      ['headers', 'json', false],
    ]);
    expect(fields[0]).toMatchObject({ label: 'Modelo', channel: 'email' });
    expect(fields[1]).toMatchObject({ label: 'Subject', description: 'Assunto', nullable: true });
    expect(fields[2]).toMatchObject({ liquid: true, maxLength: 5000 });
    expect(fields[5]).toMatchObject({ integer: true, min: 1, max: 30 });
    const to = fields[3];
    expect(to?.kind === 'variant' && to.variants.map((v) => [v.value, v.fields.map((f) => f.kind)])).toEqual([
      ['client', []],
      ['user', ['user']],
    ]);
  });

  it('fills the form from the defaults and writes the input back', () => {
    const fields = fieldsOf(schema);
    const values = initialValues(fields, {}, defaultsOf(schema));
    expect(values).toMatchObject({
      to: { kind: 'client' },
      priority: 'low',
      urgent: false,
      days: '',
      body: '',
    });
    const filled = {
      ...values,
      templateKey: 'boas-vindas',
      days: 3,
      owner: 'u1',
      to: { kind: 'user', userId: 'u2' },
      headers: '{"X-A": "1"}',
    };
    expect(toInput(fields, filled)).toEqual({
      ok: true,
      input: {
        templateKey: 'boas-vindas',
        subject: null,
        to: { kind: 'user', userId: 'u2' },
        priority: 'low',
        days: 3,
        urgent: false,
        amount: null,
        owner: 'u1',
        headers: { 'X-A': '1' },
      },
    });
    const parsed = input.safeParse((toInput(fields, filled) as { input: unknown }).input);
    expect(parsed.success).toBe(true);
    expect(toInput(fields, { ...filled, headers: '{oops' })).toEqual({ ok: false, path: 'headers' });
  });

  it('reads a stored input back into the same values', () => {
    const fields = fieldsOf(schema);
    const stored = { templateKey: 'x', days: 2, to: { kind: 'user', userId: 'u9' }, urgent: true, amount: 5 };
    const values = initialValues(fields, stored, defaultsOf(schema));
    expect(values).toMatchObject({
      templateKey: 'x',
      days: 2,
      to: { kind: 'user', userId: 'u9' },
      urgent: true,
    });
    expect(toInput(fields, values)).toMatchObject({ ok: true, input: stored });
  });
});

describe('lists in a generated form', () => {
  it("offers the pipeline's fields, a multiple choice or tags", () => {
    const s = z.toJSONSchema(
      z.strictObject({
        fields: z.array(z.string()).min(1),
        channels: z.array(z.enum(['email', 'sms'])).optional(),
        tags: z.array(z.string()).optional(),
      }),
      { io: 'input' },
    ) as JsonSchema;
    const fields = fieldsOf(s);
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['fields', 'fields'],
      ['channels', 'multiSelect'],
      ['tags', 'tags'],
    ]);
    const values = initialValues(fields, { fields: ['value'] }, {});
    expect(values).toEqual({ fields: ['value'], channels: [], tags: [] });
    expect(toInput(fields, values)).toEqual({ ok: true, input: { fields: ['value'] } });
  });
});

describe('the specific widgets of the built-in actions', () => {
  it('types "Alterar campo" value as the chosen field, picks stages, and names the usual keys', () => {
    const setField = z.toJSONSchema(
      z.strictObject({
        field: z.string().min(1),
        value: z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
      }),
      { io: 'input' },
    ) as JsonSchema;
    const fields = fieldsOf(setField, { field: 'Campo', value: 'Valor' });
    expect(fields.map((f) => [f.key, f.kind, f.label])).toEqual([
      ['field', 'field', 'Campo'],
      ['value', 'fieldValue', 'Valor'],
    ]);
    expect(toInput(fields, initialValues(fields, {}, {}))).toEqual({
      ok: true,
      input: { value: null },
    });
    expect(toInput(fields, { field: 'value', value: 150000 })).toEqual({
      ok: true,
      input: { field: 'value', value: 150000 },
    });
    const move = fieldsOf(z.toJSONSchema(z.strictObject({ stageId: z.string() })) as JsonSchema);
    expect(move[0]?.kind).toBe('stage');
    const responsible = fieldsOf(
      z.toJSONSchema(z.strictObject({ userId: z.uuid().nullable() }), { io: 'input' }) as JsonSchema,
    );
    expect(responsible[0]).toMatchObject({ kind: 'user', nullable: true, label: 'User id' });
  });
});
