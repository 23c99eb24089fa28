import type { Lang, Localized } from '../../shared/schemas/messages.js';

/** `Lang` and `Localized` are declared with the messages the web shares (src/shared/schemas/messages.ts). */
export type { Lang, Localized };

/** The interface languages. pt-BR is the default; English is the choice. */
export const languages = ['pt-BR', 'en'] as const satisfies readonly Lang[];

/**
 * Picks the language from an Accept-Language header, honouring q-values.
 * Anything that is not English falls back to pt-BR.
 *
 * @example pickLanguage('en-US,en;q=0.9,pt;q=0.8') // 'en'
 */
export function pickLanguage(header: string | undefined): Lang {
  if (!header) return 'pt-BR';
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.tag && !Number.isNaN(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranked) {
    if (r.tag.startsWith('pt')) return 'pt-BR';
    if (r.tag.startsWith('en')) return 'en';
  }
  return 'pt-BR';
}

/** Replaces `{name}` placeholders. */
export function interpolate(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/**
 * A text in every language with its `{name}` placeholders filled (the same values in each).
 *
 * @example localize({ 'pt-BR': 'Linha {n}', en: 'Row {n}' }, { n: 3 }) // { 'pt-BR': 'Linha 3', en: 'Row 3' }
 */
export function localize(text: Localized, params: Record<string, string | number> = {}): Localized {
  return { 'pt-BR': interpolate(text['pt-BR'], params), en: interpolate(text.en, params) };
}
