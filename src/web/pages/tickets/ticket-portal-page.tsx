import { Alert, Box, Container, Group, Paper, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconMessages, IconSend } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { getQuery, http, NO_AUTH_REDIRECT, ok } from '../../api/client.js';
import { EmptyNote } from '../../components/empty-note.js';
import { IconButton } from '../../components/icon-button.js';
import { LanguageSwitch } from '../../components/language-switch.js';
import { TicketStatusBadge } from '../../components/ticket-status-badge.js';
import { useLang, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { errorMessage } from '../../lib/notify.js';
import { useChatReply } from './chat-reply.js';

/**
 * The client's side of a ticket, reached by the signed link in the ticket e-mails (no login): its status
 * and the conversation with the office (internal notes never come here), and a box to answer.
 */
export function TicketPortalPage() {
  const t = useT();
  const [lang] = useLang();
  const { token = '' } = useParams();
  const queryClient = useQueryClient();
  const key = ['portal-ticket', token, lang];

  const portal = useQuery({
    ...getQuery(key, '/api/portal/tickets/{token}', {
      params: { path: { token } },
      headers: NO_AUTH_REDIRECT,
    }),
    refetchInterval: 15_000,
    retry: false,
  });

  const reply = useChatReply(
    (body) =>
      ok(
        http.POST('/api/portal/tickets/{token}/chat', {
          params: { path: { token } },
          body: { body },
          headers: NO_AUTH_REDIRECT,
        }),
      ),
    () => void queryClient.invalidateQueries({ queryKey: ['portal-ticket', token] }),
  );

  const data = portal.data;
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)" py="xl">
      <Container size="sm">
        <Group justify="space-between" mb="lg">
          <Text fw={700} size="lg">
            {data?.office.name ?? ' '}
          </Text>
          <LanguageSwitch />
        </Group>

        {portal.isPending && <Skeleton h={260} />}
        {portal.isError && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={t.tickets.portalUnavailable}
          >
            {errorMessage(portal.error, t)}
          </Alert>
        )}
        {data && (
          <Stack gap="lg">
            <Paper withBorder p="lg">
              <Text size="sm" c="dimmed">
                {t.tickets.portalTicket(data.ticket.number)}
              </Text>
              <Title order={1} size="h2" mt={4}>
                {data.ticket.subject}
              </Title>
              <Group gap="sm" mt="sm">
                <TicketStatusBadge status={data.ticket.status} />
                <Text size="sm" c="dimmed">
                  {t.tickets.openedAt(formatDateTime(data.ticket.openedAt))} ·{' '}
                  {t.tickets.updatedAt(formatDateTime(data.ticket.updatedAt))}
                </Text>
              </Group>
              <Text size="sm" mt="xs">
                {data.ticket.clientName}
              </Text>
            </Paper>

            <Paper withBorder p="lg">
              <Title order={2} size="h3" mb="md">
                {t.tickets.portalConversation}
              </Title>
              <Stack gap="sm" role="log" aria-label={t.tickets.chatLabel}>
                {data.messages.length === 0 && (
                  <EmptyNote icon={IconMessages}>{t.tickets.portalEmpty}</EmptyNote>
                )}
                {data.messages.map((m) => {
                  const mine = m.author === 'client';
                  return (
                    <Group key={m.id} justify={mine ? 'flex-end' : 'flex-start'} wrap="nowrap">
                      <Box
                        maw="80%"
                        px="md"
                        py="xs"
                        data-testid={mine ? 'portal-client' : 'portal-staff'}
                        style={{
                          background: mine
                            ? 'var(--mantine-primary-color-light)'
                            : 'var(--mantine-color-gray-1)',
                          borderRadius: 12,
                        }}
                      >
                        <Text size="xs" fw={600}>
                          {mine ? t.tickets.portalYou : (m.authorName ?? data.office.name)}
                        </Text>
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                          {m.body}
                        </Text>
                        <Text size="xs" c="dimmed" ta="right">
                          {formatDateTime(m.at)}
                        </Text>
                      </Box>
                    </Group>
                  );
                })}
              </Stack>
              <form onSubmit={reply.submit} noValidate>
                <Stack gap="xs" mt="lg">
                  <Textarea
                    label={t.tickets.portalReply}
                    placeholder={t.tickets.portalReplyPlaceholder}
                    autosize
                    minRows={3}
                    maxRows={10}
                    {...reply.input}
                  />
                  <Group justify="flex-end">
                    <IconButton icon={IconSend} type="submit" loading={reply.sending}>
                      {t.tickets.chatSend}
                    </IconButton>
                  </Group>
                </Stack>
              </form>
            </Paper>
            <Text size="xs" c="dimmed" ta="center">
              {t.tickets.portalExpires(formatDateTime(data.expiresAt))}
            </Text>
          </Stack>
        )}
      </Container>
    </Box>
  );
}
