import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/server/http/errors.js';
import {
  cancelRun,
  createPool,
  defineJob,
  enqueue,
  getRun,
  listPools,
  listRuns,
  PermanentJobError,
  pruneFinishedJobs,
  registerJobs,
  retryRun,
  Worker,
} from '../../src/server/modules/engine/index.js';
import { rescueExpiredLeases } from '../../src/server/modules/engine/sql/rescue-expired.js';
import { deferred } from '../support/deferred.js';
import { useOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';
import { writeEffect } from './effects.js';

const behaviour = {
  failTimes: 0,
  calls: 0,
  gate: null as ReturnType<typeof deferred> | null,
  started: null as ReturnType<typeof deferred> | null,
};

const echo = defineJob({
  kind: 'test.echo',
  payload: z.object({ text: z.string().min(1) }),
  async run({ text }, ctx) {
    await ctx.progress(50, 'meio caminho');
    await ctx.logLine('info', `echo ${text}`);
    return { echoed: text };
  },
});

const plumbing = defineJob({
  kind: 'test.plumbing',
  payload: z.object({}),
  hidden: true,
  async run() {
    return null;
  },
});

const flaky = defineJob({
  kind: 'test.flaky',
  payload: z.object({}),
  maxAttempts: 3,
  backoff: { baseMs: 10_000, maxMs: 60_000 },
  async run() {
    behaviour.calls++;
    if (behaviour.calls <= behaviour.failTimes) throw new Error(`falha ${behaviour.calls}`);
    return { calls: behaviour.calls };
  },
});

const permanent = defineJob({
  kind: 'test.permanent',
  payload: z.object({}),
  async run() {
    throw new PermanentJobError('nunca vai funcionar');
  },
});

/** Fails once with a catalogued (bilingual) error, as a module's use case would throw it. */
const catalogued = defineJob({
  kind: 'test.catalogued',
  payload: z.object({}),
  maxAttempts: 1,
  async run() {
    throw new AppError('client_without_email', {
      status: 422,
      'pt-BR': 'O cliente não tem e-mail cadastrado.',
      en: 'The client has no e-mail address.',
    });
  },
});

/** Writes one effect row per run through the fenced transaction; holds on the gate if one is set. */
const effectful = defineJob({
  kind: 'test.effectful',
  payload: z.object({ key: z.string() }),
  leaseMs: 30_000,
  async run({ key }, ctx) {
    behaviour.calls++;
    const gate = behaviour.gate;
    behaviour.gate = null;
    behaviour.started?.resolve();
    if (gate) await gate.promise;
    await ctx.tx((trx) => writeEffect(trx, ctx, `effect ${key}`));
    return { key };
  },
});

/**
 * Records its effect with its success (`ctx.onSuccess`), fenced by `ctx.holdsJob`; may throw after
 * registering it, register a write that fails, or hold on the gate.
 */
const recorded = defineJob({
  kind: 'test.recorded',
  payload: z.object({ key: z.string(), throwAfter: z.boolean().default(false) }),
  leaseMs: 30_000,
  maxAttempts: 3,
  backoff: { baseMs: 10_000, maxMs: 60_000 },
  async run({ key, throwAfter }, ctx) {
    behaviour.calls++;
    const gate = behaviour.gate;
    behaviour.gate = null;
    behaviour.started?.resolve();
    if (gate) await gate.promise;
    ctx.onSuccess((db) =>
      db
        .insertInto('job_logs')
        .columns(['id', 'job_id', 'at', 'level', 'message'])
        .expression(
          db
            .selectNoFrom([
              sql<string>`${`${ctx.job.id}:${ctx.job.attempt}`}`.as('id'),
              sql<string>`${ctx.job.id}`.as('job_id'),
              sql<string>`${ctx.clock.now().toISOString()}`.as('at'),
              sql<string>`${'info'}`.as('level'),
              sql<string>`${`effect ${key}`}`.as('message'),
            ])
            .where(ctx.holdsJob),
        )
        .execute(),
    );
    // `failTimes` here: how many more attempts of the 'broken' job register a write that fails.
    if (key === 'broken' && behaviour.failTimes-- > 0)
      ctx.onSuccess((db) => sql`update no_such_table set x = 1`.execute(db));
    if (throwAfter) throw new Error('falhou depois de registrar');
    return { key };
  },
});

const patient = defineJob({
  kind: 'test.patient',
  payload: z.object({}),
  leaseMs: 300,
  async run(_p, ctx) {
    behaviour.started?.resolve();
    await new Promise<void>((resolve, reject) => {
      ctx.signal.addEventListener('abort', () => reject(new Error(String(ctx.signal.reason))));
      behaviour.gate?.promise.then(resolve);
    });
    return 'done';
  },
});
registerJobs([echo, plumbing, flaky, permanent, catalogued, effectful, recorded, patient]);

describe.each(dialects)('job engine on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);
  beforeEach(() => {
    behaviour.calls = 0;
    behaviour.failTimes = 0;
    behaviour.gate = null;
    behaviour.started = null;
  });

  const effects = async (key: string) =>
    (await ctx.db.selectFrom('job_logs').select('id').where('message', '=', `effect ${key}`).execute())
      .length;

  it('runs a job: result, progress, log lines, duration', async () => {
    const { id } = await enqueue(ctx, ctx.db, echo, { text: 'olá' }, { officeId: seed.office.id });
    expect(await new Worker(ctx).runOnce()).toBe(1);
    const run = await getRun(ctx, seed.office.id, id);
    expect(run).toMatchObject({
      state: 'succeeded',
      result: { echoed: 'olá' },
      progress: 100,
      progressMessage: 'meio caminho',
      attempts: 1,
    });
    expect(run.logs.map((l) => l.message)).toEqual(['echo olá']);
    expect(run.durationMs).toBe(0);
  });

  it('leaves hidden kinds (plumbing such as deliveries) out of Execuções unless filtered by kind', async () => {
    const shown = await enqueue(ctx, ctx.db, echo, { text: 'visível' }, { officeId: seed.office.id });
    const hidden = await enqueue(ctx, ctx.db, plumbing, {}, { officeId: seed.office.id });
    const page = { page: 1, pageSize: 100 };
    const all = (await listRuns(ctx, seed.office.id, page)).items.map((r) => r.id);
    expect(all).toContain(shown.id);
    expect(all).not.toContain(hidden.id);
    const byKind = await listRuns(ctx, seed.office.id, { ...page, kind: 'test.plumbing' });
    expect(byKind.items.map((r) => r.id)).toEqual([hidden.id]);
    await new Worker(ctx).runOnce();
  });

  it('enqueues transactionally: a rolled-back transaction leaves no job', async () => {
    const before = await ctx.db.selectFrom('jobs').select('id').execute();
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await enqueue(ctx, trx, echo, { text: 'fantasma' }, { officeId: seed.office.id });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await ctx.db.selectFrom('jobs').select('id').execute()).toHaveLength(before.length);
  });

  it('refuses an invalid payload or an unknown pool at enqueue, storing nothing', async () => {
    const before = (await ctx.db.selectFrom('jobs').select('id').execute()).length;
    const bad = (await enqueue(ctx, ctx.db, echo, { text: '' }, { officeId: seed.office.id }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(bad.code).toBe('engine.invalid_payload');
    expect(bad.fields[0]!.field).toBe('payload.text');
    const pool = (await enqueue(ctx, ctx.db, echo, { text: 'x' }, { pool: 'nao-existe' }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(pool.code).toBe('engine.unknown_pool');
    expect(pool.messages['pt-BR']).toContain('nao-existe');
    expect((await ctx.db.selectFrom('jobs').select('id').execute()).length).toBe(before);
  });

  it('keeps one live job per unique key', async () => {
    const a = await enqueue(ctx, ctx.db, echo, { text: 'a' }, { uniqueKey: 'digest:1' });
    const b = await enqueue(ctx, ctx.db, echo, { text: 'b' }, { uniqueKey: 'digest:1' });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    await new Worker(ctx).runOnce();
    const c = await enqueue(ctx, ctx.db, echo, { text: 'c' }, { uniqueKey: 'digest:1' });
    expect(c.created).toBe(true);
    await new Worker(ctx).runOnce();
  });

  it('retries with backoff, then marks the job failed after its last attempt', async () => {
    behaviour.failTimes = 10;
    const { id } = await enqueue(ctx, ctx.db, flaky, {});
    const worker = new Worker(ctx);
    await worker.runOnce();
    let run = await getRun(ctx, null, id);
    expect(run).toMatchObject({ state: 'queued', attempts: 1, error: 'falha 1' });
    const delay = Date.parse(run.runAt) - ctx.clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(5_000);
    expect(delay).toBeLessThanOrEqual(10_000);
    expect(await worker.runOnce()).toBe(0); // not due yet
    ctx.clock.advance(10_000);
    await worker.runOnce();
    ctx.clock.advance(20_000);
    await worker.runOnce();
    run = await getRun(ctx, null, id);
    expect(run).toMatchObject({ state: 'failed', attempts: 3, error: 'falha 3' });
    expect(run.logs.filter((l) => l.level === 'error')).toHaveLength(3);
    behaviour.failTimes = 0;
    await retryRun(ctx, null, id);
    await worker.runOnce();
    expect((await getRun(ctx, null, id)).state).toBe('succeeded');
  });

  it('sends a permanently failing job to dead without retrying', async () => {
    const { id } = await enqueue(ctx, ctx.db, permanent, {});
    await new Worker(ctx).runOnce();
    expect(await getRun(ctx, null, id)).toMatchObject({
      state: 'dead',
      attempts: 1,
      error: 'nunca vai funcionar',
    });
  });

  it("logs and stores a job's catalogued error in both languages, each reader reading theirs", async () => {
    const { id } = await enqueue(ctx, ctx.db, catalogued, {});
    await new Worker(ctx).runOnce();
    const pt = await getRun(ctx, null, id, 'pt-BR');
    expect(pt).toMatchObject({ state: 'failed', error: 'O cliente não tem e-mail cadastrado.' });
    expect(pt.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
      'O cliente não tem e-mail cadastrado.',
    ]);
    const en = await getRun(ctx, null, id, 'en');
    expect(en.error).toBe('The client has no e-mail address.');
    expect(en.logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
      'The client has no e-mail address.',
    ]);
  });

  it('fences a stale worker: after its lease is rescued it can neither write effects nor complete', async () => {
    const staleGate = deferred();
    behaviour.gate = staleGate;
    behaviour.started = deferred();
    const { id } = await enqueue(ctx, ctx.db, effectful, { key: 'stale' });
    const stale = new Worker(ctx, { id: 'stale-worker' });
    const staleRun = stale.runOnce();
    await behaviour.started.promise;
    expect(behaviour.gate).toBeNull(); // the stale attempt holds the gate

    ctx.clock.advance(31_000);
    expect(await rescueExpiredLeases(ctx.db, ctx.clock.now())).toBe(1);
    await new Worker(ctx, { id: 'rescuer' }).runOnce();
    expect(await getRun(ctx, null, id)).toMatchObject({ state: 'succeeded', attempts: 2 });

    // Let the stale attempt go on: its fenced write is refused and its completion discarded.
    staleGate.resolve();
    await staleRun;
    expect(await effects('stale')).toBe(1);
    expect(await getRun(ctx, null, id)).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(behaviour.calls).toBe(2);
  });

  it('commits a success write with the success, and drops it when the handler throws', async () => {
    const ok = await enqueue(ctx, ctx.db, recorded, { key: 'junto' });
    const thrown = await enqueue(ctx, ctx.db, recorded, { key: 'descartado', throwAfter: true });
    await new Worker(ctx).runOnce();
    expect(await getRun(ctx, null, ok.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
    expect(await effects('junto')).toBe(1);
    expect(await getRun(ctx, null, thrown.id)).toMatchObject({
      state: 'queued',
      attempts: 1,
      error: 'falhou depois de registrar',
    });
    expect(await effects('descartado')).toBe(0);
    await cancelRun(ctx, null, thrown.id);
  });

  it('fails only the job whose success write fails, and retries it; the others in its batch finish', async () => {
    behaviour.failTimes = 1;
    const jobs = await Promise.all(
      ['lote-1', 'broken', 'lote-2'].map((key) => enqueue(ctx, ctx.db, recorded, { key })),
    );
    await new Worker(ctx, { concurrency: 4 }).runOnce();
    const [first, broken, last] = await Promise.all(jobs.map((j) => getRun(ctx, null, j.id)));
    expect(first).toMatchObject({ state: 'succeeded' });
    expect(last).toMatchObject({ state: 'succeeded' });
    expect(broken).toMatchObject({ state: 'queued', attempts: 1 });
    expect(broken!.error).toContain('no_such_table');
    // The failed attempt's own effect was undone with it.
    expect([await effects('lote-1'), await effects('broken'), await effects('lote-2')]).toEqual([1, 0, 1]);

    ctx.clock.advance(10_000);
    await new Worker(ctx).runOnce();
    expect(await getRun(ctx, null, broken!.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(await effects('broken')).toBe(1);
  });

  it('writes nothing for a stale attempt: its success write is fenced like its finish', async () => {
    const staleGate = deferred();
    behaviour.gate = staleGate;
    behaviour.started = deferred();
    const { id } = await enqueue(ctx, ctx.db, recorded, { key: 'obsoleto' });
    const staleRun = new Worker(ctx, { id: 'stale-recorder' }).runOnce();
    await behaviour.started.promise;

    ctx.clock.advance(31_000);
    expect(await rescueExpiredLeases(ctx.db, ctx.clock.now())).toBe(1);
    await new Worker(ctx, { id: 'rescuer' }).runOnce();
    staleGate.resolve();
    await staleRun;
    expect(await effects('obsoleto')).toBe(1);
    expect(await getRun(ctx, null, id)).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(behaviour.calls).toBe(2);
  });

  it('cancels a queued run at once and a running one at its next heartbeat', async () => {
    const queued = await enqueue(ctx, ctx.db, echo, { text: 'cancelar' }, { officeId: seed.office.id });
    expect((await cancelRun(ctx, seed.office.id, queued.id)).state).toBe('cancelled');
    await expect(cancelRun(ctx, seed.office.id, queued.id)).rejects.toMatchObject({
      code: 'engine.not_cancellable',
    });

    behaviour.started = deferred();
    behaviour.gate = deferred();
    const running = await enqueue(ctx, ctx.db, patient, {}, { officeId: seed.office.id });
    const w = new Worker(ctx);
    const done = w.runOnce();
    await behaviour.started.promise;
    expect((await cancelRun(ctx, seed.office.id, running.id)).cancelRequested).toBe(true);
    await done;
    expect((await getRun(ctx, seed.office.id, running.id)).state).toBe('cancelled');
  });

  it('drains on stop: a job still running after the grace period goes back to the queue, attempt not counted', async () => {
    behaviour.started = deferred();
    behaviour.gate = deferred();
    const { id } = await enqueue(ctx, ctx.db, patient, {});
    const w = new Worker(ctx, { pollIntervalMs: 20 });
    w.start();
    await behaviour.started.promise;
    await w.stop(50);
    expect(await getRun(ctx, null, id)).toMatchObject({ state: 'queued', attempts: 0 });
    behaviour.gate = deferred();
    behaviour.gate.resolve();
    behaviour.started = deferred();
    await new Worker(ctx).runOnce();
    expect(await getRun(ctx, null, id)).toMatchObject({ state: 'succeeded', attempts: 1 });
  });

  it("counts each pool's queued and running jobs, and its last hour's successes", async () => {
    await createPool(ctx, `contagem-${dialect}`, null);
    const pool = `contagem-${dialect}`;
    behaviour.started = deferred();
    behaviour.gate = deferred();
    await enqueue(ctx, ctx.db, echo, { text: 'antes' }, { pool });
    await new Worker(ctx, { pools: [pool] }).runOnce();
    await enqueue(ctx, ctx.db, patient, {}, { pool });
    const w = new Worker(ctx, { pools: [pool], concurrency: 1, pollIntervalMs: 20 });
    w.start();
    await behaviour.started.promise;
    for (const text of ['a', 'b']) await enqueue(ctx, ctx.db, echo, { text }, { pool });
    const counted = (await listPools(ctx)).find((p) => p.name === pool);
    expect(counted).toMatchObject({ queued: 2, running: 1, succeededLastHour: 1, failedLastHour: 0 });
    behaviour.gate.resolve();
    await w.stop(1000);
    await new Worker(ctx, { pools: [pool] }).runOnce(); // leaves nothing queued for the tests below
    expect((await listPools(ctx)).find((p) => p.name === pool)).toMatchObject({ queued: 0, running: 0 });
  });

  it('prunes finished jobs older than N days', async () => {
    await enqueue(ctx, ctx.db, echo, { text: 'velho' });
    await new Worker(ctx).runOnce();
    const live = await enqueue(
      ctx,
      ctx.db,
      echo,
      { text: 'futuro' },
      { runAt: new Date(ctx.clock.now().getTime() + 90 * 86_400_000) },
    );
    ctx.clock.advance(31 * 86_400_000);
    const pruned = await pruneFinishedJobs(ctx, 30, 2);
    expect(pruned).toBeGreaterThan(3);
    const left = await ctx.db.selectFrom('jobs').select(['id', 'state']).execute();
    expect(left).toEqual([{ id: live.id, state: 'queued' }]);
    const stats = await ctx.db
      .selectFrom('job_daily_stats')
      .selectAll()
      .where('kind', '=', 'test.echo')
      .execute();
    expect(stats.reduce((n, s) => n + s.count, 0)).toBeGreaterThanOrEqual(4);
  });
});
