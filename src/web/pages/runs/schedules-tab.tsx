import { Paper, Table, VisuallyHidden } from '@mantine/core';
import {
  IconCalendarRepeat,
  IconEye,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { getQuery, http, ok } from '../../api/client.js';
import type { Schedule } from '../../api/models.js';
import { keys, useKindTitle, useSession } from '../../api/queries.js';
import { ConfirmTarget } from '../../components/confirm-target.js';
import { DataTable } from '../../components/data-table.js';
import { IconButton } from '../../components/icon-button.js';
import { LinkRow, TitleLink } from '../../components/link-row.js';
import { OnOffBadge } from '../../components/on-off-badge.js';
import { RowMenu } from '../../components/row-menu.js';
import { type Dictionary, useLang, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { describeSpec } from '../../lib/schedule-text.js';
import { ScheduleModal } from './schedule-modal.js';

export function ScheduleStatusBadge({ paused }: { paused: boolean }) {
  const t = useT();
  return <OnOffBadge on={!paused} onLabel={t.schedules.active} offLabel={t.schedules.paused} />;
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
    ...getQuery(keys.schedules, '/api/schedules'),
    select: (data) => data.items,
    staleTime: 0,
  });
  const [editing, setEditing] = useState<Schedule | null>(null);
  const [toDelete, setToDelete] = useState<Schedule | null>(null);
  const { setPaused, remove } = useScheduleActions(() => setToDelete(null));

  return (
    <Paper withBorder p="md">
      <DataTable
        query={schedules}
        items={schedules.data}
        label={t.runs.tabSchedules}
        minWidth={900}
        spacing="sm"
        columns={7}
        skeletonRows={3}
        head={
          <>
            <Table.Th miw={180}>{t.schedules.colName}</Table.Th>
            <Table.Th>{t.schedules.colKind}</Table.Th>
            <Table.Th miw={220}>{t.schedules.colRecurrence}</Table.Th>
            <Table.Th>{t.schedules.colNext}</Table.Th>
            <Table.Th>{t.schedules.colMisfire}</Table.Th>
            <Table.Th>{t.schedules.colStatus}</Table.Th>
            <Table.Th w={56}>
              <VisuallyHidden>{t.common.actions}</VisuallyHidden>
            </Table.Th>
          </>
        }
        row={(s) => (
          <LinkRow key={s.id} to={`/runs/schedules/${s.id}`}>
            <Table.Td>
              <TitleLink to={`/runs/schedules/${s.id}`}>{s.name}</TitleLink>
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
              <RowMenu
                label={t.schedules.actionsFor(s.name)}
                items={
                  s.keptBy
                    ? [
                        {
                          label: t.common.view,
                          icon: IconEye,
                          onClick: () => navigate(`/runs/schedules/${s.id}`),
                        },
                        {
                          label: t.keptSchedules.open(s.keptBy[lang]),
                          icon: IconPencil,
                          onClick: () => navigate(s.keptBy?.path ?? '/'),
                        },
                      ]
                    : [
                        {
                          label: t.common.view,
                          icon: IconEye,
                          onClick: () => navigate(`/runs/schedules/${s.id}`),
                        },
                        { label: t.common.edit, icon: IconPencil, onClick: () => setEditing(s) },
                        {
                          label: s.paused ? t.schedules.resume : t.schedules.pause,
                          icon: s.paused ? IconPlayerPlay : IconPlayerPause,
                          onClick: () => setPaused.mutate({ schedule: s, paused: !s.paused }),
                        },
                        {
                          label: t.common.delete,
                          icon: IconTrash,
                          color: 'red',
                          divided: true,
                          onClick: () => setToDelete(s),
                        },
                      ]
                }
              />
            </Table.Td>
          </LinkRow>
        )}
        empty={{
          icon: IconCalendarRepeat,
          title: t.schedules.empty,
          hint: t.schedules.emptyHint,
          actions: (
            <IconButton icon={IconPlus} mt="sm" onClick={onNew}>
              {t.schedules.new}
            </IconButton>
          ),
        }}
      />

      {editing && <ScheduleModal key={editing.id} schedule={editing} onClose={() => setEditing(null)} />}
      <ConfirmTarget
        target={toDelete}
        message={(schedule) => t.schedules.deleteConfirm(schedule.name)}
        loading={remove.isPending}
        onConfirm={(schedule) => remove.mutate(schedule)}
        onClose={() => setToDelete(null)}
      />
    </Paper>
  );
}
