import { Badge, Group, Table, Text } from '@mantine/core';
import { IconDownload, IconLayoutKanban } from '@tabler/icons-react';
import { Link } from 'react-router';
import { apiUrl } from '../../api/client.js';
import { CARD_SORT_FIELDS, CARD_STATES, type Pipeline, useCards } from '../../api/processes.js';
import { useSession } from '../../api/queries.js';
import { DataTable, DateTimeCell } from '../../components/data-table.js';
import { ListFilters } from '../../components/filter-bar.js';
import { IconButton } from '../../components/icon-button.js';
import { SortableTh } from '../../components/sortable-th.js';
import { ValueCell } from '../../components/value-cell.js';
import { useT } from '../../i18n/index.js';
import { formatDate, formatMoney } from '../../lib/format.js';
import { useListParams } from '../../lib/use-list-params.js';

/** The list of a pipeline's cards: search, stage and state filters, sortable columns, pages and CSV. */
export function CardsList({ pipeline }: { pipeline: Pipeline }) {
  const t = useT();
  const { office } = useSession();
  const list = useListParams({ sort: { fields: CARD_SORT_FIELDS, initial: 'updatedAt', order: 'desc' } });
  const stageId = list.get('stageId');
  const state = list.oneOf('state', CARD_STATES) || 'open';
  const filters = {
    pipelineId: pipeline.id,
    stageId: stageId || undefined,
    state,
    q: list.q || undefined,
    sort: list.sort,
    order: list.order,
  };
  const cards = useCards({ ...filters, page: list.page, pageSize: list.pageSize });
  const th = (label: string, field: (typeof CARD_SORT_FIELDS)[number]) => (
    <SortableTh label={label} field={field} sort={list.sort} order={list.order} onSort={list.onSort} />
  );
  return (
    <>
      <Group justify="space-between" mb="sm" align="flex-end">
        <ListFilters
          list={list}
          active={(stageId ? 1 : 0) + (list.get('state') ? 1 : 0)}
          search={t.processes}
          selects={[
            {
              name: 'stageId',
              label: t.processes.stage,
              allLabel: t.processes.allStages,
              options: pipeline.stages.map((s) => ({ value: s.id, label: s.name })),
              width: 200,
            },
            {
              name: 'state',
              value: state,
              label: t.processes.state,
              options: CARD_STATES.map((s) => ({ value: s, label: t.processes.states[s] })),
              width: 160,
            },
          ]}
        />
        <IconButton
          icon={IconDownload}
          variant="default"
          component="a"
          href={apiUrl('/api/processes/cards/export.csv', undefined, filters)}
          download="processos.csv"
        >
          {t.processes.exportCsv}
        </IconButton>
      </Group>
      <DataTable
        query={cards}
        paging={list}
        label={pipeline.name}
        minWidth={860}
        columns={7}
        filtering={Boolean(stageId || list.q)}
        head={
          <>
            {th(t.processes.cardTitle, 'title')}
            {th(t.processes.stage, 'stage')}
            <Table.Th>{t.processes.client}</Table.Th>
            <Table.Th>{t.processes.responsible}</Table.Th>
            {th(t.processes.value, 'value')}
            {th(t.processes.dueDate, 'dueDate')}
            {th(t.processes.colUpdated, 'updatedAt')}
          </>
        }
        row={(c) => (
          <Table.Tr key={c.id} data-card={c.title}>
            <Table.Td>
              <Text component={Link} to={`/processes/cards/${c.id}`} size="sm" fw={600} c="inherit">
                {c.title}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge color={c.stageColor ?? 'gray'} variant="light" style={{ textTransform: 'none' }}>
                {c.stageName}
              </Badge>
            </Table.Td>
            <ValueCell value={c.clientName} />
            <ValueCell value={c.responsibleName} />
            <Table.Td fz="sm" className="nowrap">
              {formatMoney(c.valueCents)}
            </Table.Td>
            <Table.Td fz="sm" className="nowrap">
              {c.dueDate ? formatDate(c.dueDate) : '—'}
            </Table.Td>
            <DateTimeCell iso={c.updatedAt} timeZone={office.timeZone} />
          </Table.Tr>
        )}
        empty={{ icon: IconLayoutKanban, title: t.processes.noCards, hint: t.processes.noCardsHint }}
      />
    </>
  );
}
