import { describe, expect, it } from 'vitest';
import { seedDemoOffice } from '../../src/server/demo/demo-office.js';
import { useTestContext } from '../support/test-db.js';

describe('demo: Cobrança de Arquivos', () => {
  const ctx = useTestContext('sqlite');

  it('programs the monthly model for the demo clients, with files sent, answers and one overdue', async () => {
    const { officeId } = await seedDemoOffice(ctx);
    const template = await ctx.db
      .selectFrom('collection_templates')
      .select(['id', 'name'])
      .where('office_id', '=', officeId)
      .executeTakeFirstOrThrow();
    expect(template.name).toBe('Documentos mensais — Simples Nacional');
    const programs = await ctx.db
      .selectFrom('collection_programs')
      .select('id')
      .where('office_id', '=', officeId)
      .execute();
    expect(programs).toHaveLength(1);
    const requests = await ctx.db
      .selectFrom('collection_requests')
      .select(['competencia', 'status', 'due_date', 'settled_count', 'total_count'])
      .where('office_id', '=', officeId)
      .execute();
    // Today is 23/11/2026: October's programações (due 10/11) and one of August, overdue.
    expect(requests.filter((r) => r.competencia === '2026-10').length).toBeGreaterThanOrEqual(10);
    const overdue = requests.filter((r) => r.due_date < '2026-11-23' && r.status !== 'closed');
    expect(overdue.length).toBeGreaterThanOrEqual(1);
    expect(requests.some((r) => r.status === 'started' && r.settled_count > 0)).toBe(true);
    const files = await ctx.db
      .selectFrom('collection_files')
      .select('id')
      .where('office_id', '=', officeId)
      .execute();
    expect(files.length).toBeGreaterThan(5);
    const answers = await ctx.db
      .selectFrom('collection_request_items')
      .select('state')
      .where('office_id', '=', officeId)
      .where('state', 'in', ['none_this_month', 'never_ask_again'])
      .execute();
    expect(answers.length).toBeGreaterThan(0);
  });
});
