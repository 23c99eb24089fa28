/**
 * Certidões negativas vencidas ou não cadastradas (seed 000): for each active client in the audience,
 * checks the certidão types it must keep (default all five for a CNPJ) and sends ONE consolidated notice
 * to the client and one to its responsible user listing what is wrong: types not registered, expired,
 * `positiva` (does not clear the client), or expiring within `daysBefore` days.
 *
 * What it reads: the office's active clients in keyset pages of 500 by id, with their required types and
 * certidões (three queries per page). Only clients with something pending become records.
 *
 * Idempotency key: `certidoes:<clientId>:<situation>`, where the situation is the first 16 hex digits of
 * the SHA-256 of the sorted list of (type, problem, current certidão id or "-"). Why this key:
 * - the same situation is never sent twice, however often the routine runs (daily, after an outage…): the
 *   key names the situation, not the run or the day;
 * - a new problem changes the set, so it is sent at once, with everything still pending in the same notice:
 *   a certidão that was "a vencer" and is now "vencida", a new certidão registered as positiva, a type made
 *   required;
 * - a certidão replaced by a new one has a new id: if the new one is also a problem, it is a new situation;
 * - a problem resolved while others remain also changes the set, and the client gets the shorter list —
 *   "still pending" — once; a situation with nothing pending sends nothing.
 * Days left are deliberately not part of the key: "vence em 9 dias" and "vence em 8 dias" are the same
 * situation. The runner appends the channel (and `:staff:<user>` for the responsible user).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { pagesById } from '../../db/keyset.js';
import { defineTemplate, officeVariables } from '../messaging/index.js';
import { defineRoutine, inAudience } from '../routines/index.js';
import { certidaoClientsPage } from './certidoes.repo.js';
import {
  type CertidaoProblem,
  certidaoTypeNames,
  type PendingItem,
  pendingCertidoes,
} from './certidoes.validity.js';

export const CERTIDOES_TEMPLATE = 'certidoes.pending';
export const CERTIDOES_STAFF_TEMPLATE = 'certidoes.pending-staff';

const variables = [
  'client.name',
  'client.document',
  'date',
  'items',
  'counts.missing',
  'counts.expired',
  'counts.expiring',
  'counts.positiva',
] as const;

const list = '{% for item in items %}• {{ item.name }}: {{ item.situation }}\n{% endfor %}';

defineTemplate({
  key: CERTIDOES_TEMPLATE,
  // Asks the client to answer (files, a receipt): its e-mail gets a Reply-To that reaches the office.
  expectsReply: true,
  description: {
    'pt-BR': 'Certidões negativas vencidas ou não cadastradas: aviso ao cliente',
    en: 'Certificates of good standing expired or missing: notice to the client',
  },
  variables: [...officeVariables, ...variables],
  transactional: true,
  defaults: {
    email: {
      subject: 'Certidões negativas pendentes — {{ client.name }}',
      body: [
        'Olá, {{ client.name }}!',
        '',
        'Na verificação de {{ date | date }}, encontramos pendências nas certidões negativas da empresa:',
        '',
        list,
        'As certidões negativas são exigidas em licitações, financiamentos, contratos com órgãos públicos e na venda de imóveis, e uma certidão vencida ou positiva costuma indicar uma pendência a regularizar.',
        '',
        'Se já tiver as certidões atualizadas, responda a este e-mail com os arquivos em PDF. Se preferir, nós as emitimos e verificamos as pendências para você.',
        '',
        'Qualquer dúvida, estamos à disposição.',
        '',
        '{{ office.name }}',
      ].join('\n'),
    },
    whatsapp: {
      body: `Olá, {{ client.name }}! Encontramos pendências nas certidões negativas da empresa:\n${list}Se já tiver as certidões atualizadas, envie-nos os PDFs. — {{ office.name }}`,
      templateName: 'expediente_certidoes_pendentes',
      params: [
        '{{ client.name }}',
        '{% for item in items %}{{ item.name }}: {{ item.situation }}{% unless forloop.last %}; {% endunless %}{% endfor %}',
        '{{ office.name }}',
      ],
    },
  },
});

defineTemplate({
  key: CERTIDOES_STAFF_TEMPLATE,
  description: {
    'pt-BR': 'Certidões negativas vencidas ou não cadastradas: aviso ao responsável',
    en: 'Certificates of good standing expired or missing: notice to the responsible user',
  },
  variables: [...officeVariables, ...variables, 'link'],
  transactional: true,
  defaults: {
    email: {
      subject: 'Certidões pendentes: {{ client.name }}',
      body: [
        'Certidões negativas de {{ client.name }} ({{ client.document | document }}) em {{ date | date }}:',
        '',
        list,
        'Emita ou solicite as certidões e cadastre-as na ficha do cliente: {{ link }}',
      ].join('\n'),
    },
  },
});

/** The item's situation in pt-BR, as the templates show it. */
function situationText(item: PendingItem): string {
  const date = item.validUntil ? item.validUntil.split('-').reverse().join('/') : '';
  const text: Record<CertidaoProblem, string> = {
    missing: 'não cadastrada',
    expired: `vencida em ${date}`,
    positiva: `positiva (há débitos pendentes), válida até ${date}`,
    expiring:
      item.daysLeft === 0
        ? `vence hoje (${date})`
        : item.daysLeft === 1
          ? `vence amanhã (${date})`
          : `vence em ${item.daysLeft} dias (${date})`,
  };
  return text[item.problem];
}

