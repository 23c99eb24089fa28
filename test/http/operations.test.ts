import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/server/app.js';
import {
  defineJob,
  enqueue,
  registerJobs,
  schedulerTick,
  Worker,
} from '../../src/server/modules/engine/index.js';
import { send } from '../../src/server/modules/messaging/index.js';
import { applyRetention } from '../../src/server/retention.js';
import { createTestApp, loginAs } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { expectProblem } from './helpers.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123';

const opsProbe = defineJob({
  kind: 'test.ops-probe',
  payload: z.object({}),
  async run() {
    return { ok: true };
  },
});
registerJobs([opsProbe]);

/** The CSP directives of an answer, by name. */
function csp(header: string | string[] | number | undefined): Record<string, string> {
  expect(typeof header, 'content-security-policy header').toBe('string');
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

/** The headers every answer must carry, HTML or JSON. */
function expectSecurityHeaders(headers: Record<string, unknown>) {
  const policy = csp(headers['content-security-policy'] as string);
  expect(policy['frame-ancestors']).toBe("'none'");
  expect(policy['script-src']).toBe("'self'");
  expect(policy['script-src']).not.toContain('unsafe-inline');
  expect(policy['object-src']).toBe("'none'");
  expect(policy).not.toHaveProperty('upgrade-insecure-requests');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
}

for (const dialect of dialects) {
  describe(`operations (${dialect})`, () => {
    let t: Awaited<ReturnType<typeof createTestApp>>;
    beforeAll(async () => {
      t = await createTestApp(dialect, { metricsToken: METRICS_TOKEN });
    });
    afterAll(() => t?.close());

    describe('security headers', () => {
      it('on API answers, problems and the OpenAPI UI; no HSTS over plain HTTP', async () => {
        for (const url of ['/api/health/live', '/api/clients', '/api/docs/']) {
          const res = await t.app.inject({ method: 'GET', url });
          expect(res.statusCode, url).toBeLessThan(500);
          expectSecurityHeaders(res.headers);
          expect(res.headers['strict-transport-security'], url).toBeUndefined();
        }
        // The Swagger UI page has no inline script: everything it runs comes from our origin.
        const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
        expect(docs.headers['content-type']).toMatch(/^text\/html/);
        expect(docs.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
        const scripts = [...docs.body.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
        expect(scripts.length).toBeGreaterThan(0);
        for (const src of scripts) {
          const url = new URL(src, 'http://x/api/docs/').pathname;
          const res = await t.app.inject({ method: 'GET', url });
          expect(res.statusCode, url).toBe(200);
          expectSecurityHeaders(res.headers);
        }
      });

      it('HSTS over HTTPS (behind a proxy that says so, with TRUST_PROXY)', async () => {
        const proxied = await buildApp(
          { ...t.ctx, config: { ...t.ctx.config, trustProxy: true } },
          { webRoot: null },
        );
        try {
          const https = await proxied.inject({
            method: 'GET',
            url: '/api/health/live',
            headers: { 'x-forwarded-proto': 'https' },
          });
          expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
          const http = await proxied.inject({ method: 'GET', url: '/api/health/live' });
          expect(http.headers['strict-transport-security']).toBeUndefined();
        } finally {
          await proxied.close();
        }
        // Without TRUST_PROXY the header is a client's claim, not the transport: no HSTS.
        const direct = await t.app.inject({
          method: 'GET',
          url: '/api/health/live',
          headers: { 'x-forwarded-proto': 'https' },
        });
        expect(direct.headers['strict-transport-security']).toBeUndefined();
      });

      it('the unsubscribe page: its own stricter policy, its inline style allowed by hash only', async () => {
        const res = await t.app.inject({ method: 'GET', url: '/api/unsubscribe/not-a-token' });
        expect(res.statusCode).toBe(400);
        const policy = csp(res.headers['content-security-policy']);
        expect(policy['default-src']).toBe("'none'");
        expect(policy['frame-ancestors']).toBe("'none'");
        const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)![1]!;
        const hash = createHash('sha256').update(style).digest('base64');
        expect(policy['style-src']).toBe(`'sha256-${hash}'`);
        expect(res.body).not.toContain('<script');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      });
    });

    describe('health', () => {
      it('live and ready answer 200; ready is 503 while a migration is pending', async () => {
        expect((await t.app.inject({ method: 'GET', url: '/api/health/live' })).json()).toEqual({
          status: 'ok',
        });
        const ready = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
        expect({ status: ready.statusCode, body: ready.json() }).toEqual({
          status: 200,
          body: { status: 'ok' },
        });

        // A web process on a database whose schema is behind this build: not ready.
        const last = await t.ctx.db
          .selectFrom('kysely_migration' as never)
          .select(sql<string>`name`.as('name'))
          .orderBy(sql`name`, 'desc')
          .limit(1)
          .executeTakeFirstOrThrow();
        await sql`delete from kysely_migration where name = ${last.name}`.execute(t.ctx.db);
        try {
          const behind = await t.app.inject({ method: 'GET', url: '/api/health/ready' });
          expect(behind.statusCode).toBe(503);
          expect(behind.headers['content-type']).toContain('application/problem+json');
          expect(behind.json()).toMatchObject({
            status: 503,
            code: 'http.not_ready',
            reason: 'migrations',
            pending: [last.name],
          });
          expect((await t.app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
        } finally {
          await sql`insert into kysely_migration (name, timestamp) values (${last.name}, ${new Date().toISOString()})`.execute(
            t.ctx.db,
          );
        }
        expect((await t.app.inject({ method: 'GET', url: '/api/health/ready' })).statusCode).toBe(200);
      });
    });

    describe('metrics', () => {
      const scrape = () =>
        t.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: `Bearer ${METRICS_TOKEN}` },
        });

      it('requires the token', async () => {
        expectProblem(await t.app.inject({ method: 'GET', url: '/metrics' }), 401, 'http.unauthenticated');
        expectProblem(
          await t.app.inject({
            method: 'GET',
            url: '/metrics',
            headers: { authorization: 'Bearer wrong-token-0000000' },
          }),
          401,
          'http.unauthenticated',
        );
        const res = await scrape();
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      });

      it('HTTP latency by route and status; jobs, job delay, messages, scheduler ticks, the pool', async () => {
        await t.app.inject({ method: 'GET', url: '/api/health/live' });
        await t.app.inject({ method: 'GET', url: '/api/clients' }); // 401
        const officeId = t.a.office.id;
        await enqueue(t.ctx, t.ctx.db, opsProbe, {}, { officeId });
        const queued = await enqueue(t.ctx, t.ctx.db, opsProbe, {}, { officeId });
        // Two jobs due now; the worker starts them 90 s later.
        t.ctx.clock.advance(90_000);
        expect(await new Worker(t.ctx, { pools: ['default'] }).runOnce()).toBeGreaterThanOrEqual(2);
        await enqueue(t.ctx, t.ctx.db, opsProbe, {}, { officeId });
        await schedulerTick(t.ctx);
        expect(queued.id).toBeTruthy();

        const text = (await scrape()).body;
        expect(text).toMatch(
          /http_request_duration_seconds_count\{method="GET",route="\/api\/health\/live",status_code="200"\} [1-9]/,
        );
        expect(text).toMatch(
          /http_request_duration_seconds_count\{method="GET",route="\/api\/clients",status_code="401"\} [1-9]/,
        );
        expect(text).toMatch(/expediente_jobs\{pool="default",kind="test\.ops-probe",state="succeeded"\} 2/);
        expect(text).toMatch(/expediente_jobs\{pool="default",kind="test\.ops-probe",state="queued"\} 1/);
        // Both waited 90 s: above the 60 s bucket, within the 300 s one.
        expect(text).toMatch(/expediente_job_start_delay_seconds_bucket\{le="60",kind="test\.ops-probe"\} 0/);
        expect(text).toMatch(
          /expediente_job_start_delay_seconds_bucket\{le="300",kind="test\.ops-probe"\} 2/,
        );
        expect(text).toMatch(/expediente_scheduler_tick_seconds_count\{outcome="ok"\} [1-9]/);
        expect(text).toMatch(/expediente_db_pool_connections\{state="open"\} [1-9]/);
        expect(text).toMatch(/expediente_db_pool_max [1-9]/);
        expect(text).toContain('process_resident_memory_bytes');
        expect(text).toContain('# TYPE expediente_messages gauge');
      });

      it('counts the messages an earlier attempt may already have delivered', async () => {
        const r = await t.ctx.db.transaction().execute((trx) =>
          send(t.ctx, trx, {
            officeId: t.a.office.id,
            to: { kind: 'address', emails: ['duplicata@exemplo.com.br'] },
            channels: ['email'],
            template: 'messaging.test',
            vars: { user: { name: 'Ana' } },
            key: 'ops:possible-duplicate',
            cause: { kind: 'test' },
          }),
        );
        const before = Number(
          /expediente_messages_possible_duplicates (\d+)/.exec((await scrape()).body)?.[1],
        );
        await t.ctx.db
          .updateTable('messages')
          .set({ possible_duplicate: 1 })
          .where('id', '=', r.messageId!)
          .execute();
        expect((await scrape()).body).toContain(`expediente_messages_possible_duplicates ${before + 1}`);
      });
    });

    it('without METRICS_TOKEN there is no /metrics', async () => {
      const plain = await buildApp(
        { ...t.ctx, config: { ...t.ctx.config, metricsToken: undefined } },
        { webRoot: null },
      );
      try {
        const res = await plain.inject({ method: 'GET', url: '/metrics' });
        expect(res.statusCode).toBe(404);
      } finally {
        await plain.close();
      }
    });

    it('expired sessions are purged by the background retention', async () => {
      const session = await loginAs(t.app, t.a.admin.email);
      const count = () =>
        t.ctx.db
          .selectFrom('sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n));
      const before = await count();
      expect(before).toBeGreaterThan(0);
      expect((await applyRetention(t.ctx)).sessions).toBe(0);
      t.ctx.clock.advance(t.ctx.config.sessionTtlMs + 60_000);
      const removed = await applyRetention(t.ctx);
      expect(removed.sessions).toBe(before);
      expect(await count()).toBe(0);
      expectProblem(
        await session.request({ method: 'GET', url: '/api/clients' }),
        401,
        'http.unauthenticated',
      );
    });
  });
}

describe('the web app: precompressed files, cache headers, CSP on every page', () => {
  let dir: string;
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const js = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;
  const html =
    '<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'expediente-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'assets/index-AbC123.js'), js);
    writeFileSync(join(dir, 'assets/index-AbC123.js.br'), brotliCompressSync(js));
    writeFileSync(join(dir, 'assets/index-AbC123.js.gz'), gzipSync(js));
    t = await createTestApp('sqlite');
    app = await buildApp(t.ctx, { webRoot: dir });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hashed assets: the brotli (or gzip) file as built, cached for a year as immutable', async () => {
    const br = await app.inject({
      method: 'GET',
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(js);
    expectSecurityHeaders(br.headers);

    const gz = await app.inject({
      method: 'GET',
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({
      method: 'GET',
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
  });

  it('index.html for app routes (the client portal included): revalidated, never framed', async () => {
    for (const url of ['/', '/clients', '/portal/tickets/some-token']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(html);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expectSecurityHeaders(res.headers);
    }
    // A HEAD (monitors, `curl -I`) answers as the GET would, without the body.
    const head = await app.inject({ method: 'HEAD', url: '/clients' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['cache-control']).toBe('no-cache');
    expect(head.body).toBe('');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });
});
