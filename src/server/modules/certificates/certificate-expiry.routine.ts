/**
 * Certificado digital a vencer (seed 000): warns the client and its responsible user before a digital
 * certificate expires — at each configured threshold (default 30, 15 and 5 days) — and once when it has
 * expired.
 *
 * What it reads: the certificates of the office's active clients in the routine's audience whose expiry is
 * within the largest threshold (or past), through the index `client_certificates_expiry_idx`, in keyset
 * batches of 500. A certificate replaced by a newer one of the same client and holder document (renewed)
 * is skipped and marked done, so nobody is told to renew what was already renewed.
 *
 * Which warning: the crossed threshold (`certificates.validity.ts`): the smallest threshold `t` with
 * daysLeft ≤ t. A run on day 14 after a missed day 15 sends the 15-day warning once, never also the 30.
 *
 * Idempotency key: `cert-expiry:<certificateId>:<expiry date>:<threshold|expired>` (the runner appends the
 * channel, and `:staff:<user>` for the responsible). One warning per certificate per threshold, however many
 * times the routine runs. The expiry date is part of it so that correcting an A3's date (a token renewed in
 * place) starts the warnings again for the new date instead of being silenced by the old ones.
 */
import { z } from 'zod';
import { keysetPages } from '../../db/keyset.js';
import { defineTemplate, officeVariables } from '../messaging/index.js';
import { defineRoutine, inAudience } from '../routines/index.js';
import { type ExpiryCandidate, expiryCandidates, markNoticeDone } from './certificates.repo.js';
import { civilDateOf, crossedThreshold, daysBetween } from './certificates.validity.js';

export const CERTIFICATE_TEMPLATE = 'certificates.expiring';
export const CERTIFICATE_STAFF_TEMPLATE = 'certificates.expiring-staff';

const variables = [
  'client.name',
  'client.document',
  'certificate.holder',
  'certificate.document',
  'certificate.kind',
  'certificate.expiresOn',
  'certificate.daysLeft',
  'certificate.expired',
  'certificate.threshold',
] as const;

// "vence hoje" / "vence amanhã" / "vence em 15 dias", reused by subject and body.
const when =
  '{% if certificate.daysLeft == 0 %}hoje{% elsif certificate.daysLeft == 1 %}amanhã{% else %}em {{ certificate.daysLeft }} dias{% endif %}';
const holder =
  '{{ certificate.holder }}{% if certificate.document != blank %} ({{ certificate.document | document }}){% endif %}';

defineTemplate({
  key: CERTIFICATE_TEMPLATE,
  // Asks the client to answer (files, a receipt): its e-mail gets a Reply-To that reaches the office.
  expectsReply: true,
  description: {
    'pt-BR': 'Certificado digital a vencer: aviso ao cliente',
    en: 'Digital certificate expiring: notice to the client',
  },
  variables: [...officeVariables, ...variables],
  transactional: true,
  defaults: {
    email: {
      subject: `{% if certificate.expired %}Seu certificado digital venceu{% else %}Seu certificado digital vence ${when}{% endif %} — {{ client.name }}`,
      body: [
        'Olá, {{ client.name }}!',
        '',
        `{% if certificate.expired %}O certificado digital {{ certificate.kind }} de ${holder} venceu em {{ certificate.expiresOn | date }}.`,
        '',
        `Sem um certificado válido não é possível emitir notas fiscais eletrônicas, transmitir declarações nem acessar o e-CAC. Providencie a renovação o quanto antes e, quando tiver o novo certificado, envie-o para nós (ou nos avise, se for A3) para atualizarmos o cadastro.{% else %}O certificado digital {{ certificate.kind }} de ${holder} vence em {{ certificate.expiresOn | date }} ({% if certificate.daysLeft == 0 %}hoje{% elsif certificate.daysLeft == 1 %}falta 1 dia{% else %}faltam {{ certificate.daysLeft }} dias{% endif %}).`,
        '',
        'Para não interromper a emissão de notas fiscais e o envio das obrigações, providencie a renovação antes do vencimento. Se já renovou, envie-nos o novo certificado (ou nos avise, se for A3) e atualizaremos o cadastro.{% endif %}',
        '',
        'Qualquer dúvida, estamos à disposição.',
        '',
        '{{ office.name }}',
      ].join('\n'),
    },
    whatsapp: {
      body: `Olá, {{ client.name }}! {% if certificate.expired %}O certificado digital {{ certificate.kind }} de ${holder} venceu em {{ certificate.expiresOn | date }}. Sem ele não é possível emitir notas nem transmitir obrigações: providencie a renovação o quanto antes.{% else %}O certificado digital {{ certificate.kind }} de ${holder} vence ${when} ({{ certificate.expiresOn | date }}). Providencie a renovação para não interromper a emissão de notas.{% endif %} — {{ office.name }}`,
      templateName: 'expediente_certificado_vencimento',
      params: [
        '{{ client.name }}',
        '{{ certificate.holder }}',
        '{{ certificate.expiresOn | date }}',
        `{% if certificate.expired %}vencido{% else %}vence ${when}{% endif %}`,
        '{{ office.name }}',
      ],
    },
  },
});