/** The first 16 hex digits of the SHA-256 of the situation: sorted (type, problem, certidão) triples. */
export function situationHash(items: readonly PendingItem[]): string {
  const parts = items.map((i) => `${i.type}:${i.problem}:${i.certidaoId ?? '-'}`).sort();
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16);
}

interface CertidoesRecord {
  clientId: string;
  clientName: string;
  clientDocument: string;
  items: PendingItem[];
}

const BATCH = 500;

const config = z.object({
  daysBefore: z
    .number()
    .int()
    .min(0)
    .max(90)
    .default(10)
    .meta({
      label: { 'pt-BR': 'Avisar quantos dias antes de vencer', en: 'Warn how many days before expiry' },
      help: {
        'pt-BR': 'Certidões que vencem dentro deste prazo entram no aviso (0: só as já vencidas).',
        en: 'Certificates expiring within this many days are included (0: only expired ones).',
      },
    }),
});

export const certidoesExpired = defineRoutine({
  kind: 'certidoes.expired',
  config,
  templates: { client: CERTIDOES_TEMPLATE, staff: CERTIDOES_STAFF_TEMPLATE },
  channels: ['email', 'whatsapp'],

  // Keyset pages over the client id, read from certidões that a run never writes: batches are independent
  // and may run several at once (PostgreSQL).
  concurrentBatches: true,

  async *select({ db, officeId, settings, date }, cfg) {
    const audience = inAudience(settings.audience, 'clients.id');
    for await (const page of pagesById(BATCH, (after) =>
      certidaoClientsPage(db, officeId, audience, after, BATCH),
    )) {
      const records: CertidoesRecord[] = [];
      for (const c of page) {
        const items = pendingCertidoes(c.required, c.certidoes, date, cfg.daysBefore);
        if (items.length)
          records.push({ clientId: c.id, clientName: c.name, clientDocument: c.document, items });
      }
      if (records.length) yield records;
    }
  },

  describe: (r: CertidoesRecord) => r.clientName,

  async perRecord(ctx, r) {
    const counts = { missing: 0, expired: 0, expiring: 0, positiva: 0 };
    for (const i of r.items) counts[i.problem]++;
    const vars = {
      client: { name: r.clientName, document: r.clientDocument },
      date: ctx.date,
      items: r.items.map((i) => ({
        type: i.type,
        name: certidaoTypeNames[i.type],
        problem: i.problem,
        validUntil: i.validUntil,
        daysLeft: i.daysLeft,
        situation: situationText(i),
      })),
      counts,
      link: ctx.appLink(`/clients/${r.clientId}?tab=certidoes`),
    };
    const key = `certidoes:${r.clientId}:${situationHash(r.items)}`;
    if (
      await ctx.notifyClientAndResponsible(r.clientId, { vars, key, staffTemplate: CERTIDOES_STAFF_TEMPLATE })
    ) {
      ctx.count('clients');
      for (const [problem, n] of Object.entries(counts)) if (n) ctx.count(problem, n);
    }
  },
});
