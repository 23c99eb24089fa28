import {
  ActionIcon,
  Anchor,
  Avatar,
  Button,
  CloseButton,
  Group,
  LoadingOverlay,
  Menu,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import {
  IconDots,
  IconDownload,
  IconEye,
  IconPencil,
  IconPlus,
  IconSearch,
  IconTrash,
  IconUpload,
  IconUsersGroup,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { http, ok, oneOf } from '../../api/client.js';
import type { Client, ClientSortField, SortOrder } from '../../api/models.js';
import { keys, useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { PageHeader } from '../../components/page-header.js';
import { Pager } from '../../components/pager.js';
import { QueryError } from '../../components/query-error.js';
import { SortableTh } from '../../components/sortable-th.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useT } from '../../i18n/index.js';
import { formatDate, formatDocument, initials } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { ImportClientsModal } from './import-clients-modal.js';

const SORT_FIELDS: ClientSortField[] = ['legalName', 'document', 'status', 'class', 'createdAt', 'updatedAt'];

const AVATAR_COLORS = ['brand', 'teal', 'indigo', 'grape', 'orange', 'cyan', 'pink', 'lime'];

function colorFor(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[hash % AVATAR_COLORS.length] ?? 'brand';
}

/** The client's responsible people as a compact avatar stack; names and professions on hover. */
function Responsibles({ client }: { client: Client }) {
  const t = useT();
  const list = client.responsibles;
  if (list.length === 0) {
    return (
      <Text size="sm" c="dimmed" className="nowrap">
        {t.clients.noResponsibles}
      </Text>
    );
  }
  const shown = list.slice(0, 3);
  const rest = list.slice(3);
  const describe = (r: Client['responsibles'][number]) => `${r.professionName}: ${r.userName}`;
  return (
    <Tooltip.Group openDelay={200} closeDelay={100}>
      <Avatar.Group spacing={8}>
        {shown.map((r) => (
          <Tooltip key={`${r.professionId}-${r.userId}`} label={describe(r)}>
            <Avatar
              size={30}
              radius="xl"
              color={colorFor(r.userId)}
              variant="light"
              aria-label={describe(r)}
              role="img"
            >
              {initials(r.userName)}
            </Avatar>
          </Tooltip>
        ))}
        {rest.length > 0 && (
          <Tooltip label={rest.map(describe).join(' · ')} multiline maw={280}>
            <Avatar size={30} radius="xl" aria-label={rest.map(describe).join(', ')} role="img">
              {t.clients.more(rest.length)}
            </Avatar>
          </Tooltip>
        )}
      </Avatar.Group>
    </Tooltip.Group>
  );
}

export function ClientsPage() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const { timeZone } = office;
  const [params, setParams] = useSearchParams();

  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || 25));
  const sortParam = params.get('sort') as ClientSortField | null;
  const sort: ClientSortField = sortParam && SORT_FIELDS.includes(sortParam) ? sortParam : 'legalName';
  const order: SortOrder = params.get('order') === 'desc' ? 'desc' : 'asc';
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const clientClass = params.get('class') ?? '';

  const update = (changes: Record<string, string | number | null>, resetPage = true) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        if (resetPage && !('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };

  // The search box updates the URL (and so the query) 300 ms after the user stops typing; a URL
  // changed from elsewhere (back button, the navbar link) puts its text back in the box.
  const [search, setSearch] = useState(q);
  const pushed = useRef(q);
  const pushSearch = useDebouncedCallback((value: string) => {
    const text = value.trim();
    pushed.current = text;
    setParams(
      (prev) => {
        if ((prev.get('q') ?? '') === text) return prev;
        const next = new URLSearchParams(prev);
        if (text) next.set('q', text);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, 300);
  useEffect(() => {
    if (q === pushed.current) return;
    pushed.current = q;
    pushSearch.cancel();
    setSearch(q);
  }, [q, pushSearch]);
  const onSearch = (value: string) => {
    setSearch(value);
    pushSearch(value);
  };

  const query = {
    page,
    pageSize,
    sort,
    order,
    q,
    status: oneOf(['active', 'inactive'] as const, status),
    class: clientClass,
  };
  const clients = useQuery({
    queryKey: keys.clients(query),
    queryFn: ({ signal }) => ok(http.GET('/api/clients', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });

  const [importOpen, setImportOpen] = useState(false);
  const [toDelete, setToDelete] = useState<Client | null>(null);
  const remove = useMutation({
    mutationFn: (client: Client) =>
      ok(http.DELETE('/api/clients/{id}', { params: { path: { id: client.id } } })),
    onSuccess: () => {
      notifySuccess(t.clients.deleted);
      setToDelete(null);
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
    },
  });

  const data = clients.data;
  const rows = data?.items ?? [];
  const filtering = q !== '' || status !== '' || clientClass !== '';
  const onSort = (field: ClientSortField, nextOrder: SortOrder) => update({ sort: field, order: nextOrder });

  return (
    <>
      <PageHeader
        title={t.clients.title}
        subtitle={data ? t.clients.subtitle(data.total) : ' '}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconUpload size={16} aria-hidden />}
              onClick={() => setImportOpen(true)}
            >
              {t.clients.import}
            </Button>
            <Button
              variant="default"
              component="a"
              href="/api/clients/export"
              download="clientes.csv"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              {t.clients.export}
            </Button>
            <Button component={Link} to="/clients/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t.clients.new}
            </Button>
          </>
        }
      />

      <Paper withBorder p="md">
        <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
          <TextInput
            type="search"
            label={t.clients.searchLabel}
            placeholder={t.clients.searchPlaceholder}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => onSearch(e.currentTarget.value)}
            rightSection={
              search ? (
                <CloseButton size="sm" aria-label={t.clients.clearSearch} onClick={() => onSearch('')} />
              ) : null
            }
            style={{ flex: '1 1 320px' }}
          />
          <Select
            label={t.clients.statusFilter}
            w={160}
            data={[
              { value: '', label: t.clients.statusAll },
              { value: 'active', label: t.clients.statusActive },
              { value: 'inactive', label: t.clients.statusInactive },
            ]}
            value={status}
            allowDeselect={false}
            onChange={(value) => update({ status: value ?? '' })}
          />
          {office.clientClasses.length > 0 && (
            <Select
              label={t.clients.classFilter}
              w={200}
              data={[
                { value: '', label: t.common.all },
                ...office.clientClasses.map((c) => ({ value: c, label: c })),
              ]}
              value={clientClass}
              allowDeselect={false}
              onChange={(value) => update({ class: value ?? '' })}
            />
          )}
        </Group>

        {clients.isError && <QueryError error={clients.error} onRetry={() => void clients.refetch()} />}

        <Table.ScrollContainer minWidth={860} pos="relative">
          <LoadingOverlay
            visible={clients.isFetching && !clients.isPending}
            overlayProps={{ backgroundOpacity: 0.4 }}
            loaderProps={{ size: 'sm' }}
          />
          <Table
            highlightOnHover
            horizontalSpacing="sm"
            aria-label={t.clients.title}
            aria-busy={clients.isFetching}
          >
            <Table.Thead>
              <Table.Tr>
                <SortableTh
                  label={t.clients.colLegalName}
                  field="legalName"
                  minWidth={220}
                  {...{ sort, order, onSort }}
                />
                <SortableTh label={t.clients.colDocument} field="document" {...{ sort, order, onSort }} />
                <SortableTh label={t.clients.colClass} field="class" {...{ sort, order, onSort }} />
                <SortableTh label={t.clients.colStatus} field="status" {...{ sort, order, onSort }} />
                <Table.Th>{t.clients.colResponsibles}</Table.Th>
                <SortableTh label={t.clients.colCreatedAt} field="createdAt" {...{ sort, order, onSort }} />
                <Table.Th w={56}>
                  <VisuallyHidden>{t.common.actions}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clients.isPending &&
                Array.from({ length: 6 }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton rows
                  <Table.Tr key={i}>
                    {Array.from({ length: 7 }, (_, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton cells
                      <Table.Td key={j}>
                        <Skeleton h={14} radius="sm" />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              {rows.map((client) => (
                <Table.Tr key={client.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/clients/${client.id}`} fw={600} size="sm" c="inherit">
                      {client.legalName}
                    </Anchor>
                    {client.tradeName && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {client.tradeName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td className="nowrap" ff="monospace" fz="sm">
                    {formatDocument(client.document, client.documentKind)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={client.class ? undefined : 'dimmed'}>
                      {client.class ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge active={client.status === 'active'} />
                  </Table.Td>
                  <Table.Td>
                    <Responsibles client={client} />
                  </Table.Td>
                  <Table.Td fz="sm" className="nowrap">
                    {formatDate(client.createdAt, timeZone)}
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal shadow="md">
                      <Menu.Target>
                        <ActionIcon aria-label={t.clients.actionsFor(client.legalName)}>
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item
                          leftSection={<IconEye size={16} aria-hidden />}
                          onClick={() => navigate(`/clients/${client.id}`)}
                        >
                          {t.common.view}
                        </Menu.Item>
                        <Menu.Item
                          leftSection={<IconPencil size={16} aria-hidden />}
                          onClick={() => navigate(`/clients/${client.id}/edit`)}
                        >
                          {t.common.edit}
                        </Menu.Item>
                        <Menu.Divider />
                        <Menu.Item
                          color="red"
                          leftSection={<IconTrash size={16} aria-hidden />}
                          onClick={() => setToDelete(client)}
                        >
                          {t.common.delete}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        {clients.isSuccess && rows.length === 0 && (
          <Stack align="center" py={48} gap="xs">
            <IconUsersGroup size={40} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
            <Text fw={600}>{filtering ? t.common.noResults : t.clients.empty}</Text>
            <Text size="sm" c="dimmed" ta="center" maw={420}>
              {filtering ? t.common.noResultsHint : t.clients.emptyHint}
            </Text>
            {!filtering && (
              <Group mt="sm">
                <Button component={Link} to="/clients/new" leftSection={<IconPlus size={16} aria-hidden />}>
                  {t.clients.new}
                </Button>
                <Button variant="default" onClick={() => setImportOpen(true)}>
                  {t.clients.import}
                </Button>
              </Group>
            )}
          </Stack>
        )}

        {data && data.total > 0 && (
          <Pager
            page={page}
            pageSize={pageSize}
            total={data.total}
            onPage={(p) => update({ page: p }, false)}
            onPageSize={(size) => update({ pageSize: size })}
          />
        )}
      </Paper>

      <ImportClientsModal opened={importOpen} onClose={() => setImportOpen(false)} />
      <ConfirmModal
        opened={toDelete !== null}
        message={toDelete ? t.clients.deleteConfirm(toDelete.legalName) : ''}
        loading={remove.isPending}
        onConfirm={() => toDelete && remove.mutate(toDelete)}
        onClose={() => setToDelete(null)}
      />
    </>
  );
}
