import { Badge, Button, Checkbox, Group, Paper, Table, Text, TextInput } from '@mantine/core';
import { IconCalendarPlus, IconDownload, IconFolderDown } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { maskPeriodInput, parsePeriodInput } from '../../api/billing.js';
import {
  formatCompetencia,
  REQUEST_SORT_FIELDS,
  REQUEST_STATUSES,
  type RequestQuery,
  requestsCsvUrl,
  useRequests,
} from '../../api/collection.js';
import { ClientFilter } from '../../components/client-select.js';
import { DataTable } from '../../components/data-table.js';
import { ClearFiltersButton, ListFilters, SelectFilter } from '../../components/filter-bar.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { ResponsibleFilter } from '../../components/responsible-filter.js';
import { SortableTh } from '../../components/sortable-th.js';
import { ValueCell } from '../../components/value-cell.js';
import { useT } from '../../i18n/index.js';
import { formatDocument, formatIsoDate } from '../../lib/format.js';
import { useListParams } from '../../lib/use-list-params.js';
import { CollectionNav } from './collection-nav.js';
import { ProgramsCard } from './programs-card.js';
import { RequestProgress } from './request-progress.js';
import { RequestStatusBadge } from './request-status-badge.js';
import { ScheduleModal } from './schedule-modal.js';

/** The competência filter: typed as `10/2026`, written to the URL as `2026-10` once complete. */
function CompetenciaFilter({ value, onChange }: { value: string; onChange: (v: string | null) => void }) {
  const t = useT();
  const [text, setText] = useState(value ? formatCompetencia(value) : '');
  const [invalid, setInvalid] = useState(false);
  return (
    <TextInput
      label={t.collection.filterCompetencia}
      placeholder={t.collection.competenciaPlaceholder}
      inputMode="numeric"
      w={130}
      value={text}
      error={invalid ? t.collection.competenciaInvalid : undefined}
      onChange={(e) => {
        const masked = maskPeriodInput(e.currentTarget.value);
        setText(masked);
        const parsed = parsePeriodInput(masked);
        setInvalid(parsed === undefined && masked.length === 7);
        if (parsed === null) onChange(null);
        else if (parsed) onChange(parsed);
      }}
    />
  );
}

/**
 * Serviços Programados: every programação of the office — competência, client, service, responsible, due
 * date, status and the checklist's progress bar (a click opens the tracking screen) — filtered, sorted and
 * paged on the server, all in the URL; the same filters export as CSV.
 */
