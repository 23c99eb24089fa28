import { describe, expect, it } from 'vitest';
import { ruleDefinition, ruleDelay, triggerDefinition } from './automation.js';
import { localizeIssue } from './messages.js';

describe('automation definitions', () => {
  it('fills a rule’s defaults: in sequence, at once, always', () => {
    const rule = ruleDefinition.parse({ action: 'messaging.sms', input: { template: 'x' } });
    expect(rule).toEqual({
      name: null,
      action: 'messaging.sms',
      input: { template: 'x' },
      mode: 'sequence',
      delay: { kind: 'none' },
      condition: null,
    });
    expect(triggerDefinition.parse({ kind: 'invoice.paid' })).toEqual({
      kind: 'invoice.paid',
      config: {},
      allowBack: false,
      enabled: true,
    });
  });

  it('refuses a delay longer than a year, in words', () => {
    const r = ruleDelay.safeParse({ kind: 'after', amount: 251, unit: 'business_days' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['amount']);
    expect(localizeIssue(r.error!.issues[0]!)['pt-BR']).toContain('um ano');
    expect(ruleDelay.safeParse({ kind: 'after', amount: 250, unit: 'business_days' }).success).toBe(true);
  });

  it('takes a delay relative to a date field, with business hours', () => {
    expect(
      ruleDelay.parse({
        kind: 'field',
        field: 'dueDate',
        offsetDays: -2,
        businessDays: true,
        businessHours: true,
      }),
    ).toEqual({
      kind: 'field',
      field: 'dueDate',
      offsetDays: -2,
      businessDays: true,
      time: null,
      businessHours: true,
    });
    expect(ruleDelay.safeParse({ kind: 'field', field: 'dueDate', offsetDays: 400 }).success).toBe(false);
  });
});
