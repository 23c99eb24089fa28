import { CloseButton, Grid, Paper, Skeleton, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInbox, IconMailOpened, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { http, ok } from '../../api/client.js';
import { keys, useSession } from '../../api/queries.js';
import { InfoHint } from '../../components/info-hint.js';
import { Pager } from '../../components/pager.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { EmailViewer } from './email-viewer.js';

const PAGE_SIZE = 20;

/** Caixa local: the e-mails that stayed in Expediente because no SMTP server is configured. */
export function MailboxTab() {
  const t = useT();
  const { office } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const selected = params.get('email');
  const q = params.get('q') ?? '';
  // The box answers as one types; the URL (and the query) follow a moment later.
  const [search, setSearch] = useState(q);
  const [debounced] = useDebouncedValue(search.trim(), 300);

  const set = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search text moves the URL
  useEffect(() => {
    if (debounced !== q) set({ q: debounced || null, page: null, email: null });
  }, [debounced]);

  const query = { page, pageSize: PAGE_SIZE, ...(q ? { q } : {}) };
  const mailbox = useQuery({
    queryKey: keys.mailbox(query),
    queryFn: ({ signal }) => ok(http.GET('/api/mailbox', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    // New e-mail lands a moment after it is sent.
    refetchInterval: 5_000,
    staleTime: 0,
  });
  const items = mailbox.data?.items ?? [];
  const current = items.find((i) => i.id === selected);

  return (
    <Stack gap="md">
      <InfoHint>{t.messages.mailboxIntro}</InfoHint>
      <TextInput
        type="search"
        label={t.ui.mailbox.search}
        placeholder={t.ui.mailbox.searchPlaceholder}
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        rightSection={
          search ? (
            <CloseButton size="sm" aria-label={t.ui.mailbox.clearSearch} onClick={() => setSearch('')} />
          ) : null
        }
        maw={480}
      />
      {mailbox.isError && <QueryError error={mailbox.error} onRetry={() => void mailbox.refetch()} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p={0} style={{ overflow: 'hidden' }}>
            {mailbox.isPending && (
              <Stack p="md">
                {Array.from({ length: 4 }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: static skeleton rows
                  <Skeleton key={i} h={44} />
                ))}
              </Stack>
            )}
            {mailbox.isSuccess && items.length === 0 && (
              <Stack align="center" py={40} px="md" gap="xs">
                <IconInbox size={40} stroke={1.3} color="var(--mantine-color-gray-5)" aria-hidden />
                <Text fw={600}>{q ? t.common.noResults : t.messages.mailboxEmpty}</Text>
                <Text size="sm" c="dimmed" ta="center">
                  {q ? t.common.noResultsHint : t.messages.mailboxEmptyHint}
                </Text>
              </Stack>
            )}
            {items.length > 0 && (
              <nav aria-label={t.messages.mailboxList}>
                {items.map((item) => {
                  const active = item.id === selected;
                  return (
                    <UnstyledButton
                      key={item.id}
                      display="block"
                      w="100%"
                      px="md"
                      py="sm"
                      onClick={() => set({ email: item.id })}
                      aria-label={t.messages.openEmail(item.subject || t.messages.noSubject)}
                      aria-current={active ? 'true' : undefined}
                      data-mailbox-id={item.id}
                      style={{
                        borderBottom: '1px solid var(--mantine-color-gray-2)',
                        borderLeft: `3px solid ${active ? 'var(--mantine-primary-color-filled)' : 'transparent'}`,
                        background: active ? 'var(--mantine-primary-color-light)' : undefined,
                      }}
                    >
                      <Text size="sm" fw={600} lineClamp={1}>
                        {item.subject || t.messages.noSubject}
                      </Text>
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {item.to}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(item.receivedAt, office.timeZone)}
                      </Text>
                    </UnstyledButton>
                  );
                })}
              </nav>
            )}
          </Paper>
          {mailbox.data && mailbox.data.total > PAGE_SIZE && (
            <Pager
              page={page}
              pageSize={PAGE_SIZE}
              total={mailbox.data.total}
              onPage={(p) => set({ page: String(p) })}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {selected ? (
            <EmailViewer key={selected} id={selected} messageId={current?.messageId ?? null} />
          ) : (
            <Paper withBorder p="xl" h="100%" mih={200}>
              <Stack align="center" justify="center" h="100%" gap="xs" c="dimmed">
                <IconMailOpened size={40} stroke={1.3} aria-hidden />
                <Text size="sm">{t.messages.selectEmail}</Text>
              </Stack>
            </Paper>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
