import { describe, expect, it } from 'vitest';
import { acceptsFile, formatCompetencia, isSettled } from '../../api/collection.js';
import { acceptOf } from './portal-item.js';
import { parseOffsets, tabOfPath } from './template-form-page.js';

describe('collection web rules', () => {
  it('reads a reminder ladder, sorted and without repeats, and refuses what the server would', () => {
    expect(parseOffsets('-3, -1, 0, 2, 5')).toEqual([-3, -1, 0, 2, 5]);
    expect(parseOffsets('5 -3;0, 5')).toEqual([-3, 0, 5]);
    expect(parseOffsets('')).toEqual([]);
    expect(parseOffsets('-31')).toBeNull();
    expect(parseOffsets('61')).toBeNull();
    expect(parseOffsets('1.5')).toBeNull();
    expect(parseOffsets('dois')).toBeNull();
  });

  it('puts each error path on its tab', () => {
    expect(tabOfPath('name')).toBe('general');
    expect(tabOfPath('due.day')).toBe('general');
    expect(tabOfPath('items')).toBe('checklist');
    expect(tabOfPath('items.2.name')).toBe('checklist');
    expect(tabOfPath('communication.receiptBody')).toBe('communication');
  });

  it("checks a file's extension against the item's types (jpeg as jpg; none listed: any)", () => {
    expect(acceptsFile(['pdf', 'ofx'], 'Extrato.OFX')).toBe(true);
    expect(acceptsFile(['pdf'], 'foto.gif')).toBe(false);
    expect(acceptsFile(['jpg'], 'foto.jpeg')).toBe(true);
    expect(acceptsFile([], 'qualquer.bin')).toBe(true);
    expect(acceptsFile(['pdf'], 'sem-extensao')).toBe(false);
  });

  it("gives the phone's picker the MIME types and extensions of the item", () => {
    expect(acceptOf([])).toBeUndefined();
    expect(acceptOf(['pdf', 'jpg'])).toEqual({
      'application/pdf': ['.pdf'],
      'image/jpeg': ['.jpg', '.jpeg'],
    });
    expect(acceptOf(['ofx'])?.['application/x-ofx']).toEqual(['.ofx']);
  });

  it('shows a competência as MM/AAAA and knows the settled states', () => {
    expect(formatCompetencia('2026-10')).toBe('10/2026');
    expect(isSettled('received')).toBe(true);
    expect(isSettled('will_send_later')).toBe(false);
    expect(isSettled('pending')).toBe(false);
  });
});