defineTemplate({
  key: CERTIFICATE_STAFF_TEMPLATE,
  description: {
    'pt-BR': 'Certificado digital a vencer: aviso ao responsável',
    en: 'Digital certificate expiring: notice to the responsible user',
  },
  variables: [...officeVariables, ...variables, 'link'],
  transactional: true,
  defaults: {
    email: {
      subject: `Certificado digital {% if certificate.expired %}vencido{% else %}vence ${when}{% endif %}: {{ client.name }}`,
      body: [
        'Certificado digital {{ certificate.kind }} de {{ client.name }}:',
        '',
        'Titular: {{ certificate.holder }}',
        '{% if certificate.document != blank %}CNPJ/CPF: {{ certificate.document | document }}',
        '{% endif %}Vencimento: {{ certificate.expiresOn | date }} ({% if certificate.expired %}vencido{% elsif certificate.daysLeft == 0 %}vence hoje{% else %}faltam {{ certificate.daysLeft }} dias{% endif %})',
        '',
        '{% if certificate.expired %}O certificado já venceu: confirme com o cliente a renovação e cadastre o novo certificado.{% else %}Acompanhe a renovação com o cliente e cadastre o novo certificado quando ele chegar.{% endif %}',
        '',
        'Ficha do cliente: {{ link }}',
      ].join('\n'),
    },
  },
});

const BATCH = 500;
const DAY_MS = 86_400_000;

const config = z.object({
  thresholds: z
    .array(z.number().int().min(1).max(365))
    .min(1)
    .max(10)
    .default([30, 15, 5])
    .meta({
      label: { 'pt-BR': 'Avisar com quantos dias de antecedência', en: 'Warn how many days before' },
      help: {
        'pt-BR': 'Um aviso em cada prazo (de 1 a 365 dias), uma única vez por certificado.',
        en: 'One notice at each (1 to 365 days), once per certificate.',
      },
    }),
  notifyOnExpiry: z
    .boolean()
    .default(true)
    .meta({
      label: { 'pt-BR': 'Avisar também quando vencer', en: 'Also notify when it expires' },
      help: {
        'pt-BR': 'Um último aviso quando o certificado já estiver vencido.',
        en: 'A last notice once the certificate has expired.',
      },
    }),
});

export const certificatesExpiring = defineRoutine({
  kind: 'certificates.expiring',
  config,
  templates: { client: CERTIFICATE_TEMPLATE, staff: CERTIFICATE_STAFF_TEMPLATE },
  channels: ['email', 'whatsapp'],

  // Keyset pages over (not_after, id): batches are independent and may run several at once.
  concurrentBatches: true,

  async *select({ db, officeId, settings, at }, cfg) {
    // Two days of margin over the largest threshold: the exact civil-day arithmetic is in perRecord.
    const horizon = new Date(at.getTime() + (Math.max(...cfg.thresholds) + 2) * DAY_MS).toISOString();
    const audience = inAudience(settings.audience, 'c.client_id');
    yield* keysetPages(
      BATCH,
      (after: { notAfter: string; id: string } | null) =>
        expiryCandidates(db, officeId, audience, horizon, after, BATCH),
      (last) => ({ notAfter: last.notAfter, id: last.id }),
    );
  },

  describe: (c: ExpiryCandidate) => `${c.clientName} — ${c.holderName}`,

  async perRecord(ctx, cert, cfg) {
    if (cert.superseded) {
      await markNoticeDone(ctx.db, ctx.officeId, cert.id);
      ctx.count('renewed');
      return;
    }
    const expiresOn = civilDateOf(cert.notAfter, ctx.timeZone);
    const daysLeft = daysBetween(ctx.date, expiresOn);
    const expired = daysLeft < 0 || Date.parse(cert.notAfter) <= ctx.at.getTime();
    const stage = crossedThreshold({ daysLeft, expired }, cfg.thresholds);
    if (stage === null || (stage === 'expired' && !cfg.notifyOnExpiry)) return;

    const vars = {
      client: { name: cert.clientName, document: cert.clientDocument },
      certificate: {
        holder: cert.holderName,
        document: cert.document ?? '',
        kind: cert.kind.toUpperCase(),
        expiresOn,
        daysLeft: Math.max(0, daysLeft),
        expired,
        threshold: stage,
      },
      link: ctx.appLink(`/clients/${cert.clientId}?tab=certificates`),
    };
    const key = `cert-expiry:${cert.id}:${expiresOn}:${stage}`;
    const sent = await ctx.notifyClientAndResponsible(cert.clientId, {
      vars,
      key,
      staffTemplate: CERTIFICATE_STAFF_TEMPLATE,
    });
    // Past expiry there is nothing more to say about this certificate: leave it out of later runs.
    if (stage === 'expired') await markNoticeDone(ctx.db, ctx.officeId, cert.id);
    if (sent) ctx.count(stage === 'expired' ? 'expired' : 'expiring');
  },
});
