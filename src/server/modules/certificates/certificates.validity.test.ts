import { describe, expect, it } from 'vitest';
import { pendingCertidoes } from './certidoes.validity.js';
import {
  certificateState,
  certificateTiming,
  crossedThreshold,
  documentCheck,
  endOfCivilDay,
} from './certificates.validity.js';

describe('crossedThreshold', () => {
  const t = [30, 15, 5];
  it.each([
    [31, null],
    [30, 30],
    [16, 30],
    [15, 15],
    [14, 15],
    [6, 15],
    [5, 5],
    [0, 5],
  ])('%i days left → %s', (daysLeft, expected) => {
    expect(crossedThreshold({ daysLeft, expired: false }, t)).toBe(expected);
  });
  it('is "expired" once the instant has passed, in any threshold order', () => {
    expect(crossedThreshold({ daysLeft: 0, expired: true }, t)).toBe('expired');
    expect(crossedThreshold({ daysLeft: 14, expired: false }, [5, 30, 15])).toBe(15);
  });
});

describe('certificate timing in the office time zone', () => {
  it('counts civil days in São Paulo and expires at the instant', () => {
    const notAfter = endOfCivilDay('2026-12-01', 'America/Sao_Paulo');
    expect(notAfter).toBe('2026-12-02T02:59:59.000Z');
    // 22:30 in São Paulo on 30 November is already 1 December in UTC: still 1 day left.
    const late = certificateTiming(notAfter, new Date('2026-12-01T01:30:00Z'), 'America/Sao_Paulo');
    expect(late).toEqual({ expiresOn: '2026-12-01', daysLeft: 1, expired: false });
    expect(certificateState(late)).toBe('expiring');
    const after = certificateTiming(notAfter, new Date('2026-12-02T03:00:00Z'), 'America/Sao_Paulo');
    expect(after).toMatchObject({ daysLeft: -1, expired: true });
    expect(
      certificateState(certificateTiming(notAfter, new Date('2026-10-01T12:00:00Z'), 'America/Sao_Paulo')),
    ).toBe('valid');
  });
});

describe('documentCheck', () => {
  it('tells the same company, another establishment, another holder, and no document apart', () => {
    expect(documentCheck('11222333000181', '11222333000181')).toBe('match');
    expect(documentCheck('11222333000262', '11222333000181')).toBe('same_root');
    expect(documentCheck('11144477735', '11222333000181')).toBe('mismatch');
    expect(documentCheck(null, '11222333000181')).toBe('unknown');
  });
});

describe('pendingCertidoes', () => {
  const today = '2026-11-23';
  it('reports missing, expired, positiva and expiring, by the current certidão of each type', () => {
    const items = pendingCertidoes(
      ['federal', 'fgts', 'trabalhista', 'estadual', 'municipal'],
      [
        { id: 'f-old', type: 'federal', status: 'negativa', validUntil: '2026-10-01' },
        { id: 'f-new', type: 'federal', status: 'negativa', validUntil: '2027-04-01' },
        { id: 'g', type: 'fgts', status: 'negativa', validUntil: '2026-11-22' },
        { id: 't', type: 'trabalhista', status: 'positiva_efeitos_negativa', validUntil: '2026-12-03' },
        { id: 'e', type: 'estadual', status: 'positiva', validUntil: '2027-01-10' },
      ],
      today,
      10,
    );
    expect(items.map((i) => [i.type, i.problem, i.certidaoId, i.daysLeft])).toEqual([
      ['fgts', 'expired', 'g', -1],
      ['trabalhista', 'expiring', 't', 10],
      ['estadual', 'positiva', 'e', 48],
      ['municipal', 'missing', null, null],
    ]);
  });
  it('ignores types that are not required', () => {
    expect(
      pendingCertidoes(
        ['federal'],
        [{ id: 'x', type: 'fgts', status: 'positiva', validUntil: '2020-01-01' }],
        today,
        10,
      ),
    ).toEqual([{ type: 'federal', problem: 'missing', certidaoId: null, validUntil: null, daysLeft: null }]);
  });
});
