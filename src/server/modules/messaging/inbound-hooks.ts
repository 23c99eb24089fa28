import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';

/**
 * What clients send on WhatsApp besides text, handed up to the modules that use it (messaging is layer 3;
 * the document collection, layer 6, registers its handlers in src/server/catalog.ts, as `onRunFinished`):
 * - an **inbound media** — a document or a photo — already downloaded from the Cloud API, scanned (when
 *   `CLAMAV_SOCKET` is set) and stored in the blob store;
 * - an **inbound list reply** — the row the contact picked in an interactive list we sent.
 * Each is handed over once per provider message id (a webhook delivered twice is stored once); a handler
 * that throws makes the job retry, so handlers are idempotent on `providerMessageId`.
 */

interface InboundBase {
  officeId: string;
  /** The contact's number, E.164 (`+5511987654321`). */
  from: string;
  /** The WhatsApp profile name, when the webhook carries it. */
  profileName: string | null;
  /** The provider's id of the inbound message (`wamid…`): the key to be idempotent on. */
  providerMessageId: string;
  receivedAt: string;
}

/** A document or photo the contact sent, stored. */
export interface InboundMedia extends InboundBase {
  kind: 'document' | 'image';
  /** The file name the contact's phone gave (made safe), or one we make for a photo (`foto-<date>.jpg`). */
  fileName: string;
  /** The media type the Cloud API declared (the content is checked by whoever uses the file). */
  mimeType: string;
  caption: string | null;
  blob: { ref: string; size: number };
}

/** The row a contact picked in an interactive list. */
export interface InboundListReply extends InboundBase {
  /** The row's id as we sent it. */
  rowId: string;
  title: string;
  /** The provider id of the list message answered (`context.id`), when given. */
  replyTo: string | null;
}

/**
 * Any message a contact sent (text, a document, a photo, a list reply) — "the client replied" — handed
 * over in the transaction that stores it (once: a webhook delivered twice stores it once). A handler writes
 * through `trx` only; throwing rolls the webhook's transaction back (the provider delivers again).
 */
export interface InboundMessage extends InboundBase {
  channel: 'whatsapp';
  /** The provider's message type (`text`, `document`, `image`, `interactive`…). */
  type: string;
  /** The text, or what the inbound log shows for a media or a list reply (`[document] nota.pdf`). */
  text: string;
}

export type InboundMessageHandler = (ctx: AppContext, trx: Db, message: InboundMessage) => Promise<void>;

export type InboundMediaHandler = (ctx: AppContext, media: InboundMedia) => Promise<void>;
export type InboundListReplyHandler = (ctx: AppContext, reply: InboundListReply) => Promise<void>;

const messageHandlers: InboundMessageHandler[] = [];
const mediaHandlers: InboundMediaHandler[] = [];
const listReplyHandlers: InboundListReplyHandler[] = [];

/** Registers a handler of inbound documents and photos; returns its removal. */
export function onInboundMedia(handler: InboundMediaHandler): () => void {
  mediaHandlers.push(handler);
  return () => {
    const i = mediaHandlers.indexOf(handler);
    if (i >= 0) mediaHandlers.splice(i, 1);
  };
}

/** Registers a handler of interactive list replies; returns its removal. */
export function onInboundListReply(handler: InboundListReplyHandler): () => void {
  listReplyHandlers.push(handler);
  return () => {
    const i = listReplyHandlers.indexOf(handler);
    if (i >= 0) listReplyHandlers.splice(i, 1);
  };
}

/** Registers a handler of every inbound message (in the storing transaction); returns its removal. */
export function onInboundMessage(handler: InboundMessageHandler): () => void {
  messageHandlers.push(handler);
  return () => {
    const i = messageHandlers.indexOf(handler);
    if (i >= 0) messageHandlers.splice(i, 1);
  };
}

export const inboundMessageHandlers = (): readonly InboundMessageHandler[] => messageHandlers;
export const inboundMediaHandlers = (): readonly InboundMediaHandler[] => mediaHandlers;
export const inboundListReplyHandlers = (): readonly InboundListReplyHandler[] => listReplyHandlers;
