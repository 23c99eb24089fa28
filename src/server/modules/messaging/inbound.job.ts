import { Readable } from 'node:stream';
import { z } from 'zod';
import { BlobsError, blobStore, scanGate } from '../../blobs/index.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { safeFileName } from '../../http/file-name.js';
import { defineJob, enqueue, PermanentJobError } from '../engine/index.js';
import {
  inboundText,
  lastInboundAt,
  loadWhatsAppSettings,
  type NewInbound,
  openWhatsAppMedia,
  sendWhatsApp,
  type WhatsAppList,
  WINDOW_MS,
} from './channels/whatsapp.channel.js';
import { inboundListReplyHandlers, inboundMediaHandlers, inboundMessageHandlers } from './inbound-hooks.js';
import { MessagingError, PermanentDeliveryError } from './messaging.errors.js';

/**
 * Inbound WhatsApp work that does not fit in a webhook's answer: downloading a document or photo the
 * contact sent (it may be large; Meta wants the webhook answered at once), and handing it, or a list
 * reply, to the modules that registered for them (inbound-hooks.ts). The webhook enqueues one job per new
 * inbound message in the transaction that stores it, keyed by the provider's message id: a duplicate
 * delivery stores nothing new and enqueues nothing.
 */

/** WhatsApp's own ceiling for a document (100 MB); the module that takes the file applies its limits. */
export const MAX_INBOUND_MEDIA_BYTES = 100 * 1024 * 1024;

const base = {
  officeId: z.string(),
  from: z.string(),
  profileName: z.string().nullable(),
  providerMessageId: z.string(),
  receivedAt: z.string(),
};

const payload = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.enum(['document', 'image']),
    mediaId: z.string(),
    fileName: z.string().nullable(),
    mimeType: z.string().nullable(),
    caption: z.string().nullable(),
  }),
  z.object({
    ...base,
    type: z.literal('list_reply'),
    rowId: z.string(),
    title: z.string(),
    replyTo: z.string().nullable(),
  }),
]);

const extensionOf: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/** A photo has no name: `foto-2026-04-10-091532.jpg` from its time and type. */
function photoName(receivedAt: string, mimeType: string | null): string {
  const stamp = receivedAt.slice(0, 19).replace('T', '-').replace(/:/g, '');
  return `foto-${stamp}.${extensionOf[mimeType ?? ''] ?? 'jpg'}`;
}

export const inboundWhatsApp = defineJob({
  kind: 'messaging.whatsapp-inbound',
  payload,
  hidden: true,
  maxAttempts: 6,
  backoff: { baseMs: 15_000, maxMs: 1_800_000 },
  leaseMs: 300_000,
  async run(p, ctx) {
    const app = ctx.app;
    const common = {
      officeId: p.officeId,
      from: p.from,
      profileName: p.profileName,
      providerMessageId: p.providerMessageId,
      receivedAt: p.receivedAt,
    };
    if (p.type === 'list_reply') {
      for (const handler of inboundListReplyHandlers())
        await handler(app, { ...common, rowId: p.rowId, title: p.title, replyTo: p.replyTo });
      return { handed: 'list_reply' };
    }
    const handlers = inboundMediaHandlers();
    // Nobody takes files: nothing to download (the message stays in the inbound log).
    if (handlers.length === 0) return { handed: 'none' };
    const settings = await loadWhatsAppSettings(app.db, p.officeId);
    if (!settings) throw new PermanentJobError('WhatsApp is no longer configured for this office');
    const fileName =
      p.type === 'image' || !p.fileName
        ? photoName(p.receivedAt, p.mimeType)
        : safeFileName(p.fileName, photoName(p.receivedAt, p.mimeType));
    let blob: { ref: string; size: number };
    try {
      const media = await openWhatsAppMedia(app, settings, p.mediaId);
      const source = scanGate(app, fileName, Readable.fromWeb(media.body as never));
      blob = await blobStore(app).put(source, { maxBytes: MAX_INBOUND_MEDIA_BYTES });
    } catch (err) {
      if (err instanceof PermanentDeliveryError) throw new PermanentJobError(err.message, { cause: err });
      if (
        err instanceof BlobsError &&
        (err.code === 'blobs.file_infected' || err.code === 'blobs.too_large')
      ) {
        // The contact is still in the conversation: tell them why the file was not taken (best effort).
        await sendWhatsApp(app, settings, p.from, { kind: 'text', body: err.messages['pt-BR'] }).catch(
          (e: unknown) => ctx.log.warn({ err: e }, 'could not tell the contact why a file was refused'),
        );
        throw new PermanentJobError(err, { cause: err });
      }
      throw err;
    }
    const media = {
      ...common,
      kind: p.type,
      fileName,
      mimeType: p.mimeType ?? 'application/octet-stream',
      caption: p.caption,
      blob,
    };
    for (const handler of handlers) await handler(app, media);
    return { handed: p.type, size: blob.size };
  },
});

