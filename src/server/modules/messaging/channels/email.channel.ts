import { Transform, type TransformCallback } from 'node:stream';
import tls from 'node:tls';
import type Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type MailComposerClass from 'nodemailer/lib/mail-composer/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { blobStore, readBlob } from '../../../blobs/index.js';
import type { AppContext } from '../../../context.js';
import type { Db } from '../../../db/database.js';
import type { MessageRow } from '../../../db/schema.js';
import { lazyRequire } from '../../../lazy-require.js';
import { listUsers, type Office } from '../../platform/index.js';
import { PermanentDeliveryError } from '../messaging.errors.js';
import type { EmailSettings } from '../messaging.schema.js';
import { decryptSecret } from '../secrets.js';
import { storedSettings } from './channel-settings.js';

// nodemailer is loaded by the first e-mail, not at start (docs/benchmarks.md, idle memory).
const nodemailer = lazyRequire<typeof Nodemailer>('nodemailer');
const MailComposer = lazyRequire<typeof MailComposerClass>('nodemailer/lib/mail-composer/index.js');

/** The HTML e-mail: the rendered body in a simple, client-safe layout with the office's name. */
export function emailHtml(office: Office, bodyHtml: string, unsubscribeUrl: string | null): string {
  const footer = unsubscribeUrl
    ? `<p style="color:#888;font-size:12px">Não quer mais receber estes e-mails? <a href="${unsubscribeUrl}">Cancelar inscrição</a>.</p>`
    : '';
  return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"></head><body style="font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.5">
<div style="max-width:600px;margin:0 auto;padding:16px">
<p style="font-weight:bold;color:#0b5563;font-size:16px">${office.name.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>
${bodyHtml}
<hr style="border:none;border-top:1px solid #ddd">
<p style="color:#888;font-size:12px">Enviado pelo Expediente em nome de ${office.name.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}.</p>
${footer}</div></body></html>`;
}

export interface ComposedEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  messageId: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

export async function composeEmail(
  ctx: AppContext,
  msg: MessageRow,
  office: Office,
  settings: EmailSettings | null,
  unsubscribeUrl: string | null,
  /** Reply-To when the settings name none (a message that asks for an answer: `officeReplyTo`). */
  fallbackReplyTo: string | null = null,
): Promise<ComposedEmail> {
  const files = JSON.parse(msg.attachments) as { filename: string; contentType: string; ref: string }[];
  const attachments = await Promise.all(
    files.map(async (f) => ({
      filename: f.filename,
      contentType: f.contentType,
      // The MIME message is built in memory (attachments are bounded at 20 MiB per message).
      content: await readBlob(blobStore(ctx), f.ref, 20 * 1024 * 1024),
    })),
  );
  const fromName = settings?.fromName ?? office.name;
  const fromAddress = settings?.fromAddress ?? 'nao-responda@expediente.local';
  const headers: Record<string, string> = {};
  if (unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from: `"${fromName.replace(/"/g, "'")}" <${fromAddress}>`,
    to: msg.address!,
    subject: msg.subject ?? '',
    text: unsubscribeUrl
      ? `${msg.body_text}\n\n--\nPara não receber mais estes e-mails: ${unsubscribeUrl}`
      : msg.body_text,
    html: emailHtml(office, msg.body_html ?? '', unsubscribeUrl),
    ...(settings?.replyTo || fallbackReplyTo ? { replyTo: (settings?.replyTo ?? fallbackReplyTo)! } : {}),
    // A stable Message-ID: a retry after the duplicate window carries the same id, so mail clients can tell.
    messageId: `<${msg.id}@expediente>`,
    headers,
    attachments,
  };
}

/** A From that cannot take replies: the local mailbox's, or an address the office named no-reply. */
const noReply = /^(no-?reply|do-?not-?reply|nao-?responda|naoresponder)@/i;

/**
 * Where answers to a message that asks for one should go when the e-mail settings name no Reply-To: the
 * From itself if it is a real mailbox of the office; else the first active administrator's e-mail. Null
 * when no answer address is needed or none exists.
 */
