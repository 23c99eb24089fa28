import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configIssues, describeConfig, say, secretFields } from './config-fields.js';

const label = (pt: string) => ({ 'pt-BR': pt, en: pt });

describe('describeConfig', () => {
  const schema = z.object({
    days: z
      .array(z.number().int().min(1).max(365))
      .min(1)
      .default([30, 15])
      .meta({ label: label('Dias antes') }),
    mode: z
      .enum(['a', 'b'])
      .default('a')
      .meta({ optionLabels: { a: label('Opção A') } }),
    toClass: z.string().meta({ source: 'classes' }),
    on: z.boolean().default(true),
    token: z.string().nullable().default(null).meta({ secret: true }),
    file: z.object({ ref: z.string() }).nullable().default(null).meta({ widget: 'file' }),
    rules: z
      .array(
        z.object({
          value: z
            .number()
            .nullable()
            .default(null)
            .meta({ visibleWhen: { field: 'op', in: ['>='] } }),
          op: z.enum(['>=', '<']),
        }),
      )
      .default([]),
    anything: z.record(z.string(), z.unknown()).default({}),
  });

  it('describes each field as the form renders it', () => {
    const fields = describeConfig(schema);
    expect(fields.map((f) => [f.name, f.type])).toEqual([
      ['days', 'numberList'],
      ['mode', 'enum'],
      ['toClass', 'select'],
      ['on', 'boolean'],
      ['token', 'string'],
      ['file', 'file'],
      ['rules', 'list'],
      ['anything', 'json'],
    ]);
    expect(fields[0]).toMatchObject({
      label: label('Dias antes'),
      default: [30, 15],
      minItems: 1,
      min: 1,
      max: 365,
      integer: true,
      required: false,
    });
    expect(fields[1]!.options).toEqual([
      { value: 'a', label: label('Opção A') },
      { value: 'b', label: { 'pt-BR': 'b', en: 'b' } },
    ]);
    expect(fields[2]).toMatchObject({ source: 'classes', required: true, label: { 'pt-BR': 'toClass' } });
    expect(fields[4]).toMatchObject({ secret: true, nullable: true });
    expect(fields[6]!.fields!.map((f) => [f.name, f.type, f.visibleWhen])).toEqual([
      ['value', 'number', { field: 'op', in: ['>='] }],
      ['op', 'enum', undefined],
    ]);
    expect(secretFields(schema)).toEqual(['token']);
  });

  it('has no fields for a config that is not an object', () => {
    expect(describeConfig(z.string())).toEqual([]);
  });

  it('keeps say() messages in both languages and localises the others', () => {
    const s = z.object({
      url: z
        .string()
        .nullable()
        .refine((v) => v !== null, say('Informe a URL.', 'Enter the URL.')),
      n: z.number().min(1),
    });
    const r = s.safeParse({ url: null, n: 0 }, { reportInput: true });
    const issues = configIssues(r.error!.issues);
    expect(issues[0]).toEqual({
      field: 'config.url',
      code: 'invalid',
      message: { 'pt-BR': 'Informe a URL.', en: 'Enter the URL.' },
    });
    expect(issues[1]!.field).toBe('config.n');
    expect(issues[1]!.message['pt-BR']).not.toBe(issues[1]!.message.en);
  });
});
