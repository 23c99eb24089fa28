import { Card, Table, Text, Title } from '@mantine/core';
import { IconPlayerStop } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  collectionKeys,
  formatCompetencia,
  type Program,
  stopProgram,
  usePrograms,
} from '../../api/collection.js';
import { useSession } from '../../api/queries.js';
import { ConfirmTarget } from '../../components/confirm-target.js';
import { IconButton } from '../../components/icon-button.js';
import { TableHead } from '../../components/table-head.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';

/** The recurring programações (one engine schedule each): model, audience, frequency, next run; stop one. */
export function ProgramsCard() {
  const t = useT();
  const c = t.collection;
  const { office } = useSession();
  const queryClient = useQueryClient();
  const programs = usePrograms();
  const [toStop, setToStop] = useState<Program | null>(null);
  const stop = useMutation({
    mutationFn: (id: string) => stopProgram(id),
    onSuccess: () => {
      notifySuccess(c.programStopped);
      setToStop(null);
      void queryClient.invalidateQueries({ queryKey: collectionKeys.programs });
    },
  });
  const items = (programs.data ?? []).filter((p) => p.active);
  if (items.length === 0) return null;
  const audience = (p: Program) =>
    p.audience.kind === 'clients'
      ? c.programClients(p.audience.clientIds.length)
      : p.audience.kind === 'class'
        ? `${c.audienceClass}: ${p.audience.classId}`
        : `${c.audienceTag}: ${p.audience.tagId}`;
  return (
    <Card mt="lg">
      <Title order={3} mb="sm">
        {c.programsTitle}
      </Title>
      <Table.ScrollContainer minWidth={720}>
        <Table aria-label={c.programsTitle}>
          <TableHead labels={[c.template, c.audience, c.frequency, c.programNextRun]}>
            <Table.Th w={110} />
          </TableHead>
          <Table.Tbody>
            {items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td fz="sm" fw={500}>
                  {p.template.name}
                </Table.Td>
                <Table.Td fz="sm">{audience(p)}</Table.Td>
                <Table.Td fz="sm">
                  {c.frequencies[p.frequency]} ·{' '}
                  {c.programFrom(formatCompetencia(p.startCompetencia), p.generateDay)}
                </Table.Td>
                <Table.Td fz="sm">
                  <Text size="sm" c={p.nextRunAt ? undefined : 'dimmed'}>
                    {formatDateTime(p.nextRunAt, office.timeZone)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <IconButton
                    icon={IconPlayerStop}
                    iconSize={14}
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => setToStop(p)}
                  >
                    {c.programStop}
                  </IconButton>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmTarget
        target={toStop}
        title={c.programStop}
        message={() => c.programStopConfirm}
        confirmLabel={c.programStop}
        loading={stop.isPending}
        onConfirm={(program) => stop.mutate(program.id)}
        onClose={() => setToStop(null)}
      />
    </Card>
  );
}
