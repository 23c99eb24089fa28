import type { Config } from '../../src/server/config.js';
import type { AppContext } from '../../src/server/context.js';
import type { DialectName } from '../../src/server/db/database.js';
import type { Template } from '../../src/server/modules/collection/index.js';
import { Worker } from '../../src/server/modules/engine/index.js';
import { cnpj, ok, postCreated } from '../http/helpers.js';
import { createTestApp, loginAs, type Session } from '../support/test-app.js';
import { standInSettings, startWhatsAppStandIn, type WhatsAppStandIn } from '../support/whatsapp-standin.js';

export { ok };

/** A model's input: a monthly Simples Nacional checklist (due on the 10th of the month after, postponed). */
export const templateBody = (over: Record<string, unknown> = {}) => ({
  name: 'Documentos mensais',
  serviceId: null,
  autoClose: false,
  due: { day: 10, businessDays: false, monthOffset: 1, adjust: 'postpone' },
  reminderOffsets: [-3, -1, 0, 2, 5],
  communication: {
    requestSubject: 'Documentos de {{ competencia }} — {{ client.name }}',
    requestBody: 'Olá, {{ contact.name }}. Envie até {{ dueDate | date }}:\n{{ summary }}\n{{ link }}',
    reminderSubject: 'Lembrete — {{ office.name }}',
    reminderBody: 'Olá, {{ contact.name }}. Faltam:\n{{ summary }}\n{{ link }}',
    receiptSubject: 'Comprovante — {{ office.name }}',
    receiptBody: 'Recebemos em {{ sentAt }}:\n{{ summary }}',
  },
  items: [
    {
      name: 'Extrato bancário',
      instructions: 'PDF ou OFX do mês',
      kind: 'file',
      requirement: 'required',
      acceptedTypes: ['pdf', 'ofx'],
      maxBytes: 1024 * 1024,
      multiple: true,
      professionId: null,
    },
    {
      name: 'Notas de entrada (XML)',
      instructions: '',
      kind: 'file',
      requirement: 'required',
      acceptedTypes: ['xml', 'zip'],
      maxBytes: 1024 * 1024,
      multiple: true,
      professionId: null,
    },
    {
      name: 'Folha de pagamento',
      instructions: '',
      kind: 'file',
      requirement: 'should',
      acceptedTypes: ['pdf'],
      maxBytes: 1024 * 1024,
      multiple: false,
      professionId: null,
    },
    {
      name: 'Conferir apuração',
      instructions: '',
      kind: 'activity',
      requirement: 'optional',
      acceptedTypes: [],
      maxBytes: 1024 * 1024,
      multiple: false,
      professionId: null,
    },
  ],
  ...over,
});

/** Creates a model through the API as `s` (`templateBody(over)`) and answers it. */
export async function createTemplate(s: Session, over: Record<string, unknown> = {}): Promise<Template> {
  return postCreated<Template>(s, '/api/collection/templates', templateBody(over));
}

/**
 * Office A with three clients (two share a contact person: the same e-mail), a model, and office B with a
 * client and its own model.
 */
export async function collectionWorld(dialect: DialectName, overrides: Partial<Config> = {}) {
  const t = await createTestApp(dialect, { sessionTtlMs: 365 * 86_400_000, ...overrides });
  const adminA = await loginAs(t.app, 'admin@a.com.br');
  const staffA = await loginAs(t.app, 'staff@a.com.br');
  const adminB = await loginAs(t.app, 'admin@b.com.br');
  const fiscal = t.a.professions.get('Analista Fiscal')!;
  const mkClient = async (s: Session, n: number, name: string, extra: Record<string, unknown> = {}) =>
    await postCreated<{ id: string }>(s, '/api/clients', {
      legalName: name,
      document: cnpj(n),
      emails: [`c${n}@x.com.br`],
      ...extra,
    });
  const mkContact = async (s: Session, clientId: string, name: string, email: string | null) =>
    await postCreated<{ id: string }>(s, `/api/clients/${clientId}/contacts`, {
      name,
      ...(email ? { email } : {}),
    });
  const padaria = await mkClient(adminA, 4001, 'Padaria Pão Quente Ltda', {
    tags: ['simples'],
    class: 'A',
    responsibles: [{ professionId: fiscal, userId: t.a.staff.id }],
  });
  const mercado = await mkClient(adminA, 4002, 'Mercado Bom Preço Ltda', { tags: ['simples'] });
  const oficina = await mkClient(adminA, 4003, 'Oficina Roda Viva Ltda');
  const maria = await mkContact(adminA, padaria.id, 'Maria Souza', 'maria@padaria.com.br');
  const mariaMercado = await mkContact(adminA, mercado.id, 'Maria Souza', 'MARIA@padaria.com.br');
  const pedro = await mkContact(adminA, oficina.id, 'Pedro Lima', 'pedro@oficina.com.br');
  const template = await createTemplate(adminA);
  const clientB = await mkClient(adminB, 4009, 'Cliente Beta Ltda');
  const contactB = await mkContact(adminB, clientB.id, 'Beto', 'beto@beta.com.br');
  const templateB = await createTemplate(adminB);
  return {
    ...t,
    adminA,
    staffA,
    adminB,
    fiscal,
    clients: { padaria, mercado, oficina },
    contacts: { maria, mariaMercado, pedro },
    template,
    clientB,
    contactB,
    templateB,
  };
}
export type CollectionWorld = Awaited<ReturnType<typeof collectionWorld>>;

