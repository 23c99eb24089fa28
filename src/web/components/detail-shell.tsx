import { Anchor, Button, Group, Menu, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconChevronDown, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../api/client.js';
import { useT } from '../i18n/index.js';
import { FullPageLoader } from './full-page-loader.js';
import { PageHeader } from './page-header.js';
import { QueryError } from './query-error.js';

/** "← Voltar para …": the way back to the list above a detail page's title. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor component={Link} to={to} size="sm" w="fit-content">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        {label}
      </Group>
    </Anchor>
  );
}

/**
 * What a detail page shows before its record: the loader, or the way back with the error (no retry for a
 * 404, which would only fail again). Use it while the query is pending or failed, so that past it the
 * record is there:
 *
 * @example
 * if (run.isPending || run.isError) return <DetailFallback query={run} back={back} title={t.runs.title} />;
 */
export function DetailFallback({
  query,
  back,
  title,
}: {
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  back: ReactNode;
  /** A page title above the error; without it the error stands under the back link. */
  title?: string;
}) {
  if (query.isPending) return <FullPageLoader />;
  const { error } = query;
  const retry = isApiError(error) && error.status === 404 ? undefined : () => void query.refetch();
  if (title === undefined) {
    return (
      <Stack>
        {back}
        <QueryError error={error} onRetry={retry} />
      </Stack>
    );
  }
  return (
    <>
      <PageHeader title={title} above={back} />
      <QueryError error={error} onRetry={retry} />
    </>
  );
}

/**
 * The head of a record's page: the back link, the title with its badges beside it, lines under it, and the
 * actions on the right.
 */
export function DetailHeader({
  back,
  title,
  badges,
  children,
  actions,
}: {
  back: ReactNode;
  title: ReactNode;
  badges?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Stack gap={6} mb="lg">
      {back}
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="sm" align="center">
            <Title order={1}>{title}</Title>
            {badges}
          </Group>
          {children}
        </Stack>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
    </Stack>
  );
}

/** "Mais ações ▾": the menu of a record's less frequent actions. */
export function MoreActionsMenu({ width, children }: { width?: number; children: ReactNode }) {
  const t = useT();
  return (
    <Menu position="bottom-end" shadow="md" width={width}>
      <Menu.Target>
        <Button variant="default" rightSection={<IconChevronDown size={14} aria-hidden />}>
          {t.common.moreActions}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}

/** The red "Excluir" (or `label`) at the end of a record's `MoreActionsMenu`; it opens the confirmation. */
export function DeleteMenuItem({ onClick, label }: { onClick: () => void; label?: string }) {
  const t = useT();
  return (
    <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={onClick}>
      {label ?? t.common.delete}
    </Menu.Item>
  );
}

/** A labelled value of a record; nothing (or `—`) shows a dimmed dash. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '' || children === '—';
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.3}>
        {label}
      </Text>
      <Text
        size="sm"
        component="div"
        mt={2}
        c={empty ? 'dimmed' : undefined}
        style={{ overflowWrap: 'anywhere' }}
      >
        {empty ? '—' : children}
      </Text>
    </div>
  );
}

/**
 * The open tab of a record's page, kept in the URL's `tab` (absent for the first one), so a reload or a
 * shared link opens the same tab.
 */
export function useTabParam<T extends string>(tabs: readonly T[]): [T, (value: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const first = tabs[0] as T;
  const param = params.get('tab') as T | null;
  const tab = param && tabs.includes(param) ? param : first;
  const setTab = (value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (!value || value === first) next.delete('tab');
        else next.set('tab', value);
        return next;
      },
      { replace: true },
    );
  return [tab, setTab];
}
