import { Group, Paper, Table, Text } from '@mantine/core';
import { IconRepeat } from '@tabler/icons-react';
import { oneOf } from '../../api/client.js';
import type { MessageChannel } from '../../api/models.js';
import { useSession } from '../../api/queries.js';
import { DEPARTMENTS, type RoutineItem, useRoutines } from '../../api/routines.js';
import { DataTable } from '../../components/data-table.js';
import { ListFilters } from '../../components/filter-bar.js';
import { LinkRow, TitleLink } from '../../components/link-row.js';
import { OnOffBadge } from '../../components/on-off-badge.js';
import { PageHeader } from '../../components/page-header.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { describeSpec } from '../../lib/schedule-text.js';
import { useListParams } from '../../lib/use-list-params.js';
import { ChannelWarning } from './channel-warning.js';

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
  return <OnOffBadge on={active} onLabel={t.routines.statusActive} offLabel={t.routines.statusInactive} />;
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
  const list = useListParams();
  const department = oneOf(DEPARTMENTS, list.get('department'));
  const status = oneOf(['active', 'inactive'] as const, list.get('status'));
  const q = list.q;

  const routines = useRoutines({ department, status, q });
  const all = useRoutines({});
  const total = all.data?.length ?? 0;
  const activeCount = all.data?.filter((r) => r.active).length ?? 0;

  return (
    <>
      <PageHeader
        title={t.routines.title}
        subtitle={all.data ? t.routines.subtitle(total, activeCount) : ' '}
      />
      <Paper withBorder p="md">
        <ListFilters
          list={list}
          search={t.routines}
          selects={[
            {
              name: 'department',
              label: t.routines.filterDepartment,
              width: 200,
              allLabel: t.routines.allDepartments,
              options: DEPARTMENTS.map((d) => ({ value: d, label: t.routines.departments[d] })),
            },
            {
              name: 'status',
              label: t.routines.filterStatus,
              width: 160,
              allLabel: t.routines.allStatuses,
              options: [
                { value: 'active', label: t.routines.statusActive },
                { value: 'inactive', label: t.routines.statusInactive },
              ],
            },
          ]}
        />

        <DataTable
          query={routines}
          label={t.routines.title}
          minWidth={820}
          spacing="sm"
          skeletonRows={5}
          labels={[
            { label: t.routines.colRoutine, miw: 220 },
            t.routines.colDepartment,
            { label: t.routines.colSchedule, miw: 150 },
            t.routines.colProfession,
            t.routines.colChannels,
            t.routines.colStatus,
          ]}
          row={(item) => {
            const title = item.title[lang] || item.title['pt-BR'];
            return (
              <LinkRow key={item.kind} to={`/routines/${item.kind}`} data-kind={item.kind}>
                <Table.Td>
                  <TitleLink to={`/routines/${item.kind}`} aria-label={t.routines.openRoutine(title)}>
                    {title}
                  </TitleLink>
                  <Text size="xs" c="dimmed" lineClamp={2} maw={340}>
                    {item.description[lang] || item.description['pt-BR']}
                  </Text>
                </Table.Td>
                <Table.Td fz="sm">{t.routines.departments[item.department]}</Table.Td>
                <Table.Td>
                  <ScheduleCell item={item} />
                </Table.Td>
                <Table.Td fz="sm">{item.professionName ?? '—'}</Table.Td>
                <Table.Td fz="sm">
                  <Group gap={4} wrap="nowrap">
                    {channelsLabel(item.channels, t)}
                    <ChannelWarning channels={item.channels} configured={item.configuredChannels} compact />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <RoutineStatusBadge active={item.active} />
                </Table.Td>
              </LinkRow>
            );
          }}
          empty={{ icon: IconRepeat, title: t.routines.empty, hint: t.routines.emptyHint }}
        />
      </Paper>
    </>
  );
}
