import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/test-db.js';
import { automationWorld } from './helpers.js';

const ruleDef = (name: string, action: string, input: Record<string, unknown>, mode = 'sequence') => ({
  name,
  action,
  input,
  mode,
  delay: { kind: 'none' },
  condition: null,
});

describe.each(dialects)('actions through real stage rules on the tickets pipeline (%s)', (dialect) => {
  let w: Awaited<ReturnType<typeof automationWorld>>;
  beforeAll(async () => {
    w = await automationWorld(dialect);
  });
  afterAll(async () => {
    await w.close();
  });

  it('a ticket entering a stage creates a document, then e-mails its link and the PDF to the client', async () => {
    await w.clearRules();
    await w.rule(
      'waiting',
      ruleDef('Documento', 'document.create', {
        name: 'Pendências — {{ client.name }}',
        template: '# Pendências\n\nAtendimento {{ item.title }} aguarda documentos.',
      }),
    );
    await w.rule(
      'waiting',
      ruleDef('E-mail', 'message.email', {
        subject: 'Pendências do atendimento {{ item.number }}',
        body: 'Baixe: {{ vars.document.link }}',
        attachDocument: true,
      }),
    );
    const t = await w.ticket('Alteração contratual');
    await w.move(t.id, 'waiting');
    await w.drain(); // first group: the document
    await w.drain(); // second group: the e-mail
    const runs = await w.runsOf(t.id);
    expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
    const doc = await w.ctx.db
      .selectFrom('automation_documents')
      .selectAll()
      .where('item_id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(doc.name).toBe('Pendências — Padaria Pão de Açúcar Ltda');
    const [mail] = await w.ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('idempotency_key', '=', `automation:${runs[1]!.id}`)
      .execute();
    expect(mail!.subject).toBe(`Pendências do atendimento ${t.number}`);
    expect(mail!.body_text).toContain(`/api/public/documents/${doc.token}`);
    expect(JSON.parse(mail!.attachments)[0]).toMatchObject({
      ref: doc.blob_ref,
      contentType: 'application/pdf',
    });
    const outcome = JSON.parse(runs[1]!.outcome!);
    expect(outcome.links).toEqual([{ kind: 'message', id: mail!.id, label: 'queued' }]);
    // The public link serves the PDF.
    const res = await w.app.inject({ method: 'GET', url: `/api/public/documents/${doc.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a webhook rule (external) posts the signed item once and records the answer', async () => {
    await w.clearRules();
    const bodies: { body: string; signature: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        bodies.push({ body, signature: String(req.headers['x-expediente-signature']) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    // This installation's receivers live on its own network.
    process.env.AUTOMATION_WEBHOOK_ALLOW_PRIVATE = '1';
    w.ctx.config.webhookAllowPrivate = true;
    try {
      await w.rule('analyzing', ruleDef('ERP', 'http.webhook', { url, secret: 'the-erp-shared-secret' }));
      const t = await w.ticket('Integração');
      await w.move(t.id, 'analyzing');
      await w.drain();
      const [run] = await w.runsOf(t.id);
      expect(run!.status).toBe('done');
      expect(bodies).toHaveLength(1);
      const expected = `sha256=${createHmac('sha256', 'the-erp-shared-secret').update(bodies[0]!.body).digest('hex')}`;
      expect(bodies[0]!.signature).toBe(expected);
      expect(JSON.parse(bodies[0]!.body).item).toMatchObject({
        pipelineId: 'tickets',
        id: t.id,
        stageId: 'analyzing',
      });
      expect(JSON.parse(run!.outcome!).output).toEqual({
        webhook: { status: 200, body: { received: true } },
      });
    } finally {
      delete process.env.AUTOMATION_WEBHOOK_ALLOW_PRIVATE;
      w.ctx.config.webhookAllowPrivate = false;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('refuses, when saving, a template with an unknown variable and a webhook to a private address', async () => {
    const bad = await w.adminA.request({
      method: 'POST',
      url: '/api/automation/pipelines/tickets/stages/waiting/rules',
      payload: ruleDef('E-mail', 'message.email', { subject: 'Oi', body: 'Cor: {{ item.color }}' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('item.color');
    const hook = await w.adminA.request({
      method: 'POST',
      url: '/api/automation/pipelines/tickets/stages/waiting/rules',
      payload: ruleDef('Webhook', 'http.webhook', {
        url: 'http://169.254.169.254/latest/meta-data',
        secret: 'a-secret-of-sixteen-chars',
      }),
    });
    expect(hook.statusCode).toBe(400);
    expect(hook.body).toContain('169.254.169.254');
  });
});
