import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookBackoff } from '../../src/server/modules/automation/actions/webhook.action.js';
import { isForbiddenAddress } from '../../src/server/modules/automation/actions/webhook-address.js';
import { makeClient, noonSP } from '../billing/helpers.js';
import { seedOffice } from '../support/fixtures.js';
import { createTestContext, dialects, type TestContext } from '../support/test-db.js';
import { action, actionContext, itemOf } from './action-helpers.js';

const SECRET = 'a-shared-secret-of-the-rule';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 whose answers the test scripts, one per request. */
async function startReceiver() {
  const received: Received[] = [];
  let script: ((req: Received, res: ServerResponse) => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      const next = script.shift() ?? ((_r, w) => w.writeHead(200).end('{"ok":true}'));
      next(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    answer(...steps: ((req: Received, res: ServerResponse) => void)[]) {
      script = steps;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How a receiver checks a delivery: HMAC-SHA256 of the raw body with the shared secret. */
function verify(secret: string, body: string, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const got = Buffer.from(header ?? '');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

const status = (code: number) => (_r: Received, res: ServerResponse) =>
  res.writeHead(code).end(`status ${code}`);

for (const dialect of dialects) {
  describe(`http.webhook (${dialect})`, () => {
    let ctx: TestContext;
    let officeId: string;
    let clientId: string;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    const webhook = action('http.webhook');
    /** The installation that allows private addresses (the receiver is on 127.0.0.1). */
    const allowing = () => ({ ...ctx, config: { ...ctx.config, webhookAllowPrivate: true } });

    beforeAll(async () => {
      ctx = await createTestContext(dialect);
      ctx.clock.set(noonSP('2026-11-23'));
      const seed = await seedOffice(ctx);
      officeId = seed.office.id;
      clientId = (await makeClient(ctx, seed.actor, 'Móveis Aurora Ltda', '11.222.333/0001-81')).id;
      receiver = await startReceiver();
      webhookBackoff.baseMs = 20;
    });
    afterAll(async () => {
      webhookBackoff.baseMs = 1_000;
      await receiver?.stop();
      await ctx?.destroy();
    });

    it('POSTs the item as JSON signed with the rule’s secret, and answers the receiver’s reply', async () => {
      receiver.received.length = 0;
      receiver.answer((_r, res) =>
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ticket":77}'),
      );
      const item = itemOf(clientId);
      const run = actionContext(allowing(), officeId, item, { vars: { document: { id: 'd1' } } });
      const out = await webhook.run(run, { url: receiver.url, secret: SECRET });
      expect(receiver.received).toHaveLength(1);
      const [got] = receiver.received;
      expect(got!.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(got!.headers['x-expediente-delivery']).toBe(run.run.id);
      expect(verify(SECRET, got!.body, got!.headers['x-expediente-signature'] as string)).toBe(true);
      expect(
        verify('another-secret-entirely', got!.body, got!.headers['x-expediente-signature'] as string),
      ).toBe(false);
      const body = JSON.parse(got!.body);
      expect(body).toMatchObject({
        id: run.run.id,
        event: 'automation.rule',
        item: { id: item.id, pipelineId: item.pipelineId, title: item.title, fields: item.fields, clientId },
        client: { id: clientId, name: 'Móveis Aurora Ltda', document: '11222333000181' },
        vars: { document: { id: 'd1' } },
      });
      expect(out.output).toEqual({ webhook: { status: 201, body: { ticket: 77 } } });
      expect(out.links).toEqual([{ kind: 'webhook', id: run.run.id, label: 'HTTP 201' }]);
    });

    it('retries 5xx and 429 with backoff, the same delivery each time, until one succeeds', async () => {
      receiver.received.length = 0;
      receiver.answer(status(500), status(429), status(200));
      const run = actionContext(allowing(), officeId, itemOf(clientId));
      const started = Date.now();
      const out = await webhook.run(run, { url: receiver.url, secret: SECRET, retries: 3 });
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((r) => r.headers['x-expediente-delivery']))).toEqual(
        new Set([run.run.id]),
      );
      // Backoff 20 ms then 40 ms.
      expect(Date.now() - started).toBeGreaterThanOrEqual(60);
      expect(out.summary.en).toBe('Webhook answered HTTP 200 (attempt 3)');
    });

    it('gives up after the retries with the last reason, and never retries another 4xx', async () => {
      receiver.received.length = 0;
      receiver.answer(status(503), status(503), status(503));
      const run = actionContext(allowing(), officeId, itemOf(clientId));
      await expect(webhook.run(run, { url: receiver.url, secret: SECRET, retries: 2 })).rejects.toThrow(
        'The webhook failed after 3 attempt(s): HTTP 503.',
      );
      expect(receiver.received).toHaveLength(3);

      receiver.received.length = 0;
      receiver.answer(status(404));
      await expect(
        webhook.run(actionContext(allowing(), officeId, itemOf(clientId)), {
          url: receiver.url,
          secret: SECRET,
        }),
      ).rejects.toThrow('after 1 attempt(s): HTTP 404');
      expect(receiver.received).toHaveLength(1);
    });

    it('stops waiting at the timeout', async () => {
      receiver.received.length = 0;
      receiver.answer(
        () => {}, // never answers
      );
      const started = Date.now();
      await expect(
        webhook.run(actionContext(allowing(), officeId, itemOf(clientId)), {
          url: receiver.url,
          secret: SECRET,
          timeoutMs: 500,
          retries: 0,
        }),
      ).rejects.toThrow('after 1 attempt(s): timeout after 500 ms');
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('test mode shows the signed body and calls nothing', async () => {
      receiver.received.length = 0;
      const run = actionContext(allowing(), officeId, itemOf(clientId), { testMode: true });
      const out = await webhook.run(run, { url: receiver.url, secret: SECRET });
      expect(receiver.received).toHaveLength(0);
      expect(out.preview?.[0]).toMatchObject({ channel: 'webhook', to: receiver.url });
      expect(JSON.parse(out.preview![0]!.body).id).toBe(run.run.id);
    });

    it('refuses loopback, private, link-local and a host resolving to one — when saving and when running', async () => {
      const forbidden = [
        receiver.url, // 127.0.0.1
        'http://10.1.2.3/hook',
        'http://172.16.0.9/hook',
        'http://192.168.1.10/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]:8080/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://[fd00::1]/hook',
        `http://localhost:${receiver.port}/hook`, // a name that resolves to loopback
      ];
      for (const url of forbidden) {
        const issues = await webhook.validate(ctx, officeId, { url, secret: SECRET });
        expect(issues, url).toHaveLength(1);
        expect(issues[0]).toMatchObject({ field: 'url', code: 'forbidden' });
        expect(issues[0]!.message['pt-BR']).toContain('rede privada, local ou reservada');
      }
      expect(
        await webhook.validate(ctx, officeId, { url: 'https://93.184.215.14/hook', secret: SECRET }),
      ).toEqual([]);
      expect(() => webhook.parse({ url: 'ftp://example.com/x', secret: SECRET })).toThrow();
      expect(() => webhook.parse({ url: 'https://example.com/x', secret: 'short' })).toThrow();

      // At run time, with the installation's default (private addresses refused): no request leaves.
      receiver.received.length = 0;
      for (const url of [receiver.url, `http://localhost:${receiver.port}/hook`]) {
        await expect(
          webhook.run(actionContext(ctx, officeId, itemOf(clientId)), { url, secret: SECRET }),
        ).rejects.toThrow(/Webhook address refused: (127\.0\.0\.1|localhost) points to a private/);
      }
      expect(receiver.received).toHaveLength(0);
    });
  });
}

describe('isForbiddenAddress', () => {
  it('knows the reserved ranges', () => {
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fc00::2',
      '::ffff:10.0.0.1',
    ])
      expect(isForbiddenAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '200.160.2.3', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      expect(isForbiddenAddress(a), a).toBe(false);
  });
});
