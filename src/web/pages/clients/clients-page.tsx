import { Avatar, Button, Group, Paper, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import {
  IconDownload,
  IconEye,
  IconPencil,
  IconPlus,
  IconTrash,
  IconUpload,
  IconUsersGroup,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { http, ok, oneOf } from '../../api/client.js';
import type { Client, ClientSortField } from '../../api/models.js';
import { keys, useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { DataTable } from '../../components/data-table.js';
import { ListFilters } from '../../components/filter-bar.js';
import { IconButton } from '../../components/icon-button.js';
import { TitleLink } from '../../components/link-row.js';
import { PageHeader } from '../../components/page-header.js';
import { RowMenu } from '../../components/row-menu.js';
import { SortableTh } from '../../components/sortable-th.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useT } from '../../i18n/index.js';
import { formatDate, formatDocument, initials } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { useListParams } from '../../lib/use-list-params.js';
import { FirstSteps } from '../onboarding/first-steps.js';
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
  const list = useListParams({ sort: { fields: SORT_FIELDS, initial: 'legalName', order: 'asc' } });
  const { page, pageSize, sort, order, q } = list;
  const status = list.get('status');
  const clientClass = list.get('class');

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

  // `?import=1` (the first-run checklist's link) opens the import at once.
  const [searchParams, setSearchParams] = useSearchParams();
  const [importClicked, setImportOpen] = useState(false);
  const importOpen = importClicked || searchParams.get('import') === '1';
  const closeImport = () => {
    setImportOpen(false);
    if (searchParams.has('import')) {
      setSearchParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.delete('import');
          return next;
        },
        { replace: true },
      );
    }
  };
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
  const filtering = q !== '' || status !== '' || clientClass !== '';
  const th = { sort, order, onSort: list.onSort };

  return (
    <>
      <PageHeader
        title={t.clients.title}
        subtitle={data ? t.clients.subtitle(data.total) : ' '}
        actions={
          <>
            <IconButton variant="default" icon={IconUpload} onClick={() => setImportOpen(true)}>
              {t.clients.import}
            </IconButton>
            <IconButton
              variant="default"
              component="a"
              href="/api/clients/export"
              download="clientes.csv"
              icon={IconDownload}
            >
              {t.clients.export}
            </IconButton>
            <IconButton component={Link} to="/clients/new" icon={IconPlus}>
              {t.clients.new}
            </IconButton>
          </>
        }
      />

      <FirstSteps />

      <Paper withBorder p="md">
        <ListFilters
          list={list}
          search={t.clients}
          selects={[
            {
              name: 'status',
              label: t.clients.statusFilter,
              width: 160,
              allLabel: t.clients.statusAll,
              options: [
                { value: 'active', label: t.clients.statusActive },
                { value: 'inactive', label: t.clients.statusInactive },
              ],
            },
            office.clientClasses.length > 0 && {
              name: 'class',
              label: t.clients.classFilter,
              width: 200,
              options: office.clientClasses.map((c) => ({ value: c, label: c })),
            },
          ]}
        />

        <DataTable
          query={clients}
          paging={list}
          label={t.clients.title}
          minWidth={860}
          spacing="sm"
          columns={7}
          filtering={filtering}
          head={
            <>
              <SortableTh label={t.clients.colLegalName} field="legalName" minWidth={220} {...th} />
              <SortableTh label={t.clients.colDocument} field="document" {...th} />
              <SortableTh label={t.clients.colClass} field="class" {...th} />
              <SortableTh label={t.clients.colStatus} field="status" {...th} />
              <Table.Th>{t.clients.colResponsibles}</Table.Th>
              <SortableTh label={t.clients.colCreatedAt} field="createdAt" {...th} />
              <Table.Th w={56}>
                <VisuallyHidden>{t.common.actions}</VisuallyHidden>
              </Table.Th>
            </>
          }
          row={(client) => (
            <Table.Tr key={client.id}>
              <Table.Td>
                <TitleLink to={`/clients/${client.id}`}>{client.legalName}</TitleLink>
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
                <RowMenu
                  label={t.clients.actionsFor(client.legalName)}
                  items={[
                    { label: t.common.view, icon: IconEye, onClick: () => navigate(`/clients/${client.id}`) },
                    {
                      label: t.common.edit,
                      icon: IconPencil,
                      onClick: () => navigate(`/clients/${client.id}/edit`),
                    },
                    {
                      label: t.common.delete,
                      icon: IconTrash,
                      color: 'red',
                      divided: true,
                      onClick: () => setToDelete(client),
                    },
                  ]}
                />
              </Table.Td>
            </Table.Tr>
          )}
          empty={{
            icon: IconUsersGroup,
            title: t.clients.empty,
            hint: t.clients.emptyHint,
            actions: (
              <Group mt="sm">
                <IconButton component={Link} to="/clients/new" icon={IconPlus}>
                  {t.clients.new}
                </IconButton>
                <Button variant="default" onClick={() => setImportOpen(true)}>
                  {t.clients.import}
                </Button>
              </Group>
            ),
          }}
        />
      </Paper>

      <ImportClientsModal opened={importOpen} onClose={closeImport} />
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
