import { describe, expect, it } from 'vitest';
import { changedStages, columnDropId, moveRule } from './board-order.js';
import {
  type ConditionField,
  type ConditionGroup,
  emptyGroup,
  firstIncomplete,
  fromLogic,
  newRow,
  operatorsByType,
  toLogic,
  withOperator,
} from './condition-logic.js';
import { delayErrors, delayToForm, formToDelay, type RuleDelay } from './delay-form.js';
import { conditionErrorText, describeCondition, describeDelay } from './rule-words.js';

const fields: ConditionField[] = [
  { key: 'title', label: 'Título', type: 'text' },
  { key: 'value', label: 'Valor', type: 'money' },
  { key: 'quantity', label: 'Quantidade', type: 'number' },
  { key: 'dueDate', label: 'Vencimento', type: 'date' },
  { key: 'urgent', label: 'Urgente', type: 'boolean' },
  {
    key: 'origin',
    label: 'Origem',
    type: 'select',
    options: [
      { value: 'site', label: 'Site' },
      { value: 'loja', label: 'Loja' },
    ],
  },
  { key: 'responsibleId', label: 'Responsável', type: 'user' },
  { key: 'clientId', label: 'Cliente', type: 'client' },
];

const names = { user: (id: string) => ({ u1: 'Ana', u2: 'Bruno' })[id], client: () => 'ACME' };

/** Reads JSON Logic and writes it back: what the editor shows is what it saves. */
function roundTrip(logic: unknown) {
  const read = fromLogic(logic, fields);
  if (!read.ok) throw new Error(`refused: ${JSON.stringify(read.error)}`);
  return toLogic(read.tree, fields);
}

describe('condition editor ↔ JSON Logic', () => {
  it('writes every operator of every type and reads it back unchanged', () => {
    const rows = [];
    for (const field of fields) {
      for (const operator of operatorsByType[field.type]) {
        const value =
          operator === 'in' || operator === 'not_in'
            ? ['a', 'b']
            : ['empty', 'not_empty', 'is_true', 'is_false'].includes(operator)
              ? null
              : field.type === 'number' || field.type === 'money'
                ? 150000
                : field.type === 'date'
                  ? '2026-12-10'
                  : 'x';
        rows.push({ ...withOperator(newRow(field), operator), value });
      }
    }
    const tree: ConditionGroup = { ...emptyGroup('or'), children: rows };
    const logic = toLogic(tree, fields);
    expect(roundTrip(logic)).toEqual(logic);
    const read = fromLogic(logic, fields);
    expect(read.ok && read.tree.children.map((c) => c.kind === 'row' && [c.field, c.operator])).toEqual(
      rows.map((r) => [r.field, r.operator]),
    );
  });

  it('writes only the allowed operators, with the canonical forms', () => {
    const tree: ConditionGroup = {
      ...emptyGroup('and'),
      children: [
        { kind: 'row', id: '1', field: 'value', operator: 'gt', value: 100000 },
        {
          ...emptyGroup('or'),
          children: [
            { kind: 'row', id: '2', field: 'responsibleId', operator: 'eq', value: 'u1' },
            { kind: 'row', id: '3', field: 'dueDate', operator: 'empty', value: null },
            { kind: 'row', id: '4', field: 'title', operator: 'not_contains', value: 'teste' },
            { kind: 'row', id: '5', field: 'urgent', operator: 'is_false', value: null },
          ],
        },
        { ...emptyGroup('or'), children: [] },
      ],
    };
    expect(toLogic(tree, fields)).toEqual({
      and: [
        { '>': [{ var: 'item.value' }, 100000] },
        {
          or: [
            { '==': [{ var: 'item.responsibleId' }, 'u1'] },
            { '==': [{ var: 'item.dueDate' }, null] },
            { '!': { in: ['teste', { var: 'item.title' }] } },
            { '!': { var: 'item.urgent' } },
          ],
        },
      ],
    });
    expect(toLogic(emptyGroup(), fields)).toBeNull();
  });

  it('reads the other spellings people write: a bare row, a value first, == true, var as a list', () => {
    expect(roundTrip({ '<': [100000, { var: 'item.value' }] })).toEqual({
      and: [{ '>': [{ var: 'item.value' }, 100000] }],
    });
    expect(roundTrip({ '==': [{ var: ['item.urgent'] }, true] })).toEqual({
      and: [{ '!!': { var: 'item.urgent' } }],
    });
    expect(roundTrip({ '!=': [{ var: 'item.urgent' }, true] })).toEqual({
      and: [{ '!': { var: 'item.urgent' } }],
    });
    expect(roundTrip({ '!': [{ var: 'item.title' }] })).toEqual({ and: [{ '!': { var: 'item.title' } }] });
    expect(roundTrip(null)).toBeNull();
  });

  it('refuses what it cannot show, saying why', () => {
    expect(fromLogic({ '+': [1, 2] }, fields)).toEqual({
      ok: false,
      error: { code: 'operator', operator: '+' },
    });
    expect(fromLogic({ and: [{ '==': [{ var: 'item.color' }, 'red'] }] }, fields)).toEqual({
      ok: false,
      error: { code: 'unknown_field', field: 'color' },
    });
    expect(fromLogic({ '>': [{ var: 'vars.openInvoices.length' }, 0] }, fields)).toEqual({
      ok: false,
      error: { code: 'variable', field: 'vars.openInvoices.length' },
    });
    expect(fromLogic({ '>': [{ var: 'item.value' }, 'mil'] }, fields)).toMatchObject({
      ok: false,
      error: { code: 'type', field: 'Valor' },
    });
    expect(fromLogic({ '>': [{ var: 'item.urgent' }, 1] }, fields)).toMatchObject({
      ok: false,
      error: { code: 'type' },
    });
    expect(fromLogic({ '==': [1, 2] }, fields)).toEqual({ ok: false, error: { code: 'shape' } });
    expect(fromLogic({ '==': [{ var: 'item.value' }, 1], '>': [] }, fields)).toEqual({
      ok: false,
      error: { code: 'shape' },
    });
    expect(fromLogic({ in: [{ var: 'item.origin' }, 'site'] }, fields)).toMatchObject({ ok: false });
    const why = (logic: unknown, lang: 'pt-BR' | 'en') => {
      const read = fromLogic(logic, fields);
      return read.ok ? null : conditionErrorText(read.error, lang);
    };
    expect(why({ '+': [1, 2] }, 'pt-BR')).toContain('operador “+”');
    expect(why({ '==': [{ var: 'item.color' }, 1] }, 'en')).toContain(
      'the field “color”, which this pipeline does not have',
    );
    expect(describeCondition({ '+': [1, 2] }, fields, 'pt-BR')).toBe(
      'Com uma condição que o editor visual não mostra',
    );
  });

  it('keeps the value that still fits when the operator changes, and finds the rows left empty', () => {
    const row = { ...newRow(fields[5] as ConditionField), value: 'site' };
    expect(withOperator(row, 'in').value).toEqual(['site']);
    expect(withOperator(withOperator(row, 'in'), 'neq').value).toBe('site');
    expect(withOperator(row, 'empty').value).toBeNull();
    const tree = { ...emptyGroup(), children: [row, { ...newRow(fields[1] as ConditionField), id: 'x' }] };
    expect(firstIncomplete(tree)).toBe('x');
  });
});

