import { describe, expect, it } from 'vitest';
import type { TicketSla } from '../../api/tickets.js';
import { formatFileSize, missedTarget, reaisToCents, ticketAmountCents } from './ticket-rules.js';

describe('formatFileSize', () => {
  it('shows bytes, then KB/MB with a decimal comma', () => {
    expect(formatFileSize(0)).toBe('0 B');
    expect(formatFileSize(1023)).toBe('1023 B');
    expect(formatFileSize(1024)).toBe('1 KB');
    expect(formatFileSize(1536)).toBe('1,5 KB');
    expect(formatFileSize(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatFileSize(2.25 * 1024 * 1024)).toBe('2,3 MB');
  });
});

describe('reaisToCents', () => {
  it('reads numbers and Brazilian text, and nothing from empty or junk', () => {
    expect(reaisToCents(900)).toBe(90000);
    expect(reaisToCents(0.1 + 0.2)).toBe(30);
    expect(reaisToCents('1.234,56')).toBe(123456);
    expect(reaisToCents('15')).toBe(1500);
    expect(reaisToCents('')).toBeNull();
    expect(reaisToCents(null)).toBeNull();
    expect(reaisToCents('abc')).toBeNull();
  });
});

describe('missedTarget', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  const sla = (over: Partial<TicketSla>): TicketSla => ({
    firstResponseDueAt: null,
    resolutionDueAt: null,
    firstRespondedAt: null,
    paused: false,
    overdue: true,
    ...over,
  });

  it.each([
    {
      name: 'names the unanswered first response when it is the one past',
      over: { firstResponseDueAt: '2026-03-10T09:00:00Z', resolutionDueAt: '2026-03-12T09:00:00Z' },
      missed: '2026-03-10T09:00:00Z',
    },
    {
      name: 'ignores an answered first response and names the resolution',
      over: {
        firstResponseDueAt: '2026-03-09T09:00:00Z',
        firstRespondedAt: '2026-03-09T08:00:00Z',
        resolutionDueAt: '2026-03-10T11:00:00Z',
      },
      missed: '2026-03-10T11:00:00Z',
    },
    {
      name: 'names the earlier of two missed targets',
      over: { firstResponseDueAt: '2026-03-09T10:00:00Z', resolutionDueAt: '2026-03-08T10:00:00Z' },
      missed: '2026-03-08T10:00:00Z',
    },
  ])('$name', ({ over, missed }) => {
    expect(missedTarget(sla(over), now)).toBe(missed);
  });

  it('falls back to the resolution target, or null without targets', () => {
    expect(missedTarget(sla({ resolutionDueAt: '2026-03-20T10:00:00Z' }), now)).toBe('2026-03-20T10:00:00Z');
    expect(missedTarget(sla({}), now)).toBeNull();
  });
});

describe('ticketAmountCents', () => {
  it('shows a debt collection’s debt, not its (zero) service value; a service its value', () => {
    expect(ticketAmountCents({ kind: 'debt_collection', valueCents: 0, debtCents: 120_000 })).toBe(120_000);
    expect(ticketAmountCents({ kind: 'service', valueCents: 35_000, debtCents: null })).toBe(35_000);
    expect(ticketAmountCents({ kind: 'debt_collection', valueCents: 500, debtCents: null })).toBe(500);
  });
});
