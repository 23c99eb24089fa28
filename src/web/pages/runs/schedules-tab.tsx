import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Menu,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconCalendarRepeat,
  IconDots,
  IconEye,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { http, ok } from '../../api/client.js';
import type { Schedule } from '../../api/models.js';
import { keys, useKindTitle, useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { QueryError } from '../../components/query-error.js';
import { type Dictionary, useLang, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { describeSpec } from '../../lib/schedule-text.js';
import { ScheduleModal } from './schedule-modal.js';

export function ScheduleStatusBadge({ paused }: { paused: boolean }) {
  const t = useT();
  return (
    <Badge color={paused ? 'gray' : 'teal'} variant="light" styles={{ label: { overflow: 'visible' } }}>
      {paused ? t.schedules.paused : t.schedules.active}
    </Badge>
  );
}

export function misfireText(schedule: Schedule, t: Dictionary): string {
  return schedule.misfirePolicy === 'all'
    ? t.schedules.misfireAll(schedule.misfireCap)
    : t.schedules.misfirePolicies[schedule.misfirePolicy];
}

/** Pause / resume / delete of a schedule, with their notifications. */
export function useScheduleActions(onDeleted?: () => void) {
  const t = useT();
  const queryClient = useQueryClient();
  const refresh = (id: string) => {
    void queryClient.invalidateQueries({ queryKey: keys.schedules });
    void queryClient.invalidateQueries({ queryKey: keys.schedule(id) });
  };
  const setPaused = useMutation({
    mutationFn: ({ schedule, paused }: { schedule: Schedule; paused: boolean }) =>
      ok(
        http.POST(paused ? '/api/schedules/{id}/pause' : '/api/schedules/{id}/resume', {
          params: { path: { id: schedule.id } },
        }),
      ),
    onSuccess: (saved) => {
      notifySuccess(saved.paused ? t.schedules.pausedDone : t.schedules.resumedDone);
      refresh(saved.id);
    },
  });
  const remove = useMutation({
    mutationFn: (schedule: Schedule) =>
      ok(http.DELETE('/api/schedules/{id}', { params: { path: { id: schedule.id } } })),
    onSuccess: (_, schedule) => {
      notifySuccess(t.schedules.deleted);
      void queryClient.invalidateQueries({ queryKey: keys.schedules });
      queryClient.removeQueries({ queryKey: keys.schedule(schedule.id) });
      onDeleted?.();
    },
  });
  return { setPaused, remove };
}

export function SchedulesTab({ onNew }: { onNew: () => void }) {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const { office } = useSession();
  const kindTitle = useKindTitle();
  const schedules = useQuery({
    queryKey: keys.schedules,
    queryFn: ({ signal }) => ok(http.GET('/api/schedules', { signal })),
    select: (data) => data.items,
    staleTime: 0,
  });
  const [editing, setEditing] = useState<Schedule | null>(null);
  const [toDelete, setToDelete] = useState<Schedule | null>(null);
  const { setPaused, remove } = useScheduleActions(() => setToDelete(null));
  const rows = schedules.data ?? [];

  return (
    <Paper withBorder p="md">
      {schedules.isError && <QueryError error={schedules.error} onRetry={() => void schedules.refetch()} />}
      <Table.ScrollContainer minWidth={900}>
        <Table highlightOnHover aria-label={t.runs.tabSchedules} aria-busy={schedules.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={180}>{t.schedules.colName}</Table.Th>
              <Table.Th>{t.schedules.colKind}</Table.Th>
              <Table.Th miw={220}>{t.schedules.colRecurrence}</Table.Th>
              <Table.Th>{t.schedules.colNext}</Table.Th>
              <Table.Th>{t.schedules.colMisfire}</Table.Th>
              <Table.Th>{t.schedules.colStatus}</Table.Th>
              <Table.Th w={56}>
                <VisuallyHidden>{t.common.actions}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {schedules.isPending &&
              Array.from({ length: 3 }, (_, i) => (
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
            {rows.map((s) => (
              <Table.Tr
                key={s.id}
                className="clickable-row"
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest('a, button, [role="menu"]')) return;
                  navigate(`/runs/schedules/${s.id}`);
                }}
              >
                <Table.Td>
                  <Anchor component={Link} to={`/runs/schedules/${s.id}`} fw={600} size="sm" c="inherit">
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td fz="sm">{kindTitle(s.kind)}</Table.Td>
                <Table.Td fz="sm">{describeSpec(s.spec, lang)}</Table.Td>
                <Table.Td fz="sm" className="nowrap">
                  {s.paused ? '—' : formatDateTime(s.nextFireAt, office.timeZone)}
                </Table.Td>
                <Table.Td fz="sm">{misfireText(s, t)}</Table.Td>
                <Table.Td>
                  <ScheduleStatusBadge paused={s.paused} />
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-end" withinPortal shadow="md">
                    <Menu.Target>
                      <ActionIcon aria-label={t.schedules.actionsFor(s.name)}>
                        <IconDots size={18} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item
                        leftSection={<IconEye size={16} aria-hidden />}
                        onClick={() => navigate(`/runs/schedules/${s.id}`)}
                      >
                        {t.common.view}
                      </Menu.Item>
                      <Menu.Item
                        leftSection={<IconPencil size={16} aria-hidden />}
                        onClick={() => setEditing(s)}
                      >
                        {t.common.edit}
                      </Menu.Item>
                      <Menu.Item
                        leftSection={
                          s.paused ? (
                            <IconPlayerPlay size={16} aria-hidden />
                          ) : (
                            <IconPlayerPause size={16} aria-hidden />
                          )
                        }
                        onClick={() => setPaused.mutate({ schedule: s, paused: !s.paused })}
                      >
                        {s.paused ? t.schedules.resume : t.schedules.pause}
                      </Menu.Item>
                      <Menu.Divider />
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={16} aria-hidden />}
                        onClick={() => setToDelete(s)}
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

      {schedules.isSuccess && rows.length === 0 && (
        <Stack align="center" py={48} gap="xs">
          <IconCalendarRepeat size={40} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
          <Text fw={600}>{t.schedules.empty}</Text>
          <Text size="sm" c="dimmed" ta="center" maw={420}>
            {t.schedules.emptyHint}
          </Text>
          <Button mt="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={onNew}>
            {t.schedules.new}
          </Button>
        </Stack>
      )}

      {editing && <ScheduleModal key={editing.id} schedule={editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={toDelete !== null}
        message={toDelete ? t.schedules.deleteConfirm(toDelete.name) : ''}
        loading={remove.isPending}
        onConfirm={() => toDelete && remove.mutate(toDelete)}
        onClose={() => setToDelete(null)}
      />
    </Paper>
  );
}