/**
 * Hands a new inbound message to the `onInboundMessage` handlers and enqueues its work, in the webhook's
 * transaction: documents, photos and list replies get a job (one per provider message id); text needs none.
 */
export async function enqueueInbound(ctx: AppContext, trx: Db, officeId: string, inbound: NewInbound) {
  const m = inbound.message;
  const common = {
    officeId,
    from: inbound.from,
    profileName: inbound.profileName,
    providerMessageId: m.id,
    receivedAt: inbound.receivedAt,
  };
  for (const handler of inboundMessageHandlers())
    await handler(ctx, trx, { ...common, channel: 'whatsapp', type: m.type, text: inboundText(m) });
  const media = m.type === 'document' ? m.document : m.type === 'image' ? m.image : undefined;
  let job: z.input<typeof payload> | null = null;
  if (media)
    job = {
      ...common,
      type: m.type as 'document' | 'image',
      mediaId: media.id,
      fileName: media.filename ?? null,
      mimeType: media.mime_type ?? null,
      caption: media.caption ?? null,
    };
  else if (m.type === 'interactive' && m.interactive?.list_reply)
    job = {
      ...common,
      type: 'list_reply',
      rowId: m.interactive.list_reply.id,
      title: m.interactive.list_reply.title,
      replyTo: m.context?.id ?? null,
    };
  if (!job) return;
  await enqueue(ctx, trx, inboundWhatsApp, job, {
    officeId,
    uniqueKey: `whatsapp-inbound:${officeId}:${m.id}`,
  });
}

/** The office's WhatsApp settings, or `whatsapp_not_configured`; `whatsapp_window_closed` outside 24 hours. */
async function windowSettings(ctx: AppContext, officeId: string, to: string) {
  const settings = await loadWhatsAppSettings(ctx.db, officeId);
  if (!settings) throw new MessagingError('whatsapp_not_configured');
  const last = await lastInboundAt(ctx.db, officeId, to);
  if (!last || ctx.clock.now().getTime() - last.getTime() > WINDOW_MS)
    throw new MessagingError('whatsapp_window_closed');
  return settings;
}

/**
 * Sends an interactive list to a contact who wrote to us in the last 24 hours (free-form messages, lists
 * included, are only allowed in that window) at once; returns the provider's message id. Not through the
 * outbox, so a caller that may run twice (a job) sends it twice: such a caller uses `send()` with
 * `whatsappList` and a key instead, as the document collection does.
 * @throws MessagingError `whatsapp_not_configured`, `whatsapp_window_closed`.
 */
export async function sendWhatsAppList(
  ctx: AppContext,
  officeId: string,
  to: string,
  list: WhatsAppList,
): Promise<string> {
  return sendWhatsApp(ctx, await windowSettings(ctx, officeId, to), to, { kind: 'list', ...list });
}
