import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconCalendarEvent, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { QueryValue } from '../../api/client.js';
import { http, ok } from '../../api/client.js';
import { useSession, useUsers } from '../../api/queries.js';
import { type UpcomingChannel, type UpcomingEntry, useUpcoming } from '../../api/tasks.js';
import { ClientFilter } from '../../components/client-select.js';
import { EmptyState } from '../../components/data-table.js';
import { FilterBar } from '../../components/filter-bar.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryError } from '../../components/query-error.js';
import { useLang, useT } from '../../i18n/index.js';
import { addDays, formatIsoDate, todayIn } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { useListParams } from '../../lib/use-list-params.js';

const CHANNELS = ['email', 'whatsapp', 'sms'] as const satisfies readonly UpcomingChannel[];

/** `2026-11` → its first and last days. */
function monthRange(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = `${month}-01`;
  const last = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  return { first, last };
}

/** The month moved by `n`: `shiftMonth('2026-12', 1)` → `'2027-01'`. */
function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Cancels a delayed rule step (the automation engine's run), then refreshes the calendar. */
function CancelStepButton({ runId }: { runId: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => ok(http.POST('/api/automation/runs/{id}/cancel', { params: { path: { id: runId } } })),
    onSuccess: () => {
      notifySuccess(t.upcoming.stepCancelled);
      void queryClient.invalidateQueries({ queryKey: ['upcoming'] });
    },
  });
  return (
    <Button
      size="xs"
      color="red"
      variant="light"
      style={{ flexShrink: 0 }}
      loading={cancel.isPending}
      onClick={() => cancel.mutate()}
    >
      {t.upcoming.cancelStep}
    </Button>
  );
}

const kindColors = { routine: 'violet', collection_reminder: 'teal', rule_step: 'orange' } as const;

function EntryCard({ entry, timeZone }: { entry: UpcomingEntry; timeZone: string }) {
  const t = useT();
  const u = t.upcoming;
  const clock = entry.at
    ? new Date(entry.at).toLocaleTimeString('pt-BR', { timeZone, hour: '2-digit', minute: '2-digit' })
    : null;
  const time = clock ? (entry.rule?.waiting ? u.fromTime(clock) : u.atTime(clock)) : u.withReminders;
  const counts = [
    entry.kind === 'rule_step'
      ? null
      : entry.audience === null
        ? u.noCount
        : entry.kind === 'routine'
          ? u.audience(entry.audience, entry.audienceTruncated)
          : u.contacts(entry.audience),
    entry.messages !== null ? u.messages(entry.messages) : null,
    entry.items !== null ? u.items(entry.items) : null,
  ].filter(Boolean);
  return (
    <Paper withBorder radius="md" p="sm" data-entry={entry.kind}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Badge size="sm" variant="light" color={kindColors[entry.kind]}>
              {u.kinds[entry.kind]}
            </Badge>
            <Text size="sm" fw={600}>
              {entry.title}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {[
              time,
              entry.channels.length ? entry.channels.map((c) => u.channels[c]).join(' + ') : u.noChannel,
              ...counts,
            ].join(' · ')}
          </Text>
          {entry.item && (
            <Anchor component={Link} to={entry.item.path} size="xs">
              {entry.item.title}
            </Anchor>
          )}
          {entry.rule && (
            <Text size="xs" c="dimmed" data-rule={entry.rule.id}>
              <Anchor
                component={Link}
                to={`/automacoes?pipeline=${encodeURIComponent(entry.rule.pipelineId)}`}
                size="xs"
              >
                {u.ruleWhere(entry.rule.pipeline, entry.rule.stage)}
              </Anchor>
              {entry.rule.waiting && ` · ${u.waitsFor(entry.rule.waitsFor)}`}
            </Text>
          )}
          {(entry.client || entry.responsible) && (
            <Text size="xs">{[entry.client?.name, entry.responsible?.name].filter(Boolean).join(' — ')}</Text>
          )}
        </Stack>
        {entry.stop.kind === 'cancel_run' ? (
          <CancelStepButton runId={entry.stop.runId} />
        ) : (
          <Anchor component={Link} to={entry.stop.path} size="sm" style={{ whiteSpace: 'nowrap' }}>
            {entry.kind === 'routine' ? u.stopRoutine : u.stopReminder}
          </Anchor>
        )}
      </Group>
    </Paper>
  );
}

/**
 * Próximos envios: a month calendar with the number of sends per day and, beside it, the chosen day's
 * agenda — routine occurrences with their audience, collection reminders, delayed rule steps — each with
 * the page where it can be stopped, or (a rule step) a button that cancels it. Filters by client, channel and responsible; all of it in the URL.
 */
