/** Texts of the Automações screens in Brazilian Portuguese; plugged into pt-BR.ts as `automation`. */
const unitsPt = {
  minutes: ['minuto', 'minutos'],
  hours: ['hora', 'horas'],
  days: ['dia', 'dias'],
  business_days: ['dia útil', 'dias úteis'],
} as const;

const count = (n: number, [one, many]: readonly [string, string]) =>
  `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;

export const automationPtBR = {
  title: 'Automações',
  subtitle:
    'Regras e gatilhos de cada estágio: o que acontece quando um item entra nele, e o que o move até lá.',
  pipeline: 'Pipeline',

  // Delay in words
  delayUnits: {
    minutes: 'Minutos',
    hours: 'Horas',
    days: 'Dias',
    business_days: 'Dias úteis',
  },
  words: {
    now: 'Imediatamente',
    after: (n: number, unit: keyof typeof unitsPt) => `Após ${count(n, unitsPt[unit])}`,
    onField: (field: string) => `No dia de ${field}`,
    beforeField: (n: number, business: boolean, field: string) =>
      `${count(n, business ? unitsPt.business_days : unitsPt.days)} antes de ${field}`,
    afterField: (n: number, business: boolean, field: string) =>
      `${count(n, business ? unitsPt.business_days : unitsPt.days)} depois de ${field}`,
    at: (time: string) => `às ${time}`,
    businessHours: 'em horário comercial',
    nowBusinessHours: 'Em horário comercial',
    always: 'Sempre',
    if: (text: string) => `Se ${text}`,
    and: 'e',
    or: 'ou',
    yes: 'sim',
    no: 'não',
    unknownField: (key: string) => `“${key}”`,
  },
  /** A row in words: field, operator, value (`Valor > R$ 1.000,00`, `Responsável é Ana`). */
  ops: {
    eq: { number: '=', date: 'em', other: 'é' },
    neq: { number: '≠', date: 'diferente de', other: 'não é' },
    lt: { number: '<', date: 'antes de' },
    lte: { number: '≤', date: 'até' },
    gt: { number: '>', date: 'depois de' },
    gte: { number: '≥', date: 'a partir de' },
    contains: 'contém',
    not_contains: 'não contém',
    in: 'é um de',
    not_in: 'não é nenhum de',
    empty: 'está vazio',
    not_empty: 'está preenchido',
    is_true: 'é sim',
    is_false: 'é não',
  },
  /** The operator picker's labels. */
  opLabels: {
    eq: 'é igual a',
    neq: 'é diferente de',
    lt: 'é menor que',
    lte: 'é menor ou igual a',
    gt: 'é maior que',
    gte: 'é maior ou igual a',
    contains: 'contém',
    not_contains: 'não contém',
    in: 'é um de',
    not_in: 'não é nenhum de',
    empty: 'está vazio',
    not_empty: 'está preenchido',
    is_true: 'é sim',
    is_false: 'é não',
  },
  dateOpLabels: {
    eq: 'é em',
    neq: 'não é em',
    lt: 'é antes de',
    lte: 'é até',
    gt: 'é depois de',
    gte: 'é a partir de',
  },
  conditionErrors: {
    operator: (op: string) =>
      `A condição usa o operador “${op}”, que o editor visual não oferece. Apague a condição para criar outra.`,
    unknown_field: (field: string) =>
      `A condição usa o campo “${field}”, que não existe neste pipeline. Apague a condição para criar outra.`,
    variable: (field: string) =>
      `A condição lê a variável “${field}” de uma regra anterior, o que o editor visual não mostra. Apague a condição para criar outra.`,
    shape:
      'A condição tem uma forma que o editor visual não consegue mostrar. Apague a condição para criar outra.',
    type: (field: string, op: string) =>
      `A condição compara “${field}” com “${op}” de um jeito que não combina com o tipo do campo. Apague a condição para criar outra.`,
  },

  runStatuses: {
    waiting: 'Aguardando a anterior',
    pending: 'Agendada',
    running: 'Executando',
    done: 'Concluída',
    skipped: 'Condição falsa',
    failed: 'Falhou',
    cancelled: 'Cancelada',
    loop: 'Laço interrompido',
  },
  history: {
    title: 'Automação',
    empty: 'Nenhuma automação executou neste item ainda.',
    entered: (stage: string) => `Entrou em ${stage}`,
    left: 'Saiu do estágio',
    depth: (n: number) => `movido por automação (nível ${n})`,
    noRuns: 'Nenhuma regra neste estágio.',
    deletedRule: 'Regra excluída',
    version: (n: number) => `v${n}`,
    waitingPrevious: 'Espera a regra anterior terminar.',
    dueAt: (when: string) => `Prevista para ${when}`,
    conditionValues: 'Condição leu:',
    cancel: 'Cancelar',
    cancelled: 'Etapa cancelada.',
    linkKinds: {
      message: 'Mensagem',
      task: 'Tarefa',
      document: 'Documento',
      invoice: 'Fatura',
      webhook: 'Resposta do webhook',
    },
  },

  // Delay editor
  delay: 'Quando',
  delayKinds: { none: 'Imediatamente', after: 'Depois de um tempo', field: 'Em relação a uma data' },
  amount: 'Quantidade',
  unit: 'Unidade',
  dateField: 'Campo de data',
  days: 'Dias',
  direction: 'Antes ou depois',
  directions: { before: 'antes', after: 'depois' },
  businessDaysOnly: 'Contar dias úteis',
  atTime: 'Horário',
  atTimeHint: 'Vazio: no início do dia.',
  businessHours: 'Só em horário comercial',
  businessHoursHint: 'Um horário fora do expediente do escritório espera a próxima abertura.',
  noDateFields: 'Este pipeline não tem campos de data.',

  // Condition editor
  condition: 'Condição',
  conditionHint: 'A regra só executa se a condição for verdadeira quando chegar a vez dela.',
  noCondition: 'Sem condição: a regra sempre executa.',
  matchAll: 'Todas as condições (E)',
  matchAny: 'Qualquer condição (OU)',
  groupOp: 'Combinar',
  addRow: 'Adicionar condição',
  addGroup: 'Adicionar grupo',
  removeRow: 'Remover condição',
  removeGroup: 'Remover grupo',
  clearCondition: 'Apagar condição',
  field: 'Campo',
  operator: 'Operador',
  value: 'Valor',
  values: 'Valores',
  liquidVariables: 'Variáveis',
  liquidHint:
    'Clique para acrescentar ao texto. O texto usa Liquid: {{ item.titulo }}, {% if %}…{% endif %}.',
  jsonHint: 'Em JSON.',
  invalidJson: 'JSON inválido: confira chaves, aspas e vírgulas.',
  choose: 'Escolha…',
  incompleteRow: 'Preencha o valor desta condição.',
};
