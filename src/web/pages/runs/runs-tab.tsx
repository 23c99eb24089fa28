import {
  Anchor,
  Button,
  Group,
  LoadingOverlay,
  Paper,
  Progress,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconFilterOff, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { http, ok } from '../../api/client.js';
import type { Run, RunState } from '../../api/models.js';
import { keys, useJobKinds, useKindTitle, usePools, useSession } from '../../api/queries.js';
import { Pager } from '../../components/pager.js';
import { QueryError } from '../../components/query-error.js';
import { isLive, RUN_STATE_COLORS, RUN_STATES, RunStateBadge } from '../../components/run-state-badge.js';
import { useT } from '../../i18n/index.js';
import { addDays, civilToIso, formatDateTime, formatDuration } from '../../lib/format.js';
import { runTitle } from '../../lib/run-title.js';

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

/** `23/11/2026` over `14:08`: keeps the grid narrow. */
function DateTimeCell({ iso, timeZone }: { iso: string | null; timeZone: string }) {
  const text = formatDateTime(iso, timeZone);
  const [date, time] = text.split(' ');
  return (
    <Table.Td fz="sm" className="nowrap">
      {time ? (
        <>
          {date}
          <Text size="xs" c="dimmed">
            {time}
          </Text>
        </>
      ) : (
        <Text span c="dimmed" size="sm">
          {text}
        </Text>
      )}
    </Table.Td>
  );
}

export function RunsTab() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const { timeZone } = office;
  const kindTitle = useKindTitle();
  const kinds = useJobKinds();
  const pools = usePools();
  const [params, setParams] = useSearchParams();

  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || 25));
  const stateParam = params.get('state') as RunState | null;
  const state = stateParam && RUN_STATES.includes(stateParam) ? stateParam : '';
  const kind = params.get('kind') ?? '';
  const pool = params.get('pool') ?? '';
  const fromDate = params.get('from') ?? '';
  const toDate = params.get('to') ?? '';

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

  // Dates are office calendar days: from its first instant to the first instant of the day after `to`.
  const query = {
    page,
    pageSize,
    state: state || undefined,
    kind,
    pool,
    from: fromDate ? (civilToIso(fromDate, '00:00', timeZone) ?? '') : '',
    to: toDate ? (civilToIso(addDays(toDate, 1), '00:00', timeZone) ?? '') : '',
  };
  const runs = useQuery({
    queryKey: keys.runs(query),
    queryFn: ({ signal }) => ok(http.GET('/api/runs', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    // Live progress: poll while anything on screen is queued or running.
    refetchInterval: (q) => (q.state.data?.items.some((r) => isLive(r.state)) ? 2_000 : false),
    staleTime: 0,
  });

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

  const data = runs.data;
  const rows = data?.items ?? [];
  const live = rows.some((r) => isLive(r.state));
  const filtering = state !== '' || kind !== '' || pool !== '' || fromDate !== '' || toDate !== '';

  return (
    <Paper withBorder p="md">
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <Select
          label={t.runs.filterStatus}
          w={160}
          data={[
            { value: '', label: t.common.all },
            ...RUN_STATES.map((s) => ({ value: s, label: t.runStates[s] })),
          ]}
          value={state}
          allowDeselect={false}
          onChange={(value) => update({ state: value ?? '' })}
        />
        <Select
          label={t.runs.filterKind}
          w={230}
          data={[{ value: '', label: t.common.all }, ...(kinds.data ?? [])]}
          value={kind}
          allowDeselect={false}
          onChange={(value) => update({ kind: value ?? '' })}
        />
        <Select
          label={t.runs.filterPool}
          w={130}
          data={[
            { value: '', label: t.common.all },
            ...(pools.data ?? []).map((p) => ({ value: p.name, label: p.name })),
          ]}
          value={pool}
          allowDeselect={false}
          onChange={(value) => update({ pool: value ?? '' })}
        />
        <TextInput
          type="date"
          label={t.runs.filterFrom}
          w={150}
          value={fromDate}
          max={toDate || undefined}
          onChange={(e) => update({ from: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label={t.runs.filterTo}
          w={150}
          value={toDate}
          min={fromDate || undefined}
          onChange={(e) => update({ to: e.currentTarget.value })}
        />
        {filtering && (
          <Button
            variant="subtle"
            leftSection={<IconFilterOff size={16} aria-hidden />}
            onClick={() => update({ state: null, kind: null, pool: null, from: null, to: null })}
          >
            {t.runs.clearFilters}
          </Button>
        )}
        <Group gap={6} ml="auto" c="dimmed" wrap="nowrap">
          {live && (
            <Tooltip label={t.runs.live}>
              <Group gap={4} wrap="nowrap" aria-live="polite">
                <IconRefresh size={14} aria-hidden className="spin" />
                <Text size="xs">{t.runs.live}</Text>
              </Group>
            </Tooltip>
          )}
        </Group>
      </Group>

      {runs.isError && <QueryError error={runs.error} onRetry={() => void runs.refetch()} />}

      <Table.ScrollContainer minWidth={860} pos="relative">
        <LoadingOverlay
          visible={runs.isFetching && runs.isPlaceholderData}
          overlayProps={{ backgroundOpacity: 0.4 }}
          loaderProps={{ size: 'sm' }}
        />
        <Table
          highlightOnHover
          horizontalSpacing="xs"
          aria-label={t.runs.title}
          aria-busy={runs.isPending || runs.isPlaceholderData}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={170}>{t.runs.colKind}</Table.Th>
              <Table.Th>{t.runs.colRequester}</Table.Th>
              <Table.Th>{t.runs.colPool}</Table.Th>
              <Table.Th>{t.runs.colStatus}</Table.Th>
              <Table.Th miw={130}>{t.runs.colProgress}</Table.Th>
              <Table.Th>{t.runs.colStart}</Table.Th>
              <Table.Th>{t.runs.colEnd}</Table.Th>
              <Table.Th>{t.runs.colDuration}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.isPending &&
              Array.from({ length: 6 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton rows
                <Table.Tr key={i}>
                  {Array.from({ length: 8 }, (_, j) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton cells
                    <Table.Td key={j}>
                      <Skeleton h={14} radius="sm" />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            {rows.map((run) => {
              const title = runTitle(run, kindTitle);
              return (
                <Table.Tr
                  key={run.id}
                  className="clickable-row"
                  data-run-id={run.id}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a')) return;
                    navigate(`/runs/${run.id}`);
                  }}
                >
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={`/runs/${run.id}`}
                      fw={600}
                      size="sm"
                      c="inherit"
                      aria-label={t.runs.openRun(title, formatDateTime(run.createdAt, timeZone))}
                    >
                      {title}
                    </Anchor>
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
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {runs.isSuccess && rows.length === 0 && (
        <Stack align="center" py={48} gap="xs">
          <IconPlayerPlay size={40} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
          <Text fw={600}>{filtering ? t.common.noResults : t.runs.empty}</Text>
          <Text size="sm" c="dimmed" ta="center" maw={420}>
            {filtering ? t.common.noResultsHint : t.runs.emptyHint}
          </Text>
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
  );
}
