/**
 * `sendMany()` on both dialects: the same inputs sent in bulk and one `send()` at a time make the same
 * rows (messages and their delivery jobs), keep the same keys, answer the same results; a key used before,
 * or twice in one call, is a duplicate and writes nothing; the e-mail opt-out, the WhatsApp opt-in and the
 * fallback to the next channel are decided alike; a rolled-back transaction leaves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Recipient, type SendInput, send, sendMany } from '../../src/server/modules/messaging/index.js';
import { encryptSecret } from '../../src/server/modules/messaging/secrets.js';
import { createTestApp } from '../support/test-app.js';
import { dialects } from '../support/test-db.js';
import { INFORMATIVE, TRANSACTIONAL } from './consent-templates.js';

/** Recipients covering every decision `send()` makes: reachable, opted out, no address, no opt-in… */
const recipients: Recipient[] = [
  { kind: 'address', emails: ['um@exemplo.com.br'] },
  {
    kind: 'client',
    id: '0190f0f0-0000-7000-8000-000000000001',
    name: 'Optou',
    emails: ['o@x.com.br'],
    emailOptOut: true,
  },
  { kind: 'contact', id: '0190f0f0-0000-7000-8000-000000000002', name: 'Sem e-mail', emails: [] },
  {
    kind: 'contact',
    id: '0190f0f0-0000-7000-8000-000000000003',
    name: 'Com opt-in',
    emails: ['zap@x.com.br'],
    whatsapp: '+5511987654321',
    whatsappOptIn: true,
  },
  {
    kind: 'contact',
    id: '0190f0f0-0000-7000-8000-000000000004',
    name: 'Sem opt-in',
    emails: ['semzap@x.com.br'],
    whatsapp: '+5511987654322',
    whatsappOptIn: false,
  },
];

function inputs(officeId: string, prefix: string): SendInput[] {
  const out: SendInput[] = [];
  recipients.forEach((to, r) => {
    for (const [template, channels] of [
      [INFORMATIVE, ['email']],
      [TRANSACTIONAL, ['email']],
      [INFORMATIVE, ['whatsapp', 'email']],
    ] as const) {
      out.push({
        officeId,
        to,
        channels: [...channels],
        template,
        vars: { name: to.name ?? 'cliente', n: r },
        key: `${prefix}:${r}:${template}:${channels.join('+')}`,
        cause: { kind: 'test', id: 'bulk' },
      });
    }
  });
  // The same key twice in one call: the second is a duplicate of the first.
  out.push({ ...out[0]!, vars: { name: 'outro', n: 99 } });
  return out;
}

