import { Alert, Button } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useT } from '../i18n/index.js';
import { errorMessage } from '../lib/notify.js';

export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <Alert
      color="red"
      variant="light"
      title={t.errors.loadFailed}
      icon={<IconAlertTriangle aria-hidden />}
      my="md"
    >
      {errorMessage(error, t)}
      {onRetry && (
        <Button size="xs" variant="white" color="red" mt="sm" display="block" onClick={onRetry}>
          {t.common.retry}
        </Button>
      )}
    </Alert>
  );
}
