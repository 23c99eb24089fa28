import { Progress, Stack, Table, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { http, ok } from '../../api/client.js';
import type { JobKind, Run } from '../../api/models.js';
import { keys, useJobKinds, useKindTitle, usePools, useSession } from '../../api/queries.js';
import { DateTimeCell } from '../../components/data-table.js';
import { DateFilter } from '../../components/filter-bar.js';
import { LinkRow, TitleLink } from '../../components/link-row.js';
import { LiveList, useLiveList } from '../../components/live-list.js';
import { isLive, RUN_STATE_COLORS, RUN_STATES, RunStateBadge } from '../../components/run-state-badge.js';
import { useLang, useT } from '../../i18n/index.js';
import { addDays, civilToIso, formatDateTime, formatDuration } from '../../lib/format.js';
import { runTitle } from '../../lib/run-title.js';
import { useListParams } from '../../lib/use-list-params.js';

/** Who asked for a run: the user, or the schedule that made it. */
export function requesterOf(run: Run, t: ReturnType<typeof useT>): string {
  return run.requestedByName ?? (run.scheduleId ? t.runs.bySchedule : t.runs.system);
}

/** How long a run took, or has been running so far. */
export function runDuration(run: Run, now = Date.now()): number | null {
  if (run.durationMs !== null) return run.durationMs;
  if (run.state === 'running' && run.startedAt) return Math.max(0, now - Date.parse(run.startedAt));
  return null;
}

/** The progress cell: a live bar with the job's message, or when a queued run is due. */
export function RunProgress({ run, timeZone }: { run: Run; timeZone: string }) {
  const t = useT();
  if (run.state === 'queued') {
    const due = Date.parse(run.runAt);
    const later = due > Date.now() + 2_000;
    const when = formatDateTime(run.runAt, timeZone);
    return (
      <Text size="xs" c="dimmed">
        {later ? (run.attempts > 0 ? t.runs.retrying(when) : t.runs.scheduledFor(when)) : t.runs.waiting}
      </Text>
    );
  }
  const running = run.state === 'running';
  return (
    <Stack gap={4} miw={120}>
      <Progress
        value={running ? Math.max(run.progress, 3) : run.progress}
        color={RUN_STATE_COLORS[run.state]}
        size="sm"
        striped={running}
        animated={running}
        aria-label={`${t.runs.progress}: ${run.progress}%`}
      />
      {(run.progressMessage || running) && (
        <Text size="xs" c="dimmed" lineClamp={1}>
          {running ? `${run.progress}%` : ''}
          {running && run.progressMessage ? ' · ' : ''}
          {run.progressMessage}
        </Text>
      )}
      {running && run.cancelRequested && (
        <Text size="xs" c="orange">
          {t.runs.cancelRequested}
        </Text>
      )}
    </Stack>
  );
}

export function RunsTab() {
  const t = useT();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const { timeZone } = office;
  const kindTitle = useKindTitle();
  const [lang] = useLang();
  const kinds = useJobKinds();
  const pools = usePools();
  const list = useListParams();
  const { page, pageSize } = list;
  const state = list.oneOf('state', RUN_STATES);
  const kind = list.get('kind');
  const pool = list.get('pool');
  const fromDate = list.get('from');
  const toDate = list.get('to');

  // Dates are office calendar days: from its first instant to the first instant of the day after `to`.
  const query = {
    page,
    pageSize,
    state: state || undefined,
    // A kind from the server's own list (GET /api/job-kinds), or none.
    kind: (kind || undefined) as JobKind | undefined,
    pool,
    from: fromDate ? (civilToIso(fromDate, '00:00', timeZone) ?? '') : '',
    to: toDate ? (civilToIso(addDays(toDate, 1), '00:00', timeZone) ?? '') : '',
  };
  // Live progress: polled while anything on screen is queued or running.
  const live = useLiveList(
    keys.runs(query),
    ({ signal }) => ok(http.GET('/api/runs', { params: { query }, signal })),
    (r: Run) => isLive(r.state),
  );
  const runs = live.query;

  // A run that has just finished has just notified its requester: refresh the bell.
  const finished = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!runs.data || runs.isPlaceholderData) return;
    const now = new Set(runs.data.items.filter((r) => !isLive(r.state)).map((r) => r.id));
    const before = finished.current;
    finished.current = now;
    if (before && [...now].some((id) => !before.has(id))) {
      void queryClient.invalidateQueries({ queryKey: keys.notifications });
      void queryClient.invalidateQueries({ queryKey: keys.pools });
    }
  }, [runs.data, runs.isPlaceholderData, queryClient]);

  return (
    <LiveList
      list={list}
      filterKeys={['state', 'kind', 'pool', 'from', 'to']}
      clearLabel={t.runs.clearFilters}
      live={live}
      selects={[
        {
          name: 'state',
          label: t.runs.filterStatus,
          width: 160,
          options: RUN_STATES.map((s) => ({ value: s, label: t.runStates[s] })),
        },
        { name: 'kind', label: t.runs.filterKind, width: 230, options: kinds.data ?? [] },
        {
          name: 'pool',
          label: t.runs.filterPool,
          width: 130,
          options: (pools.data ?? []).map((p) => ({ value: p.name, label: p.name })),
        },
      ]}
      filters={
        <>
          <DateFilter list={list} name="from" label={t.runs.filterFrom} max={toDate} />
          <DateFilter list={list} name="to" label={t.runs.filterTo} min={fromDate} />
        </>
      }
      label={t.runs.title}
      minWidth={860}
      labels={[
        { label: t.runs.colKind, miw: 170 },
        t.runs.colRequester,
        t.runs.colPool,
        t.runs.colStatus,
        { label: t.runs.colProgress, miw: 130 },
        t.runs.colStart,
        t.runs.colEnd,
        t.runs.colDuration,
      ]}
      row={(run) => {
        const title = runTitle(run, kindTitle, lang);
        return (
          <LinkRow key={run.id} to={`/runs/${run.id}`} data-run-id={run.id}>
            <Table.Td>
              <TitleLink
                to={`/runs/${run.id}`}
                aria-label={t.runs.openRun(title, formatDateTime(run.createdAt, timeZone))}
              >
                {title}
              </TitleLink>
              <Text size="xs" c="dimmed">
                {formatDateTime(run.createdAt, timeZone)}
              </Text>
            </Table.Td>
            <Table.Td fz="sm">{requesterOf(run, t)}</Table.Td>
            <Table.Td fz="sm" ff="monospace">
              {run.pool}
            </Table.Td>
            <Table.Td>
              <RunStateBadge state={run.state} />
            </Table.Td>
            <Table.Td>
              <RunProgress run={run} timeZone={timeZone} />
            </Table.Td>
            <DateTimeCell iso={run.startedAt} timeZone={timeZone} />
            <DateTimeCell iso={run.finishedAt} timeZone={timeZone} />
            <Table.Td fz="sm" className="nowrap">
              {formatDuration(runDuration(run))}
            </Table.Td>
          </LinkRow>
        );
      }}
      empty={{ icon: IconPlayerPlay, title: t.runs.empty, hint: t.runs.emptyHint }}
    />
  );
}
