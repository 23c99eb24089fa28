/**
 * Cobrança de Arquivos: the closed sets both sides use — the server's route schemas (enums in the
 * OpenAPI) and the web's pickers, filters and labels. One list each, so a new value is added once.
 */

export const itemKinds = ['file', 'activity'] as const;
export const itemRequirements = ['required', 'should', 'optional'] as const;
export const itemStates = [
  'pending',
  'received',
  'none_this_month',
  'never_ask_again',
  'will_send_later',
  'dispensed',
  'done',
] as const;
export type ItemState = (typeof itemStates)[number];
/** States that count towards the progress bar. */
export const settledStates: readonly ItemState[] = [
  'received',
  'none_this_month',
  'never_ask_again',
  'dispensed',
  'done',
];
export const isSettled = (s: string) => (settledStates as readonly string[]).includes(s);

export const requestStatuses = ['open', 'started', 'closed', 'cancelled'] as const;
export const clientAnswers = ['none_this_month', 'never_ask_again', 'will_send_later'] as const;

/** File types an item may accept (extensions). */
export const fileTypes = [
  'pdf',
  'xml',
  'ofx',
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
  'tif',
  'tiff',
  'csv',
  'txt',
  'xls',
  'xlsx',
  'doc',
  'docx',
  'ods',
  'odt',
  'zip',
  'ret',
  'rem',
] as const;

/** The baixa's statuses (an office's own label goes beside them, as `customStatus`). */
export const closeStatuses = ['delivered', 'delivered_with_pending', 'cancelled'] as const;

/** The grid's sortable columns. */
export const requestSortable = ['dueDate', 'competencia', 'client', 'status', 'progress'] as const;

/** A model's reminder ladder by default: business days relative to the due date. */
export const DEFAULT_REMINDER_OFFSETS = [-3, -1, 0, 2, 5];
