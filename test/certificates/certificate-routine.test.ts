import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/server/modules/br/index.js';
import { certificatesExpiring } from '../../src/server/modules/certificates/certificate-expiry.routine.js';
import { createCertificateBody } from '../../src/server/modules/certificates/certificates.schema.js';
import {
  createCertificate,
  updateCertificate,
} from '../../src/server/modules/certificates/certificates.service.js';
import { createClientBody } from '../../src/server/modules/clients/clients.schema.js';
import { createClient } from '../../src/server/modules/clients/index.js';
import { cnpj } from '../http/helpers.js';
import { seedOffice, useOffice } from '../support/fixtures.js';
import { dialects, useTestContext } from '../support/test-db.js';
import { messageKeys, runOn, settingsFor } from './helpers.js';

const DAY0 = '2026-11-23';
/** 09:00 in São Paulo on day `n`. */
const morningOf = (n: number) => `${addDays(DAY0, n)}T12:00:00.000Z`;

describe.each(dialects)('certificate expiry routine on %s', (dialect) => {
  const ctx = useTestContext(dialect);
  const seed = useOffice(ctx);
  let fiscal: string;

  beforeAll(async () => {
    fiscal = seed.professions.get('Analista Fiscal')!;
  });

  async function client(n: number, status: 'active' | 'inactive' = 'active', officeSeed = seed) {
    return createClient(
      ctx,
      officeSeed.actor,
      createClientBody.parse({
        legalName: `Cliente ${n} Ltda`,
        document: cnpj(1000 + n),
        emails: [`cliente${n}@exemplo.com.br`],
        status,
        responsibles: [
          { professionId: officeSeed.professions.get('Analista Fiscal')!, userId: officeSeed.staff.id },
        ],
      }),
    );
  }

  /** An A3 certificate expiring at the end of day `n`. */
  async function a3(clientId: string, document: string, n: number, officeSeed = seed) {
    const input = createCertificateBody.parse({
      kind: 'a3',
      holderName: 'Titular Teste',
      document,
      notAfter: addDays(DAY0, n),
    });
    return (await createCertificate(ctx, officeSeed.actor, clientId, input)).certificate;
  }

  it('over 60 days, with a missed day and repeated runs, sends each warning exactly once', async () => {
    ctx.clock.set(morningOf(0));
    const c1 = await client(1);
    const c2 = await client(2);
    const c3 = await client(3);
    const c4 = await client(4);
    const c5 = await client(5, 'inactive');
    const c6 = await client(6);
    const c7 = await client(7);
    const cert1 = await a3(c1.id, c1.document, 40);
    const cert2 = await a3(c2.id, c2.document, 20);
    const cert4 = await a3(c4.id, c4.document, 12);
    await a3(c5.id, c5.document, 10);
    const cert6 = await a3(c6.id, c6.document, 8);
    await a3(c7.id, c7.document, 10);
    let cert3: { id: string } | null = null;

    // Client 7 is outside the routine's audience.
    const audience = { kind: 'list' as const, clientIds: [c1, c2, c3, c4, c5, c6].map((c) => c.id) };
    const settings = settingsFor(fiscal, audience);
    const MISSED_DAY = 5; // client 2's 15-day day: the warning goes out on day 6 instead.
    const outcomes = { expiring: 0, expired: 0, renewed: 0 };
    let cert6Moved = '';

    for (let day = 0; day < 60; day++) {
      ctx.clock.set(morningOf(day));
      if (day === 3) await a3(c4.id, c4.document, 400); // client 4 renews: the old one goes quiet.
      if (day === 5) {
        // An A3 renewed in place: the user moves its date to day 50; warnings start again for the new date.
        const moved = await updateCertificate(ctx, seed.actor, c6.id, cert6.id, {
          notAfter: addDays(DAY0, 50),
        });
        cert6Moved = moved.certificate.expiresOn;
      }
      if (day === 10) cert3 = await a3(c3.id, c3.document, 24); // first seen with 14 days left
      if (day === MISSED_DAY) continue;
      const first = await runOn(ctx, certificatesExpiring, seed.office.id, settings, {});
      const second = await runOn(ctx, certificatesExpiring, seed.office.id, settings, {});
      expect(first.failed).toBe(0);
      expect(second.messages.queued, `day ${day}: a second run sends nothing`).toBe(0);
      expect(second.outcomes.expiring ?? 0).toBe(0);
      for (const k of Object.keys(outcomes) as (keyof typeof outcomes)[])
        outcomes[k] += first.outcomes[k] ?? 0;
    }

    const exp = (n: number) => addDays(DAY0, n);
    const expected = [
      `cert-expiry:${cert1.id}:${exp(40)}:30`,
      `cert-expiry:${cert1.id}:${exp(40)}:15`,
      `cert-expiry:${cert1.id}:${exp(40)}:5`,
      `cert-expiry:${cert1.id}:${exp(40)}:expired`,
      `cert-expiry:${cert2.id}:${exp(20)}:30`,
      `cert-expiry:${cert2.id}:${exp(20)}:15`,
      `cert-expiry:${cert2.id}:${exp(20)}:5`,
      `cert-expiry:${cert2.id}:${exp(20)}:expired`,
      // Seen first at 14 days: the 15-day warning, never the 30-day one.
      `cert-expiry:${cert3!.id}:${exp(24)}:15`,
      `cert-expiry:${cert3!.id}:${exp(24)}:5`,
      `cert-expiry:${cert3!.id}:${exp(24)}:expired`,
      // Renewed on day 3: only the warning it had before.
      `cert-expiry:${cert4.id}:${exp(12)}:15`,
      `cert-expiry:${cert6.id}:${exp(8)}:15`,
      `cert-expiry:${cert6.id}:${exp(8)}:5`,
      `cert-expiry:${cert6.id}:${exp(50)}:30`,
      `cert-expiry:${cert6.id}:${exp(50)}:15`,
      `cert-expiry:${cert6.id}:${exp(50)}:5`,
      `cert-expiry:${cert6.id}:${exp(50)}:expired`,
    ];
    expect(cert6Moved).toBe(exp(50));
    const keys = await messageKeys(ctx, seed.office.id);
    const want = new Map<string, number>();
    for (const k of expected) {
      want.set(`${k}:email`, 1);
      want.set(`${k}:staff:${seed.staff.id}`, 1);
    }
    expect(Object.fromEntries([...keys].sort())).toEqual(Object.fromEntries([...want].sort()));
    expect(outcomes).toEqual({ expiring: 14, expired: 4, renewed: 1 });

    // Who gets what, and what it says.
    const mail = await ctx.db
      .selectFrom('messages')
      .select(['address', 'subject', 'body_text', 'recipient_kind'])
      .where('idempotency_key', 'in', [
        `cert-expiry:${cert3!.id}:${exp(24)}:15:email`,
        `cert-expiry:${cert3!.id}:${exp(24)}:15:staff:${seed.staff.id}`,
      ])
      .orderBy('recipient_kind')
      .execute();
    expect(mail.map((m) => [m.recipient_kind, m.address])).toEqual([
      ['client', 'cliente3@exemplo.com.br'],
      ['user', 'staff@teste.com.br'],
    ]);
    const doc = c3.document.replace(/^(..)(...)(...)(....)(..)$/, '$1.$2.$3/$4-$5');
    expect(mail[0]!.subject).toBe('Seu certificado digital vence em 14 dias — Cliente 3 Ltda');
    expect(mail[0]!.body_text).toContain(
      `O certificado digital A3 de Titular Teste (${doc}) vence em 17/12/2026 (faltam 14 dias).`,
    );
    expect(mail[1]!.subject).toBe('Certificado digital vence em 14 dias: Cliente 3 Ltda');
    expect(mail[1]!.body_text).toContain(`/clients/${c3.id}?tab=certificates`);
    const expired = await ctx.db
      .selectFrom('messages')
      .select(['subject', 'body_text'])
      .where('idempotency_key', '=', `cert-expiry:${cert1.id}:${exp(40)}:expired:email`)
      .executeTakeFirstOrThrow();
    expect(expired.subject).toBe('Seu certificado digital venceu — Cliente 1 Ltda');
    expect(expired.body_text).toContain('venceu em 02/01/2027');
  });

  it('stays silent at expiry when notifyOnExpiry is off, and a dry run writes nothing', async () => {
    const other = await seedOffice(ctx, 'Escritório Silencioso', 'silencio.com.br');
    ctx.clock.set(morningOf(0));
    const c = await client(50, 'active', other);
    const cert = await a3(c.id, c.document, 3, other);
    const settings = settingsFor(other.professions.get('Analista Fiscal')!);
    const config = { thresholds: [7], notifyOnExpiry: false };

    const preview = await runOn(ctx, certificatesExpiring, other.office.id, settings, config, {
      dryRun: true,
    });
    expect(preview.preview?.map((p) => [p.channel, p.subject])).toEqual([
      ['email', 'Seu certificado digital vence em 3 dias — Cliente 50 Ltda'],
      ['email', 'Certificado digital vence em 3 dias: Cliente 50 Ltda'],
    ]);
    expect((await messageKeys(ctx, other.office.id)).size).toBe(0);

    await runOn(ctx, certificatesExpiring, other.office.id, settings, config);
    ctx.clock.set(morningOf(5));
    const after = await runOn(ctx, certificatesExpiring, other.office.id, settings, config);
    expect(after.messages.queued).toBe(0);
    expect([...(await messageKeys(ctx, other.office.id)).keys()].sort()).toEqual([
      `cert-expiry:${cert.id}:${addDays(DAY0, 3)}:7:email`,
      `cert-expiry:${cert.id}:${addDays(DAY0, 3)}:7:staff:${other.staff.id}`,
    ]);
  });

  it('validates its settings: 1 to 10 thresholds of 1 to 365 days', () => {
    const parse = (v: unknown) => certificatesExpiring.config.safeParse(v).success;
    expect(certificatesExpiring.config.parse({})).toEqual({ thresholds: [30, 15, 5], notifyOnExpiry: true });
    expect(parse({ thresholds: [] })).toBe(false);
    expect(parse({ thresholds: [0] })).toBe(false);
    expect(parse({ thresholds: [366] })).toBe(false);
    expect(parse({ thresholds: [1.5] })).toBe(false);
    expect(parse({ thresholds: [365, 1] })).toBe(true);
  });
});
