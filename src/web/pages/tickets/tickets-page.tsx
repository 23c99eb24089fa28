import {
  Button,
  Checkbox,
  CloseButton,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  TextInput,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import {
  IconDownload,
  IconFilterOff,
  IconLayoutKanban,
  IconList,
  IconPlus,
  IconSearch,
  IconSettings,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { http, ok } from '../../api/client.js';
import type { SortOrder } from '../../api/models.js';
import { keys, useSession, useUsers } from '../../api/queries.js';
import {
  exportUrl,
  TICKET_STATUSES,
  type TicketFilters,
  type TicketSortField,
  type TicketStatus,
  useServiceCatalog,
} from '../../api/tickets.js';
import { ClientSelect } from '../../components/client-select.js';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { useTicketActions } from './ticket-actions.js';
import { TicketsBoard } from './tickets-board.js';
import { TicketsGrid } from './tickets-grid.js';
import { TicketsSettingsDrawer } from './tickets-settings-drawer.js';

const SORT_FIELDS: TicketSortField[] = [
  'number',
  'openedAt',
  'updatedAt',
  'value',
  'subject',
  'status',
  'requester',
  'responsible',
  'service',
];

/** The requester filter: its name comes from the client itself when the URL only has the id. */
function ClientFilter({ clientId, onChange }: { clientId: string; onChange: (id: string | null) => void }) {
  const t = useT();
  const client = useQuery({
    queryKey: keys.client(clientId),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/clients/{id}', { params: { path: { id: clientId } }, signal })),
    enabled: Boolean(clientId),
  });
  if (clientId && client.isPending) {
    return <TextInput label={t.tickets.filterClient} w={240} disabled value={t.common.loading} readOnly />;
  }
  return (
    <ClientSelect
      label={t.tickets.filterClient}
      placeholder={t.common.all}
      w={240}
      value={clientId || null}
      selectedName={client.data?.legalName ?? null}
      onChange={(id) => onChange(id)}
      clearable
    />
  );
}

/**
 * Atendimentos: the grid (server paging, sort, filters, CSV) or the kanban board, all tickets or "Meus
 * atendimentos". Every choice lives in the URL, so a view can be shared and survives a reload.
 */
export function TicketsPage() {
  const t = useT();
  const { isAdmin } = useSession();
  const users = useUsers({ active: true });
  const services = useServiceCatalog();
  const actions = useTicketActions();
  const [params, setParams] = useSearchParams();
  const [settingsOpen, setSettingsOpen] = useState(false);

  const view = params.get('view') === 'board' ? 'board' : 'list';
  const mine = params.get('mine') === 'true';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || 25));
  const sortParam = params.get('sort') as TicketSortField | null;
  const sort: TicketSortField = sortParam && SORT_FIELDS.includes(sortParam) ? sortParam : 'number';
  const order: SortOrder = params.get('order') === 'asc' ? 'asc' : 'desc';
  const statuses = (params.get('status') ?? '')
    .split(',')
    .filter((s): s is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(s));
  const responsibleId = params.get('responsibleId') ?? '';
  const clientId = params.get('clientId') ?? '';
  const serviceId = params.get('serviceId') ?? '';
  const openedFrom = params.get('openedFrom') ?? '';
  const openedTo = params.get('openedTo') ?? '';
  const overdue = params.get('overdue') === 'true';
  const q = params.get('q') ?? '';

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

  // The search box updates the URL 300 ms after the user stops typing (as in Clientes).
  const [search, setSearch] = useState(q);
  const pushed = useRef(q);
  const pushSearch = useDebouncedCallback((value: string) => {
    const text = value.trim();
    pushed.current = text;
    update({ q: text });
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

  const filters: TicketFilters = {
    status: statuses.join(','),
    // "Meus atendimentos" is the responsible filter set to me.
    responsibleId: mine ? '' : responsibleId,
    clientId,
    serviceId,
    openedFrom,
    openedTo,
    mine: mine ? 'true' : undefined,
    overdue: overdue ? 'true' : undefined,
    q,
  };
  const filtering =
    statuses.length > 0 ||
    (!mine && responsibleId !== '') ||
    clientId !== '' ||
    serviceId !== '' ||
    openedFrom !== '' ||
    openedTo !== '' ||
    overdue ||
    q !== '';

  return (
    <>
      <PageHeader
        title={t.tickets.title}
        actions={
          <>
            {isAdmin && (
              <Button
                variant="default"
                leftSection={<IconSettings size={16} aria-hidden />}
                onClick={() => setSettingsOpen(true)}
              >
                {t.tickets.settings}
              </Button>
            )}
            <Button
              variant="default"
              component="a"
              href={exportUrl(filters, sort, order)}
              download="atendimentos.csv"
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              {t.tickets.export}
            </Button>
            <Button component={Link} to="/tickets/new" leftSection={<IconPlus size={16} aria-hidden />}>
              {t.tickets.add}
            </Button>
          </>
        }
      />

      <Group justify="space-between" mb="md" gap="sm">
        <SegmentedControl
          aria-label={t.tickets.scopeLabel}
          value={mine ? 'mine' : 'all'}
          onChange={(v) => update({ mine: v === 'mine' ? 'true' : null })}
          data={[
            { value: 'all', label: t.tickets.scopeAll },
            { value: 'mine', label: t.tickets.scopeMine },
          ]}
        />
        <SegmentedControl
          aria-label={t.tickets.viewLabel}
          value={view}
          onChange={(v) => update({ view: v === 'board' ? 'board' : null })}
          data={[
            {
              value: 'list',
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconList size={16} aria-hidden />
                  <span>{t.tickets.viewList}</span>
                </Group>
              ),
            },
            {
              value: 'board',
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconLayoutKanban size={16} aria-hidden />
                  <span>{t.tickets.viewBoard}</span>
                </Group>
              ),
            },
          ]}
        />
      </Group>

      <Paper withBorder p="md">
        <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
          <TextInput
            type="search"
            label={t.tickets.searchLabel}
            placeholder={t.tickets.searchPlaceholder}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => onSearch(e.currentTarget.value)}
            rightSection={
              search ? (
                <CloseButton size="sm" aria-label={t.tickets.clearSearch} onClick={() => onSearch('')} />
              ) : null
            }
            style={{ flex: '1 1 240px' }}
          />
          <MultiSelect
            label={t.tickets.filterStatus}
            placeholder={statuses.length === 0 ? t.tickets.filterStatusPlaceholder : undefined}
            w={250}
            data={TICKET_STATUSES.map((s) => ({ value: s, label: t.tickets.statuses[s] }))}
            value={statuses}
            onChange={(v) => update({ status: v.join(',') })}
            clearable
          />
          <Select
            label={t.tickets.filterResponsible}
            placeholder={t.common.all}
            w={200}
            data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={responsibleId || null}
            onChange={(v) => update({ responsibleId: v ?? '' })}
            searchable
            clearable
            disabled={mine}
          />
          <ClientFilter clientId={clientId} onChange={(id) => update({ clientId: id ?? '' })} />
          <Select
            label={t.tickets.filterService}
            placeholder={t.common.all}
            w={200}
            data={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={serviceId || null}
            onChange={(v) => update({ serviceId: v ?? '' })}
            searchable
            clearable
          />
          <TextInput
            type="date"
            label={t.tickets.filterFrom}
            w={150}
            value={openedFrom}
            max={openedTo || undefined}
            onChange={(e) => update({ openedFrom: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t.tickets.filterTo}
            w={150}
            value={openedTo}
            min={openedFrom || undefined}
            onChange={(e) => update({ openedTo: e.currentTarget.value })}
          />
          <Checkbox
            label={t.tickets.filterOverdue}
            checked={overdue}
            onChange={(e) => update({ overdue: e.currentTarget.checked ? 'true' : null })}
            mb={8}
          />
          {filtering && (
            <Button
              variant="subtle"
              leftSection={<IconFilterOff size={16} aria-hidden />}
              onClick={() => {
                onSearch('');
                update({
                  status: null,
                  responsibleId: null,
                  clientId: null,
                  serviceId: null,
                  openedFrom: null,
                  openedTo: null,
                  overdue: null,
                  q: null,
                });
              }}
            >
              {t.tickets.clearFilters}
            </Button>
          )}
        </Group>

        {view === 'board' ? (
          <TicketsBoard filters={filters} actions={actions} filtering={filtering} />
        ) : (
          <TicketsGrid
            filters={filters}
            filtering={filtering}
            mine={mine}
            page={page}
            pageSize={pageSize}
            sort={sort}
            order={order}
            actions={actions}
            onSort={(field, nextOrder) => update({ sort: field, order: nextOrder })}
            onPage={(p) => update({ page: p }, false)}
            onPageSize={(size) => update({ pageSize: size })}
          />
        )}
      </Paper>

      {actions.modals}
      {isAdmin && <TicketsSettingsDrawer opened={settingsOpen} onClose={() => setSettingsOpen(false)} />}
    </>
  );
}
