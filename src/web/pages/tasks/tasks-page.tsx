import { Badge, Checkbox, Group, Table, Tabs, Text } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { QueryValue } from '../../api/client.js';
import { useUsers } from '../../api/queries.js';
import { type Task, type TaskSortField, useTaskList } from '../../api/tasks.js';
import { DataTable } from '../../components/data-table.js';
import { ClearFiltersButton, ListFilters } from '../../components/filter-bar.js';
import { IconButton } from '../../components/icon-button.js';
import { TitleLink } from '../../components/link-row.js';
import { PageHeader } from '../../components/page-header.js';
import { SortableTh } from '../../components/sortable-th.js';
import { useT } from '../../i18n/index.js';
import { formatIsoDate } from '../../lib/format.js';
import { useListParams } from '../../lib/use-list-params.js';
import { TaskFormModal } from './task-form-modal.js';

const SORT_FIELDS = ['dueDate', 'createdAt', 'title'] as const satisfies readonly TaskSortField[];
const STATUSES = ['open', 'done', 'all'] as const;

/** The task's due date, red when overdue. */
export function DueCell({ task }: { task: Pick<Task, 'dueDate' | 'overdue'> }) {
  const t = useT();
  if (!task.dueDate)
    return (
      <Text size="sm" c="dimmed">
        {t.tasks.noDue}
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" c={task.overdue ? 'red' : undefined} fw={task.overdue ? 600 : undefined}>
        {formatIsoDate(task.dueDate)}
      </Text>
      {task.overdue && (
        <Badge size="xs" color="red" variant="light">
          {t.tasks.overdue}
        </Badge>
      )}
    </Group>
  );
}

/** Tarefas: "Minhas tarefas" (the default, `/tasks`) and "Todas" (`/tasks?view=all`), with filters. */
export function TasksPage() {
  const t = useT();
  const navigate = useNavigate();
  const list = useListParams({ sort: { fields: SORT_FIELDS, initial: 'dueDate', order: 'asc' } });
  const users = useUsers({ active: true });
  const [creating, setCreating] = useState(false);
  const all = list.get('view') === 'all';
  const status = list.oneOf('status', STATUSES) || 'open';
  const responsibleId = all ? list.get('responsibleId') : '';
  const overdue = list.get('overdue') === 'true';
  const query: Record<string, QueryValue> = {
    page: list.page,
    pageSize: list.pageSize,
    sort: list.sort,
    order: list.order,
    status,
    ...(all ? {} : { mine: 'true' }),
    ...(responsibleId && { responsibleId }),
    ...(overdue && { overdue: 'true' }),
    ...(list.q && { q: list.q }),
  };
  const tasks = useTaskList(query);
  const filtering = status !== 'open' || !!responsibleId || overdue || !!list.q;
  const th = { sort: list.sort, order: list.order, onSort: list.onSort };

  return (
    <>
      <PageHeader
        title={t.tasks.title}
        subtitle={t.tasks.subtitle}
        actions={
          <IconButton icon={IconPlus} onClick={() => setCreating(true)}>
            {t.tasks.add}
          </IconButton>
        }
      />
      <Tabs
        value={all ? 'all' : 'mine'}
        onChange={(v) => list.update({ view: v === 'all' ? 'all' : null, responsibleId: null })}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="mine">{t.tasks.tabMine}</Tabs.Tab>
          <Tabs.Tab value="all">{t.tasks.tabAll}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <ListFilters
        list={list}
        active={Number(status !== 'open') + Number(!!responsibleId) + Number(overdue)}
        search={t.tasks}
        selects={[
          {
            name: 'status',
            value: status === 'open' ? '' : status,
            label: t.tasks.statusFilter,
            allLabel: t.tasks.statusOptions.open,
            options: [
              { value: 'done', label: t.tasks.statusOptions.done },
              { value: 'all', label: t.tasks.statusOptions.all },
            ],
            width: 160,
          },
          all && {
            name: 'responsibleId',
            label: t.tasks.responsibleFilter,
            options: (users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
            width: 200,
          },
        ]}
      >
        <Checkbox
          mt={24}
          label={t.tasks.overdueOnly}
          checked={overdue}
          onChange={(e) => list.update({ overdue: e.currentTarget.checked ? 'true' : null })}
        />
        <ClearFiltersButton
          filtering={filtering}
          label={t.tasks.clearFilters}
          onClear={() => list.update({ status: null, responsibleId: null, overdue: null, q: null })}
        />
      </ListFilters>
      <DataTable
        query={tasks}
        paging={list}
        label={t.tasks.title}
        minWidth={980}
        columns={5}
        filtering={filtering}
        head={
          <>
            <SortableTh label={t.tasks.colTitle} field="title" minWidth={260} {...th} />
            <Table.Th>{t.tasks.colResponsible}</Table.Th>
            <SortableTh label={t.tasks.colDue} field="dueDate" minWidth={190} {...th} />
            <Table.Th>{t.tasks.colClient}</Table.Th>
            <Table.Th miw={120}>{t.tasks.colStatus}</Table.Th>
          </>
        }
        row={(task) => (
          <Table.Tr key={task.id} data-task={task.title}>
            <Table.Td>
              <TitleLink to={`/tasks/${task.id}`} aria-label={t.tasks.openTask(task.title)}>
                {task.title}
              </TitleLink>
              {task.item && (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {task.item.title}
                </Text>
              )}
            </Table.Td>
            <Table.Td fz="sm">{task.responsible.name}</Table.Td>
            <Table.Td>
              <DueCell task={task} />
            </Table.Td>
            <Table.Td fz="sm">{task.client?.name ?? '—'}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={task.status === 'done' ? 'green' : 'blue'}>
                {t.tasks.statuses[task.status]}
              </Badge>
            </Table.Td>
          </Table.Tr>
        )}
        empty={{
          icon: IconChecklist,
          title: all ? t.tasks.empty : t.tasks.emptyMine,
          hint: t.tasks.emptyHint,
          actions: (
            <IconButton icon={IconPlus} mt="sm" onClick={() => setCreating(true)}>
              {t.tasks.add}
            </IconButton>
          ),
        }}
      />
      {creating && (
        <TaskFormModal
          task={null}
          onClose={() => setCreating(false)}
          onSaved={(task) => navigate(`/tasks/${task.id}`)}
        />
      )}
    </>
  );
}
