import type { Localized } from '../../../http/i18n.js';
import type { ActionCategory, ActionKind } from '../registry.js';

/**
 * What "Adicionar regra" shows of each of automation's own actions — its category (the group it is listed
 * under), name and one sentence, in pt-BR and English — keyed by kind. An action's file says only what it
 * does: `actionKindOf` reads its kind's entry here, so an action whose kind has no entry does not compile.
 * The modules above automation that offer actions (billing's invoices, tasks) keep their texts here too,
 * so the catalog reads in one place. (The message actions, one per channel, are built from their
 * channel's name in message.action.ts.)
 */
const actionTexts = {
  'item.move': {
    category: 'staff',
    name: { 'pt-BR': 'Mover para outro estágio', en: 'Move to another stage' },
    description: {
      'pt-BR': 'Move o item para outro estágio do mesmo funil (as regras daquele estágio passam a valer).',
      en: "Moves the item to another stage of the same pipeline (that stage's rules then apply).",
    },
  },
  'item.set_field': {
    category: 'staff',
    name: { 'pt-BR': 'Alterar campo', en: 'Change a field' },
    description: {
      'pt-BR': 'Altera um campo do item (o valor é conferido com o tipo do campo).',
      en: "Changes one of the item's fields (the value is checked against the field's type).",
    },
  },
  'item.set_responsible': {
    category: 'staff',
    name: { 'pt-BR': 'Alterar responsável', en: 'Change the responsible' },
    description: {
      'pt-BR': 'Define um usuário do escritório como responsável pelo item (ou deixa sem responsável).',
      en: 'Makes a user of the office responsible for the item (or leaves it without one).',
    },
  },
  'data.last_message': {
    category: 'auxiliary',
    name: { 'pt-BR': 'Ler a última mensagem do cliente', en: "Read the client's last message" },
    description: {
      'pt-BR':
        'Lê a última mensagem recebida do cliente do item para as regras seguintes ({{ vars.lastMessage.body }}).',
      en: "Reads the last message received from the item's client for the following rules ({{ vars.lastMessage.body }}).",
    },
  },
  'document.create': {
    category: 'documents',
    name: { 'pt-BR': 'Criar documento', en: 'Create a document' },
    description: {
      'pt-BR':
        'Gera um PDF a partir de um modelo (Liquid sobre o item, o cliente e o escritório), guarda-o com o item e cria um link público para baixá-lo; as regras seguintes podem enviá-lo ({{ vars.document.link }}).',
      en: 'Renders a PDF from a template (Liquid over the item, the client and the office), keeps it with the item and makes a public download link; the following rules may send it ({{ vars.document.link }}).',
    },
  },
  'staff.notify': {
    category: 'staff',
    name: { 'pt-BR': 'Avisar a equipe', en: 'Notify the staff' },
    description: {
      'pt-BR':
        'Avisa um usuário, o responsável pelo item ou o supervisor do responsável, no sistema e por e-mail.',
      en: "Notifies a user, the item's responsible or the responsible's supervisor, in the app and by e-mail.",
    },
  },
  'http.webhook': {
    category: 'own',
    name: { 'pt-BR': 'Chamar webhook', en: 'Call a webhook' },
    description: {
      'pt-BR':
        'Envia o item em JSON (POST) a um endereço externo, assinado com HMAC-SHA256 (X-Expediente-Signature), com tempo-limite e novas tentativas.',
      en: 'POSTs the item as JSON to an outside address, signed with HMAC-SHA256 (X-Expediente-Signature), with a timeout and retries.',
    },
  },
  'billing.create_invoice': {
    category: 'documents',
    name: { 'pt-BR': 'Criar fatura', en: 'Create an invoice' },
    description: {
      'pt-BR':
        'Cria uma cobrança com PIX para o cliente do item (valor fixo ou de um campo do item) e guarda o PDF com o item; o pagamento pode mover o item (gatilho “Fatura paga”).',
      en: 'Creates an invoice with PIX for the item\'s client (a fixed amount or an item field) and keeps its PDF with the item; its payment may move the item (trigger "Invoice paid").',
    },
  },
  'billing.open_invoices': {
    category: 'auxiliary',
    name: { 'pt-BR': 'Ler faturas em aberto do cliente', en: "Read the client's open invoices" },
    description: {
      'pt-BR':
        'Lê as cobranças em aberto (e vencidas) do cliente do item para as regras seguintes ({{ vars.openInvoicesCount }}, {{ vars.openInvoicesTotal | money }}).',
      en: "Reads the open (and overdue) invoices of the item's client for the following rules ({{ vars.openInvoicesCount }}, {{ vars.openInvoicesTotal | money }}).",
    },
  },
  'tasks.create': {
    category: 'staff',
    name: { 'pt-BR': 'Criar tarefa', en: 'Create a task' },
    description: {
      'pt-BR': 'Cria uma tarefa para o responsável, um usuário ou o supervisor, com prazo em dias úteis.',
      en: 'Creates a task for the responsible, a user or the supervisor, due in business days.',
    },
  },
} satisfies Record<string, { category: ActionCategory; name: Localized; description: Localized }>;

/** One of automation's own actions: what it does, with its category, name and description from the texts. */
export const actionKindOf = <I>(
  spec: Omit<ActionKind<I>, 'kind' | 'category' | 'name' | 'description'> & {
    kind: keyof typeof actionTexts;
  },
): ActionKind<I> => ({ ...spec, ...actionTexts[spec.kind] });
