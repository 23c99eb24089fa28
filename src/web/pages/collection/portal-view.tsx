import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { formatCompetencia, type PortalView } from '../../api/collection.js';
import { useT } from '../../i18n/index.js';
import { formatDocument, formatIsoDate } from '../../lib/format.js';
import { PortalItemCard } from './portal-item.js';

/**
 * The body of the client's page: every open request of every company the contact answers for, grouped by
 * company and competência. Shared by the public page (`token`) and the office's preview (`token` null).
 */
export function PortalCompanies({ view, token }: { view: PortalView; token: string | null }) {
  const t = useT();
  const p = t.collection.portal;
  return (
    <Stack gap="lg">
      {view.companies.map((company) => (
        <Stack key={company.clientId} gap="sm" data-company={company.name}>
          <Group gap={8} wrap="nowrap">
            <IconBuilding size={20} aria-hidden style={{ flexShrink: 0 }} />
            <div style={{ minWidth: 0 }}>
              <Title order={2} size="h3">
                {company.name}
              </Title>
              <Text size="xs" c="dimmed" ff="monospace">
                {formatDocument(company.document)}
              </Text>
            </div>
          </Group>
          {company.requests.map((req) => {
            const percent = req.progress.total > 0 ? (req.progress.settled / req.progress.total) * 100 : 0;
            return (
              <Card key={req.id} withBorder padding="sm" radius="md" data-request={req.id}>
                <Stack gap="sm">
                  <div>
                    <Group justify="space-between" gap="xs">
                      <Text fw={700}>{p.competencia(formatCompetencia(req.competencia))}</Text>
                      {req.overdue ? (
                        <Badge color="red" variant="light">
                          {p.overdue}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {p.due(formatIsoDate(req.dueDate))}
                        </Text>
                      )}
                    </Group>
                    <Text size="sm" c="dimmed">
                      {req.templateName}
                    </Text>
                    <Group gap="xs" mt={6} wrap="nowrap">
                      <Progress
                        value={percent}
                        color="teal"
                        style={{ flex: 1 }}
                        aria-label={p.progress(req.progress.settled, req.progress.total)}
                      />
                      <Text size="xs" c="dimmed" className="nowrap" data-testid="portal-progress">
                        {p.progress(req.progress.settled, req.progress.total)}
                      </Text>
                    </Group>
                  </div>
                  {req.items.map((item) => (
                    <PortalItemCard key={item.id} item={item} token={token} />
                  ))}
                </Stack>
              </Card>
            );
          })}
        </Stack>
      ))}
    </Stack>
  );
}
