import {
  Alert,
  Badge,
  Card,
  Code,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { IconServer } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { http, ok } from '../../api/client.js';
import type { Pool } from '../../api/models.js';
import { keys, usePools, useSession } from '../../api/queries.js';
import { FormModal } from '../../components/form-footer.js';
import { ListToolbar } from '../../components/list-toolbar.js';
import { QueryError } from '../../components/query-error.js';
import { errorsByPath } from '../../components/schedule-editor.js';
import { SmallTable } from '../../components/small-table.js';
import { useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { formatAge, formatDateTime } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';

const POOL_NAME = /^[a-z0-9][a-z0-9_-]*$/;

function NewPoolModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      ok(
        http.POST('/api/pools', {
          body: {
            name: name.trim(),
            description: description.trim() || null,
          },
        }),
      ),
    meta: { silent: true },
    onSuccess: () => {
      notifySuccess(t.pools.saved);
      void queryClient.invalidateQueries({ queryKey: keys.pools });
      onClose();
    },
    onError: (error) => {
      const { fields } = errorsByPath(error);
      setErrors(fields);
      // 409 engine.pool_exists comes without field errors: it is about the name.
      if (Object.keys(fields).length === 0) {
        if ((error as { code?: string }).code === 'engine.pool_exists')
          setErrors({ name: errorMessage(error, t) });
        else setFormError(errorMessage(error, t));
      }
    },
  });
  const submit = submitWith(() => {
    const value = name.trim();
    setFormError(null);
    if (!value) return setErrors({ name: t.validation.required });
    if (!POOL_NAME.test(value) || value.length > 40) return setErrors({ name: t.pools.invalidName });
    setErrors({});
    create.mutate();
  });
  return (
    <FormModal
      onClose={onClose}
      title={t.pools.newTitle}
      onSubmit={submit}
      error={formError}
      saving={create.isPending}
      submitLabel={t.common.create}
    >
      <TextInput
        label={t.pools.name}
        description={t.pools.nameHint}
        required
        ff="monospace"
        value={name}
        onChange={(e) => setName(e.currentTarget.value.toLowerCase())}
        error={errors.name}
        data-autofocus
      />
      <TextInput
        label={t.pools.description}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        error={errors.description}
        maxLength={200}
      />
    </FormModal>
  );
}

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.3}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={value > 0 ? color : undefined}>
        {value}
      </Text>
    </div>
  );
}

function PoolCard({ pool, now }: { pool: Pool; now: number }) {
  const t = useT();
  const { office } = useSession();
  return (
    <Card data-pool={pool.name}>
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Group gap="xs">
            <IconServer size={18} aria-hidden />
            <Title order={3} ff="monospace">
              {pool.name}
            </Title>
            <Badge color={pool.workers.length > 0 ? 'teal' : 'gray'} variant="light">
              {pool.workers.length}
            </Badge>
          </Group>
          {pool.description && (
            <Text size="sm" c="dimmed" mt={2}>
              {pool.description}
            </Text>
          )}
        </div>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
        <Stat label={t.pools.queued} value={pool.queued} color="gray.8" />
        <Stat label={t.pools.running} value={pool.running} color="blue" />
        <Stat label={t.pools.succeededLastHour} value={pool.succeededLastHour} color="teal" />
        <Stat label={t.pools.failedLastHour} value={pool.failedLastHour} color="red" />
      </SimpleGrid>
      <Text fw={600} size="sm" mb={6}>
        {t.pools.workers}
      </Text>
      {pool.workers.length === 0 ? (
        <Alert color="yellow" variant="light" p="sm">
          <Text size="sm">{t.pools.noWorkers}</Text>
          <Text size="sm" mt={4}>
            {t.pools.startHint} <Code>node dist/server/main.js worker --pool {pool.name}</Code>
          </Text>
        </Alert>
      ) : (
        <SmallTable
          label={`${t.pools.workers} — ${pool.name}`}
          minWidth={640}
          verticalSpacing={6}
          labels={[
            t.pools.colHost,
            t.pools.colPid,
            t.pools.colConcurrency,
            t.pools.colRunning,
            t.pools.colProcessed,
            t.pools.colStarted,
            t.pools.colLastSeen,
          ]}
        >
          {pool.workers.map((w) => (
            <Table.Tr key={w.id}>
              <Table.Td fz="sm" ff="monospace">
                <Tooltip label={w.id}>
                  <span>{w.host}</span>
                </Tooltip>
              </Table.Td>
              <Table.Td fz="sm" ff="monospace">
                {w.pid}
              </Table.Td>
              <Table.Td fz="sm">{w.concurrency}</Table.Td>
              <Table.Td fz="sm">
                {w.running} / {w.concurrency}
              </Table.Td>
              <Table.Td fz="sm">{w.processed}</Table.Td>
              <Table.Td fz="sm" className="nowrap">
                {formatDateTime(w.startedAt, office.timeZone)}
              </Table.Td>
              <Table.Td fz="sm" className="nowrap">
                <Tooltip label={formatDateTime(w.lastSeenAt, office.timeZone)}>
                  <span>{t.common.ago(formatAge(now - Date.parse(w.lastSeenAt)))}</span>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </SmallTable>
      )}
    </Card>
  );
}

/** Servidores: the worker pools, their queues and live workers, refreshed every 5 s. */
export function PoolsTab() {
  const t = useT();
  const { isAdmin } = useSession();
  const pools = usePools(5_000);
  const [creating, setCreating] = useState(false);
  // "há 3 s" keeps counting between refreshes.
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), 1_000, { autoInvoke: true });

  return (
    <Stack gap="lg">
      <ListToolbar
        newLabel={t.pools.new}
        onNew={() => setCreating(true)}
        canEdit={isAdmin}
        align="flex-start"
        mb={0}
      >
        <Text size="sm" c="dimmed" maw={640}>
          {t.pools.intro}
        </Text>
      </ListToolbar>
      {pools.isError && <QueryError error={pools.error} onRetry={() => void pools.refetch()} />}
      {pools.isPending && <Skeleton h={220} radius="md" />}
      {pools.isSuccess && pools.data.length === 0 && (
        <Text c="dimmed" ta="center" py="lg" size="sm">
          {t.pools.empty}
        </Text>
      )}
      {pools.data?.map((pool) => (
        <PoolCard key={pool.name} pool={pool} now={now} />
      ))}
      {creating && <NewPoolModal onClose={() => setCreating(false)} />}
    </Stack>
  );
}
