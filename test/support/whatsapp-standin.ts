import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { freePort } from './pg-cluster.js';

/**
 * A local stand-in for the WhatsApp Business Cloud API: the documented request and response shapes of
 * `POST /{version}/{phone-number-id}/messages`, its errors (190 invalid token, 131047 outside the 24-hour
 * window, 132001 unknown template, 130429 rate limit with Retry-After, 131026 undeliverable, 131000 an
 * internal error answered with a 500), and signed webhooks. Interactive list messages (`type: "interactive"`,
 * checked against Meta's limits: 10 rows, 20/24/72-character texts; only in the 24-hour window), and the
 * media download contract: `GET /{version}/{media-id}` → `{ url, mime_type, sha256, file_size }`, then
 * `GET url`, both with the bearer token.
 */
export interface WhatsAppStandIn {
  baseUrl: string;
  token: string;
  appSecret: string;
  phoneNumberId: string;
  approved: Map<string, number>;
  /** Numbers (digits) that wrote to the business recently: free text allowed. */
  windowOpen: Set<string>;
  rateLimitNext: number;
  /** The next N sends answer 500 (131000, "Something went wrong"). */
  serverErrorNext: number;
  /** Numbers (digits) that cannot receive WhatsApp messages: 131026. */
  undeliverable: Set<string>;
  sent: {
    to: string;
    type: string;
    text?: string;
    template?: { name: string; language: string; params: string[] };
    /** An interactive list as sent: body, button and the rows' ids and titles. */
    list?: { body: string; button: string; sections: { title: string; rows: StandInRow[] }[] };
    id: string;
  }[];
  /** Stores a media the way Meta holds an inbound one; returns its media id. */
  addMedia(bytes: Buffer, mimeType: string): string;
  /** Media downloads served (GET of the url), by media id. */
  mediaDownloads: string[];
  sign(body: string): string;
  stop(): Promise<void>;
}

interface StandInRow {
  id: string;
  title: string;
  description?: string;
}

