import { describe, expect, it } from 'vitest';
import { officeRow } from '../../src/server/db/office-row.js';
import { useOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';

for (const dialect of dialects) {
  describe(`officeRow (${dialect})`, () => {
    const t = useTestContext(dialect);
    const a = useOffice(t, 'Escritório A', 'a.com.br');
    const b = useOffice(t, 'Escritório B', 'b.com.br');
    const nameOf = (officeId: string, id: string) =>
      t.db.selectFrom('professions').select('name').where(officeRow(officeId, id)).executeTakeFirst();

    it('finds the office’s row by its id, and not another office’s row of that id', async () => {
      const id = a.professions.get('Contador')!;
      expect(await nameOf(a.office.id, id)).toEqual({ name: 'Contador' });
      expect(await nameOf(b.office.id, id)).toBeUndefined();
      expect(await nameOf(a.office.id, b.professions.get('Contador')!)).toBeUndefined();
    });

    it('scopes updates and deletes the same way: another office’s id changes nothing', async () => {
      const id = a.professions.get('Analista Fiscal')!;
      const rename = (officeId: string) =>
        t.db
          .updateTable('professions')
          .set({ name: 'Fiscal' })
          .where(officeRow(officeId, id))
          .executeTakeFirst();
      expect(Number((await rename(b.office.id)).numUpdatedRows)).toBe(0);
      expect(Number((await rename(a.office.id)).numUpdatedRows)).toBe(1);
      expect(await nameOf(a.office.id, id)).toEqual({ name: 'Fiscal' });
      const gone = await t.db.deleteFrom('professions').where(officeRow(b.office.id, id)).executeTakeFirst();
      expect(Number(gone.numDeletedRows)).toBe(0);
      expect(await nameOf(a.office.id, id)).toEqual({ name: 'Fiscal' });
    });

    it('is a type error on a table that does not belong to an office', () => {
      // @ts-expect-error `offices` has no `office_id`: its rows are not an office's rows.
      const query = t.db.selectFrom('offices').selectAll().where(officeRow('o', 'i'));
      expect(query).toBeDefined();
    });
  });
}
