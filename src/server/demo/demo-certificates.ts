import { createHash } from 'node:crypto';
import { blobStore } from '../blobs/index.js';
import type { AppContext } from '../context.js';
import { writeTransaction } from '../db/group-commit.js';
import { newId } from '../ids.js';
import { addDays, generateCpf } from '../modules/br/index.js';
import type { CertidaoType } from '../modules/certificates/index.js';
import { civilDateOf, endOfCivilDay } from '../modules/certificates/index.js';
import type { Actor } from '../modules/platform/index.js';

const issuers = [
  'AC SOLUTI Multipla v5',
  'AC Certisign RFB G5',
  'AC SERASA RFB v5',
  'AC VALID RFB v5',
  'AC SAFEWEB RFB v5',
];

/** Days until expiry for the first clients, so the demo shows every badge and the routine has work. */
const expiryPlan = [-12, -2, 0, 3, 5, 9, 14, 15, 22, 29, 30, 41, 75];

/** A one-page PDF a viewer opens, standing in for a certidão downloaded from a government site. */
function demoPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 60 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * Digital certificates and certidões for the demo office's clients: A1 metadata (as if read from the .pfx)
 * and a few A3 tokens, with expiries spread so that some are expired, some expire within days and most
 * are valid; certidões of every type in every situation, a few with their PDF. Deterministic.
 */
export async function seedDemoCertificates(ctx: AppContext, officeId: string, actor: Actor): Promise<void> {
  const clients = await ctx.db
    .selectFrom('clients')
    .select(['id', 'legal_name', 'document', 'document_kind', 'status'])
    .where('office_id', '=', officeId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const office = await ctx.db
    .selectFrom('offices')
    .select('time_zone')
    .where('id', '=', officeId)
    .executeTakeFirst();
  const tz = office?.time_zone ?? 'America/Sao_Paulo';
  const now = ctx.clock.now();
  const today = civilDateOf(now, tz);
  const at = now.toISOString();
  let seq = 1;
  const hex = (s: string) => createHash('sha256').update(s).digest('hex').toUpperCase();
  let random = 7;
  const rnd = () => {
    random = (random * 1103515245 + 12345) % 2147483648;
    return random / 2147483648;
  };

  const pdfs = new Map<string, { ref: string; size: number }>();
  const pdfOf = async (type: CertidaoType) => {
    let p = pdfs.get(type);
    if (!p) {
      p = await blobStore(ctx).put(demoPdf(`Certidao ${type} - documento de demonstracao`));
      pdfs.set(type, p);
    }
    return p;
  };

  await writeTransaction(ctx, async (trx) => {
    for (const [i, c] of clients.entries()) {
      // A few clients have no certificate registered at all.
      if (i % 8 === 6) continue;
      const days = expiryPlan[i] ?? 60 + Math.floor(rnd() * 300);
      const a3 = i % 5 === 4;
      const expiresOn = addDays(today, days);
      // One company keeps its partner's e-CPF: the interface flags the document.
      const partner = i === 11 && c.document_kind === 'cnpj';
      const document = partner ? generateCpf({ random: rnd }) : c.document;
      const kind = partner ? 'cpf' : c.document_kind;
      await trx
        .insertInto('client_certificates')
        .values({
          id: newId(),
          office_id: officeId,
          client_id: c.id,
          kind: a3 ? 'a3' : 'a1',
          holder_name: partner ? 'Sócio Administrador' : c.legal_name.toUpperCase(),
          document,
          document_kind: kind,
          certificate_type: kind === 'cnpj' ? 'e-CNPJ' : 'e-CPF',
          issuer: issuers[i % issuers.length]!,
          serial_number: a3 ? null : hex(`serial-${c.id}`).slice(0, 16),
          not_before: new Date(Date.parse(endOfCivilDay(expiresOn, tz)) - 365 * 86_400_000).toISOString(),
          not_after: endOfCivilDay(expiresOn, tz),
          fingerprint: a3 ? null : hex(`cert-${c.id}`),
          certificate_pem: null,
          media: a3 ? 'token' : null,
          notes: a3 ? 'Token guardado com o sócio.' : null,
          notice_done: 0,
          created_by: actor.userId,
          created_at: at,
          updated_at: at,
        })
        .execute();
      seq++;
    }

    const certidao = async (
      clientId: string,
      type: CertidaoType,
      validUntil: string,
      status: 'negativa' | 'positiva_efeitos_negativa' | 'positiva',
      withFile: boolean,
    ) => {
      const file = withFile ? await pdfOf(type) : null;
      await trx
        .insertInto('client_certidoes')
        .values({
          id: newId(),
          office_id: officeId,
          client_id: clientId,
          type,
          status,
          issued_on: addDays(validUntil, type === 'fgts' ? -30 : -180),
          valid_until: validUntil,
          number: `${type.toUpperCase().slice(0, 3)}-${String(1000 + seq++)}`,
          notes: null,
          file_ref: file?.ref ?? null,
          file_name: file ? `certidao-${type}.pdf` : null,
          file_size: file?.size ?? null,
          file_type: file ? 'application/pdf' : null,
          created_by: actor.userId,
          created_at: at,
          updated_at: at,
        })
        .execute();
    };

    for (const [i, c] of clients.entries()) {
      if (c.document_kind !== 'cnpj') continue;
      // Most companies are in order; a few show each problem the routine reports.
      const offset = (n: number) => addDays(today, n);
      await certidao(c.id, 'federal', offset(i % 11 === 1 ? -5 : 90 + (i % 60)), 'negativa', i % 3 === 0);
      if (i % 13 !== 2)
        await certidao(c.id, 'fgts', offset(i % 9 === 0 ? 6 : 12 + (i % 17)), 'negativa', i % 4 === 1);
      const trabalhista = i % 9 === 3 ? 'positiva_efeitos_negativa' : 'negativa';
      await certidao(c.id, 'trabalhista', offset(120 + (i % 50)), trabalhista, false);
      await certidao(c.id, 'estadual', offset(60 + (i % 30)), i % 10 === 7 ? 'positiva' : 'negativa', false);
      if (i % 14 !== 8)
        await certidao(c.id, 'municipal', offset(i % 12 === 5 ? -20 : 45 + (i % 40)), 'negativa', false);
    }
  });
}