describe('a card in words', () => {
  it('tells the delay in pt-BR and English', () => {
    const d = (delay: RuleDelay, lang: 'pt-BR' | 'en' = 'pt-BR') =>
      describeDelay(delay, lang, (k) => (k === 'dueDate' ? 'Vencimento' : undefined));
    expect(d({ kind: 'after', amount: 2, unit: 'business_days', businessHours: true })).toBe(
      'Após 2 dias úteis, em horário comercial',
    );
    expect(d({ kind: 'after', amount: 2, unit: 'business_days', businessHours: true }, 'en')).toBe(
      'After 2 business days, within business hours',
    );
    expect(d({ kind: 'after', amount: 1, unit: 'hours' })).toBe('Após 1 hora');
    expect(d({ kind: 'after', amount: 1500, unit: 'minutes' })).toBe('Após 1.500 minutos');
    expect(d({ kind: 'none' })).toBe('Imediatamente');
    expect(d({ kind: 'none', businessHours: true }, 'en')).toBe('Within business hours');
    expect(d({ kind: 'field', field: 'dueDate', offsetDays: -3, businessDays: false, time: '09:00' })).toBe(
      '3 dias antes de Vencimento às 09:00',
    );
    expect(d({ kind: 'field', field: 'dueDate', offsetDays: 1, businessDays: true, time: null }, 'en')).toBe(
      '1 business day after Vencimento',
    );
    expect(d({ kind: 'field', field: 'dueDate', offsetDays: 0, businessDays: false, time: null })).toBe(
      'No dia de Vencimento',
    );
    expect(d({ kind: 'field', field: 'gone', offsetDays: 0, businessDays: false, time: null })).toBe(
      'No dia de “gone”',
    );
  });

  it('tells the condition with money, names, dates and choices', () => {
    const logic = {
      and: [{ '>': [{ var: 'item.value' }, 100000] }, { '==': [{ var: 'item.responsibleId' }, 'u1'] }],
    };
    expect(describeCondition(logic, fields, 'pt-BR', names)).toBe(
      'Se Valor > R$ 1.000,00 e Responsável é Ana',
    );
    expect(describeCondition(logic, fields, 'en', names)).toBe(
      'If Valor > R$ 1.000,00 and Responsável is Ana',
    );
    expect(
      describeCondition(
        {
          or: [
            { '<': [{ var: 'item.dueDate' }, '2026-12-10'] },
            { and: [{ in: [{ var: 'item.origin' }, ['site', 'loja']] }, { '!!': { var: 'item.urgent' } }] },
          ],
        },
        fields,
        'pt-BR',
      ),
    ).toBe('Se Vencimento antes de 10/12/2026 ou (Origem é um de Site ou Loja e Urgente é sim)');
    expect(describeCondition({ in: ['urgente', { var: 'item.title' }] }, fields, 'en')).toBe(
      'If Título contains “urgente”',
    );
    expect(describeCondition(null, fields)).toBeNull();
  });
});

