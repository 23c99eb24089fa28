import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en } from './en.js';
import { getLang, type Lang, storeLang } from './lang.js';
import { type Dictionary, ptBR } from './pt-BR.js';

export type { Lang } from './lang.js';
export type { Dictionary } from './pt-BR.js';

const dictionaries: Record<Lang, Dictionary> = { 'pt-BR': ptBR, en };

/** The dictionary of the current language, for code outside React (notifications from the query cache). */
export function getDictionary(): Dictionary {
  return dictionaries[getLang()];
}

interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Dictionary;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [lang, setLangState] = useState<Lang>(getLang);

  const setLang = useCallback(
    (next: Lang) => {
      storeLang(next);
      setLangState(next);
      // Server texts (problem details, labels) follow Accept-Language: fetch them again.
      void queryClient.invalidateQueries();
    },
    [queryClient],
  );

  const value = useMemo(() => ({ lang, setLang, t: dictionaries[lang] }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useT() outside <I18nProvider>');
  return value;
}

/** The texts of the chosen language: `const t = useT(); t.clients.title`. */
export function useT(): Dictionary {
  return useI18n().t;
}

export function useLang(): [Lang, (lang: Lang) => void] {
  const { lang, setLang } = useI18n();
  return [lang, setLang];
}
