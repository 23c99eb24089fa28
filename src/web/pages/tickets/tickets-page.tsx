import { Checkbox, Group, MultiSelect, Paper, SegmentedControl, Select } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import { IconDownload, IconLayoutKanban, IconList, IconPlus, IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../api/queries.js';
import {
  exportUrl,
  TICKET_SORT_FIELDS,
  TICKET_STATUSES,
  type TicketFilters,
  type TicketStatus,
  useServiceCatalog,
} from '../../api/tickets.js';
import { ClientFilter } from '../../components/client-select.js';
import { ClearFiltersButton, DateFilter, ListFilters } from '../../components/filter-bar.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { ResponsibleFilter } from '../../components/responsible-filter.js';
import { useT } from '../../i18n/index.js';
import { useListParams } from '../../lib/use-list-params.js';
import { useTicketActions } from './ticket-actions.js';
import { TicketsBoard } from './tickets-board.js';
import { TicketsGrid } from './tickets-grid.js';
import { TicketsSettingsDrawer } from './tickets-settings-drawer.js';

/** A view switch's option: its icon before its name. */
function ViewLabel({ icon: Glyph, label }: { icon: Icon; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Glyph size={16} aria-hidden />
      <span>{label}</span>
    </Group>
  );
}

/**
 * Atendimentos: the grid (server paging, sort, filters, CSV) or the kanban board, all tickets or "Meus
 * atendimentos". Every choice lives in the URL, so a view can be shared and survives a reload.
 */
export function TicketsPage() {
  const t = useT();
  const { isAdmin } = useSession();
  const services = useServiceCatalog();
  const actions = useTicketActions();
  const list = useListParams({ sort: { fields: TICKET_SORT_FIELDS, initial: 'number', order: 'desc' } });
  const { sort, order, q } = list;
  const [settingsOpen, setSettingsOpen] = useState(false);

  const view = list.get('view') === 'board' ? 'board' : 'list';
  const mine = list.get('mine') === 'true';
  const statuses = list
    .get('status')
    .split(',')
    .filter((s): s is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(s));
  const responsibleId = list.get('responsibleId');
  const clientId = list.get('clientId');
  const serviceId = list.get('serviceId');
  const openedFrom = list.get('openedFrom');
  const openedTo = list.get('openedTo');
  const overdue = list.get('overdue') === 'true';
  const update = list.update;

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
              <IconButton icon={IconSettings} variant="default" onClick={() => setSettingsOpen(true)}>
                {t.tickets.settings}
              </IconButton>
            )}
            <IconButton
              icon={IconDownload}
              variant="default"
              component="a"
              href={exportUrl(filters, sort, order)}
              download="atendimentos.csv"
            >
              {t.tickets.export}
            </IconButton>
            <IconButton icon={IconPlus} component={Link} to="/tickets/new">
              {t.tickets.add}
            </IconButton>
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
            { value: 'list', label: <ViewLabel icon={IconList} label={t.tickets.viewList} /> },
            { value: 'board', label: <ViewLabel icon={IconLayoutKanban} label={t.tickets.viewBoard} /> },
          ]}
        />
      </Group>

      <Paper withBorder p="md">
        <ListFilters list={list} search={t.tickets} searchFlex="1 1 240px">
          <MultiSelect
            label={t.tickets.filterStatus}
            placeholder={statuses.length === 0 ? t.tickets.filterStatusPlaceholder : undefined}
            w={250}
            data={TICKET_STATUSES.map((s) => ({ value: s, label: t.tickets.statuses[s] }))}
            value={statuses}
            onChange={(v) => update({ status: v.join(',') })}
            clearable
          />
          <ResponsibleFilter list={list} label={t.tickets.filterResponsible} width={200} mine={mine} />
          <ClientFilter
            clientId={clientId}
            label={t.tickets.filterClient}
            width={240}
            onChange={(id) => update({ clientId: id ?? '' })}
          />
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
          <DateFilter list={list} name="openedFrom" label={t.tickets.filterFrom} max={openedTo} />
          <DateFilter list={list} name="openedTo" label={t.tickets.filterTo} min={openedFrom} />
          <Checkbox
            label={t.tickets.filterOverdue}
            checked={overdue}
            onChange={(e) => update({ overdue: e.currentTarget.checked ? 'true' : null })}
            mb={8}
          />
          <ClearFiltersButton
            filtering={filtering}
            label={t.tickets.clearFilters}
            onClear={() => {
              list.onSearch('');
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
          />
        </ListFilters>

        {view === 'board' ? (
          <TicketsBoard filters={filters} actions={actions} filtering={filtering} />
        ) : (
          <TicketsGrid filters={filters} filtering={filtering} mine={mine} list={list} actions={actions} />
        )}
      </Paper>

      {actions.modals}
      {isAdmin && <TicketsSettingsDrawer opened={settingsOpen} onClose={() => setSettingsOpen(false)} />}
    </>
  );
}