/** Who a programação is for: chosen clients, the clients of a tag, or of a class. */
type Audience =
  | { kind: 'clients'; clientIds: string[] }
  | { kind: 'tag'; tagId: string }
  | { kind: 'class'; classId: string };

/** The body of a Programar that generates one competência of a model for an audience. */
export const onceBody = (templateId: string, audience: Audience, competencia: string) => ({
  templateId,
  audience,
  mode: 'once',
  competencia,
});

/** The body of a monthly recorrente of a model from `startCompetencia`, each generated on the 20th. */
export const monthlyBody = (templateId: string, audience: Audience, startCompetencia: string) => ({
  templateId,
  audience,
  mode: 'recurring',
  recurrence: { frequency: 'monthly', generateDay: 20, startCompetencia },
});

/** Programar (`POST /api/collection/schedule`) with a body; answers the response as it came. */
export const postSchedule = (s: Session, payload: object) =>
  s.request({ method: 'POST', url: '/api/collection/schedule', payload });

/** The preview of a Programar (`POST /api/collection/schedule/preview`); answers the response as it came. */
export const previewSchedule = (s: Session, payload: object) =>
  s.request({ method: 'POST', url: '/api/collection/schedule/preview', payload });

/** Programs a model once for some clients and competência; returns how many were created. */
export async function scheduleOnce(s: Session, templateId: string, clientIds: string[], competencia: string) {
  return ok<{ created: number; programId: string | null }>(
    await postSchedule(s, onceBody(templateId, { kind: 'clients', clientIds }, competencia)),
    201,
  );
}

/**
 * The "Mensal" model (due on the 20th of the next month, postponed past a holiday) programmed for the three
 * clients of office A, competência 2026-10, on 01/11/2026 10:00 UTC (the clock is set there); answers the model.
 */
export async function scheduleMensal(
  w: CollectionWorld,
  over: Record<string, unknown> = {},
): Promise<Template> {
  const model = await createTemplate(w.adminA, {
    name: 'Mensal',
    due: { day: 20, businessDays: false, monthOffset: 1, adjust: 'postpone' },
    ...over,
  });
  w.ctx.clock.set('2026-11-01T10:00:00.000Z');
  const { padaria, mercado, oficina } = w.clients;
  await scheduleOnce(w.adminA, model.id, [padaria.id, mercado.id, oficina.id], '2026-10');
  return model;
}

/** Runs the engine's worker until no job is due; answers how many ran. */
export async function drainJobs(ctx: AppContext): Promise<number> {
  let n = 0;
  for (let ran = await new Worker(ctx).runOnce(); ran > 0; ran = await new Worker(ctx).runOnce()) n += ran;
  return n;
}

/**
 * Starts a WhatsApp stand-in and connects office A to it, and adds Maria Souza, a contact of the bakery, with
 * a WhatsApp number (5511987654321 to the stand-in, her 24-hour window open) and her opt-in (`contact` adds to
 * or overrides her fields). Answers the stand-in: stop it after the tests.
 */
export async function mariaOnWhatsApp(
  w: CollectionWorld,
  contact: Record<string, unknown> = {},
): Promise<WhatsAppStandIn> {
  const wa = await startWhatsAppStandIn();
  wa.windowOpen.add('5511987654321');
  ok(await w.adminA.request({ method: 'PUT', url: '/api/channels/whatsapp', payload: standInSettings(wa) }));
  await postCreated(w.adminA, `/api/clients/${w.clients.padaria.id}/contacts`, {
    name: 'Maria Souza',
    whatsapp: '(11) 98765-4321',
    whatsappOptIn: true,
    ...contact,
  });
  return wa;
}