export function RequestsPage() {
  const t = useT();
  const c = t.collection;
  const list = useListParams({ sort: { fields: REQUEST_SORT_FIELDS, initial: 'dueDate', order: 'asc' } });
  const { sort, order, q, page, pageSize, update } = list;
  const [scheduling, setScheduling] = useState(false);

  const competencia = list.get('competencia');
  const status = list.oneOf('status', REQUEST_STATUSES);
  const mine = list.get('mine') === 'true';
  const responsibleId = list.get('responsibleId');
  const clientId = list.get('clientId');
  const overdue = list.get('overdue') === 'true';

  const filters: Omit<RequestQuery, 'page' | 'pageSize'> = {
    competencia: competencia || undefined,
    status: status || undefined,
    responsibleId: mine ? undefined : responsibleId || undefined,
    clientId: clientId || undefined,
    overdue: overdue ? 'true' : undefined,
    mine: mine ? 'true' : undefined,
    q: q || undefined,
    sort,
    order,
  };
  const requests = useRequests({ ...filters, page, pageSize });
  const filtering =
    competencia !== '' ||
    status !== '' ||
    responsibleId !== '' ||
    clientId !== '' ||
    overdue ||
    mine ||
    q !== '';
  const th = { sort, order, onSort: list.onSort };

  return (
    <>
      <CollectionNav current="requests" />
      <PageHeader
        title={c.requestsTitle}
        subtitle={requests.data ? c.requestsSubtitle(requests.data.total) : undefined}
        actions={
          <>
            <IconButton
              icon={IconDownload}
              variant="default"
              component="a"
              href={requestsCsvUrl(filters)}
              download="servicos-programados.csv"
            >
              {c.exportCsv}
            </IconButton>
            <IconButton icon={IconCalendarPlus} onClick={() => setScheduling(true)}>
              {c.schedule}
            </IconButton>
          </>
        }
      />
      <Paper withBorder p="md">
        <ListFilters list={list} search={c} searchFlex="1 1 220px">
          <CompetenciaFilter
            key={competencia || 'none'}
            value={competencia}
            onChange={(v) => update({ competencia: v })}
          />
          <SelectFilter
            list={list}
            name="status"
            value={status}
            label={c.filterStatus}
            width={160}
            options={REQUEST_STATUSES.map((s) => ({ value: s, label: c.statuses[s] }))}
          />
          <ResponsibleFilter list={list} label={c.filterResponsible} width={190} mine={mine} />
          <ClientFilter
            clientId={clientId}
            label={c.filterClient}
            width={220}
            onChange={(id) => update({ clientId: id ?? '' })}
          />
          <Checkbox
            label={c.onlyMine}
            checked={mine}
            onChange={(e) => update({ mine: e.currentTarget.checked ? 'true' : null, responsibleId: null })}
            mb={8}
          />
          <Checkbox
            label={c.filterOverdue}
            checked={overdue}
            onChange={(e) => update({ overdue: e.currentTarget.checked ? 'true' : null })}
            mb={8}
          />
          <ClearFiltersButton
            filtering={filtering}
            label={c.clearFilters}
            onClear={() => {
              list.onSearch('');
              update({
                competencia: null,
                status: null,
                responsibleId: null,
                clientId: null,
                overdue: null,
                mine: null,
                q: null,
              });
            }}
          />
        </ListFilters>

        <DataTable
          query={requests}
          paging={list}
          label={c.requestsTitle}
          minWidth={1040}
          columns={7}
          filtering={filtering}
          head={
            <>
              <SortableTh label={c.colCompetencia} field="competencia" {...th} />
              <SortableTh label={c.colClient} field="client" minWidth={200} {...th} />
              <Table.Th>{c.colService}</Table.Th>
              <Table.Th>{c.colResponsible}</Table.Th>
              <SortableTh label={c.colDue} field="dueDate" {...th} />
              <SortableTh label={c.colStatus} field="status" {...th} />
              <SortableTh label={c.colProgress} field="progress" {...th} />
            </>
          }
          row={(r) => {
            const comp = formatCompetencia(r.competencia);
            return (
              <Table.Tr key={r.id} data-request={r.id} data-client={r.client.name}>
                <Table.Td fz="sm" className="nowrap">
                  {comp}
                </Table.Td>
                <Table.Td>
                  <Text component={Link} to={`/collection/requests/${r.id}`} size="sm" fw={600} c="inherit">
                    {r.client.name}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {formatDocument(r.client.document)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.serviceName ?? r.template.name}</Text>
                  {r.serviceName && (
                    <Text size="xs" c="dimmed">
                      {r.template.name}
                    </Text>
                  )}
                </Table.Td>
                <ValueCell value={r.responsible?.name} none={c.noResponsible} />
                <Table.Td fz="sm" className="nowrap">
                  {formatIsoDate(r.dueDate)}
                  {r.overdue && (
                    <Badge color="red" variant="light" size="xs" ml={6}>
                      {c.overdue}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <RequestStatusBadge status={r.status} closeStatus={r.closeStatus} />
                </Table.Td>
                <Table.Td>
                  <RequestProgress
                    settled={r.progress.settled}
                    total={r.progress.total}
                    to={`/collection/requests/${r.id}`}
                    label={c.openTracking(r.client.name, comp)}
                  />
                </Table.Td>
              </Table.Tr>
            );
          }}
          empty={{
            icon: IconFolderDown,
            title: c.requestsEmpty,
            hint: c.requestsEmptyHint,
            actions: (
              <Group mt="sm">
                <Button component={Link} to="/collection/templates" variant="default">
                  {c.tabTemplates}
                </Button>
                <IconButton icon={IconCalendarPlus} onClick={() => setScheduling(true)}>
                  {c.schedule}
                </IconButton>
              </Group>
            ),
          }}
        />
      </Paper>
      <ProgramsCard />
      {scheduling && <ScheduleModal onClose={() => setScheduling(false)} />}
    </>
  );
}
