import { Button, Card, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconDatabaseImport } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { http, ok } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import { EmptyState } from '../../components/data-table.js';
import { Field } from '../../components/detail-shell.js';
import { QueryError } from '../../components/query-error.js';
import { type Dictionary, useT } from '../../i18n/index.js';
import { formatDateTime, formatIsoDate, formatMoney, humanize } from '../../lib/format.js';

const ERP_IMPORT = 'clients.erp-import';

/**
 * One value in Brazilian form: money for `…Cents` keys (R$ 1.234,56), dd/mm/aaaa for dates, 1.234 for other
 * numbers, Sim/Não for flags; text as it came.
 */
function formatExtra(key: string, value: string | number | boolean, t: Dictionary): string {
  if (typeof value === 'boolean') return value ? t.ui.clientExtra.yes : t.ui.clientExtra.no;
  if (typeof value === 'number') {
    return key.endsWith('Cents') ? formatMoney(value) : value.toLocaleString('pt-BR');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatIsoDate(value);
  return value;
}

/**
 * "Dados complementares": what routines such as the ERP import brought in about the client (última compra,
 * valor acumulado…), labelled and in Brazilian formats, with when it was last updated.
 */
export function ExtraTab({ clientId }: { clientId: string }) {
  const t = useT();
  const { office, user } = useSession();
  const extra = useQuery({
    queryKey: ['clients', clientId, 'extra'],
    queryFn: ({ signal }) =>
      ok(http.GET('/api/clients/{id}/extra', { params: { path: { id: clientId } }, signal })),
  });
  if (extra.isPending) return <Skeleton h={160} />;
  if (extra.isError) return <QueryError error={extra.error} onRetry={() => void extra.refetch()} />;
  const { fields, updatedAt } = extra.data;
  if (fields.length === 0) {
    return (
      <Card>
        <EmptyState
          icon={IconDatabaseImport}
          title={t.ui.clientExtra.empty}
          hint={t.ui.clientExtra.emptyHint}
        >
          {user.role === 'admin' && (
            <Button variant="light" component={Link} to={`/routines/${ERP_IMPORT}`} mt="xs">
              {t.ui.clientExtra.emptyAction}
            </Button>
          )}
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card>
      <Stack gap="md">
        <div>
          <Title order={3}>{t.ui.clientExtra.title}</Title>
          <Text size="sm" c="dimmed">
            {t.ui.clientExtra.hint}
          </Text>
          {updatedAt && (
            <Text size="xs" c="dimmed" mt={4}>
              {t.ui.clientExtra.updatedAt(formatDateTime(updatedAt, office.timeZone))}
            </Text>
          )}
        </div>
        <SimpleGrid
          component="ul"
          cols={{ base: 1, xs: 2, md: 3 }}
          spacing="lg"
          aria-label={t.ui.clientExtra.title}
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {fields.map(({ key, value }) => (
            <li key={key}>
              <Field label={t.ui.clientExtra.labels[key] ?? humanize(key)}>
                {formatExtra(key, value, t)}
              </Field>
            </li>
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}
