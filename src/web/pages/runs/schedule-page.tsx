import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconTrash,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { getQuery } from '../../api/client.js';
import { keys, useKindTitle, useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { BackLink, DetailFallback, Field } from '../../components/detail-shell.js';
import { IconButton } from '../../components/icon-button.js';
import { PageHeader } from '../../components/page-header.js';
import { TableHead } from '../../components/table-head.js';
import { TitledCard } from '../../components/titled-card.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatDateTime, formatDateTimeWeekday } from '../../lib/format.js';
import { describeSpec } from '../../lib/schedule-text.js';
import { ScheduleModal } from './schedule-modal.js';
import { misfireText, ScheduleStatusBadge, useScheduleActions } from './schedules-tab.js';

export function SchedulePage() {
  const t = useT();
  const [lang] = useLang();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { office } = useSession();
  const { timeZone } = office;
  const kindTitle = useKindTitle();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const { setPaused, remove } = useScheduleActions(() => navigate('/runs/schedules', { replace: true }));

  const schedule = useQuery({
    ...getQuery(keys.schedule(id), '/api/schedules/{id}', { params: { path: { id } } }),
    staleTime: 0,
    refetchInterval: 30_000,
  });

  const back = <BackLink to="/runs/schedules" label={t.schedules.backToList} />;

  if (schedule.isPending || schedule.isError) {
    return <DetailFallback query={schedule} back={back} title={t.runs.tabSchedules} />;
  }

  const s = schedule.data;
  const missed = s.occurrences.filter((o) => o.status === 'missed').length;

  return (
    <>
      <PageHeader
        above={back}
        title={s.name}
        subtitle={
          <Group gap="xs" component="span">
            <ScheduleStatusBadge paused={s.paused} />
            <Text span size="sm" c="dimmed">
              {describeSpec(s.spec, lang)}
            </Text>
          </Group>
        }
        actions={
          s.keptBy ? (
            <Button variant="default" component={Link} to={s.keptBy.path}>
              {t.keptSchedules.open(s.keptBy[lang])}
            </Button>
          ) : (
            <>
              <IconButton icon={IconPencil} variant="default" onClick={() => setEditing(true)}>
                {t.common.edit}
              </IconButton>
              <Button
                variant="default"
                loading={setPaused.isPending}
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
              </Button>
              <IconButton icon={IconTrash} color="red" variant="light" onClick={() => setDeleting(true)}>
                {t.common.delete}
              </IconButton>
            </>
          )
        }
      />
      {s.keptBy && (
        <Alert color="blue" variant="light" mb="md">
          {t.keptSchedules.notice(s.keptBy[lang])}
        </Alert>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <TitledCard title={t.runs.details}>
              <Stack gap="md">
                <Field label={t.schedules.recurrence}>{describeSpec(s.spec, lang)}</Field>
                <SimpleGrid cols={2}>
                  <Field label={t.schedules.kind}>{kindTitle(s.kind)}</Field>
                  <Field label={t.schedules.pool}>
                    <Text span ff="monospace" size="sm">
                      {s.pool}
                    </Text>
                  </Field>
                  <Field label={t.schedules.nextRun}>
                    {s.paused ? '—' : formatDateTime(s.nextFireAt, timeZone)}
                  </Field>
                  <Field label={t.schedules.lastRun}>
                    {s.lastFireAt ? formatDateTime(s.lastFireAt, timeZone) : t.schedules.never}
                  </Field>
                  <Field label={t.schedules.colMisfire}>{misfireText(s, t)}</Field>
                  <Field label={t.schedules.timeZone}>{s.timeZone}</Field>
                  <Field label={t.schedules.createdAt}>{formatDateTime(s.createdAt, timeZone)}</Field>
                </SimpleGrid>
              </Stack>
            </TitledCard>
            <Card>
              <Title order={3} mb="sm">
                {t.schedules.preview}
              </Title>
              {s.paused ? (
                <Text size="sm" c="dimmed">
                  {t.schedules.previewPaused}
                </Text>
              ) : s.preview.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t.schedules.previewEmpty}
                </Text>
              ) : (
                <List type="ordered" size="sm" spacing={2} aria-label={t.schedules.preview}>
                  {s.preview.map((iso) => (
                    <List.Item key={iso} ff="monospace" fz="sm">
                      {formatDateTimeWeekday(iso, timeZone, t.scheduleEditor.weekdaysShort)}
                    </List.Item>
                  ))}
                </List>
              )}
            </Card>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card>
            <Group justify="space-between" mb={4}>
              <Title order={3}>{t.schedules.occurrences}</Title>
              {missed > 0 && (
                <Badge color="red" variant="light" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
                  {missed} × {t.schedules.occurrenceStatus.missed}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed" mb="sm">
              {t.schedules.occurrencesHint}
            </Text>
            {s.occurrences.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t.schedules.occurrencesEmpty}
              </Text>
            ) : (
              <Table aria-label={t.schedules.occurrences} verticalSpacing={6}>
                <TableHead
                  labels={[t.schedules.colFireAt, t.schedules.colOccurrenceStatus, t.schedules.colRun]}
                />
                <Table.Tbody>
                  {s.occurrences.map((o) => (
                    <Table.Tr key={o.fireAt} className={o.status === 'missed' ? 'missed-row' : undefined}>
                      <Table.Td fz="sm" ff="monospace" className="nowrap">
                        {formatDateTimeWeekday(o.fireAt, timeZone, t.scheduleEditor.weekdaysShort)}
                      </Table.Td>
                      <Table.Td>
                        {o.status === 'missed' ? (
                          <Badge
                            color="red"
                            variant="filled"
                            leftSection={<IconAlertTriangle size={12} aria-hidden />}
                          >
                            {t.schedules.occurrenceStatus.missed}
                          </Badge>
                        ) : (
                          <Badge color="teal" variant="light">
                            {t.schedules.occurrenceStatus.enqueued}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td fz="sm">
                        {o.jobId ? (
                          <Anchor component={Link} to={`/runs/${o.jobId}`} size="sm">
                            {t.schedules.openRun}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Grid.Col>
      </Grid>

      {editing && <ScheduleModal schedule={s} onClose={() => setEditing(false)} />}
      <ConfirmModal
        opened={deleting}
        message={t.schedules.deleteConfirm(s.name)}
        loading={remove.isPending}
        onConfirm={() => remove.mutate(s)}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}
