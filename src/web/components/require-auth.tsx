import { Center } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { isApiError } from '../api/client.js';
import { useMe } from '../api/queries.js';
import { useT } from '../i18n/index.js';
import { FullPageLoader } from './full-page-loader.js';
import { QueryError } from './query-error.js';

/** Renders the child routes only with a session; otherwise sends the user to /login?next=… */
export function RequireAuth() {
  const t = useT();
  const location = useLocation();
  const me = useMe();

  if (me.isPending) return <FullPageLoader label={t.auth.checkingSession} />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/login?next=${next}`} replace />;
    }
    return (
      <Center mih="60vh" px="md">
        <QueryError error={me.error} onRetry={() => void me.refetch()} />
      </Center>
    );
  }
  return <Outlet />;
}
