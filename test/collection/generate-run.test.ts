/**
 * Programar for a large audience answers at once (202) with a run that generates in the background
 * (`collection.generate-once`), with its progress and result in Execuções; a small audience is still
 * generated inside the request (201). Either way each (client, model, competência) is created once, even
 * when the run races a second Programar of the same audience and a direct generation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATE_INLINE_MAX, generateRequests } from '../../src/server/modules/collection/index.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { cnpj, postCreated } from '../http/helpers.js';
import { useFixture } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { collectionWorld, drainJobs, monthlyBody, ok, onceBody, postSchedule } from './helpers.js';

const N = GENERATE_INLINE_MAX + 20;

interface ScheduleResult {
  created: number;
  programId: string | null;
  run: { id: string } | null;
}
interface Run {
  state: string;
  progress: number;
  kind: string;
  requestedBy: string | null;
  result: { created: number; existing: number; summary: string } | null;
}

for (const dialect of dialects) {
  describe(`collection: Programar a large audience as a run (${dialect})`, () => {
    const w = useFixture(() => collectionWorld(dialect));
    let clientIds: string[];
    beforeAll(async () => {
      clientIds = [];
      for (let i = 0; i < N; i++) {
        const c = await postCreated<{ id: string }>(w.adminA, '/api/clients', {
          legalName: `Cliente Lote ${i} Ltda`,
          document: cnpj(7000 + i),
          tags: ['lote'],
        });
        clientIds.push(c.id);
      }
    }, 120_000);

    const countRequests = async (competencia: string) =>
      (
        await w.ctx.db
          .selectFrom('collection_requests')
          .select('client_id')
          .where('office_id', '=', w.a.office.id)
          .where('competencia', '=', competencia)
          .execute()
      ).map((r) => r.client_id);
    const work = () => drainJobs(w.ctx);

    it('answers 202 with a run that generates every programação once, with its progress and result', async () => {
      const body = onceBody(w.template.id, { kind: 'tag', tagId: 'lote' }, '2027-05');
      const res = await postSchedule(w.adminA, body);
      expect(res.statusCode).toBe(202);
      const out = res.json() as ScheduleResult;
      expect(out.created).toBe(0);
      expect(out.run?.id).toBeTruthy();
      // Nothing was generated inside the request.
      expect(await countRequests('2027-05')).toHaveLength(0);

      // A second Programar of the same audience and a direct generation race the run.
      const second = ok<ScheduleResult>(await postSchedule(w.adminA, body), 202);
      const direct = generateRequests(w.ctx, {
        officeId: w.a.office.id,
        templateId: w.template.id,
        competencia: '2027-05',
        clientIds: clientIds.slice(0, 30),
        programId: null,
        actor: { officeId: w.a.office.id, userId: w.a.admin.id },
        actorName: 'Ana Admin',
      });
      await Promise.all([direct, new Worker(w.ctx, { concurrency: 2 }).runOnce()]);
      await work();

      const made = await countRequests('2027-05');
      expect(made).toHaveLength(N);
      expect(new Set(made).size).toBe(N);
      const runs = await Promise.all(
        [out.run!.id, second.run!.id].map(async (id) =>
          ok<Run>(await w.adminA.request({ method: 'GET', url: `/api/runs/${id}` })),
        ),
      );
      for (const run of runs) {
        expect(run.kind).toBe('collection.generate-once');
        expect(run.state).toBe('succeeded');
        expect(run.progress).toBe(100);
        expect(run.requestedBy).toBe(w.a.admin.id);
      }
      // Between them, the runs made what the direct generation did not.
      const byRuns = runs.reduce((n, r) => n + r.result!.created, 0);
      expect(byRuns).toBe(N - (await direct).created);
      expect(runs[0]!.result!.summary).toMatch(/programações criadas para 05\/2027/);
      // The requests went out with them (the send job ran): every programação has its request sent.
      const unsent = await w.ctx.db
        .selectFrom('collection_requests')
        .select('id')
        .where('competencia', '=', '2027-05')
        .where('request_sent_at', 'is', null)
        .execute();
      expect(unsent).toHaveLength(0);
    });

    it('a model deactivated before the run starts fails the run for good, with the reason, creating nothing', async () => {
      const copy = ok<{ id: string }>(
        await w.adminA.request({ method: 'POST', url: `/api/collection/templates/${w.template.id}/copy` }),
        201,
      );
      const out = ok<ScheduleResult>(
        await postSchedule(w.adminA, onceBody(copy.id, { kind: 'tag', tagId: 'lote' }, '2027-07')),
        202,
      );
      ok(
        await w.adminA.request({
          method: 'POST',
          url: `/api/collection/templates/${copy.id}/active`,
          payload: { active: false },
        }),
      );
      await work();
      const run = ok<Run & { error: string | null; attempts: number }>(
        await w.adminA.request({ method: 'GET', url: `/api/runs/${out.run!.id}` }),
      );
      expect(run.state).toBe('dead');
      expect(run.attempts).toBe(1);
      expect(run.error).toContain('está desativado');
      expect(await countRequests('2027-07')).toHaveLength(0);
    });

    it('a small audience is still generated inside the request (201)', async () => {
      const res = await postSchedule(
        w.adminA,
        onceBody(w.template.id, { kind: 'clients', clientIds: clientIds.slice(0, 3) }, '2027-06'),
      );
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ created: 3, run: null });
      expect(await countRequests('2027-06')).toHaveLength(3);
    });

    it('a recorrente whose first competência is due generates it in a run, queued with the program', async () => {
      // Today is 23/11/2026: December's generation day (20/11) has passed, so 2026-12 is generated now.
      const res = await postSchedule(
        w.adminA,
        monthlyBody(w.template.id, { kind: 'tag', tagId: 'lote' }, '2026-12'),
      );
      expect(res.statusCode).toBe(202);
      const out = res.json() as ScheduleResult;
      expect(out.programId).toBeTruthy();
      await work();
      expect(await countRequests('2026-12')).toHaveLength(N);
      const fromProgram = await w.ctx.db
        .selectFrom('collection_requests')
        .select('id')
        .where('competencia', '=', '2026-12')
        .where('program_id', '=', out.programId)
        .execute();
      expect(fromProgram).toHaveLength(N);
    });
  });
}
