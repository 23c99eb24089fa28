/** Lower-case, accent-free text: what sorting by name and the text search compare. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** The search text of a client: both names and the bare document. */
export function clientSearchText(legalName: string, tradeName: string | null, document: string): string {
  return searchKey([legalName, tradeName ?? '', document].join(' '));
}
