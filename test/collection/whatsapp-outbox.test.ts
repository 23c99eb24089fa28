/**
 * The answers of Cobrança de Arquivos on WhatsApp go through the messaging outbox, keyed by the inbound
 * message and the answer's purpose: a webhook delivered twice, a job run again after a crash (between the
 * outbox commit and the delivery, or right after the provider took a message but before that was recorded
 * here) answers the contact once. The crash is injected in-process: a Kysely plugin makes one chosen
 * statement fail, as a process killed at that point would leave the database.
 */
import { readFileSync } from 'node:fs';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStore } from '../../src/server/blobs/index.js';
import type { AppContext } from '../../src/server/context.js';
import {
  collectionInboundMedia,
  collectionListReply,
} from '../../src/server/modules/collection/whatsapp.service.js';
import type { InboundMedia } from '../../src/server/modules/messaging/index.js';
import { useFixture } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { postInbound, type WhatsAppStandIn } from '../support/whatsapp-standin.js';
import { collectionWorld, drainJobs, mariaOnWhatsApp, scheduleOnce } from './helpers.js';

const NUMBER = '5511987654321';
const MARIA = { number: NUMBER, name: 'Maria' };
const fixture = (name: string) => readFileSync(new URL(`../fixtures/collection/${name}`, import.meta.url));

/** A crash at the first UPDATE of `table` that sets `column`: the statement throws, once. */
function crashAt(ctx: AppContext, table: string, column: string): AppContext & { crashed: () => boolean } {
  let armed = true;
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      // The parts of an UpdateQueryNode this looks at (kysely's node types, read structurally).
      const n = node as unknown as {
        kind: string;
        table?: { table?: { identifier?: { name?: string } } };
        updates?: { column: { column: { name: string } } }[];
      };
      if (
        armed &&
        n.kind === 'UpdateQueryNode' &&
        n.table?.table?.identifier?.name === table &&
        n.updates?.some((u) => u.column.column.name === column)
      ) {
        armed = false;
        throw new Error(`simulated crash before UPDATE ${table}.${column}`);
      }
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
  return { ...ctx, db: ctx.db.withPlugin(plugin), crashed: () => !armed };
}

for (const dialect of dialects) {
  describe(`collection WhatsApp answers through the outbox (${dialect})`, () => {
    const w = useFixture(() => collectionWorld(dialect));
    let wa: WhatsAppStandIn;
    let seq = 0;

    beforeAll(async () => {
      wa = await mariaOnWhatsApp(w);
      await scheduleOnce(w.adminA, w.template.id, [w.clients.padaria.id], '2026-03');
    });
    afterAll(async () => {
      await wa.stop();
    });

    const webhook = (message: Record<string, unknown>) => postInbound(w, wa, w.a.office.id, MARIA, message);
    const work = () => drainJobs(w.ctx);
    const lists = () => wa.sent.filter((s) => s.type === 'interactive');
    /** A document as messaging hands it over once downloaded: the inbound job's input to this module. */
    const media = async (name: string, bytes: Buffer): Promise<InboundMedia> => {
      // The webhook stores the inbound message (it opens the 24-hour window the answers need).
      const id = `wamid.O${++seq}`;
      expect((await webhook({ id, type: 'text', text: { body: `vou mandar ${name}` } })).statusCode).toBe(
        200,
      );
      const blob = await blobStore(w.ctx).put(bytes);
      return {
        officeId: w.a.office.id,
        from: `+${NUMBER}`,
        profileName: 'Maria',
        providerMessageId: `wamid.M${seq}`,
        receivedAt: w.ctx.clock.now().toISOString(),
        kind: 'document',
        fileName: name,
        mimeType: 'application/octet-stream',
        caption: null,
        blob: { ref: blob.ref, size: blob.size },
      };
    };

    it('a webhook delivered twice and processed twice sends one list', async () => {
      const before = lists().length;
      const mediaId = wa.addMedia(fixture('extrato-v2-2026-04.ofx'), 'application/octet-stream');
      const doc = {
        id: `wamid.D${++seq}`,
        type: 'document',
        document: { id: mediaId, mime_type: 'application/octet-stream', filename: 'extrato.ofx' },
      };
      expect((await webhook(doc)).statusCode).toBe(200);
      expect((await webhook(doc)).statusCode).toBe(200);
      await work();
      expect(lists().length - before).toBe(1);
    });

    it('a crash after the list was queued and before it was delivered: the retried job queues nothing new', async () => {
      const before = lists().length;
      const m = await media('extrato março.ofx', fixture('extrato-v2-2026-04.ofx'));
      // The job's first attempt commits (the list is in the outbox) and the process dies before the job is
      // recorded done: the job runs again, then the deliveries.
      await collectionInboundMedia(w.ctx, m);
      expect(lists().length - before).toBe(0); // nothing reached the Cloud API inside the handler
      await collectionInboundMedia(w.ctx, m);
      await work();
      expect(lists().length - before).toBe(1);
      const outbox = await w.ctx.db
        .selectFrom('messages')
        .select(['status', 'channel_payload'])
        .where('idempotency_key', '=', `collection-wa:${m.providerMessageId}:list`)
        .execute();
      expect(outbox).toHaveLength(1);
      expect(outbox[0]!.status).toBe('sent');
    });

    it('a crash while recording that the list was sent: the retry sends one list, not two', async () => {
      const before = lists().length;
      const m = await media('extrato abril.ofx', fixture('extrato-v2-2026-04.ofx'));
      const crashing = crashAt(w.ctx, 'collection_whatsapp_files', 'list_message_id');
      await expect(collectionInboundMedia(crashing, m)).rejects.toThrow(/simulated crash/);
      expect(crashing.crashed()).toBe(true);
      await work(); // whatever the first attempt left to deliver
      await collectionInboundMedia(w.ctx, m); // the job's retry
      await work();
      expect(lists().length - before).toBe(1);
    });

    it('a crash while recording the landing: one confirmation after the retry, the file landed once', async () => {
      const m = await media('extrato pick.ofx', fixture('extrato-v2-2026-04.ofx'));
      await collectionInboundMedia(w.ctx, m);
      await work();
      const list = lists().at(-1)!.list!;
      const row = list.sections.flatMap((s) => s.rows).find((r) => r.title === 'Extrato bancário')!;
      const reply = {
        officeId: w.a.office.id,
        from: `+${NUMBER}`,
        profileName: 'Maria',
        providerMessageId: `wamid.P${++seq}`,
        receivedAt: w.ctx.clock.now().toISOString(),
        rowId: row.id,
        title: row.title,
        replyTo: lists().at(-1)!.id,
      };
      const confirmations = () => wa.sent.filter((s) => s.type === 'text' && s.text?.startsWith('Recebido!'));
      const before = confirmations().length;
      const crashing = crashAt(w.ctx, 'collection_whatsapp_files', 'landed_at');
      await expect(collectionListReply(crashing, reply)).rejects.toThrow(/simulated crash/);
      await work();
      await collectionListReply(w.ctx, reply); // the job's retry
      await collectionListReply(w.ctx, reply); // and once more, as after a crash after its commit
      await work();
      expect(confirmations().length - before).toBe(1);
      expect(confirmations().at(-1)!.text).toContain('foi registrado em "Extrato bancário"');
      const files = await w.ctx.db
        .selectFrom('collection_files')
        .select('id')
        .where('office_id', '=', w.a.office.id)
        .where('name', '=', 'extrato pick.ofx')
        .execute();
      expect(files).toHaveLength(1);
    });
  });
}
