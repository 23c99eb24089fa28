import type { FastifyInstance } from 'fastify';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { newId } from '../../src/server/ids.js';
import { cnpj } from '../../test/http/helpers.js';
import { benchApp, benchDatabase, login, seedBenchOffice } from './app.js';

export interface Pipeline {
  id: string;
  /** `process:<id>`, as automation names it. */
  automationId: string;
  stages: { id: string; name: string }[];
}

export async function automationWorld(tag: string, databaseUrl?: string) {
  // The bench drives one webhook address as fast as it can: no per-address limit.
  const { dir, handle, ctx } = benchDatabase(`expediente-bench-auto-${tag}-`, databaseUrl, {
    automationHookRatePerMinute: 0,
  });
  await migrateToLatest(handle.db);
  const { office, admin } = await seedBenchOffice(ctx, `admin-${tag}@bench.com.br`);
  const app: FastifyInstance = await benchApp(ctx);
  const session = await login(app, `admin-${tag}@bench.com.br`);

  const call = async <T>(method: 'POST' | 'PUT', url: string, payload: unknown, status = 201): Promise<T> => {
    const res = await session.request({ method, url, payload: payload as Record<string, unknown> });
    if (res.statusCode !== status)
      throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
    return res.json<T>();
  };

  const client = await call<{ id: string }>('POST', '/api/clients', {
    legalName: 'Móveis Aurora Ltda',
    document: cnpj(7001),
  });
  await call('POST', `/api/clients/${client.id}/contacts`, {
    name: 'Marta Aurora',
    email: 'marta@moveisaurora.com.br',
  });

  async function pipeline(name: string, stages: string[]): Promise<Pipeline> {
    const p = await call<{ id: string; stages: { id: string; name: string }[] }>(
      'POST',
      '/api/processes/pipelines',
      {
        name,
        stages: stages.map((s, i) => ({
          name: s,
          color: ['#228be6', '#7950f2', '#40c057', '#fab005'][i % 4],
        })),
      },
    );
    return { id: p.id, automationId: `process:${p.id}`, stages: p.stages };
  }

  /** Adds a rule to a stage through the API and publishes it. */
  async function rule(p: Pipeline, stageId: string, def: Record<string, unknown>) {
    const created = await call<{ id: string }>(
      'POST',
      `/api/automation/pipelines/${encodeURIComponent(p.automationId)}/stages/${stageId}/rules`,
      def,
    );
    await call('POST', `/api/automation/rules/${created.id}/publish`, undefined, 200);
    return created.id;
  }

  /** A trigger through the API; returns its webhook address (path only) when it has one. */
  async function trigger(p: Pipeline, stageId: string, def: Record<string, unknown>) {
    const t = await call<{ id: string; webhookUrl: string | null }>(
      'POST',
      `/api/automation/pipelines/${encodeURIComponent(p.automationId)}/triggers`,
      { stageId, ...def },
    );
    return t.webhookUrl ? new URL(t.webhookUrl).pathname : null;
  }

  /** Bulk-inserts `n` cards of the client (responsible: the admin) into a stage; returns their ids. */
  async function insertCards(p: Pipeline, stageId: string, n: number, prefix: string): Promise<string[]> {
    const ids: string[] = [];
    const now = new Date().toISOString();
    const chunk = handle.dialect === 'sqlite' ? 1_500 : 2_000; // SQLite: at most 32,766 parameters
    for (let i = 0; i < n; i += chunk) {
      const rows = [];
      for (let k = i; k < Math.min(n, i + chunk); k++) {
        const id = newId();
        ids.push(id);
        rows.push({
          id,
          office_id: office.id,
          pipeline_id: p.id,
          stage_id: stageId,
          position: k + 1,
          title: `${prefix} ${k + 1}`,
          client_id: client.id,
          responsible_id: admin.id,
          value_cents: 10_000 + k,
          due_date: null,
          fields: '{}',
          submission: null,
          form_id: null,
          created_by: admin.id,
          created_at: now,
          updated_at: now,
          stage_entered_at: now,
        });
      }
      await handle.db.insertInto('process_cards').values(rows).execute();
    }
    return ids;
  }

  async function count(table: 'automation_runs' | 'messages' | 'tasks', where?: [string, string]) {
    let q = handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('office_id', '=', office.id);
    // biome-ignore lint/suspicious/noExplicitAny: a bench helper over a few known columns
    if (where) q = q.where(where[0] as any, '=', where[1]);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  async function close() {
    await app.close();
    await handle.destroy();
  }

  return {
    dir,
    handle,
    ctx,
    app,
    session,
    office,
    admin,
    client,
    pipeline,
    rule,
    trigger,
    insertCards,
    count,
    close,
  };
}
export type AutomationWorld = Awaited<ReturnType<typeof automationWorld>>;
