import { Anchor, Code, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconCode, IconDownload, IconEye, IconFileText, IconPaperclip } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { apiUrl, http, ok } from '../../api/client.js';
import { keys, useSession } from '../../api/queries.js';
import { IconButton } from '../../components/icon-button.js';
import { QueryError } from '../../components/query-error.js';
import { TabPanels } from '../../components/tab-panels.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { parseEmail } from '../../lib/mime.js';

/**
 * The HTML part as the document of a sandboxed frame (no scripts, no forms, no same-origin access). Links
 * are aimed at a new window, which the sandbox does not allow: they cannot take the viewer away.
 */
export function frameDocument(html: string): string {
  const head = '<base target="_blank"><meta name="referrer" content="no-referrer">';
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (m) => m + head);
  if (/<html[^>]*>/i.test(html)) return html.replace(/<html[^>]*>/i, (m) => `${m}<head>${head}</head>`);
  return `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${html}</body></html>`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/** An e-mail of the local mailbox, exactly as the client would see it: headers, the HTML, the text. */
export function EmailViewer({ id, messageId }: { id: string; messageId?: string | null }) {
  const t = useT();
  const { office } = useSession();
  const rawUrl = apiUrl('/api/mailbox/{id}/raw', { id });
  const raw = useQuery({
    queryKey: keys.mailboxRaw(id),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/mailbox/{id}/raw', { params: { path: { id } }, parseAs: 'text', signal })),
    // A delivered e-mail never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
  const mail = useMemo(() => (raw.data === undefined ? null : parseEmail(raw.data)), [raw.data]);

  if (raw.isPending) {
    return (
      <Paper withBorder p="lg">
        <Stack>
          <Skeleton h={24} w="60%" />
          <Skeleton h={14} w="40%" />
          <Skeleton h={14} w="30%" />
          <Skeleton h={320} />
        </Stack>
      </Paper>
    );
  }
  if (raw.isError || !mail) return <QueryError error={raw.error} onRetry={() => void raw.refetch()} />;

  const headerRows: [string, string][] = [
    [t.messages.from, mail.from],
    [t.messages.to, mail.to],
    [t.messages.cc, mail.cc],
    [t.messages.replyTo, mail.replyTo],
    [t.messages.date, mail.dateIso ? formatDateTime(mail.dateIso, office.timeZone) : mail.date],
  ];

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} data-testid="email-viewer">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
          <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }} data-testid="email-subject">
            {mail.subject || t.messages.noSubject}
          </Title>
          <IconButton
            component="a"
            href={rawUrl}
            download={`${id}.eml`}
            variant="default"
            size="xs"
            icon={IconDownload}
            iconSize={14}
            style={{ flexShrink: 0 }}
          >
            {t.messages.download}
          </IconButton>
        </Group>

        <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={0} fz="sm">
          <Table.Tbody>
            {headerRows
              .filter(([, value]) => value)
              .map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th w={120} fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
                    {label}
                  </Table.Th>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
        {messageId && (
          <Anchor component={Link} to={`/messages?message=${messageId}`} size="xs" mt={-8}>
            {t.messages.viewMessage}
          </Anchor>
        )}

        <TabPanels
          compact
          defaultValue={mail.html !== null ? 'html' : 'text'}
          tabs={[
            {
              value: 'html',
              label: t.messages.viewHtml,
              icon: IconEye,
              content:
                mail.html !== null ? (
                  <iframe
                    sandbox=""
                    srcDoc={frameDocument(mail.html)}
                    title={t.messages.emailFrame}
                    style={{
                      width: '100%',
                      height: 440,
                      border: '1px solid var(--mantine-color-gray-3)',
                      borderRadius: 8,
                      background: '#fff',
                      display: 'block',
                    }}
                  />
                ) : (
                  <Text size="sm" c="dimmed">
                    {t.messages.noHtml}
                  </Text>
                ),
            },
            {
              value: 'text',
              label: t.messages.viewText,
              icon: IconFileText,
              content:
                mail.text !== null ? (
                  <Paper withBorder p="md" bg="var(--mantine-color-gray-0)">
                    <Text
                      size="sm"
                      ff="monospace"
                      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                      data-testid="email-text"
                    >
                      {mail.text}
                    </Text>
                  </Paper>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t.messages.noText}
                  </Text>
                ),
            },
            {
              value: 'source',
              label: t.messages.viewSource,
              icon: IconCode,
              content: (
                <Code
                  block
                  style={{ maxHeight: 440, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
                >
                  {raw.data}
                </Code>
              ),
            },
          ]}
        />

        {mail.attachments.length > 0 && (
          <Stack gap={4}>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.3}>
              {t.messages.attachments}
            </Text>
            {mail.attachments.map((a) => (
              <Group key={`${a.filename}-${a.size}`} gap={6}>
                <IconPaperclip size={14} aria-hidden />
                <Text size="sm">{a.filename}</Text>
                <Text size="xs" c="dimmed">
                  {formatSize(a.size)}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
