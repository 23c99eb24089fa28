/**
 * Texts of the shared parts added for phones and pickers, in Brazilian Portuguese: the date and time fields,
 * lists as cards, filters in a drawer, the mark on a form tab with errors, the local mailbox's search and a
 * client's complementary data.
 */
export const uiPtBR = {
  dates: {
    datePlaceholder: 'dd/mm/aaaa',
    timePlaceholder: 'hh:mm',
    openCalendar: 'Abrir calendário',
    invalidDate: 'Data inválida: use dd/mm/aaaa.',
    invalidTime: 'Hora inválida: use hh:mm (00:00 a 23:59).',
    outOfRange: (min: string, max: string) =>
      min && max
        ? `Escolha uma data entre ${min} e ${max}.`
        : min
          ? `Escolha uma data a partir de ${min}.`
          : `Escolha uma data até ${max}.`,
  },
  filters: {
    open: 'Filtros',
    openWithCount: (n: number) => (n === 1 ? 'Filtros (1 ativo)' : `Filtros (${n} ativos)`),
    title: 'Filtros',
    apply: 'Ver resultados',
  },
  formTabs: {
    hasErrors: 'contém erros',
    fixTabs: (tabs: string) => `Corrija os campos marcados em: ${tabs}.`,
  },
  mailbox: {
    search: 'Buscar',
    searchPlaceholder: 'Destinatário ou assunto',
    clearSearch: 'Limpar busca',
  },
  clientExtra: {
    tab: 'Dados complementares',
    title: 'Dados complementares',
    hint: 'O que os outros sistemas do escritório sabem do cliente, trazido por rotinas como a importação do ERP.',
    updatedAt: (when: string) => `Atualizado em ${when}`,
    empty: 'Nenhum dado complementar',
    emptyHint:
      'A rotina “Atualização de status e dados complementares das contas” preenche estes dados a partir do ERP.',
    emptyAction: 'Configurar a rotina',
    yes: 'Sim',
    no: 'Não',
    labels: {
      lastPurchaseDate: 'Última compra',
      lastPurchaseCents: 'Valor da última compra',
      accumulatedCents: 'Valor acumulado',
      purchaseCount: 'Quantidade de compras',
      firstPurchaseDate: 'Primeira compra',
      firstPurchaseCents: 'Valor da primeira compra',
      lastQuoteDate: 'Última cotação',
      lastInvoice: 'Última nota',
      employees: 'Funcionários',
      revenueCents: 'Faturamento anual',
      feeCents: 'Honorários',
    } as Record<string, string>,
  },
};
