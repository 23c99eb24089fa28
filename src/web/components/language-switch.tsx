import { SegmentedControl } from '@mantine/core';
import { useLang, useT } from '../i18n/index.js';
import type { Lang } from '../i18n/lang.js';

/** PT / EN toggle; the choice is kept in localStorage and sent to the API as Accept-Language. */
export function LanguageSwitch({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const t = useT();
  const [lang, setLang] = useLang();
  return (
    <SegmentedControl
      size={size}
      aria-label={t.lang.label}
      value={lang}
      onChange={(value) => setLang(value as Lang)}
      data={[
        { value: 'pt-BR', label: t.lang.pt },
        { value: 'en', label: t.lang.en },
      ]}
    />
  );
}