export function UpcomingPage() {
  const t = useT();
  const u = t.upcoming;
  const [lang] = useLang();
  const { office } = useSession();
  const users = useUsers({ active: true });
  const list = useListParams();
  const today = todayIn(office.timeZone);
  const month = /^\d{4}-\d{2}$/.test(list.get('month')) ? list.get('month') : today.slice(0, 7);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(list.get('day')) ? list.get('day') : today;
  const clientId = list.get('clientId');
  const channel = list.oneOf('channel', CHANNELS);
  const responsibleId = list.get('responsibleId');
  const { first, last } = monthRange(month);
  const query: Record<string, QueryValue> = {
    from: first,
    to: last,
    ...(clientId && { clientId }),
    ...(channel && { channel }),
    ...(responsibleId && { responsibleId }),
  };
  const upcoming = useUpcoming(query);
  const counts = new Map((upcoming.data?.days ?? []).map((d) => [d.day, d.count]));
  const entries = (upcoming.data?.entries ?? []).filter((e) => e.day === day);

  // The grid: from the Sunday on or before the 1st to the Saturday on or after the last day.
  const startWeekday = new Date(`${first}T12:00:00Z`).getUTCDay();
  // Blank cells are keyed by the day they stand before or after, so every cell has a stable key.
  const cells: { key: string; day: string | null }[] = [];
  for (let i = startWeekday; i > 0; i--) cells.push({ key: `before-${addDays(first, -i)}`, day: null });
  for (let d = first; d <= last; d = addDays(d, 1)) cells.push({ key: d, day: d });
  for (let i = 1; cells.length % 7; i++) cells.push({ key: `after-${addDays(last, i)}`, day: null });
  const monthText = new Date(`${first}T12:00:00Z`).toLocaleDateString(lang, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  // "dezembro de 2026" → "Dezembro de 2026" (capitalising every word would give "De").
  const monthName = monthText.charAt(0).toUpperCase() + monthText.slice(1);

  return (
    <>
      <PageHeader title={u.title} subtitle={u.subtitle} />
      <FilterBar active={Number(!!clientId) + Number(!!channel) + Number(!!responsibleId)}>
        <ClientFilter
          clientId={clientId}
          label={u.clientFilter}
          width={260}
          onChange={(id) => list.update({ clientId: id })}
        />
        <Select
          label={u.channelFilter}
          w={160}
          data={[
            { value: '', label: t.common.all },
            ...CHANNELS.map((c) => ({ value: c, label: u.channels[c] })),
          ]}
          value={channel}
          allowDeselect={false}
          onChange={(v) => list.update({ channel: v ?? '' })}
        />
        <Select
          label={u.responsibleFilter}
          w={200}
          data={[
            { value: '', label: t.common.all },
            ...(users.data ?? []).map((x) => ({ value: x.id, label: x.name })),
          ]}
          value={responsibleId}
          allowDeselect={false}
          onChange={(v) => list.update({ responsibleId: v ?? '' })}
        />
      </FilterBar>
      {upcoming.isError && <QueryError error={upcoming.error} onRetry={() => void upcoming.refetch()} />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" mt="md">
        <Card withBorder radius="md" padding="md">
          <Group justify="space-between" mb="sm">
            <ActionIcon
              variant="subtle"
              aria-label={u.previousMonth}
              onClick={() => list.update({ month: shiftMonth(month, -1) })}
            >
              <IconChevronLeft size={18} />
            </ActionIcon>
            <Group gap="xs">
              <Title order={2} size="h4">
                {monthName}
              </Title>
              <Anchor
                size="sm"
                component="button"
                type="button"
                onClick={() => list.update({ month: null, day: null })}
              >
                {u.today}
              </Anchor>
            </Group>
            <ActionIcon
              variant="subtle"
              aria-label={u.nextMonth}
              onClick={() => list.update({ month: shiftMonth(month, 1) })}
            >
              <IconChevronRight size={18} />
            </ActionIcon>
          </Group>
          <SimpleGrid cols={7} spacing={4} verticalSpacing={4}>
            {u.weekdays.map((w) => (
              <Text key={w} size="xs" c="dimmed" ta="center" fw={600}>
                {w}
              </Text>
            ))}
            {cells.map(({ key, day: d }) => {
              if (!d) return <div key={key} />;
              const n = counts.get(d) ?? 0;
              const chosen = d === day;
              return (
                <UnstyledButton
                  key={d}
                  onClick={() => list.update({ day: d })}
                  aria-label={`${formatIsoDate(d)}: ${u.dayCount(n)}`}
                  aria-pressed={chosen}
                  data-day={d}
                  data-count={n}
                  p={6}
                  style={{
                    borderRadius: 8,
                    minHeight: 54,
                    border: `1px solid var(--mantine-color-${chosen ? 'brand-5' : 'gray-2'})`,
                    background: chosen ? 'var(--mantine-color-brand-0)' : undefined,
                    opacity: d < today ? 0.5 : 1,
                  }}
                >
                  <Text size="sm" fw={d === today ? 700 : 500}>
                    {Number(d.slice(8))}
                  </Text>
                  {n > 0 && (
                    <Badge size="xs" variant="filled" color="brand">
                      {n}
                    </Badge>
                  )}
                </UnstyledButton>
              );
            })}
          </SimpleGrid>
        </Card>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {u.dayTitle(formatIsoDate(day))}
          </Title>
          {entries.length === 0 ? (
            <EmptyState icon={IconCalendarEvent} title={u.nothingThatDay} />
          ) : (
            entries.map((e) => <EntryCard key={e.id} entry={e} timeZone={office.timeZone} />)
          )}
        </Stack>
      </SimpleGrid>
    </>
  );
}
