import {
  Box,
  Button,
  Card,
  Group,
  ScrollArea,
  Skeleton,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconLink, IconLock, IconMessages, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { http, ok } from '../../api/client.js';
import { useSession } from '../../api/queries.js';
import { type ChatMessage, type Ticket, ticketKeys, useTicketChat } from '../../api/tickets.js';
import { EmptyNote } from '../../components/empty-note.js';
import { IconBadge } from '../../components/icon-badge.js';
import { IconButton } from '../../components/icon-button.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { useChatReply } from './chat-reply.js';
import { notifyEmailOutcome, refreshTicket } from './ticket-outcome.js';

/** One message: the client's on the left, the team's on the right, internal notes apart in yellow. */
function Bubble({ message, timeZone }: { message: ChatMessage; timeZone: string }) {
  const t = useT();
  const mine = message.author === 'staff';
  const background = message.internal
    ? 'var(--mantine-color-yellow-0)'
    : mine
      ? 'var(--mantine-primary-color-light)'
      : 'var(--mantine-color-gray-1)';
  return (
    <Group justify={mine ? 'flex-end' : 'flex-start'} wrap="nowrap">
      <Box
        maw="78%"
        px="md"
        py="xs"
        data-testid={message.internal ? 'chat-note' : mine ? 'chat-staff' : 'chat-client'}
        style={{
          background,
          borderRadius: 12,
          borderBottomRightRadius: mine ? 4 : 12,
          borderBottomLeftRadius: mine ? 12 : 4,
          border: message.internal ? '1px dashed var(--mantine-color-yellow-6)' : undefined,
        }}
      >
        <Group gap={6} mb={2} wrap="nowrap">
          <Text size="xs" fw={600}>
            {message.authorName ?? (mine ? t.tickets.system : t.tickets.chatClient)}
          </Text>
          {message.internal && (
            <IconBadge icon={IconLock} iconSize={10} size="xs" color="yellow">
              {t.tickets.chatInternalBadge}
            </IconBadge>
          )}
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {message.body}
        </Text>
        <Text size="xs" c="dimmed" ta={mine ? 'right' : 'left'} mt={2}>
          {formatDateTime(message.at, timeZone)}
        </Text>
      </Box>
    </Group>
  );
}

/** Copies the client's portal link (they answer there without a password). */
function PortalLinkButton({ ticketId }: { ticketId: string }) {
  const t = useT();
  const copy = useMutation({
    mutationFn: () => ok(http.GET('/api/tickets/{id}/portal-link', { params: { path: { id: ticketId } } })),
    onSuccess: async ({ url }) => {
      const absolute = new URL(url, window.location.origin).toString();
      try {
        await navigator.clipboard.writeText(absolute);
        notifySuccess(t.tickets.portalLinkCopied);
      } catch {
        window.prompt(t.tickets.portalLink, absolute);
      }
    },
  });
  return (
    <Tooltip label={t.tickets.portalLinkHint}>
      <IconButton
        icon={IconLink}
        iconSize={14}
        variant="default"
        size="xs"
        loading={copy.isPending}
        onClick={() => copy.mutate()}
      >
        {t.tickets.portalLink}
      </IconButton>
    </Tooltip>
  );
}

/** Aba Chat: the conversation with the client, and the team's internal notes. */
export function TicketChatTab({ ticket }: { ticket: Ticket }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const chat = useTicketChat(ticket.id);
  const [internal, setInternal] = useState(false);
  const viewport = useRef<HTMLDivElement>(null);
  const messages = chat.data ?? [];

  // Newest at the bottom, in view.
  useEffect(() => {
    if (messages.length === 0) return;
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [messages.length]);

  const reply = useChatReply(
    (body) =>
      ok(
        http.POST('/api/tickets/{id}/chat', {
          params: { path: { id: ticket.id } },
          body: { body, internal },
        }),
      ),
    (result) => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.chat(ticket.id) });
      refreshTicket(queryClient, ticket.id);
      notifySuccess(result.internal ? t.tickets.chatNoteSaved : t.tickets.chatSent);
      if (result.email && result.email.status !== 'queued') notifyEmailOutcome(t, result.email);
    },
  );

  return (
    <Card>
      <Group justify="space-between" mb="md" align="flex-start">
        <Title order={3}>{t.tickets.chatWith(ticket.contactName ?? ticket.clientName)}</Title>
        <PortalLinkButton ticketId={ticket.id} />
      </Group>

      {chat.isError && <QueryError error={chat.error} onRetry={() => void chat.refetch()} />}
      <ScrollArea.Autosize mah={460} viewportRef={viewport} type="auto">
        <Stack gap="sm" p={4} role="log" aria-label={t.tickets.chatLabel}>
          {chat.isPending && (
            <>
              <Skeleton h={48} w="60%" />
              <Skeleton h={48} w="50%" ml="auto" />
            </>
          )}
          {chat.isSuccess && messages.length === 0 && (
            <EmptyNote icon={IconMessages} py="xl">
              {t.tickets.chatEmpty}
            </EmptyNote>
          )}
          {messages.map((m) => (
            <Bubble key={m.id} message={m} timeZone={office.timeZone} />
          ))}
        </Stack>
      </ScrollArea.Autosize>

      <form onSubmit={reply.submit} noValidate>
        <Stack gap="xs" mt="md">
          <Textarea
            label={t.tickets.chatBody}
            placeholder={internal ? t.tickets.chatInternalPlaceholder : t.tickets.chatPlaceholder}
            autosize
            minRows={3}
            maxRows={10}
            {...reply.input}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) reply.submit(e);
            }}
            styles={
              internal
                ? {
                    input: {
                      background: 'var(--mantine-color-yellow-0)',
                      borderColor: 'var(--mantine-color-yellow-6)',
                      borderStyle: 'dashed',
                    },
                  }
                : undefined
            }
          />
          <Group justify="space-between">
            <Switch
              label={t.tickets.chatInternal}
              description={t.tickets.chatInternalHint}
              checked={internal}
              onChange={(e) => setInternal(e.currentTarget.checked)}
              color="yellow"
              thumbIcon={internal ? <IconLock size={10} color="var(--mantine-color-yellow-8)" /> : undefined}
            />
            <Button
              type="submit"
              loading={reply.sending}
              color={internal ? 'yellow' : undefined}
              autoContrast
              leftSection={internal ? <IconLock size={16} aria-hidden /> : <IconSend size={16} aria-hidden />}
            >
              {internal ? t.tickets.chatSendNote : t.tickets.chatSend}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
