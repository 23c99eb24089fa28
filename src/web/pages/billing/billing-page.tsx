/**
 * Honorários (/billing): every invoice of the office — filtered by status (overdue is open and past due),
 * text, clients in arrears — and the list of clients in arrears, the oldest debt first.
 */
import {
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { INVOICE_STATUSES, type InvoiceStatus, useArrears, useInvoices } from '../../api/billing.js';
import { useSession } from '../../api/queries.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { Pager } from '../../components/pager.js';
import { QueryError } from '../../components/query-error.js';
import { SmallTable } from '../../components/small-table.js';
import { useT } from '../../i18n/index.js';
import { formatDocument, formatIsoDate, formatMoney } from '../../lib/format.js';
import { InvoicesTable, PixSettingsModal } from './invoice-parts.js';

function ArrearsCard() {
  const t = useT();
  const arrears = useArrears();
  const items = arrears.data?.items ?? [];
  return (
    <Card>
      <Title order={3} mb="sm">
        {t.billing.arrearsTitle}
      </Title>
      {arrears.isPending && <Skeleton h={120} />}
      <SmallTable
        query={arrears}
        empty={items.length === 0}
        emptyText={t.billing.arrearsEmpty}
        label={t.billing.arrearsTitle}
        labels={[t.billing.client, { label: t.billing.arrearsTotal, ta: 'right' }]}
        verticalSpacing={6}
      >
        {items.map((a) => (
          <Table.Tr key={a.clientId}>
            <Table.Td>
              <Anchor component={Link} to={`/clients/${a.clientId}?tab=fees`} size="sm">
                {a.clientName}
              </Anchor>
              <Text size="xs" c="dimmed">
                {formatDocument(a.clientDocument)} · {t.billing.arrearsOldest}{' '}
                {formatIsoDate(a.oldestDueDate)}
              </Text>
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              <Text size="sm" fw={600} c="red">
                {formatMoney(a.overdueCents)}
              </Text>
              <Text size="xs" c="dimmed">
                {a.overdueCount} {t.billing.arrearsCount.toLowerCase()}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </SmallTable>
    </Card>
  );
}

export function BillingPage() {
  const t = useT();
  const { office, isAdmin } = useSession();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status') as InvoiceStatus | null;
  const status = statusParam && INVOICE_STATUSES.includes(statusParam) ? statusParam : undefined;
  const inArrears = params.get('inArrears') === 'true';
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [pixOpen, setPixOpen] = useState(false);

  const invoices = useInvoices({
    page,
    pageSize,
    sort: 'dueDate',
    order: 'desc',
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(inArrears ? { inArrears: true } : {}),
  });

  const setParam = (key: string, value: string | null) => {
    setPage(1);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };

  const rows = invoices.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t.billing.pageTitle}
        subtitle={invoices.data ? t.billing.pageSubtitle(invoices.data.total) : undefined}
        actions={
          <Group gap="sm">
            <Button component={Link} to="/billing/adjustment" variant="default">
              {t.boletos.adjustment.link}
            </Button>
            <Button component={Link} to="/billing/cnab" variant="default">
              {t.boletos.cnabLink}
            </Button>
            <Button component={Link} to="/billing/reconciliation" variant="default">
              {t.billing.reconcileOpen}
            </Button>
            {isAdmin && (
              <IconButton variant="default" icon={IconSettings} onClick={() => setPixOpen(true)}>
                {t.billing.pixSettings}
              </IconButton>
            )}
          </Group>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card>
            <Stack gap="sm" mb="sm">
              <Group gap="sm" wrap="wrap">
                <SegmentedControl
                  value={status ?? 'all'}
                  onChange={(v) => setParam('status', v === 'all' ? null : v)}
                  data={[
                    { value: 'all', label: t.billing.filterAll },
                    ...INVOICE_STATUSES.map((s) => ({ value: s, label: t.billing.statuses[s] })),
                  ]}
                  aria-label={t.billing.status}
                />
                <TextInput
                  placeholder={t.billing.searchPlaceholder}
                  aria-label={t.common.search}
                  leftSection={<IconSearch size={16} aria-hidden />}
                  value={search}
                  onChange={(e) => {
                    setSearch(e.currentTarget.value);
                    setPage(1);
                  }}
                  style={{ flex: 1, minWidth: 220 }}
                />
              </Group>
              <Switch
                label={t.billing.onlyArrears}
                checked={inArrears}
                onChange={(e) => setParam('inArrears', e.currentTarget.checked ? 'true' : null)}
              />
            </Stack>
            {invoices.isError && (
              <QueryError error={invoices.error} onRetry={() => void invoices.refetch()} />
            )}
            {invoices.isPending && <Skeleton h={200} />}
            {invoices.isSuccess && rows.length === 0 && (
              <Text size="sm" c="dimmed" py="lg" ta="center">
                {t.billing.listEmpty}
              </Text>
            )}
            {rows.length > 0 && <InvoicesTable invoices={rows} showClient timeZone={office.timeZone} />}
            {invoices.data && (
              <Pager
                page={page}
                pageSize={pageSize}
                total={invoices.data.total}
                onPage={setPage}
                onPageSize={(n) => {
                  setPageSize(n);
                  setPage(1);
                }}
              />
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <ArrearsCard />
        </Grid.Col>
      </Grid>
      <PixSettingsModal opened={pixOpen} onClose={() => setPixOpen(false)} />
    </>
  );
}
