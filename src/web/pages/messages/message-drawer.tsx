import {
  Alert,
  Anchor,
  Code,
  Divider,
  Drawer,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { http, ok } from '../../api/client.js';
import type { Message } from '../../api/models.js';
import { keys, useSession, useTemplateTitle } from '../../api/queries.js';
import { RetryCancelConfirm } from '../../components/confirm-modal.js';
import { Field } from '../../components/detail-shell.js';
import { IconButton } from '../../components/icon-button.js';
import { ChannelIcon, isMessageLive, MessageStatusBadge } from '../../components/message-status-badge.js';
import { QueryError } from '../../components/query-error.js';
import { type Dictionary, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';

/** `manual` → Manual, `run` → Execução; an unknown cause as given. */
export function causeLabel(kind: string, t: Dictionary): string {
  return t.messageCauses[kind] ?? kind;
}

/** Where the cause lives in the app, when it has a page. */
function causeLink(message: Message): string | null {
  if (message.causeKind === 'run' && message.causeId) return `/runs/${message.causeId}`;
  return null;
}

function MessageDetails({ message }: { message: Message }) {
  const t = useT();
  const { office } = useSession();
  const templateTitle = useTemplateTitle();
  const tz = office.timeZone;
  const link = causeLink(message);
  const ids: [string, string | null][] = [
    [t.messages.id, message.id],
    [t.messages.idempotencyKey, message.idempotencyKey],
    [t.messages.providerMessageId, message.providerMessageId],
    [t.messages.causeId, message.causeId],
  ];

  return (
    <Stack gap="md">
      <Group gap="sm">
        <ChannelIcon channel={message.channel} />
        <MessageStatusBadge status={message.status} />
      </Group>

      {message.status === 'skipped' && message.skipReason && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconInfoCircle aria-hidden />}
          title={t.messages.skipReason}
        >
          {message.skipReason}
        </Alert>
      )}
      {message.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t.messages.error}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {message.error}
          </Text>
        </Alert>
      )}

      <SimpleGrid cols={2} spacing="md" verticalSpacing="md">
        <Field label={t.messages.recipient}>
          <Text size="sm" component="span" display="block">
            {message.address ?? t.messages.noAddress}
          </Text>
          <Text size="xs" c="dimmed" component="span">
            {t.recipientKinds[message.recipientKind]}
          </Text>
        </Field>
        <Field label={t.messages.client}>
          {message.clientId ? (
            <Anchor component={Link} to={`/clients/${message.clientId}`} size="sm">
              {t.messages.viewClient}
            </Anchor>
          ) : null}
        </Field>
        <Field label={t.messages.template}>
          {templateTitle(message.template)}
          <Text size="xs" c="dimmed" ff="monospace" component="span" display="block">
            {message.template}
          </Text>
        </Field>
        <Field label={t.messages.cause}>
          {causeLabel(message.causeKind, t)}
          {link && (
            <Anchor component={Link} to={link} size="xs" display="block">
              {t.messages.viewRun}
            </Anchor>
          )}
        </Field>
        <Field label={t.messages.createdAt}>{formatDateTime(message.createdAt, tz)}</Field>
        <Field label={t.messages.sentAt}>{formatDateTime(message.sentAt, tz)}</Field>
        <Field label={t.messages.attempts}>
          {message.possibleDuplicate
            ? `${message.attempts} — ${t.messages.possibleDuplicate}: ${t.messages.possibleDuplicateHint}`
            : String(message.attempts)}
        </Field>
        <Field label={t.messages.channel}>{t.messageChannels[message.channel]}</Field>
      </SimpleGrid>

      <Divider />
      <Field label={t.messages.subject}>{message.subject ?? t.messages.noSubject}</Field>
      <div>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.3} mb={4}>
          {t.messages.body}
        </Text>
        <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
          <Text
            size="sm"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            data-testid="message-body"
          >
            {message.bodyText}
          </Text>
        </Paper>
      </div>

      <Divider />
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.3}>
        {t.messages.identifiers}
      </Text>
      <Stack gap={6}>
        {ids.map(([label, value]) => (
          <Group key={label} gap="xs" wrap="nowrap" align="baseline">
            <Text size="xs" c="dimmed" w={150} style={{ flexShrink: 0 }}>
              {label}
            </Text>
            {value ? (
              <Code style={{ overflowWrap: 'anywhere' }}>{value}</Code>
            ) : (
              <Text size="xs" c="dimmed">
                —
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    </Stack>
  );
}

/** The full message, from the outbox or a client's Comunicações tab, with Reenviar / Cancelar. */
export function MessageDrawer({ messageId, onClose }: { messageId: string | null; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState<'retry' | 'cancel' | null>(null);

  const message = useQuery({
    queryKey: keys.message(messageId ?? ''),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/messages/{id}', { params: { path: { id: messageId ?? '' } }, signal })),
    enabled: messageId !== null,
    refetchInterval: (q) => (q.state.data && isMessageLive(q.state.data.status) ? 2_000 : false),
    staleTime: 0,
  });

  const act = useMutation({
    mutationFn: (action: 'retry' | 'cancel') =>
      ok(
        http.POST(action === 'retry' ? '/api/messages/{id}/retry' : '/api/messages/{id}/cancel', {
          params: { path: { id: messageId ?? '' } },
        }),
      ),
    onSuccess: (updated, action) => {
      queryClient.setQueryData(keys.message(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: ['messages'] });
      notifySuccess(action === 'retry' ? t.messages.retriedDone : t.messages.cancelledDone);
      setConfirm(null);
    },
    onError: () => setConfirm(null),
  });

  const data = message.data;
  return (
    <>
      <Drawer
        opened={messageId !== null}
        onClose={onClose}
        position="right"
        size="lg"
        title={<Text fw={700}>{t.messages.detailTitle}</Text>}
        closeButtonProps={{ 'aria-label': t.common.close }}
      >
        {message.isPending && messageId !== null && (
          <Stack>
            <Skeleton h={24} w={160} />
            <Skeleton h={120} />
            <Skeleton h={200} />
          </Stack>
        )}
        {message.isError && <QueryError error={message.error} onRetry={() => void message.refetch()} />}
        {data && (
          <Stack gap="lg">
            {(data.status === 'failed' || data.status === 'bounced' || data.status === 'queued') && (
              <Group gap="sm">
                {(data.status === 'failed' || data.status === 'bounced') && (
                  <IconButton icon={IconRefresh} onClick={() => setConfirm('retry')}>
                    {t.messages.retry}
                  </IconButton>
                )}
                {data.status === 'queued' && (
                  <IconButton
                    variant="default"
                    color="red"
                    icon={IconPlayerStop}
                    onClick={() => setConfirm('cancel')}
                  >
                    {t.messages.cancel}
                  </IconButton>
                )}
              </Group>
            )}
            <MessageDetails message={data} />
          </Stack>
        )}
      </Drawer>
      <RetryCancelConfirm
        action={confirm}
        texts={t.messages}
        loading={act.isPending}
        onConfirm={(a) => act.mutate(a)}
        onClose={() => setConfirm(null)}
      />
    </>
  );
}
