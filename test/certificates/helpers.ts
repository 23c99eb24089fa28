import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { newId } from '../../src/server/ids.js';
import { BusinessCalendar } from '../../src/server/modules/br/index.js';
import type {
  AnyRoutineDefinition,
  RoutineSettings,
} from '../../src/server/modules/routines/define-routine.js';
import { runRoutine } from '../../src/server/modules/routines/run-routine.js';
import type { TestContext } from '../support/test-db.js';

const { asn1, pki } = forge;

let keys: { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } | null = null;
function keyPair() {
  if (!keys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = {
      privateKey: pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
      publicKey: pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    };
  }
  return keys;
}

const otherName = (oid: string, value: string) =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, value),
    ]),
  ]);

export interface PfxSpec {
  holder: string;
  /** A bare CNPJ (e-CNPJ, SAN 2.16.76.1.3.3) or CPF (e-CPF, SAN 2.16.76.1.3.1). */
  document: string;
  notAfter: string;
  notBefore?: string;
  password: string;
  serial?: string;
}

/** An ICP-Brasil-like A1 file (.pfx), self-signed, as the office would upload it. */
export function makePfx(spec: PfxSpec): Buffer {
  const k = keyPair();
  const cert = pki.createCertificate();
  cert.publicKey = k.publicKey;
  cert.serialNumber =
    spec.serial ??
    Math.floor(Math.random() * 1e12)
      .toString(16)
      .padStart(12, '0');
  cert.validity.notBefore = new Date(spec.notBefore ?? '2026-01-10T12:00:00Z');
  cert.validity.notAfter = new Date(spec.notAfter);
  const subject = [
    { shortName: 'C', value: 'BR' },
    { shortName: 'O', value: 'ICP-Brasil' },
    { shortName: 'OU', value: 'Certificado Digital A1' },
    { shortName: 'CN', value: `${spec.holder}:${spec.document}` },
  ];
  cert.setSubject(subject);
  cert.setIssuer([
    { shortName: 'C', value: 'BR' },
    { shortName: 'O', value: 'ICP-Brasil' },
    { shortName: 'CN', value: 'AC Teste Expediente v5' },
  ]);
  const san =
    spec.document.length === 14
      ? [otherName('2.16.76.1.3.3', spec.document), otherName('2.16.76.1.3.2', 'MARIA DA SILVA')]
      : [otherName('2.16.76.1.3.1', `01011980${spec.document}${'0'.repeat(32)}`)];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { id: '2.5.29.17', value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, san) },
  ]);
  cert.sign(k.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(k.privateKey, [cert], spec.password, {
    algorithm: 'aes256',
    generateLocalKeyId: true,
  });
  return Buffer.from(asn1.toDer(p12).getBytes(), 'binary');
}

/** A minimal PDF (enough for the "%PDF-" check and a real viewer). */
export function tinyPdf(text = 'Certidão'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

export const settingsFor = (
  professionId: string | null,
  audience: RoutineSettings['audience'] = { kind: 'all' },
): RoutineSettings => ({
  professionId,
  channels: ['email'],
  templates: {},
  audience,
});

/** Runs a routine kind on the context's current (fake) clock, São Paulo time. */
export async function runOn(
  ctx: TestContext,
  definition: AnyRoutineDefinition,
  officeId: string,
  settings: RoutineSettings,
  config: unknown,
  options: { dryRun?: boolean; routineId?: string } = {},
) {
  const at = ctx.clock.now();
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(at);
  return runRoutine({
    app: ctx,
    definition,
    officeId,
    routineId: options.routineId ?? newId(),
    settings,
    config: definition.config.parse(config),
    date,
    at,
    timeZone: 'America/Sao_Paulo',
    calendar: new BusinessCalendar({}),
    dryRun: options.dryRun ?? false,
    runId: null,
    requestedBy: null,
  });
}

/** The office's messages' keys, each with how many rows carry it. */
export async function messageKeys(ctx: TestContext, officeId: string): Promise<Map<string, number>> {
  const rows = await ctx.db
    .selectFrom('messages')
    .select('idempotency_key')
    .where('office_id', '=', officeId)
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.idempotency_key, (out.get(r.idempotency_key) ?? 0) + 1);
  return out;
}
