import {
  Badge,
  Code,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { http, ok } from '../../api/client.js';
import { keys, useSession } from '../../api/queries.js';
import { DataTable } from '../../components/data-table.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocalPaging } from '../../lib/use-list-params.js';

const ACTION_COLORS: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  login: 'gray',
  logout: 'gray',
  revoke: 'orange',
};

/** Keys whose values differ between before and after. */
function changedKeys(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): string[] {
  const keysSet = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keysSet].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])).sort();
}

function JsonBlock({ title, value }: { title: string; value: Record<string, unknown> | null }) {
  const t = useT();
  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {title}
      </Text>
      <Code block className="json-block" component="pre">
        {value ? JSON.stringify(value, null, 2) : t.audit.nothing}
      </Code>
    </Stack>
  );
}

export function AuditTab() {
  const t = useT();
  const { office } = useSession();
  const paging = useLocalPaging();
  const { page, pageSize } = paging;
  const [entity, setEntity] = useState('');
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  const params = { page, pageSize, entity };
  const audit = useQuery({
    queryKey: keys.audit(params),
    queryFn: ({ signal }) => ok(http.GET('/api/audit', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
  });

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="md" align="flex-end">
        <Text size="sm" c="dimmed">
          {t.audit.intro}
        </Text>
        <Select
          label={t.audit.entityFilter}
          placeholder={t.common.all}
          data={Object.entries(t.audit.entities).map(([value, label]) => ({ value, label }))}
          value={entity || null}
          onChange={(value) => {
            setEntity(value ?? '');
            paging.reset();
          }}
          clearable
          w={220}
        />
      </Group>
      <DataTable
        query={audit}
        paging={paging}
        label={t.settings.tabAudit}
        minWidth={720}
        labels={[{ label: t.audit.colWhen, w: 170 }, t.audit.colWhat, { label: null, w: 180 }]}
        row={(entry) => {
          const open = expanded.has(entry.id);
          const changed = entry.action === 'update' ? changedKeys(entry.before, entry.after) : [];
          return (
            <Fragment key={entry.id}>
              <Table.Tr data-testid="audit-row">
                <Table.Td fz="sm" className="nowrap">
                  {formatDateTime(entry.at, office.timeZone)}
                </Table.Td>
                <Table.Td fz="sm">{entry.sentence}</Table.Td>
                <Table.Td>
                  <UnstyledButton
                    fz="xs"
                    c="dimmed"
                    aria-label={open ? t.audit.collapse : t.audit.expand}
                    aria-expanded={open}
                    aria-controls={`audit-${entry.id}`}
                    onClick={() => toggle(entry.id)}
                    style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
                  >
                    {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                    {t.audit.technical}
                  </UnstyledButton>
                </Table.Td>
              </Table.Tr>
              {open && (
                <Table.Tr>
                  <Table.Td colSpan={3} p={0} id={`audit-${entry.id}`}>
                    <Stack p="md" gap="sm" bg="var(--mantine-color-gray-0)">
                      <Group gap={6}>
                        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                          {t.audit.codes}:
                        </Text>
                        <Badge size="sm" variant="outline" tt="none">
                          {entry.entity}
                        </Badge>
                        <Badge size="sm" color={ACTION_COLORS[entry.action] ?? 'gray'} tt="none">
                          {entry.action}
                        </Badge>
                        <Text span size="xs" ff="monospace" c="dimmed">
                          {entry.entityId}
                        </Text>
                      </Group>
                      {changed.length > 0 && (
                        <Group gap={6}>
                          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                            {t.audit.changed}:
                          </Text>
                          {changed.map((k) => (
                            <Badge key={k} size="sm" variant="outline" tt="none">
                              {k}
                            </Badge>
                          ))}
                        </Group>
                      )}
                      <SimpleGrid cols={{ base: 1, md: 2 }}>
                        <JsonBlock title={t.audit.before} value={entry.before} />
                        <JsonBlock title={t.audit.after} value={entry.after} />
                      </SimpleGrid>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          );
        }}
        empty={{ icon: IconHistory, title: t.audit.empty }}
      />
    </Paper>
  );
}