export async function startWhatsAppStandIn(): Promise<WhatsAppStandIn> {
  const media = new Map<string, { bytes: Buffer; mimeType: string }>();
  const mediaDownloads: string[] = [];
  const port = await freePort();
  const state = {
    baseUrl: `http://127.0.0.1:${port}`,
    token: 'EAAG-test-token-0123456789',
    appSecret: 'app-secret-0123456789',
    phoneNumberId: '109876543210',
    approved: new Map([['expediente_teste', 2]]),
    windowOpen: new Set<string>(),
    rateLimitNext: 0,
    serverErrorNext: 0,
    undeliverable: new Set<string>(),
    sent: [] as WhatsAppStandIn['sent'],
  };
  const error = (
    res: import('node:http').ServerResponse,
    status: number,
    code: number,
    message: string,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(
      JSON.stringify({
        error: { message, type: 'OAuthException', code, fbtrace_id: randomBytes(6).toString('hex') },
      }),
    );
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      if (req.method === 'GET') {
        if (req.headers.authorization !== `Bearer ${state.token}`)
          return error(res, 401, 190, 'Invalid OAuth access token.');
        const download = /^\/media-download\/(\d+)$/.exec((req.url ?? '').split('?')[0]!);
        if (download) {
          const item = media.get(download[1]!);
          if (!item) return error(res, 404, 100, 'Media not found');
          mediaDownloads.push(download[1]!);
          res.writeHead(200, { 'content-type': item.mimeType, 'content-length': String(item.bytes.length) });
          return res.end(item.bytes);
        }
        const meta = /^\/(v\d+\.\d+)\/(\d+)$/.exec(req.url ?? '');
        const item = meta ? media.get(meta[2]!) : undefined;
        if (!meta || !item)
          return error(
            res,
            400,
            100,
            `Unsupported get request. Object with ID '${meta?.[2]}' does not exist.`,
          );
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            messaging_product: 'whatsapp',
            url: `${state.baseUrl}/media-download/${meta[2]}?ext=${Date.now()}`,
            mime_type: item.mimeType,
            sha256: createHash('sha256').update(item.bytes).digest('hex'),
            file_size: item.bytes.length,
            id: meta[2],
          }),
        );
      }
      const m = /^\/(v\d+\.\d+)\/(\d+)\/messages$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m || m[2] !== state.phoneNumberId)
        return error(res, 404, 100, 'Unsupported post request.');
      if (req.headers.authorization !== `Bearer ${state.token}`)
        return error(res, 401, 190, 'Invalid OAuth access token.');
      if (state.rateLimitNext > 0) {
        state.rateLimitNext--;
        return error(res, 429, 130429, 'Rate limit hit', { 'retry-after': '2' });
      }
      if (state.serverErrorNext > 0) {
        state.serverErrorNext--;
        return error(res, 500, 131000, 'Something went wrong');
      }
      const body = JSON.parse(raw) as {
        messaging_product?: string;
        to?: string;
        type?: string;
        text?: { body: string };
        interactive?: {
          type?: string;
          body?: { text?: string };
          action?: { button?: string; sections?: { title?: string; rows?: StandInRow[] }[] };
        };
        template?: {
          name: string;
          language: { code: string };
          components?: { type: string; parameters: { text: string }[] }[];
        };
      };
      if (body.messaging_product !== 'whatsapp' || !body.to || !/^\d{10,15}$/.test(body.to)) {
        return error(res, 400, 100, 'Invalid parameter');
      }
      if (state.undeliverable.has(body.to)) return error(res, 400, 131026, 'Message undeliverable');
      const id = `wamid.${randomBytes(12).toString('base64url')}`;
      // Free-form messages (text, list) need the customer's 24-hour window; templates do not.
      const freeForm =
        body.type === 'text' || (body.type === 'interactive' && body.interactive?.type === 'list');
      if (freeForm && !state.windowOpen.has(body.to)) {
        return error(
          res,
          400,
          131047,
          'Re-engagement message: more than 24 hours have passed since the customer last replied.',
        );
      }
      if (body.type === 'text') {
        state.sent.push({ to: body.to, type: 'text', text: body.text?.body ?? '', id });
      } else if (body.type === 'template' && body.template) {
        const params =
          body.template.components?.find((c) => c.type === 'body')?.parameters.map((p) => p.text) ?? [];
        if (state.approved.get(body.template.name) !== params.length) {
          return error(res, 400, 132001, 'Template name does not exist in the translation');
        }
        state.sent.push({
          to: body.to,
          type: 'template',
          template: { name: body.template.name, language: body.template.language.code, params },
          id,
        });
      } else if (body.type === 'interactive' && body.interactive?.type === 'list') {
        const i = body.interactive;
        const sections = i.action?.sections ?? [];
        const rows = sections.flatMap((sec) => sec.rows ?? []);
        const invalid =
          !i.body?.text ||
          !i.action?.button ||
          i.action.button.length > 20 ||
          sections.length === 0 ||
          sections.length > 10 ||
          (sections.length > 1 && sections.some((sec) => !sec.title)) ||
          sections.some((sec) => (sec.title ?? '').length > 24) ||
          rows.length === 0 ||
          rows.length > 10 ||
          new Set(rows.map((r) => r.id)).size !== rows.length ||
          rows.some(
            (r) =>
              !r.id ||
              r.id.length > 200 ||
              !r.title ||
              r.title.length > 24 ||
              (r.description ?? '').length > 72,
          );
        if (invalid) return error(res, 400, 131009, 'Parameter value is not valid');
        state.sent.push({
          to: body.to,
          type: 'interactive',
          list: {
            body: i.body!.text!,
            button: i.action!.button!,
            sections: sections.map((sec) => ({ title: sec.title ?? '', rows: sec.rows ?? [] })),
          },
          id,
        });
      } else {
        return error(res, 400, 100, 'Invalid parameter');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          contacts: [{ input: body.to, wa_id: body.to }],
          messages: [{ id }],
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    ...state,
    sign: (body: string) => `sha256=${createHmac('sha256', state.appSecret).update(body).digest('hex')}`,
    addMedia(bytes: Buffer, mimeType: string) {
      const id = String(1_000_000_000_000_000 + media.size + Math.floor(Math.random() * 1_000_000) * 1000);
      media.set(id, { bytes, mimeType });
      return id;
    },
    mediaDownloads,
    stop: () => new Promise((r) => server.close(() => r())),
    get rateLimitNext() {
      return state.rateLimitNext;
    },
    set rateLimitNext(n: number) {
      state.rateLimitNext = n;
    },
    get serverErrorNext() {
      return state.serverErrorNext;
    },
    set serverErrorNext(n: number) {
      state.serverErrorNext = n;
    },
    get token() {
      return state.token;
    },
    set token(t: string) {
      state.token = t;
    },
  } as WhatsAppStandIn;
}

/** A webhook body as Meta sends it: statuses and/or inbound messages. */
export function webhookBody(
  phoneNumberId: string,
  value: { statuses?: unknown[]; messages?: unknown[]; contacts?: unknown[] },
): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1234567890',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '5511900000000', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

/**
 * Posts one inbound message to office `officeId`'s WhatsApp webhook on `t.app`, signed with the stand-in's app
 * secret as Meta signs it: from `sender.number` (profile name `sender.name`), stamped with `t.ctx`'s clock.
 */
export function postInbound(
  t: { app: FastifyInstance; ctx: { clock: { now(): Date } } },
  wa: WhatsAppStandIn,
  officeId: string,
  sender: { number: string; name: string },
  message: Record<string, unknown>,
) {
  const body = webhookBody(wa.phoneNumberId, {
    contacts: [{ profile: { name: sender.name }, wa_id: sender.number }],
    messages: [
      { from: sender.number, timestamp: String(Math.floor(t.ctx.clock.now().getTime() / 1000)), ...message },
    ],
  });
  return t.app.inject({
    method: 'POST',
    url: `/api/webhooks/whatsapp/${officeId}`,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body) },
    payload: body,
  });
}

/** The office's WhatsApp settings (`PUT /api/channels/whatsapp`) that point at the stand-in. */
export function standInSettings(wa: WhatsAppStandIn) {
  return {
    baseUrl: wa.baseUrl,
    apiVersion: 'v21.0',
    phoneNumberId: wa.phoneNumberId,
    accessToken: wa.token,
    appSecret: wa.appSecret,
    verifyToken: 'verificacao-123',
  };
}
