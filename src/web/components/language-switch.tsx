import { SegmentedControl } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { http, ok } from '../api/client.js';
import { keys, useMe } from '../api/queries.js';
import { useLang, useT } from '../i18n/index.js';
import type { Lang } from '../i18n/lang.js';

/**
 * PT / EN toggle; the choice is kept in localStorage and sent to the API as Accept-Language. `persist`
 * (inside the app, logged in): the choice is also the user's language on the server (users.language), which
 * notifications and e-mails follow, and the one the app opens in on any browser.
 */
export function LanguageSwitch({ size = 'xs', persist = false }: { size?: 'xs' | 'sm'; persist?: boolean }) {
  const t = useT();
  const [lang, setLang] = useLang();
  const queryClient = useQueryClient();
  const me = useMe();
  const saved = persist ? me.data?.user.language : undefined;
  const store = useMutation({
    mutationFn: (language: Lang) => ok(http.PUT('/api/auth/me/language', { body: { language } })),
    onSuccess: (answer) => queryClient.setQueryData(keys.me, answer),
  });

  // The user's stored language wins once the session is known (another browser, an earlier choice),
  // unless the user has just chosen here (a refetch racing the save must not switch back).
  const chosen = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the stored language changes
  useEffect(() => {
    if (saved && saved !== lang && !chosen.current) setLang(saved);
  }, [saved]);

  return (
    <SegmentedControl
      size={size}
      aria-label={t.lang.label}
      value={lang}
      onChange={(value) => {
        const next = value as Lang;
        chosen.current = true;
        setLang(next);
        if (persist && next !== saved) store.mutate(next);
      }}
      data={[
        { value: 'pt-BR', label: t.lang.pt },
        { value: 'en', label: t.lang.en },
      ]}
    />
  );
}
