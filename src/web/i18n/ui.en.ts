import type { uiPtBR } from './ui.pt-BR.js';

/** The shared parts added for phones and pickers, in English (typed as the pt-BR ones). */
export const uiEn: typeof uiPtBR = {
  dates: {
    datePlaceholder: 'dd/mm/yyyy',
    timePlaceholder: 'hh:mm',
    openCalendar: 'Open calendar',
    invalidDate: 'Invalid date: use dd/mm/yyyy.',
    invalidTime: 'Invalid time: use hh:mm (00:00 to 23:59).',
    outOfRange: (min: string, max: string) =>
      min && max
        ? `Choose a date between ${min} and ${max}.`
        : min
          ? `Choose a date from ${min} on.`
          : `Choose a date up to ${max}.`,
  },
  filters: {
    open: 'Filters',
    openWithCount: (n: number) => (n === 1 ? 'Filters (1 active)' : `Filters (${n} active)`),
    title: 'Filters',
    apply: 'Show results',
  },
  formTabs: {
    hasErrors: 'has errors',
    fixTabs: (tabs: string) => `Fix the marked fields in: ${tabs}.`,
  },
  mailbox: {
    search: 'Search',
    searchPlaceholder: 'Recipient or subject',
    clearSearch: 'Clear search',
  },
  clientExtra: {
    tab: 'Complementary data',
    title: 'Complementary data',
    hint: 'What the office’s other systems know about the client, brought in by routines such as the ERP import.',
    updatedAt: (when: string) => `Updated on ${when}`,
    empty: 'No complementary data',
    emptyHint: 'The “Account status and complementary data update” routine fills this in from the ERP.',
    emptyAction: 'Set up the routine',
    yes: 'Yes',
    no: 'No',
    labels: {
      lastPurchaseDate: 'Last purchase',
      lastPurchaseCents: 'Last purchase amount',
      accumulatedCents: 'Accumulated value',
      purchaseCount: 'Number of purchases',
      firstPurchaseDate: 'First purchase',
      firstPurchaseCents: 'First purchase amount',
      lastQuoteDate: 'Last quote',
      lastInvoice: 'Last invoice',
      employees: 'Employees',
      revenueCents: 'Annual revenue',
      feeCents: 'Fees',
    },
  },
};
