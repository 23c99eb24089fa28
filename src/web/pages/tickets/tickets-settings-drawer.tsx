import {
  Alert,
  Button,
  Card,
  Drawer,
  Group,
  NumberInput,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { getQuery, http, ok } from '../../api/client.js';
import type { Service } from '../../api/models.js';
import { type SlaPolicy, ticketKeys, useServiceCatalog } from '../../api/tickets.js';
import { QueryError } from '../../components/query-error.js';
import { SubmitRow } from '../../components/submit-row.js';
import { TableHead } from '../../components/table-head.js';
import { useT } from '../../i18n/index.js';
import { mapServerErrors } from '../../lib/form-errors.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';

/**
 * "E-mail a cada mudança de status": normal rules of the tickets pipeline (one per status), edited in
 * Automações like any other (switch off, template, delay).
 */
function StatusEmailRule() {
  const t = useT();
  return (
    <Card>
      <Title order={3} mb="sm">
        {t.tickets.automationTitle}
      </Title>
      <Text fw={500}>{t.tickets.statusEmailRule}</Text>
      <Text size="sm" c="dimmed" mb="sm">
        {t.tickets.statusEmailRuleHint}
      </Text>
      <Group>
        <Button component={Link} to="/automacoes" variant="light">
          {t.tickets.openAutomation}
        </Button>
      </Group>
    </Card>
  );
}

type Draft = Record<string, { first: number | string; resolution: number | string }>;

function toDraft(services: Service[], policies: SlaPolicy[]): Draft {
  const byService = new Map(policies.map((p) => [p.serviceId, p]));
  const draft: Draft = {};
  for (const s of services) {
    const p = byService.get(s.id);
    draft[s.id] = { first: p?.firstResponseHours ?? '', resolution: p?.resolutionHours ?? '' };
  }
  return draft;
}

const hoursOf = (v: number | string): number | null => {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(String(v).replace(',', '.'));
  return Number.isFinite(n) ? n : null;
};

/** SLA per service: first-response and resolution targets in business hours; blank = no target. */
function SlaPolicies({ services, policies }: { services: Service[]; policies: SlaPolicy[] }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(services, policies));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const items = services
    .map((s) => ({
      serviceId: s.id,
      firstResponseHours: hoursOf(draft[s.id]?.first ?? ''),
      resolutionHours: hoursOf(draft[s.id]?.resolution ?? ''),
    }))
    .filter((i) => i.firstResponseHours !== null || i.resolutionHours !== null);

  const save = useMutation({
    mutationFn: () => ok(http.PUT('/api/tickets/sla-policies', { body: { items } })),
    meta: { silent: true },
    onSuccess: (data) => {
      queryClient.setQueryData(ticketKeys.slaPolicies, data);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      setErrors({});
      setFormError(null);
      notifySuccess(t.tickets.slaSaved);
    },
    onError: (error) => {
      // `items.3.resolutionHours` → the field of that service.
      const { fields, unmatched } = mapServerErrors(error, (path) => {
        const [head, index, field] = path;
        const serviceId = head === 'items' ? items[Number(index)]?.serviceId : undefined;
        return serviceId && field ? `${serviceId}.${field}` : null;
      });
      setErrors(fields);
      setFormError(unmatched[0] ?? (Object.keys(fields).length === 0 ? errorMessage(error, t) : null));
    },
  });

  const submit = submitWith(() => save.mutate());

  const set = (serviceId: string, key: 'first' | 'resolution', value: number | string) =>
    setDraft((d) => ({
      ...d,
      [serviceId]: { ...(d[serviceId] ?? { first: '', resolution: '' }), [key]: value },
    }));

  const hoursInput = (service: Service, key: 'first' | 'resolution') => (
    <NumberInput
      size="xs"
      w={110}
      aria-label={
        key === 'first'
          ? t.tickets.slaFirstResponseFor(service.name)
          : t.tickets.slaResolutionFor(service.name)
      }
      min={0.25}
      step={0.25}
      decimalScale={2}
      decimalSeparator=","
      allowNegative={false}
      hideControls
      value={draft[service.id]?.[key] ?? ''}
      onChange={(v) => set(service.id, key, v)}
      error={errors[`${service.id}.${key === 'first' ? 'firstResponseHours' : 'resolutionHours'}`]}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {formError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />}>
            {formError}
          </Alert>
        )}
        {services.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t.tickets.slaNoServices}
          </Text>
        ) : (
          <Table aria-label={t.tickets.slaTitle} verticalSpacing="xs" horizontalSpacing="xs">
            <TableHead
              labels={[t.tickets.slaService, t.tickets.slaFirstResponseHours, t.tickets.slaResolutionHours]}
            />
            <Table.Tbody>
              {services.map((service) => (
                <Table.Tr key={service.id}>
                  <Table.Td fz="sm">{service.name}</Table.Td>
                  <Table.Td>{hoursInput(service, 'first')}</Table.Td>
                  <Table.Td>{hoursInput(service, 'resolution')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <SubmitRow saving={save.isPending} disabled={services.length === 0} />
      </Stack>
    </form>
  );
}

function SlaSection() {
  const t = useT();
  const services = useServiceCatalog();
  const policies = useQuery({
    ...getQuery(ticketKeys.slaPolicies, '/api/tickets/sla-policies'),
    select: (data) => data.items,
  });
  return (
    <Card>
      <Title order={3}>{t.tickets.slaTitle}</Title>
      <Text size="sm" c="dimmed" mt={4} mb="md">
        {t.tickets.slaIntro}
      </Text>
      {services.isError && <QueryError error={services.error} onRetry={() => void services.refetch()} />}
      {policies.isError && <QueryError error={policies.error} onRetry={() => void policies.refetch()} />}
      {(services.isPending || policies.isPending) && <Skeleton h={160} />}
      {services.isSuccess && policies.isSuccess && (
        <SlaPolicies services={services.data} policies={policies.data} />
      )}
    </Card>
  );
}

/** Configurar atendimentos (admins): the status-change e-mail rule and the SLA targets per service. */
export function TicketsSettingsDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      title={t.tickets.settingsTitle}
      position="right"
      size="lg"
      closeButtonProps={{ 'aria-label': t.common.close }}
    >
      {opened && (
        <Stack>
          <StatusEmailRule />
          <SlaSection />
        </Stack>
      )}
    </Drawer>
  );
}
