import { Readable } from 'node:stream';
import type { AppContext } from '../context.js';
import {
  createTemplate,
  issueLink,
  pendingItemsForContact,
  portalAnswer,
  scheduleCollection,
  storeItemFile,
} from '../modules/collection/index.js';
import { type Actor, getProfessions } from '../modules/platform/index.js';

/** A one-page PDF standing in for a client's document. */
function demoPdf(title: string): Buffer {
  const text = title
    .replace(/[()\\]/g, '')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '');
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

const file = (kinds: string[], maxMiB = 20) => ({
  kind: 'file' as const,
  acceptedTypes: kinds as never[],
  maxBytes: maxMiB * 1024 * 1024,
  multiple: true,
});

/**
 * Cobrança de Arquivos in the demo office: the model "Documentos mensais — Simples Nacional" programmed
 * monthly (on the 20th, for the following competência) for a dozen clients, whose current month is under
 * way — some items sent, some answered — and one programação of an earlier month, overdue.
 */
export async function seedDemoCollection(ctx: AppContext, actor: Actor, clientIds: string[]): Promise<void> {
  const professions = new Map((await getProfessions(ctx, actor.officeId)).map((p) => [p.name, p.id]));
  const fiscal = professions.get('Analista Fiscal') ?? null;
  const pessoal = professions.get('Analista de Departamento Pessoal') ?? null;
  const model = await createTemplate(ctx, actor, {
    name: 'Documentos mensais — Simples Nacional',
    serviceId: null,
    professionId: fiscal,
    description:
      'Os documentos de que precisamos todo mês para a escrita fiscal e a apuração do Simples Nacional.',
    autoClose: false,
    due: { day: 10, businessDays: false, monthOffset: 1, adjust: 'postpone' },
    reminderOffsets: [-3, -1, 0, 2, 5],
    items: [
      {
        name: 'Extrato bancário',
        instructions:
          'O extrato de todas as contas da empresa no mês, em PDF ou OFX (exportado do internet banking).',
        requirement: 'required',
        professionId: fiscal,
        ...file(['pdf', 'ofx']),
      },
      {
        name: 'Notas de entrada (XML)',
        instructions: 'Os XML das notas fiscais de compra do mês (pode enviar um .zip com todos).',
        requirement: 'required',
        professionId: fiscal,
        ...file(['xml', 'zip']),
      },
      {
        name: 'Notas de saída',
        instructions: 'As notas fiscais emitidas no mês, em XML ou PDF (ou um .zip).',
        requirement: 'required',
        professionId: fiscal,
        ...file(['xml', 'pdf', 'zip']),
      },
      {
        name: 'Folha de pagamento',
        instructions: 'Pró-labore, salários e recibos de férias do mês.',
        requirement: 'should',
        professionId: pessoal,
        ...file(['pdf']),
      },
      {
        name: 'Guias pagas',
        instructions: 'Os comprovantes de pagamento das guias do mês (DAS, FGTS, INSS).',
        requirement: 'should',
        professionId: fiscal,
        ...file(['pdf', 'jpg', 'png']),
      },
      {
        name: 'Outros',
        instructions: 'Qualquer outro documento que o escritório deva conhecer (contratos, empréstimos…).',
        requirement: 'optional',
        professionId: null,
        ...file(['pdf', 'jpg', 'png', 'xlsx', 'zip']),
      },
    ],
  });

  const audience = clientIds.slice(0, 12);
  const month = ctx.clock.now().toISOString().slice(0, 7);
  const previous = addMonth(month, -1);
  // Recurring from last month's competência: generated at once (its day has passed), then every 20th.
  await scheduleCollection(ctx, actor, {
    templateId: model.id,
    audience: { kind: 'clients', clientIds: audience },
    mode: 'recurring',
    recurrence: { frequency: 'monthly', generateDay: 20, startCompetencia: previous },
  });
  // One client forgot an earlier month: overdue.
  await scheduleCollection(ctx, actor, {
    templateId: model.id,
    audience: { kind: 'clients', clientIds: [audience[0]!] },
    mode: 'once',
    competencia: addMonth(month, -3),
  });

  // The clients answer: the first few sent some files and answered some items.
  const contacts = await ctx.db
    .selectFrom('contacts')
    .select(['id', 'client_id'])
    .where('office_id', '=', actor.officeId)
    .where('client_id', 'in', audience.slice(1, 7))
    .orderBy('id')
    .execute();
  const seen = new Set<string>();
  for (const [n, c] of contacts.entries()) {
    if (seen.has(c.client_id)) continue;
    seen.add(c.client_id);
    const items = (await pendingItemsForContact(ctx, actor.officeId, c.id)).filter(
      (i) => i.clientId === c.client_id && i.competencia === previous,
    );
    const { token } = await issueLink(ctx, actor, c.id);
    for (const [k, item] of items.entries()) {
      if (k < 2 + (n % 3)) {
        if (!item.acceptedTypes.includes('pdf')) continue;
        await storeItemFile(ctx, {
          officeId: actor.officeId,
          requestId: item.requestId,
          itemId: item.itemId,
          file: { filename: `${item.itemName}.pdf`, stream: Readable.from([demoPdf(item.itemName)]) },
          uploader: { kind: 'client', id: c.id, name: 'Cliente (demonstração)' },
        });
      } else if (item.itemName === 'Folha de pagamento' && n % 2 === 0) {
        await portalAnswer(ctx, token, item.itemId, { answer: 'none_this_month' });
      } else if (item.itemName === 'Outros') {
        await portalAnswer(ctx, token, item.itemId, { answer: 'never_ask_again' });
      }
    }
  }
}

function addMonth(competencia: string, n: number): string {
  const [y, m] = competencia.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
