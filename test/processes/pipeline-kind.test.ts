import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCatalog } from '../../src/server/catalog.js';
import { writeTransaction } from '../../src/server/db/group-commit.js';
import { seedDemoOffice } from '../../src/server/demo/demo-office.js';
import { AppError } from '../../src/server/http/errors.js';
import { pipelineKindOf } from '../../src/server/modules/automation/index.js';
import { processPipeline } from '../../src/server/modules/processes/index.js';
import { createTestContext, dialects } from '../support/test-db.js';
import { newCard, processesWorld, type World } from './helpers.js';

describe.each(dialects)('the process pipeline kind on %s', (dialect) => {
  let w: World;
  let pid: string;
  let cardA: string;
  let cardB: string;
  beforeAll(async () => {
    w = await processesWorld(dialect);
    pid = `process:${w.pipeline.id}`;
    cardA = (
      await newCard(w.adminA, {
        pipelineId: w.pipeline.id,
        title: 'Com cliente',
        clientId: w.client.id,
        valueCents: 500,
        fields: { regime: 'simples' },
      })
    ).id;
    cardB = (
      await newCard(w.adminA, {
        pipelineId: w.pipeline.id,
        title: 'Sem cliente',
        fields: { regime: 'presumido' },
      })
    ).id;
  });
  afterAll(() => w.close());

  const officeA = () => w.a.office.id;
  const cause = (depth: number) => ({
    chainId: '01900000-0000-7000-8000-0000000000aa',
    depth,
    ruleRunId: null,
  });

  it('is registered by the catalog for process:<uuid> ids only', () => {
    registerCatalog();
    expect(pipelineKindOf(pid)).toBe(processPipeline);
    expect(processPipeline.owns('tickets')).toBe(false);
  });

  it('lists the office pipelines with stages and fields (built-in and own)', async () => {
    const views = await processPipeline.list(w.ctx.db, officeA());
    expect(views.map((v) => v.id)).toEqual([pid]);
    const v = views[0]!;
    expect(v.stages.map((s) => s.name['pt-BR'])).toEqual(['Contato inicial', 'Documentos', 'CNPJ emitido']);
    expect(v.fields.map((f) => [f.key, f.type, f.writable])).toEqual([
      ['title', 'text', true],
      ['value', 'money', true],
      ['dueDate', 'date', true],
      ['clientId', 'client', false],
      ['responsibleId', 'user', false],
      ['regime', 'select', true],
      ['capital', 'money', true],
      ['inicio', 'date', true],
    ]);
    expect(v.fields.find((f) => f.key === 'regime')!.options).toEqual([
      { value: 'simples', label: { 'pt-BR': 'Simples Nacional', en: 'Simples Nacional' } },
      { value: 'presumido', label: { 'pt-BR': 'Lucro Presumido', en: 'Lucro Presumido' } },
    ]);
    expect(await processPipeline.list(w.ctx.db, w.b.office.id)).toHaveLength(1);
  });

  it('loads an item, its stage items (paged) and a client’s items; never another office’s', async () => {
    const item = await processPipeline.loadItem(w.ctx.db, officeA(), pid, cardA);
    expect(item).toEqual({
      pipelineId: pid,
      id: cardA,
      stageId: w.pipeline.stages[0]!.id,
      title: 'Com cliente',
      clientId: w.client.id,
      responsibleId: null,
      fields: {
        regime: 'simples',
        title: 'Com cliente',
        value: 500,
        dueDate: null,
        clientId: w.client.id,
        responsibleId: null,
      },
      path: `/processes/cards/${cardA}`,
    });
    expect(await processPipeline.loadItem(w.ctx.db, w.b.office.id, pid, cardA)).toBeNull();
    expect(
      await processPipeline.loadItem(w.ctx.db, officeA(), `process:${w.pipelineB.id}`, cardA),
    ).toBeNull();

    const first = w.pipeline.stages[0]!.id;
    const page1 = await processPipeline.itemsInStage(w.ctx.db, officeA(), pid, first, {
      afterId: null,
      limit: 1,
    });
    const page2 = await processPipeline.itemsInStage(w.ctx.db, officeA(), pid, first, {
      afterId: page1[0]!.id,
      limit: 10,
    });
    expect([...page1, ...page2].map((i) => i.id).sort()).toEqual([cardA, cardB].sort());
    expect(
      (await processPipeline.itemsOfClient(w.ctx.db, officeA(), pid, w.client.id)).map((i) => i.id),
    ).toEqual([cardA]);
  });

  it('moveItem moves inside the caller’s transaction and carries the cause’s chain into item.stage_entered', async () => {
    const item = (await processPipeline.loadItem(w.ctx.db, officeA(), pid, cardA))!;
    const to = w.pipeline.stages[1]!.id;
    await writeTransaction(w.ctx, (trx) =>
      processPipeline.moveItem(w.ctx, trx, officeA(), item, to, cause(3)),
    );
    const moved = (await processPipeline.loadItem(w.ctx.db, officeA(), pid, cardA))!;
    expect(moved.stageId).toBe(to);
    const ev = await w.ctx.db
      .selectFrom('events')
      .select(['payload', 'actor_id'])
      .where('entity_id', '=', cardA)
      .where('type', '=', 'item.stage_entered')
      .execute();
    expect(ev.map((e) => JSON.parse(e.payload))).toContainEqual(
      expect.objectContaining({
        pipelineId: pid,
        stageId: to,
        fromStageId: w.pipeline.stages[0]!.id,
        chain: { id: cause(3).chainId, depth: 3 },
      }),
    );
    const movement = await w.ctx.db
      .selectFrom('process_movements')
      .select(['source', 'by_user_id'])
      .where('card_id', '=', cardA)
      .where('to_stage_id', '=', to)
      .executeTakeFirstOrThrow();
    expect(movement).toEqual({ source: 'automation', by_user_id: null });
    // A stage of another pipeline is refused, and the transaction writes nothing.
    await expect(
      writeTransaction(w.ctx, (trx) =>
        processPipeline.moveItem(w.ctx, trx, officeA(), moved, w.pipelineB.stages[0]!.id, cause(1)),
      ),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('setField checks the value against the field and emits item.field_changed with the chain; setResponsible too', async () => {
    const item = (await processPipeline.loadItem(w.ctx.db, officeA(), pid, cardB))!;
    await writeTransaction(w.ctx, async (trx) => {
      await processPipeline.setField(w.ctx, trx, officeA(), item, 'regime', 'simples', cause(2));
      await processPipeline.setField(w.ctx, trx, officeA(), item, 'value', 12_345, cause(2));
      await processPipeline.setResponsible(w.ctx, trx, officeA(), item, w.a.staff.id, cause(2));
    });
    const after = (await processPipeline.loadItem(w.ctx.db, officeA(), pid, cardB))!;
    expect(after.fields).toMatchObject({ regime: 'simples', value: 12_345 });
    expect(after.responsibleId).toBe(w.a.staff.id);
    const changed = await w.ctx.db
      .selectFrom('events')
      .select('payload')
      .where('entity_id', '=', cardB)
      .where('type', '=', 'item.field_changed')
      .execute();
    expect(changed.map((e) => JSON.parse(e.payload))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'regime',
          from: 'presumido',
          to: 'simples',
          chain: { id: cause(2).chainId, depth: 2 },
        }),
        expect.objectContaining({ field: 'value', from: 0, to: 12_345 }),
        expect.objectContaining({ field: 'responsibleId', from: null, to: w.a.staff.id }),
      ]),
    );
    for (const [key, value] of [
      ['regime', 'mei'],
      ['capital', 'muito'],
      ['naoExiste', 1],
      ['dueDate', '2026-13-01'],
    ] as const) {
      await expect(
        writeTransaction(w.ctx, (trx) =>
          processPipeline.setField(w.ctx, trx, officeA(), after, key, value, cause(1)),
        ),
        key,
      ).rejects.toMatchObject({ code: 'http.validation_failed' });
    }
    await expect(
      writeTransaction(w.ctx, (trx) =>
        processPipeline.setResponsible(w.ctx, trx, officeA(), after, w.b.admin.id, cause(1)),
      ),
    ).rejects.toMatchObject({ code: 'http.validation_failed' });
  });
});

describe('demo: Processos', () => {
  it('seeds "Abertura de empresa" with five stages, cards spread over them and a public form', async () => {
    const ctx = await createTestContext('sqlite');
    try {
      const { officeId } = await seedDemoOffice(ctx);
      const [view] = await processPipeline.list(ctx.db, officeId);
      expect(view!.name['pt-BR']).toBe('Abertura de empresa');
      expect(view!.stages.map((s) => s.name['pt-BR'])).toEqual([
        'Contato inicial',
        'Documentos',
        'Viabilidade',
        'Registro na Junta',
        'CNPJ emitido',
      ]);
      const cards = await ctx.db
        .selectFrom('process_cards')
        .select('stage_id')
        .where('office_id', '=', officeId)
        .execute();
      expect(cards.length).toBeGreaterThanOrEqual(5);
      expect(new Set(cards.map((c) => c.stage_id)).size).toBe(5);
      const form = await ctx.db
        .selectFrom('process_forms')
        .select('active')
        .where('office_id', '=', officeId)
        .execute();
      expect(form).toEqual([{ active: 1 }]);
    } finally {
      await ctx.destroy();
    }
  });
});
