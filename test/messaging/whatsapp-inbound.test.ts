import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStore } from '../../src/server/blobs/index.js';
import { parseClamdAddress } from '../../src/server/blobs/virus-scan-config.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import {
  type InboundListReply,
  type InboundMedia,
  onInboundListReply,
  onInboundMedia,
  sendWhatsAppList,
} from '../../src/server/modules/messaging/index.js';
import { type ClamdStandIn, EICAR, startClamdStandIn } from '../support/clamd-standin.js';
import { createTestApp, loginAs } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import {
  standInSettings,
  startWhatsAppStandIn,
  type WhatsAppStandIn,
  webhookBody,
} from '../support/whatsapp-standin.js';

const NUMBER = '5511987654321';

describe.each(dialects)('WhatsApp inbound documents, photos and lists on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let wa: WhatsAppStandIn;
  let clamd: ClamdStandIn;
  const media: InboundMedia[] = [];
  const replies: InboundListReply[] = [];
  const removals: (() => void)[] = [];
  let seq = 0;

  beforeAll(async () => {
    clamd = await startClamdStandIn();
    t = await createTestApp(dialect, { clamav: parseClamdAddress(clamd.address) });
    wa = await startWhatsAppStandIn();
    const admin = await loginAs(t.app, 'admin@a.com.br');
    expect(
      (await admin.request({ method: 'PUT', url: '/api/channels/whatsapp', payload: standInSettings(wa) }))
        .statusCode,
    ).toBe(200);
    removals.push(
      onInboundMedia(async (_app, m) => {
        media.push(m);
      }),
      onInboundListReply(async (_app, r) => {
        replies.push(r);
      }),
    );
  });
  afterAll(async () => {
    for (const remove of removals) remove();
    await wa.stop();
    await clamd.stop();
    await t.close();
  });

  const now = () => String(Math.floor(t.ctx.clock.now().getTime() / 1000));
  const webhook = (message: Record<string, unknown>) => {
    const body = webhookBody(wa.phoneNumberId, {
      contacts: [{ profile: { name: 'Márcia Lima' }, wa_id: NUMBER }],
      messages: [{ from: NUMBER, timestamp: now(), ...message }],
    });
    return t.app.inject({
      method: 'POST',
      url: `/api/webhooks/whatsapp/${t.a.office.id}`,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body) },
      payload: body,
    });
  };
  const work = () => new Worker(t.ctx).runOnce();
  const jobState = async (wamid: string) =>
    (
      await t.ctx.db
        .selectFrom('jobs')
        .select(['state', 'error'])
        .where('unique_key', '=', `whatsapp-inbound:${t.a.office.id}:${wamid}`)
        .executeTakeFirst()
    )?.state;

  it('downloads a document through the Cloud API, stores it, and hands it up once, even if the webhook comes twice', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    );
    const id = wa.addMedia(pdf, 'application/pdf');
    const wamid = `wamid.DOC${++seq}`;
    const message = {
      id: wamid,
      type: 'document',
      document: {
        id,
        mime_type: 'application/pdf',
        filename: '../Extrato março.pdf',
        caption: 'extrato de março',
      },
    };
    expect((await webhook(message)).statusCode).toBe(200);
    expect((await webhook(message)).statusCode).toBe(200); // Meta delivers again: nothing new
    expect(await work()).toBe(1);
    expect(await work()).toBe(0);
    expect(media).toHaveLength(1);
    expect(media[0]).toEqual({
      officeId: t.a.office.id,
      from: `+${NUMBER}`,
      profileName: 'Márcia Lima',
      providerMessageId: wamid,
      receivedAt: expect.any(String),
      kind: 'document',
      fileName: 'Extrato março.pdf',
      mimeType: 'application/pdf',
      caption: 'extrato de março',
      blob: { ref: `sha256:${createHash('sha256').update(pdf).digest('hex')}`, size: pdf.length },
    });
    expect(await text(await blobStore(t.ctx).open(media[0]!.blob.ref))).toBe(pdf.toString());
    expect(wa.mediaDownloads).toEqual([id]);
    expect(clamd.scans.at(-1)).toEqual({ bytes: pdf.length, verdict: 'stream: OK' });
    const inbound = await t.ctx.db
      .selectFrom('inbound_messages')
      .select('body')
      .where('provider_message_id', '=', wamid)
      .execute();
    expect(inbound).toEqual([{ body: '[document] ../Extrato março.pdf extrato de março' }]);
  });

  it('names a photo, which comes without a name', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    const id = wa.addMedia(jpeg, 'image/jpeg');
    const before = media.length;
    expect(
      (await webhook({ id: `wamid.IMG${++seq}`, type: 'image', image: { id, mime_type: 'image/jpeg' } }))
        .statusCode,
    ).toBe(200);
    expect(await work()).toBe(1);
    expect(media.slice(before)).toEqual([
      expect.objectContaining({
        kind: 'image',
        fileName: expect.stringMatching(/^foto-\d{4}-\d{2}-\d{2}-\d{6}\.jpg$/),
        caption: null,
      }),
    ]);
  });

  it('keeps an infected file out and tells the contact why', async () => {
    wa.windowOpen.add(NUMBER);
    const id = wa.addMedia(Buffer.from(`${EICAR}\n`), 'text/plain');
    const wamid = `wamid.VIR${++seq}`;
    const before = media.length;
    await webhook({
      id: wamid,
      type: 'document',
      document: { id, mime_type: 'text/plain', filename: 'notas.txt' },
    });
    await work();
    expect(media.length).toBe(before);
    expect(await jobState(wamid)).toBe('dead');
    expect(wa.sent.at(-1)).toMatchObject({
      to: NUMBER,
      type: 'text',
      text: expect.stringContaining(
        'O arquivo notas.txt não foi aceito: o antivírus encontrou nele Eicar-Signature',
      ),
    });
  });

  it('fails for good on a media id the Cloud API does not know (expired), without handing anything up', async () => {
    const wamid = `wamid.EXP${++seq}`;
    const before = media.length;
    await webhook({ id: wamid, type: 'document', document: { id: '999999', filename: 'velho.pdf' } });
    await work();
    expect(media.length).toBe(before);
    expect(await jobState(wamid)).toBe('dead');
  });

  it('sends an interactive list inside the 24-hour window and hands the reply up', async () => {
    wa.windowOpen.add(NUMBER);
    const list = {
      header: 'Cobrança de arquivos',
      body: 'Recebemos o arquivo Extrato março.pdf. Para qual pendência ele é?',
      button: 'Escolher pendência',
      footer: 'Escritório A',
      sections: [
        {
          title: 'Padaria Pão Quente Ltda — março de 2026',
          rows: [
            { id: 'item-1', title: 'Extrato bancário', description: 'Padaria Pão Quente · 03/2026' },
            {
              id: 'item-2',
              title: 'Notas fiscais de entrada (XML)',
              description: 'Padaria Pão Quente · 03/2026',
            },
          ],
        },
      ],
    };
    const wamid = await sendWhatsAppList(t.ctx, t.a.office.id, `+${NUMBER}`, list);
    expect(wamid).toMatch(/^wamid\./);
    // Texts are cut to Meta's limits (the stand-in refuses longer ones with 131009).
    expect(wa.sent.at(-1)).toMatchObject({
      type: 'interactive',
      list: {
        body: list.body,
        button: 'Escolher pendência',
        sections: [
          {
            title: 'Padaria Pão Quente Ltda…',
            rows: [
              { id: 'item-1', title: 'Extrato bancário' },
              { id: 'item-2', title: 'Notas fiscais de entrad…' },
            ],
          },
        ],
      },
    });

    const reply = `wamid.LR${++seq}`;
    const message = {
      id: reply,
      type: 'interactive',
      context: { from: '5511900000000', id: wamid },
      interactive: { type: 'list_reply', list_reply: { id: 'item-2', title: 'Notas fiscais de entrad…' } },
    };
    await webhook(message);
    await webhook(message);
    expect(await work()).toBe(1);
    expect(await work()).toBe(0);
    expect(replies).toEqual([
      {
        officeId: t.a.office.id,
        from: `+${NUMBER}`,
        profileName: 'Márcia Lima',
        providerMessageId: reply,
        receivedAt: expect.any(String),
        rowId: 'item-2',
        title: 'Notas fiscais de entrad…',
        replyTo: wamid,
      },
    ]);
  });

  it('refuses a list outside the 24-hour window, and to an office without WhatsApp', async () => {
    await expect(
      sendWhatsAppList(t.ctx, t.a.office.id, '+5521999998888', {
        body: 'x',
        button: 'y',
        sections: [{ title: 'z', rows: [{ id: '1', title: 'um' }] }],
      }),
    ).rejects.toMatchObject({ code: 'messaging.whatsapp_window_closed' });
    await expect(
      sendWhatsAppList(t.ctx, t.b.office.id, `+${NUMBER}`, {
        body: 'x',
        button: 'y',
        sections: [{ title: 'z', rows: [{ id: '1', title: 'um' }] }],
      }),
    ).rejects.toMatchObject({ code: 'messaging.whatsapp_not_configured' });
  });
});