export async function officeReplyTo(
  ctx: AppContext,
  officeId: string,
  settings: EmailSettings | null,
): Promise<string | null> {
  if (settings?.replyTo) return null;
  if (settings && !noReply.test(settings.fromAddress)) return null;
  const admin = (await listUsers(ctx, officeId, { active: true })).find((u) => u.role === 'admin');
  return admin?.email ?? null;
}

/** Builds the raw MIME of an e-mail, exactly as an SMTP server would receive it. */
export async function buildMime(mail: ComposedEmail): Promise<string> {
  const buffer = await new (MailComposer())({ ...mail, disableFileAccess: true, disableUrlAccess: true })
    .compile()
    .build();
  return buffer.toString('utf8');
}

/**
 * Gathers the message's output into chunks of up to 64 KiB. Nodemailer streams a message part by part — a
 * header block, each boundary, each encoded line group — and every chunk became its own socket write (its
 * own TLS record and TCP segment): a dozen writes for a small e-mail. Gathered, a small e-mail leaves in one
 * write, and a large one still streams, holding at most 64 KiB.
 */
class GatherChunks extends Transform {
  static readonly limit = 64 * 1024;
  #parts: Buffer[] = [];
  #size = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.#parts.push(chunk);
    this.#size += chunk.length;
    if (this.#size >= GatherChunks.limit) this.#emit();
    done();
  }

  override _flush(done: TransformCallback) {
    this.#emit();
    done();
  }

  #emit() {
    if (this.#size === 0) return;
    this.push(this.#parts.length === 1 ? this.#parts[0] : Buffer.concat(this.#parts, this.#size));
    this.#parts = [];
    this.#size = 0;
  }
}

const transports = new Map<string, Transporter<SMTPTransport.SentMessageInfo>>();

function transportFor(ctx: AppContext, officeId: string, s: EmailSettings) {
  const cacheKey = `${officeId}:${JSON.stringify(s)}`;
  let t = transports.get(cacheKey);
  if (!t) {
    t = nodemailer().createTransport({
      // Reused connections: one SMTP handshake per 100 messages instead of one per message.
      pool: true,
      maxConnections: 5,
      maxMessages: 100,
      host: s.host,
      port: s.port,
      secure: s.security === 'tls',
      requireTLS: s.security === 'starttls',
      ignoreTLS: s.security === 'none',
      // Certificates are verified; SMTP_CA_FILE adds an office's own CA to Node's bundled ones.
      tls: {
        minVersion: 'TLSv1.2',
        ...(ctx.config.smtpCa ? { ca: [...tls.rootCertificates, ctx.config.smtpCa] } : {}),
      },
      auth: s.user
        ? { user: s.user, pass: s.passwordEnc ? decryptSecret(s.passwordEnc, ctx.config.secretKey) : '' }
        : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      // Content comes from the outbox and the blob store, never from a path or a URL in a message.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    t.use('stream', (mail, done) => {
      mail.message.transform(() => new GatherChunks());
      done();
    });
    transports.set(cacheKey, t);
  }
  return t;
}

/**
 * Sends through the office's SMTP server. A 5xx answer is permanent (PermanentDeliveryError, `bounced` when
 * the recipient was refused); a 4xx answer or a connection failure is transient and thrown as is, for the
 * job to retry with backoff.
 */
export async function sendSmtp(
  ctx: AppContext,
  officeId: string,
  settings: EmailSettings,
  mail: ComposedEmail,
) {
  try {
    const info = await transportFor(ctx, officeId, settings).sendMail(mail);
    return { providerMessageId: info.messageId ?? mail.messageId, response: info.response };
  } catch (err) {
    const e = err as { responseCode?: number; command?: string };
    if (e.responseCode !== undefined && e.responseCode >= 500) {
      // Refused at RCPT TO: the server does not take mail for this address (550 no such user…).
      throw new PermanentDeliveryError(`SMTP ${e.responseCode}: ${(err as Error).message}`, {
        bounced: e.command === 'RCPT TO',
        cause: err,
      });
    }
    throw err;
  }
}

export const loadEmailSettings = (db: Db, officeId: string) =>
  storedSettings<EmailSettings>(db, officeId, 'email');
