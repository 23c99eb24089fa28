/** The chosen interface language, kept outside React so the API client can send it. */

export const languages = ['pt-BR', 'en'] as const;
export type Lang = (typeof languages)[number];

const STORAGE_KEY = 'expediente.lang';

function readStoredLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'pt-BR';
  } catch {
    return 'pt-BR';
  }
}

let current: Lang = typeof window === 'undefined' ? 'pt-BR' : readStoredLang();

export function getLang(): Lang {
  return current;
}

export function storeLang(lang: Lang): void {
  current = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts until the tab closes.
  }
  document.documentElement.lang = lang;
}
