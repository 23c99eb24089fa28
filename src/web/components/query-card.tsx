import { Card, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { TableQuery } from './data-table.js';
import { QueryError } from './query-error.js';

/**
 * A titled card over what one query loads (a history, a timeline): the query's error with a retry,
 * `loading` while it loads, `empty` once it has loaded nothing, then `children` (which show what it did
 * load).
 *
 * @example
 * <QueryCard title={t.tickets.tabHistory} query={history} loading={<Skeleton h={80} />}
 *   empty={history.data?.length === 0 && <EmptyNote icon={IconHistory}>{t.tickets.historyEmpty}</EmptyNote>}>
 *   <HistoryTimeline entries={history.data ?? []} … />
 * </QueryCard>
 */
export function QueryCard({
  title,
  query,
  loading,
  empty,
  testId,
  children,
}: {
  title: ReactNode;
  query: Pick<TableQuery, 'isError' | 'isPending' | 'isSuccess' | 'error' | 'refetch'>;
  loading: ReactNode;
  /** Shown once the query succeeded; pass `false` while it has something to show. */
  empty: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Card data-testid={testId}>
      <Title order={3} mb="md">
        {title}
      </Title>
      {query.isError && <QueryError error={query.error} onRetry={() => void query.refetch()} />}
      {query.isPending && loading}
      {query.isSuccess && empty}
      {children}
    </Card>
  );
}
