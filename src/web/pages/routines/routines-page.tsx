import {
  Anchor,
  Badge,
  CloseButton,
  Group,
  LoadingOverlay,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconRepeat, IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { MessageChannel } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { DEPARTMENTS, type RoutineItem, useRoutines } from '../../api/routines.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryError } from '../../components/query-error.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { describeSpec } from '../../lib/schedule-text.js';

/** Comunicação in one word: Nenhuma, E-mail, WhatsApp or Ambos. */
export function channelsLabel(channels: MessageChannel[], t: ReturnType<typeof useT>): string {
  const c = t.routines.channels;
  if (channels.length === 0) return c.none;
  if (channels.includes('email') && channels.includes('whatsapp') && channels.length === 2) return c.both;
  return channels.map((ch) => c[ch]).join(', ');
}

/** Ativa / Inativa. */
export function RoutineStatusBadge({ active }: { active: boolean }) {
  const t = useT();
  return (
    <Badge color={active ? 'teal' : 'gray'} variant="light" styles={{ label: { overflow: 'visible' } }}>
      {active ? t.routines.statusActive : t.routines.statusInactive}
    </Badge>
  );
}

function ScheduleCell({ item }: { item: RoutineItem }) {
  const t = useT();
  const [lang] = useLang();
  const { office } = useSession();
  if (!item.schedule) {
    return (
      <Text size="sm" c="dimmed">
        {t.routines.noSchedule}
      </Text>
    );
  }
  return (
    <div>
      <Text size="sm">{describeSpec(item.schedule.spec, lang)}</Text>
      {item.active && item.schedule.nextFireAt ? (
        <Text size="xs" c="dimmed">
          {t.routines.nextRun(formatDateTime(item.schedule.nextFireAt, office.timeZone))}
        </Text>
      ) : null}
    </div>
  );
}

/** Rotinas automatizadas: the catalog grid, with its department, status and text filters. */
export function RoutinesPage() {
  const t = useT();
  const [lang] = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const department = params.get('department') ?? '';
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';

  const update = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (!value) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  const [search, setSearch] = useState(q);
  const pushed = useRef(q);
  const pushSearch = useDebouncedCallback((value: string) => {
    pushed.current = value.trim();
    update({ q: value.trim() || null });
  }, 300);
  useEffect(() => {
    if (q === pushed.current) return;
    pushed.current = q;
    setSearch(q);
  }, [q]);
  const onSearch = (value: string) => {
    setSearch(value);
    pushSearch(value);
  };

  const routines = useRoutines({ department, status, q });
  const all = useRoutines({});
  const rows = routines.data ?? [];
  const total = all.data?.length ?? 0;
  const activeCount = all.data?.filter((r) => r.active).length ?? 0;

  return (
    <>
      <PageHeader
        title={t.routines.title}
        subtitle={all.data ? t.routines.subtitle(total, activeCount) : ' '}
      />
      <Paper withBorder p="md">
        <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
          <TextInput
            type="search"
            label={t.routines.searchLabel}
            placeholder={t.routines.searchPlaceholder}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => onSearch(e.currentTarget.value)}
            rightSection={
              search ? (
                <CloseButton size="sm" aria-label={t.routines.clearSearch} onClick={() => onSearch('')} />
              ) : null
            }
            style={{ flex: '1 1 320px' }}
          />
          <Select
            label={t.routines.filterDepartment}
            w={200}
            data={[
              { value: '', label: t.routines.allDepartments },
              ...DEPARTMENTS.map((d) => ({ value: d, label: t.routines.departments[d] })),
            ]}
            value={department}
            allowDeselect={false}
            onChange={(value) => update({ department: value })}
          />
          <Select
            label={t.routines.filterStatus}
            w={160}
            data={[
              { value: '', label: t.routines.allStatuses },
              { value: 'active', label: t.routines.statusActive },
              { value: 'inactive', label: t.routines.statusInactive },
            ]}
            value={status}
            allowDeselect={false}
            onChange={(value) => update({ status: value })}
          />
        </Group>

        {routines.isError && <QueryError error={routines.error} onRetry={() => void routines.refetch()} />}

        <Table.ScrollContainer minWidth={820} pos="relative">
          <LoadingOverlay
            visible={routines.isFetching && routines.isPlaceholderData}
            overlayProps={{ backgroundOpacity: 0.4 }}
            loaderProps={{ size: 'sm' }}
          />
          <Table highlightOnHover aria-label={t.routines.title} aria-busy={routines.isPending}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th miw={220}>{t.routines.colRoutine}</Table.Th>
                <Table.Th>{t.routines.colDepartment}</Table.Th>
                <Table.Th miw={150}>{t.routines.colSchedule}</Table.Th>
                <Table.Th>{t.routines.colProfession}</Table.Th>
                <Table.Th>{t.routines.colChannels}</Table.Th>
                <Table.Th>{t.routines.colStatus}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {routines.isPending &&
                Array.from({ length: 5 }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton rows
                  <Table.Tr key={i}>
                    {Array.from({ length: 6 }, (_, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton cells
                      <Table.Td key={j}>
                        <Skeleton h={14} radius="sm" />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              {rows.map((item) => {
                const title = item.title[lang] || item.title['pt-BR'];
                return (
                  <Table.Tr
                    key={item.kind}
                    className="clickable-row"
                    data-kind={item.kind}
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest('a')) return;
                      navigate(`/routines/${item.kind}`);
                    }}
                  >
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/routines/${item.kind}`}
                        fw={600}
                        size="sm"
                        c="inherit"
                        aria-label={t.routines.openRoutine(title)}
                      >
                        {title}
                      </Anchor>
                      <Text size="xs" c="dimmed" lineClamp={2} maw={340}>
                        {item.description[lang] || item.description['pt-BR']}
                      </Text>
                    </Table.Td>
                    <Table.Td fz="sm">{t.routines.departments[item.department]}</Table.Td>
                    <Table.Td>
                      <ScheduleCell item={item} />
                    </Table.Td>
                    <Table.Td fz="sm">{item.professionName ?? '—'}</Table.Td>
                    <Table.Td fz="sm">{channelsLabel(item.channels, t)}</Table.Td>
                    <Table.Td>
                      <RoutineStatusBadge active={item.active} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        {routines.isSuccess && rows.length === 0 && (
          <Stack align="center" py={48} gap="xs">
            <IconRepeat size={40} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
            <Text fw={600}>{t.routines.empty}</Text>
            <Text size="sm" c="dimmed">
              {t.routines.emptyHint}
            </Text>
          </Stack>
        )}
      </Paper>
    </>
  );
}
