import { SegmentedControl } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { http, ok } from '../api/client.js';
import { keys, useSession } from '../api/queries.js';
import { useLang, useT } from '../i18n/index.js';
import type { Lang } from '../i18n/lang.js';

function Switch({ size, onChosen }: { size: 'xs' | 'sm'; onChosen?: (lang: Lang) => void }) {
  const t = useT();
  const [lang, setLang] = useLang();
  return (
    <SegmentedControl
      size={size}
      aria-label={t.lang.label}
      value={lang}
      onChange={(value) => {
        setLang(value as Lang);
        onChosen?.(value as Lang);
      }}
      data={[
        { value: 'pt-BR', label: t.lang.pt },
        { value: 'en', label: t.lang.en },
      ]}
    />
  );
}

/**
 * Inside the app, logged in: the choice is also the user's language on the server (users.language), which
 * notifications and e-mails follow, and the one the app opens in on any browser.
 */
function UserLanguageSwitch({ size }: { size: 'xs' | 'sm' }) {
  const [lang, setLang] = useLang();
  const queryClient = useQueryClient();
  const saved = useSession().user.language;
  const store = useMutation({
    mutationFn: (language: Lang) => ok(http.PUT('/api/auth/me/language', { body: { language } })),
    onSuccess: (answer) => queryClient.setQueryData(keys.me, answer),
  });
  // The user's stored language wins once the session is known (another browser, an earlier choice),
  // unless the user has just chosen here (a refetch racing the save must not switch back).
  const chosen = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the stored language changes
  useEffect(() => {
    if (saved !== lang && !chosen.current) setLang(saved);
  }, [saved]);
  return (
    <Switch
      size={size}
      onChosen={(next) => {
        chosen.current = true;
        if (next !== saved) store.mutate(next);
      }}
    />
  );
}

/**
 * PT / EN toggle; the choice is kept in localStorage and sent to the API as Accept-Language. `persist`
 * (only under an authenticated route): it is stored as the user's language too.
 */
export function LanguageSwitch({ size = 'xs', persist = false }: { size?: 'xs' | 'sm'; persist?: boolean }) {
  return persist ? <UserLanguageSwitch size={size} /> : <Switch size={size} />;
}