describe('delay editor ↔ ruleDelay', () => {
  it('converts both ways', () => {
    const delays: RuleDelay[] = [
      { kind: 'none', businessHours: false },
      { kind: 'after', amount: 2, unit: 'business_days', businessHours: true },
      {
        kind: 'field',
        field: 'dueDate',
        offsetDays: -3,
        businessDays: true,
        time: '09:00',
        businessHours: false,
      },
      {
        kind: 'field',
        field: 'dueDate',
        offsetDays: 5,
        businessDays: false,
        time: null,
        businessHours: true,
      },
    ];
    for (const delay of delays) expect(formToDelay(delayToForm(delay))).toEqual(delay);
    expect(delayToForm(null).kind).toBe('none');
  });

  it("checks with the server's schema: the range, the amount, the date field, the time", () => {
    const form = delayToForm({ kind: 'after', amount: 300, unit: 'business_days' });
    expect(delayErrors(form)).toEqual({
      amount:
        'Espera longa demais: use no máximo um ano (525.600 minutos, 8.760 horas, 365 dias ou 250 dias úteis).',
    });
    expect(delayErrors({ ...form, unit: 'days' })).toEqual({});
    expect(Object.keys(delayErrors({ ...form, amount: '' }))).toEqual(['amount']);
    expect(Object.keys(delayErrors({ ...form, amount: 0 }))).toEqual(['amount']);
    const field = delayToForm({
      kind: 'field',
      field: 'dueDate',
      offsetDays: 1,
      businessDays: false,
      time: null,
    });
    expect(delayErrors(field)).toEqual({});
    expect(Object.keys(delayErrors({ ...field, field: null }))).toEqual(['field']);
    expect(Object.keys(delayErrors({ ...field, days: 400 }))).toEqual(['days']);
    expect(Object.keys(delayErrors({ ...field, at: '25:00' }))).toEqual(['at']);
  });
});

describe('dragging rules on the board', () => {
  const order = [
    { stageId: 'new', ruleIds: ['a', 'b', 'c'] },
    { stageId: 'done', ruleIds: ['d'] },
    { stageId: 'empty', ruleIds: [] },
  ];
  it('reorders within a stage and moves between stages', () => {
    expect(moveRule(order, 'a', 'c')?.[0]?.ruleIds).toEqual(['b', 'c', 'a']);
    expect(moveRule(order, 'c', 'a')?.[0]?.ruleIds).toEqual(['c', 'a', 'b']);
    const moved = moveRule(order, 'b', 'd');
    expect(moved).toEqual([
      { stageId: 'new', ruleIds: ['a', 'c'] },
      { stageId: 'done', ruleIds: ['b', 'd'] },
      { stageId: 'empty', ruleIds: [] },
    ]);
    expect(moved && changedStages(order, moved).map((s) => s.stageId)).toEqual(['new', 'done']);
    expect(moveRule(order, 'd', columnDropId('empty'))?.[2]?.ruleIds).toEqual(['d']);
    expect(moveRule(order, 'a', columnDropId('new'))?.[0]?.ruleIds).toEqual(['b', 'c', 'a']);
  });
  it('changes nothing when dropped where it was or on nothing', () => {
    expect(moveRule(order, 'a', 'a')).toBeNull();
    expect(moveRule(order, 'c', columnDropId('new'))).toBeNull();
    expect(moveRule(order, 'a', 'zzz')).toBeNull();
    expect(order[0]?.ruleIds).toEqual(['a', 'b', 'c']);
  });
});
