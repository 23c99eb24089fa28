import type { Department } from '../../../shared/schemas/routines.js';
import type { Localized } from '../../http/i18n.js';

/** How a routine kind is presented to the office. */
export interface RoutineTexts {
  /** The catalog page's group. */
  department: Department;
  title: Localized;
  description: Localized;
  /** How the outcome counters are worded in a run's summary: `{ expired: { 'pt-BR': 'vencidos', … } }`. */
  outcomes: Record<string, Localized>;
}

/**
 * Every routine kind's texts, in pt-BR and English, keyed by kind: its department, title and description on
 * the catalog page (Rotinas) and the words of its run summary's counters (`ctx.count('expired')`). The
 * routine itself (`*.routine.ts` in the module whose data it reads) says only what it does: `defineRoutine`
 * reads its kind's entry here, so a routine whose kind has no entry does not compile, and
 * test/routines/catalog.test.ts fails on an entry that no registered routine declares.
 */
export const routineTexts = {
  'billing.fee-adjustment': {
    department: 'financeiro',
    title: { 'pt-BR': 'Reajuste anual de honorários', en: 'Yearly fee adjustment' },
    description: {
      'pt-BR':
        'Antes da data de reajuste de cada contrato, calcula o novo valor e envia a carta de reajuste ao cliente; na data, aplica o novo valor.',
      en: "Ahead of each contract's anniversary, computes the new fee and sends the adjustment letter to the client; on the anniversary, applies it.",
    },
    outcomes: {
      letters: { 'pt-BR': 'carta(s) de reajuste enviada(s)', en: 'adjustment letter(s) sent' },
      applied: { 'pt-BR': 'reajuste(s) aplicado(s)', en: 'adjustment(s) applied' },
      incomplete: { 'pt-BR': 'reajuste(s) sem dados', en: 'adjustment(s) missing data' },
    },
  },
  'billing.monthly-fees': {
    department: 'financeiro',
    title: { 'pt-BR': 'Honorários', en: 'Monthly fees' },
    description: {
      'pt-BR':
        'Gera os honorários do mês de cada cliente com contrato ativo (uma cobrança por competência), com PIX copia e cola e o PDF, e envia ao cliente alguns dias antes do vencimento.',
      en: "Generates each client's monthly fee invoice (one per competência) from its active contract, with PIX and the PDF, and sends it a few days before the due date.",
    },
    outcomes: {
      generated: { 'pt-BR': 'cobrança(s) gerada(s)', en: 'invoice(s) generated' },
      late: {
        'pt-BR': 'gerada(s) após o vencimento do contrato',
        en: "generated after the contract's due date",
      },
      boleto_issued: { 'pt-BR': 'boleto(s) emitido(s)', en: 'boleto(s) issued' },
      no_bank_account: {
        'pt-BR': 'sem boleto: o escritório não tem conta bancária padrão (Configurações → Contas bancárias)',
        en: 'without boleto: the office has no default bank account (Settings → Bank accounts)',
      },
      sent: { 'pt-BR': 'cobrança(s) enviada(s)', en: 'invoice(s) sent' },
      not_sent: { 'pt-BR': 'sem canal para envio', en: 'with no channel to send on' },
      already_sent: { 'pt-BR': 'já enviada(s) antes', en: 'already sent' },
    },
  },
  'billing.overdue-fees': {
    department: 'financeiro',
    title: { 'pt-BR': 'Honorários em atraso', en: 'Overdue fees' },
    description: {
      'pt-BR':
        'Lembra o cliente dos honorários vencidos e não pagos nos dias configurados após o vencimento, e avisa o responsável pelo cliente.',
      en: "Reminds clients of unpaid fees on the configured days after the due date, and tells the client's responsible.",
    },
    outcomes: {
      overdue: { 'pt-BR': 'cobrança(s) em atraso', en: 'overdue invoice(s)' },
      reminded: { 'pt-BR': 'lembrete(s) de atraso', en: 'overdue reminder(s)' },
    },
  },
  'certidoes.expired': {
    department: 'fiscal',
    title: {
      'pt-BR': 'Certidões negativas vencidas ou não cadastradas',
      en: 'Certificates of good standing expired or missing',
    },
    description: {
      'pt-BR':
        'Verifica as certidões negativas exigidas de cada cliente (federal, FGTS, trabalhista, estadual e municipal) e avisa o cliente e o responsável, num único aviso, das não cadastradas, vencidas, positivas ou a vencer.',
      en: 'Checks each client’s required certificates of good standing (federal, FGTS, labour, state, municipal) and tells the client and the responsible user, in one notice, which are missing, expired, positive or expiring.',
    },
    outcomes: {
      clients: { 'pt-BR': 'cliente(s) avisado(s)', en: 'client(s) notified' },
      missing: { 'pt-BR': 'certidão(ões) não cadastrada(s)', en: 'missing' },
      expired: { 'pt-BR': 'certidão(ões) vencida(s)', en: 'expired' },
      positiva: { 'pt-BR': 'certidão(ões) positiva(s)', en: 'positive' },
      expiring: { 'pt-BR': 'certidão(ões) a vencer', en: 'expiring' },
    },
  },
  'certificates.expiring': {
    department: 'fiscal',
    title: { 'pt-BR': 'Certificado digital a vencer', en: 'Digital certificate expiring' },
    description: {
      'pt-BR':
        'Avisa o cliente e o responsável antes do vencimento do certificado digital (A1 ou A3), em cada prazo configurado, e quando ele vence — evita perder o prazo de renovação.',
      en: 'Tells the client and the responsible user before a digital certificate (A1 or A3) expires, at each configured threshold, and when it expires.',
    },
    outcomes: {
      expiring: { 'pt-BR': 'certificado(s) a vencer avisado(s)', en: 'expiring certificate(s) notified' },
      expired: { 'pt-BR': 'certificado(s) vencido(s) avisado(s)', en: 'expired certificate(s) notified' },
      renewed: { 'pt-BR': 'certificado(s) já renovado(s)', en: 'certificate(s) already renewed' },
    },
  },
  'clients.class-transition': {
    department: 'comercial',
    title: { 'pt-BR': 'Transição de classe', en: 'Class transition' },
    description: {
      'pt-BR':
        'Muda a classe dos clientes (A, B, C…) conforme regras de honorários, funcionários, faturamento ou tags, registra cada mudança e avisa o responsável.',
      en: 'Moves clients between classes (A, B, C…) by rules on fee, employees, revenue or tags, records each move and tells the responsible user.',
    },
    outcomes: {
      changed: { 'pt-BR': 'cliente(s) mudaram de classe', en: 'client(s) changed class' },
      unchanged: { 'pt-BR': 'sem mudança', en: 'unchanged' },
    },
  },
  'clients.erp-import': {
    department: 'comercial',
    title: {
      'pt-BR': 'Atualização de status e dados complementares das contas',
      en: 'Account status and complementary data update',
    },
    description: {
      'pt-BR':
        'Lê a exportação do ERP (arquivo CSV ou endereço HTTP) e atualiza o status e os dados complementares de cada conta: última compra, valor acumulado, quantidade de compras…',
      en: 'Reads the ERP export (CSV file or HTTP endpoint) and updates each account’s status and complementary data: last purchase, accumulated value, number of purchases…',
    },
    outcomes: {
      changed: { 'pt-BR': 'conta(s) atualizada(s)', en: 'account(s) updated' },
      unchanged: { 'pt-BR': 'sem alteração', en: 'unchanged' },
      invalid: { 'pt-BR': 'linha(s) inválida(s)', en: 'invalid row(s)' },
      outOfAudience: { 'pt-BR': 'fora do público', en: 'outside the audience' },
    },
  },
  'clients.idle-accounts': {
    department: 'comercial',
    title: { 'pt-BR': 'Monitorar movimentações das contas', en: 'Monitor account activity' },
    description: {
      'pt-BR':
        'Avisa os usuários escolhidos sobre clientes sem movimentação (atendimento, mensagem, envio de arquivo, honorário pago) há N dias e, se quiser, transfere a conta para outro responsável.',
      en: 'Tells the chosen users about clients without movement (ticket, message, upload, paid fee) for N days and, optionally, transfers the account to another responsible.',
    },
    outcomes: {
      idle: { 'pt-BR': 'conta(s) sem movimentação', en: 'idle account(s)' },
      transferred: { 'pt-BR': 'conta(s) transferida(s)', en: 'account(s) transferred' },
    },
  },
  'contacts.birthdays': {
    department: 'geral',
    title: { 'pt-BR': 'Aniversariantes do dia', en: 'Birthdays of the day' },
    description: {
      'pt-BR':
        'Envia os parabéns aos contatos dos clientes no dia do aniversário, por e-mail e/ou WhatsApp, com o assunto e o modelo escolhidos.',
      en: 'Greets the clients’ contacts on their birthday, by e-mail and/or WhatsApp, with the chosen subject and template.',
    },
    outcomes: { birthdays: { 'pt-BR': 'aniversariante(s)', en: 'birthday(s)' } },
  },
  'routines.daily-digest': {
    department: 'geral',
    title: { 'pt-BR': 'Resumo diário do responsável', en: 'Daily digest for each user' },
    description: {
      'pt-BR':
        'Envia a cada usuário, uma vez por dia, um e-mail com o que é seu e vence hoje: atendimentos vencidos ou com SLA estourado, certificados digitais e certidões vencidos ou a vencer, honorários em aberto vencidos.',
      en: 'Sends each user, once a day, an e-mail with what is theirs and due today: overdue tickets or breached SLAs, expired or expiring digital certificates and certidões, overdue open fee invoices.',
    },
    outcomes: {
      digests: { 'pt-BR': 'resumo(s) enviado(s)', en: 'digest(s) sent' },
      tickets: { 'pt-BR': 'atendimento(s) nos resumos', en: 'ticket(s) in the digests' },
      certificates: { 'pt-BR': 'certificado(s) nos resumos', en: 'certificate(s) in the digests' },
      certidoes: { 'pt-BR': 'certidão(ões) nos resumos', en: 'certidão(ões) in the digests' },
      invoices: { 'pt-BR': 'honorário(s) nos resumos', en: 'invoice(s) in the digests' },
    },
  },
  'tickets.stalled': {
    department: 'geral',
    title: { 'pt-BR': 'Atendimentos parados', en: 'Stalled tickets' },
    description: {
      'pt-BR':
        'Avisa o responsável (e o supervisor) dos atendimentos abertos sem movimentação há N dias úteis.',
      en: 'Tells the responsible user (and the supervisor) about open tickets without movement for N business days.',
    },
    outcomes: { stalled: { 'pt-BR': 'atendimento(s) parado(s)', en: 'stalled ticket(s)' } },
  },
} satisfies Record<string, RoutineTexts>;

/** The kinds of the product's routines: the keys of {@link routineTexts}. */
export type RoutineKind = keyof typeof routineTexts;
