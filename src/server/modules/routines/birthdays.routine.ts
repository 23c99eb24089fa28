/**
 * Aniversariantes do dia: congratulates every contact whose birthday is the run's reference date, by
 * e-mail and/or WhatsApp, with the office's Assunto and Modelo. Contacts born on 29 February are greeted
 * on 28 February in common years. One greeting per contact per year and channel:
 * `birthday:<contact>:<year>:<channel>`.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { pagesById } from '../../db/keyset.js';
import { text } from '../../http/schemas.js';
import { civilParts, daysInMonth } from '../br/index.js';
import { compileTemplate, defineTemplate, renderTemplate } from '../messaging/index.js';
import { findOffice } from '../platform/index.js';
import { say } from './config-fields.js';
import { defineRoutine } from './define-routine.js';
import { inAudience } from './run-routine.js';

const TEMPLATE = 'routines.birthday';

const variables = [
  'contact.name',
  'contact.firstName',
  'contact.age',
  'client.legalName',
  'client.tradeName',
  'routine.subject',
] as const;

defineTemplate({
  key: TEMPLATE,
  description: {
    'pt-BR': 'Aniversariantes do dia: parabéns ao contato',
    en: 'Birthdays of the day: greeting to the contact',
  },
  variables,
  transactional: false,
  defaults: {
    email: {
      subject:
        '{% if routine.subject != blank %}{{ routine.subject }}{% else %}Feliz aniversário, {{ contact.firstName }}!{% endif %}',
      body: 'Olá, {{ contact.firstName }}!\n\nHoje é um dia especial, e toda a equipe do {{ office.name }} deseja a você um feliz aniversário, com muita saúde, alegria e conquistas.\n\nUm grande abraço,\n{{ office.name }}',
    },
    whatsapp: {
      body: 'Olá, {{ contact.firstName }}! A equipe do {{ office.name }} deseja a você um feliz aniversário, com muita saúde e alegria!',
      templateName: 'expediente_aniversario',
      params: ['{{ contact.firstName }}', '{{ office.name }}'],
    },
  },
});

/** The Assunto may use the template's variables; it must compile against them. */
const subject = text(200)
  .nullable()
  .default(null)
  .superRefine((value, ctx) => {
    if (!value) return;
    try {
      compileTemplate(value, ['office.name', 'office.cnpj', 'office.city', 'office.state', ...variables]);
    } catch (err) {
      const m = (err as { messages?: { 'pt-BR': string; en: string } }).messages;
      ctx.addIssue({
        code: 'custom',
        ...say(m?.['pt-BR'] ?? 'Assunto inválido.', m?.en ?? 'Invalid subject.'),
      });
    }
  })
  .meta({
    label: { 'pt-BR': 'Assunto', en: 'Subject' },
    help: {
      'pt-BR': 'Assunto do e-mail. Vazio: o do modelo. Aceita variáveis, como {{ contact.firstName }}.',
      en: 'The e-mail subject. Empty: the template’s. Variables such as {{ contact.firstName }} may be used.',
    },
  });

const config = z.object({
  subject,
  includeInactiveClients: z
    .boolean()
    .default(false)
    .meta({
      label: { 'pt-BR': 'Incluir contatos de clientes inativos', en: 'Include contacts of inactive clients' },
    }),
});

interface BirthdayContact {
  id: string;
  name: string;
  birthday: string;
  clientLegalName: string;
  clientTradeName: string | null;
}

const BATCH = 200;

/** The MM-DD birthdays celebrated on a date: 29 February joins 28 February in a common year. */
export function birthdaysOn(date: string): string[] {
  const { year, month, day } = civilParts(date);
  const mmdd = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return month === 2 && day === 28 && daysInMonth(year, 2) === 28 ? [mmdd, '02-29'] : [mmdd];
}

/** Age on the reference date, when the birth year is plausible. */
function ageOn(birthday: string, date: string): number | null {
  const born = Number(birthday.slice(0, 4));
  const age = Number(date.slice(0, 4)) - born;
  return born >= 1900 && age > 0 && age < 130 ? age : null;
}

export const contactsBirthdays = defineRoutine({
  kind: 'contacts.birthdays',
  config,
  templates: { client: TEMPLATE },
  channels: ['email', 'whatsapp'],

  async *select(ctx, cfg) {
    const days = birthdaysOn(ctx.date);
    yield* pagesById(BATCH, (after) => {
      let q = ctx.db
        .selectFrom('contacts')
        .innerJoin('clients', 'clients.id', 'contacts.client_id')
        .select([
          'contacts.id',
          'contacts.name',
          'contacts.birthday',
          'clients.legal_name as clientLegalName',
          'clients.trade_name as clientTradeName',
        ])
        .where('contacts.office_id', '=', ctx.officeId)
        .where('contacts.birthday', 'is not', null)
        .where(sql<string>`substr(contacts.birthday, 6, 5)`, 'in', days)
        .where(inAudience(ctx.settings.audience, 'contacts.client_id'))
        .where('contacts.id', '>', after)
        .orderBy('contacts.id')
        .limit(BATCH);
      if (!cfg.includeInactiveClients) q = q.where('clients.status', '=', 'active');
      return q.execute() as Promise<BirthdayContact[]>;
    });
  },

  async perRecord(ctx, contact, cfg) {
    const vars: Record<string, unknown> = {
      contact: {
        name: contact.name,
        firstName: contact.name.trim().split(/\s+/)[0] ?? contact.name,
        age: ageOn(contact.birthday, ctx.date),
      },
      client: { legalName: contact.clientLegalName, tradeName: contact.clientTradeName },
      routine: { subject: null },
    };
    if (cfg.subject) {
      const office = await findOffice(ctx.db, ctx.officeId);
      const withOffice = {
        ...vars,
        office: { name: office?.name, cnpj: office?.cnpj, city: office?.city, state: office?.state },
      };
      vars.routine = { subject: renderTemplate(cfg.subject, withOffice).trim() };
    }
    await ctx.notifyContact(contact.id, { vars, key: `birthday:${contact.id}:${ctx.date.slice(0, 4)}` });
    ctx.count('birthdays');
  },

  describe: (contact) => `${contact.name} (${contact.clientTradeName ?? contact.clientLegalName})`,
});
