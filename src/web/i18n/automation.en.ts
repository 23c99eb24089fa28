import type { automationPtBR } from './automation.pt-BR.js';

/** Texts of the Automações screens in English; typed as the pt-BR ones, so a missing key is a type error. */
const unitsEn = {
  minutes: ['minute', 'minutes'],
  hours: ['hour', 'hours'],
  days: ['day', 'days'],
  business_days: ['business day', 'business days'],
} as const;

const count = (n: number, [one, many]: readonly [string, string]) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export const automationEn: typeof automationPtBR = {
  title: 'Automations',
  subtitle: 'Rules and triggers of each stage: what happens when an item enters it, and what moves it there.',
  pipeline: 'Pipeline',

  delayUnits: {
    minutes: 'Minutes',
    hours: 'Hours',
    days: 'Days',
    business_days: 'Business days',
  },
  words: {
    now: 'Immediately',
    after: (n, unit) => `After ${count(n, unitsEn[unit])}`,
    onField: (field) => `On ${field}`,
    beforeField: (n, business, field) =>
      `${count(n, business ? unitsEn.business_days : unitsEn.days)} before ${field}`,
    afterField: (n, business, field) =>
      `${count(n, business ? unitsEn.business_days : unitsEn.days)} after ${field}`,
    at: (time) => `at ${time}`,
    businessHours: 'within business hours',
    nowBusinessHours: 'Within business hours',
    always: 'Always',
    if: (text) => `If ${text}`,
    and: 'and',
    or: 'or',
    yes: 'yes',
    no: 'no',
    unknownField: (key) => `“${key}”`,
  },
  ops: {
    eq: { number: '=', date: 'on', other: 'is' },
    neq: { number: '≠', date: 'not on', other: 'is not' },
    lt: { number: '<', date: 'before' },
    lte: { number: '≤', date: 'on or before' },
    gt: { number: '>', date: 'after' },
    gte: { number: '≥', date: 'on or after' },
    contains: 'contains',
    not_contains: 'does not contain',
    in: 'is one of',
    not_in: 'is none of',
    empty: 'is empty',
    not_empty: 'is filled in',
    is_true: 'is yes',
    is_false: 'is no',
  },
  opLabels: {
    eq: 'equals',
    neq: 'does not equal',
    lt: 'is less than',
    lte: 'is at most',
    gt: 'is greater than',
    gte: 'is at least',
    contains: 'contains',
    not_contains: 'does not contain',
    in: 'is one of',
    not_in: 'is none of',
    empty: 'is empty',
    not_empty: 'is filled in',
    is_true: 'is yes',
    is_false: 'is no',
  },
  dateOpLabels: {
    eq: 'is on',
    neq: 'is not on',
    lt: 'is before',
    lte: 'is on or before',
    gt: 'is after',
    gte: 'is on or after',
  },
  conditionErrors: {
    operator: (op) =>
      `The condition uses the operator “${op}”, which the visual editor does not offer. Clear the condition to build another.`,
    unknown_field: (field) =>
      `The condition uses the field “${field}”, which this pipeline does not have. Clear the condition to build another.`,
    variable: (field) =>
      `The condition reads the variable “${field}” from an earlier rule, which the visual editor cannot show. Clear the condition to build another.`,
    shape: 'The condition has a shape the visual editor cannot show. Clear the condition to build another.',
    type: (field, op) =>
      `The condition compares “${field}” with “${op}” in a way that does not suit the field's type. Clear the condition to build another.`,
  },

  delay: 'When',
  delayKinds: { none: 'Immediately', after: 'After a while', field: 'Relative to a date' },
  amount: 'Amount',
  unit: 'Unit',
  dateField: 'Date field',
  days: 'Days',
  direction: 'Before or after',
  directions: { before: 'before', after: 'after' },
  businessDaysOnly: 'Count business days',
  atTime: 'Time',
  atTimeHint: 'Empty: at the start of the day.',
  businessHours: 'Only within business hours',
  businessHoursHint: "A time outside the office's hours waits for the next opening.",
  noDateFields: 'This pipeline has no date fields.',

  condition: 'Condition',
  conditionHint: 'The rule runs only if the condition is true when its turn comes.',
  noCondition: 'No condition: the rule always runs.',
  matchAll: 'All conditions (AND)',
  matchAny: 'Any condition (OR)',
  groupOp: 'Combine',
  addRow: 'Add condition',
  addGroup: 'Add group',
  removeRow: 'Remove condition',
  removeGroup: 'Remove group',
  clearCondition: 'Clear condition',
  field: 'Field',
  operator: 'Operator',
  value: 'Value',
  values: 'Values',
  liquidVariables: 'Variables',
  liquidHint: 'Click to add it to the text. The text uses Liquid: {{ item.title }}, {% if %}…{% endif %}.',
  jsonHint: 'In JSON.',
  invalidJson: 'Invalid JSON: check the braces, quotes and commas.',
  choose: 'Choose…',
  incompleteRow: 'Fill in the value of this condition.',
};