describe.each(dialects)('sendMany on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let officeId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    officeId = t.a.office.id;
    // WhatsApp set up for the office, so the opt-in (not the settings) decides.
    await t.ctx.db
      .insertInto('channel_settings')
      .values({
        office_id: officeId,
        channel: 'whatsapp',
        settings: JSON.stringify({
          baseUrl: 'http://127.0.0.1:9',
          apiVersion: 'v21.0',
          phoneNumberId: '123',
          tokenEnc: encryptSecret('token', t.ctx.config.secretKey),
          appSecretEnc: encryptSecret('secret', t.ctx.config.secretKey),
          verifyToken: 'v',
          language: 'pt_BR',
        }),
        updated_at: new Date().toISOString(),
      })
      .execute();
  });
  afterAll(() => t.close());

  /** The rows a prefix's sends made, without what differs by nature (ids, the key's prefix). */
  async function rowsOf(prefix: string) {
    const messages = await t.ctx.db
      .selectFrom('messages')
      .selectAll()
      .where('idempotency_key', 'like', `${prefix}:%`)
      .orderBy('idempotency_key')
      .execute();
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select(['id', 'kind', 'payload', 'unique_key', 'office_id', 'state', 'pool', 'max_attempts'])
      .where('kind', '=', 'messaging.deliver')
      .execute();
    const ids = new Set(messages.map((m) => m.id));
    const ours = jobs.filter((j) => ids.has((JSON.parse(j.payload) as { messageId: string }).messageId));
    const byMessage = new Map(
      ours.map((j) => [(JSON.parse(j.payload) as { messageId: string }).messageId, j] as const),
    );
    return {
      messages: messages.map(({ id, created_at: _c, updated_at: _u, ...m }) => ({
        ...m,
        idempotency_key: m.idempotency_key.slice(prefix.length),
        job: byMessage.has(id)
          ? {
              ...byMessage.get(id)!,
              id: undefined,
              payload: undefined,
              unique_key: byMessage.get(id)!.unique_key === `deliver:${id}`,
            }
          : null,
      })),
      jobs: ours.length,
    };
  }

  it('makes the rows and answers of N single sends, duplicates skipped', async () => {
    const single = await t.ctx.db.transaction().execute(async (trx) => {
      const out = [];
      for (const input of inputs(officeId, 'one')) out.push(await send(t.ctx, trx, input));
      return out;
    });
    const bulk = await t.ctx.db
      .transaction()
      .execute((trx) => sendMany(t.ctx, trx, inputs(officeId, 'many')));

    const strip = (rs: typeof single) => rs.map(({ messageId: _m, ...r }) => r);
    expect(strip(bulk)).toEqual(strip(single));
    const last = bulk.length - 1;
    expect(bulk[last]!.duplicate).toBe(true);
    expect(bulk[last]!.messageId).toBe(bulk[0]!.messageId);

    const a = await rowsOf('one');
    const b = await rowsOf('many');
    expect(b).toEqual(a);
    // The decisions themselves, so that "equal" is not "equally wrong".
    const byKey = new Map(b.messages.map((m) => [m.idempotency_key, m]));
    expect(byKey.get(`:1:${INFORMATIVE}:email`)!.status).toBe('skipped'); // opted out
    expect(byKey.get(`:1:${TRANSACTIONAL}:email`)!.status).toBe('queued'); // transactional goes
    expect(byKey.get(`:2:${TRANSACTIONAL}:email`)!.status).toBe('skipped'); // no address
    expect(byKey.get(`:3:${INFORMATIVE}:whatsapp+email`)!.channel).toBe('whatsapp');
    expect(byKey.get(`:3:${INFORMATIVE}:whatsapp+email`)!.fallback).toContain('"email"');
    expect(byKey.get(`:4:${INFORMATIVE}:whatsapp+email`)!.channel).toBe('email'); // no opt-in
    expect(b.messages).toHaveLength(15);
    expect(b.jobs).toBe(b.messages.filter((m) => m.status === 'queued').length);
    expect(b.jobs).toBeGreaterThan(5);
  });

  it('sends nothing again for keys sent before, and reports them as duplicates', async () => {
    const again = await t.ctx.db
      .transaction()
      .execute((trx) => sendMany(t.ctx, trx, inputs(officeId, 'many')));
    expect(again.every((r) => r.duplicate)).toBe(true);
    expect(again.every((r) => r.sameCause)).toBe(true);
    const mixed = [...inputs(officeId, 'many').slice(0, 3), ...inputs(officeId, 'mixed').slice(0, 3)];
    const r = await t.ctx.db.transaction().execute((trx) => sendMany(t.ctx, trx, mixed));
    expect(r.map((x) => x.duplicate)).toEqual([true, true, true, false, false, false]);
    expect((await rowsOf('many')).messages).toHaveLength(15);
    expect((await rowsOf('mixed')).messages).toHaveLength(3);
  });

  it('leaves nothing when the transaction rolls back, or when one input cannot render', async () => {
    const jobsBefore = await t.ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        const r = await sendMany(t.ctx, trx, inputs(officeId, 'gone'));
        expect(r.filter((x) => !x.duplicate)).toHaveLength(15);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await expect(
      t.ctx.db
        .transaction()
        .execute((trx) =>
          sendMany(t.ctx, trx, [
            ...inputs(officeId, 'bad'),
            { ...inputs(officeId, 'bad')[0]!, template: 'nope' },
          ]),
        ),
    ).rejects.toThrow();
    for (const prefix of ['gone', 'bad']) expect((await rowsOf(prefix)).messages).toHaveLength(0);
    const jobsAfter = await t.ctx.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(jobsAfter.n)).toBe(Number(jobsBefore.n));
  });

  it('writes 2,000 messages in bulk, each with one delivery job', async () => {
    const many: SendInput[] = Array.from({ length: 2000 }, (_, i) => ({
      officeId,
      to: { kind: 'address', emails: [`c${i}@exemplo.com.br`] },
      channels: ['email'],
      template: TRANSACTIONAL,
      vars: { name: `C${i}`, n: i },
      key: `big:${i}`,
      cause: { kind: 'test' },
    }));
    const r = await t.ctx.db.transaction().execute((trx) => sendMany(t.ctx, trx, many));
    expect(new Set(r.map((x) => x.messageId)).size).toBe(2000);
    const rows = await rowsOf('big');
    expect(rows.messages).toHaveLength(2000);
    expect(rows.jobs).toBe(2000);
  });
});
