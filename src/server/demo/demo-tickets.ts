import type { AppContext } from '../context.js';
import { listCatalog } from '../modules/clients/index.js';
import { type Actor, listUsers } from '../modules/platform/index.js';
import {
  createTicket,
  createTicketBody,
  moveTicket,
  notifyTicket,
  postChat,
  putSlaPolicies,
  type TicketStatus,
} from '../modules/tickets/index.js';

/** One demo ticket: who asked, for which service, and the moves it went through (with their comments). */
interface DemoTicket {
  client: number;
  service: string | null;
  responsible: number;
  subject: string;
  description: string;
  moves: [TicketStatus, string | null][];
  chat?: string;
  debt?: { dueDate: string; cents: number };
}

const tickets: DemoTicket[] = [
  {
    client: 0,
    service: 'Alteração contratual',
    responsible: 0,
    subject: 'Alteração do endereço da sede',
    description: 'Mudança da sede para a Av. Paulista, 1000, conj. 52. Enviar o contrato social atualizado.',
    moves: [],
  },
  {
    client: 1,
    service: 'Certificado digital',
    responsible: 4,
    subject: 'Renovação do certificado A1',
    description: 'O e-CNPJ vence no próximo mês.',
    moves: [],
  },
  {
    client: 7,
    service: 'Folha de pagamento',
    responsible: 2,
    subject: 'Admissão de dois funcionários',
    description: 'Admissões previstas para o dia 1º; documentos pendentes.',
    moves: [],
  },
  {
    client: 2,
    service: 'Apuração de impostos',
    responsible: 1,
    subject: 'Dúvida sobre o DAS de outubro',
    description: 'O valor do DAS veio maior que o esperado.',
    moves: [['analyzing', 'Conferindo o faturamento declarado no PGDAS-D.']],
    chat: 'Bom dia! Pode nos enviar o relatório de vendas de outubro?',
  },
  {
    client: 3,
    service: 'Abertura de empresa',
    responsible: 0,
    subject: 'Abertura de filial em Campinas',
    description: 'Filial com a mesma atividade da matriz.',
    moves: [['analyzing', 'Viabilidade aprovada pela prefeitura.']],
  },
  {
    client: 4,
    service: 'Declaração de IRPF',
    responsible: 1,
    subject: 'IRPF do sócio-administrador',
    description: 'Declaração completa, com bens no exterior.',
    moves: [['analyzing', null]],
  },
  {
    client: 6,
    service: 'Contabilidade mensal',
    responsible: 3,
    subject: 'Balancete de setembro',
    description: 'O banco pediu o balancete assinado para renovar o limite.',
    moves: [
      ['analyzing', null],
      ['waiting', 'Aguardando os extratos bancários de setembro.'],
    ],
    chat: 'Precisamos dos extratos de todas as contas de setembro para fechar o balancete.',
  },
  {
    client: 5,
    service: 'Folha de pagamento',
    responsible: 2,
    subject: 'Rescisão de contrato de trabalho',
    description: 'Desligamento sem justa causa; aviso prévio indenizado.',
    moves: [['waiting', 'Aguardando a data do desligamento.']],
  },
  {
    client: 8,
    service: 'Consultoria tributária',
    responsible: 0,
    subject: 'Mudança para o Lucro Presumido',
    description: 'Avaliar a troca de regime para o próximo ano.',
    moves: [['cancelled', 'O cliente decidiu permanecer no Simples Nacional.']],
  },
  {
    client: 9,
    service: 'Certificado digital',
    responsible: 4,
    subject: 'Certificado A3 em token',
    description: 'Pedido de certificado A3.',
    moves: [['rejected', 'O escritório só emite certificados A1.']],
  },
  {
    client: 10,
    service: 'Alteração contratual',
    responsible: 0,
    subject: 'Inclusão de sócio',
    description: 'Entrada de novo sócio com 20% das quotas.',
    moves: [
      ['analyzing', null],
      ['done', 'Alteração registrada na Junta Comercial.'],
    ],
  },
  {
    client: 11,
    service: 'Declaração de IRPF',
    responsible: 1,
    subject: 'Retificação do IRPF 2025',
    description: 'Informe de rendimentos recebido depois da entrega.',
    moves: [
      ['done', 'Retificadora transmitida.'],
      ['reopened', 'O cliente recebeu mais um informe de rendimentos.'],
    ],
  },
  {
    client: 12,
    service: null,
    responsible: 0,
    subject: 'Honorários de outubro em aberto',
    description: 'Cobrança dos honorários de outubro, vencidos.',
    moves: [],
    debt: { dueDate: '2026-10-10', cents: 120_000 },
  },
];

/**
 * Demo tickets (atendimentos) for the demo office, through the tickets module's own service functions: a
 * dozen tickets in every status, with comments, chat messages, a debt collection, a client without e-mail
 * (client 5: its moves show "Não foi possível enviar o e-mail"), and SLA targets on three services.
 */
export async function seedDemoTickets(ctx: AppContext, actor: Actor, clientIds: string[]): Promise<void> {
  const services = new Map(
    (await listCatalog(ctx, actor.officeId, { page: 1, pageSize: 100, order: 'asc' })).items.map((s) => [
      s.name,
      s.id,
    ]),
  );
  const users = (await listUsers(ctx, actor.officeId, { active: true })).map((u) => u.id);
  const slaOf = (name: string, first: number, resolution: number) => ({
    serviceId: services.get(name)!,
    firstResponseHours: first,
    resolutionHours: resolution,
  });
  await putSlaPolicies(ctx, actor, {
    items: [
      slaOf('Certificado digital', 2, 8),
      slaOf('Apuração de impostos', 4, 16),
      slaOf('Folha de pagamento', 4, 24),
    ],
  });
  // The admin first; then the staff in the order listUsers gives them (by name).
  const staff = [actor.userId!, ...users.filter((id) => id !== actor.userId)];
  for (const d of tickets) {
    const clientId = clientIds[d.client % clientIds.length]!;
    let t = await createTicket(
      ctx,
      actor,
      createTicketBody.parse({
        clientId,
        serviceId: d.service ? services.get(d.service) : null,
        accountantId: actor.userId,
        responsibleId: staff[d.responsible % staff.length],
        subject: d.subject,
        description: d.description,
        ...(d.debt ? { kind: 'debt_collection', dueDate: d.debt.dueDate, debtCents: d.debt.cents } : {}),
      }),
    );
    if (d.chat) await postChat(ctx, actor, t.id, { body: d.chat, internal: false });
    for (const [to, comment] of d.moves) {
      t = (await moveTicket(ctx, actor, t.id, { to, comment, version: t.version })).ticket;
    }
    if (d.moves.length === 0 && d.client === 1) await notifyTicket(ctx, actor, t.id);
  }
}
