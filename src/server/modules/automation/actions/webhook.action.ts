/**
 * "Webhook": POSTs the item as JSON to an address of the office's choosing, signed with the rule's secret
 * (`X-Expediente-Signature: sha256=<HMAC-SHA256 of the raw body, hex>`), with a timeout and retries with
 * exponential backoff (network errors, timeouts, 429 and 5xx; never other 4xx). Private, loopback,
 * link-local and reserved addresses are refused after DNS resolution, at save time and again at each
 * call, unless the installation sets `AUTOMATION_WEBHOOK_ALLOW_PRIVATE=1` (docs/automation-actions.md).
 * External: it runs with no transaction held; the run id goes along as `X-Expediente-Delivery` so a
 * receiver can drop a repeated delivery.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { z } from 'zod';
import { text } from '../../../../shared/schemas/fields.js';
import { appLink } from '../../../config.js';
import type { FieldIssue } from '../../../http/errors.js';
import { actionKindOf } from './action-texts.js';
import { ruleContext } from './action-vars.js';
import { ActionError } from './actions.errors.js';
import { checkHost } from './webhook-address.js';

const webhookInput = z.strictObject({
  url: z
    .url({
      protocol: /^https?$/,
      message: 'Use um endereço http:// ou https://. / Use an http:// or https:// address.',
    })
    .max(2000),
  /** The shared secret the receiver checks the signature with (at least 16 characters). */
  secret: text(200).min(16),
  /** Per attempt, in milliseconds. */
  timeoutMs: z.number().int().min(500).max(30_000).default(10_000),
  /** Attempts after the first. */
  retries: z.number().int().min(0).max(5).default(3),
});
type WebhookInput = z.infer<typeof webhookInput>;

/** The backoff between attempts: `baseMs × 2^(attempt − 1)`, at most `maxMs`. */
export const webhookBackoff = { baseMs: 1_000, maxMs: 30_000 };

const MAX_ANSWER_BYTES = 64 * 1024;

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the rule's secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function addressIssues(url: string, allowPrivate: boolean): Promise<FieldIssue[]> {
  const host = new URL(url).hostname;
  const check = await checkHost(host, allowPrivate);
  if (check.ok) return [];
  const err =
    check.reason === 'forbidden'
      ? new ActionError('webhook_forbidden_address', { params: { host, address: check.address } })
      : new ActionError('webhook_unresolvable', { params: { host } });
  return [{ field: 'url', code: check.reason, message: err.messages }];
}

interface Answer {
  status: number;
  body: string;
}

/** One POST to the checked address, with the whole exchange bounded by `timeoutMs`. */
function post(
  url: URL,
  address: { address: string; family: 4 | 6 },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Answer> {
  // The connection goes to the address that was checked: no second lookup a rebinding DNS could answer.
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) cb(null, [{ address: address.address, family: address.family }]);
    else cb(null, address.address, address.family);
  };
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES),
          });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(body);
  });
}

const retryable = (status: number) => status === 429 || status >= 500;

export const webhookAction = actionKindOf<WebhookInput>({
  kind: 'http.webhook',
  input: webhookInput as unknown as z.ZodType<WebhookInput>,
  external: true,
  describe: (input, lang) => {
    const host = new URL(input.url).host;
    return lang === 'en' ? `Call the webhook ${host}` : `Chamar o webhook ${host}`;
  },
  validate: (_db, _officeId, input) =>
    addressIssues(input.url, ['1', 'true'].includes(process.env.AUTOMATION_WEBHOOK_ALLOW_PRIVATE ?? '')),
  async execute(ctx, input) {
    const values = await ruleContext(ctx);
    const payload = {
      id: ctx.run.id,
      event: 'automation.rule',
      sentAt: ctx.now.toISOString(),
      officeId: ctx.officeId,
      rule: { id: ctx.run.ruleId, version: ctx.run.version },
      item: {
        pipelineId: ctx.item.pipelineId,
        id: ctx.item.id,
        stageId: ctx.item.stageId,
        title: ctx.item.title,
        clientId: ctx.item.clientId,
        responsibleId: ctx.item.responsibleId,
        fields: ctx.item.fields,
        link: appLink(ctx.app.config, ctx.item.path),
      },
      client: ctx.item.clientId ? values.client : null,
      vars: ctx.vars,
    };
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Expediente-Webhook/1',
      'x-expediente-delivery': ctx.run.id,
      'x-expediente-signature': webhookSignature(input.secret, body),
    };
    if (ctx.testMode) {
      return {
        summary: {
          'pt-BR': `Teste: POST para ${input.url} (não chamado)`,
          en: `Test: POST to ${input.url} (not called)`,
        },
        preview: [{ channel: 'webhook', to: input.url, subject: null, body }],
      };
    }
    const url = new URL(input.url);
    const host = url.hostname;
    let attempts = 0;
    let reason = '';
    for (;;) {
      attempts++;
      // Checked at every attempt: the DNS answer may have changed since the rule was saved.
      const check = await checkHost(host, ctx.app.config.webhookAllowPrivate);
      if (!check.ok) {
        if (check.reason === 'forbidden')
          throw new ActionError('webhook_forbidden_address', { params: { host, address: check.address } });
        reason = `host ${host} not resolved`;
      } else {
        try {
          const answer = await post(url, check, headers, body, input.timeoutMs);
          if (answer.status >= 200 && answer.status < 300) {
            let parsed: unknown = answer.body;
            try {
              parsed = answer.body ? JSON.parse(answer.body) : null;
            } catch {
              // Not JSON: kept as text.
            }
            return {
              summary: {
                'pt-BR': `Webhook respondeu HTTP ${answer.status}${attempts > 1 ? ` (tentativa ${attempts})` : ''}`,
                en: `Webhook answered HTTP ${answer.status}${attempts > 1 ? ` (attempt ${attempts})` : ''}`,
              },
              output: { webhook: { status: answer.status, body: parsed } },
              links: [{ kind: 'webhook', id: ctx.run.id, label: `HTTP ${answer.status}` }],
            };
          }
          reason = `HTTP ${answer.status}`;
          if (!retryable(answer.status)) break;
        } catch (err) {
          reason = (err as Error).message;
        }
      }
      if (attempts > input.retries) break;
      const wait = Math.min(webhookBackoff.baseMs * 2 ** (attempts - 1), webhookBackoff.maxMs);
      await new Promise((r) => setTimeout(r, wait));
    }
    throw new ActionError('webhook_failed', { params: { attempts, reason } });
  },
});
