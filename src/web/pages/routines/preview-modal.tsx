import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { useSession } from '../../api/queries.js';
import {
  type PreviewMessage,
  type RoutineDetail,
  type RoutineSettings,
  routinesApi,
} from '../../api/routines.js';
import { DateField } from '../../components/date-text-input.js';
import { SmallTable } from '../../components/small-table.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatIsoDate, todayIn } from '../../lib/format.js';
import { errorMessage } from '../../lib/notify.js';

function MessageStatus({ message }: { message: PreviewMessage }) {
  const t = useT();
  const [lang] = useLang();
  if (message.duplicate) {
    return (
      <Badge color="gray" variant="light" styles={{ label: { overflow: 'visible' } }}>
        {t.routines.alreadySent}
      </Badge>
    );
  }
  if (message.status === 'skipped') {
    return (
      <Stack gap={2}>
        <Badge color="orange" variant="light" styles={{ label: { overflow: 'visible' } }}>
          {t.routines.notSent}
        </Badge>
        {message.reason && (
          <Text size="xs" c="dimmed">
            {message.reason[lang] || message.reason['pt-BR']}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Badge color="teal" variant="light" styles={{ label: { overflow: 'visible' } }}>
      {t.routines.willSend}
    </Badge>
  );
}

/**
 * Pré-visualizar: the routine run on a date with the form as it is, in a transaction that is rolled back —
 * the recipients, the exact messages, what was already sent before and why some would not go.
 */
export function PreviewModal({
  routine,
  settings,
  config,
  onClose,
}: {
  routine: RoutineDetail;
  settings: RoutineSettings;
  config: Record<string, unknown>;
  onClose: () => void;
}) {
  const t = useT();
  const [lang] = useLang();
  const { office } = useSession();
  const [date, setDate] = useState(todayIn(office.timeZone));
  const [open, setOpen] = useState<number | null>(null);
  const preview = useMutation({
    mutationFn: () => routinesApi.preview(routine.kind, { settings, config, date }),
    meta: { silent: true },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once on open; then on demand
  useEffect(() => {
    preview.mutate();
  }, []);
  const result = preview.data;
  const title = routine.title[lang] || routine.title['pt-BR'];

  return (
    <Modal opened onClose={onClose} title={t.routines.previewTitle(title)} size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          {t.routines.previewIntro}
        </Text>
        <Group align="flex-end" gap="sm">
          <DateField label={t.routines.previewDate} value={date} onChange={(v) => setDate(v)} />
          <Button variant="default" onClick={() => preview.mutate()} loading={preview.isPending}>
            {t.routines.previewRun}
          </Button>
        </Group>
        {preview.isPending && !result && <Loader size="sm" />}
        {preview.isError && (
          <Alert color="red" variant="light">
            {errorMessage(preview.error, t)}
            {(preview.error as { errors?: { message: string }[] }).errors?.map((e) => (
              <Text key={e.message} size="sm">
                {e.message}
              </Text>
            ))}
          </Alert>
        )}
        {result && (
          <Stack gap="sm" data-testid="routine-preview">
            <Group gap="xs">
              <Badge variant="outline">{formatIsoDate(result.date)}</Badge>
              <Badge variant="light">{t.routines.previewRecords(result.records)}</Badge>
              {result.outcomes.map((o) => (
                <Badge key={o.key} variant="light" color="grape">
                  {o.count} {o.label[lang] || o.label['pt-BR']}
                </Badge>
              ))}
            </Group>
            <Text size="sm" data-testid="routine-preview-summary">
              {result.summary}
            </Text>
            {result.truncated && (
              <Alert color="yellow" variant="light">
                {t.routines.previewTruncated}
              </Alert>
            )}
            <SmallTable
              empty={result.preview.length === 0}
              emptyText={t.routines.previewNone}
              label={t.routines.previewMessages}
              minWidth={640}
              labels={[t.routines.previewRecipient, t.routines.colChannels, t.routines.previewStatus, '']}
            >
              {result.preview.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the preview's order is its identity
                <Fragment key={i}>
                  <Table.Tr>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {m.recipient ?? m.record}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {[m.address, m.record !== m.recipient ? m.record : null].filter(Boolean).join(' · ')}
                      </Text>
                      <Text size="xs" fs="italic" lineClamp={1}>
                        {m.subject ?? m.body.split('\n')[0]}
                      </Text>
                    </Table.Td>
                    <Table.Td fz="sm">{t.routines.channels[m.channel]}</Table.Td>
                    <Table.Td>
                      <MessageStatus message={m} />
                    </Table.Td>
                    <Table.Td>
                      <UnstyledButton
                        fz="sm"
                        c="blue"
                        onClick={() => setOpen(open === i ? null : i)}
                        aria-expanded={open === i}
                      >
                        {t.routines.showMessage}
                      </UnstyledButton>
                    </Table.Td>
                  </Table.Tr>
                  {open === i && (
                    <Table.Tr>
                      <Table.Td colSpan={4}>
                        {m.subject && (
                          <Text size="sm" fw={600} mb={4}>
                            {m.subject}
                          </Text>
                        )}
                        <Code block style={{ whiteSpace: 'pre-wrap' }}>
                          {m.body}
                        </Code>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </SmallTable>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t.common.close}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
