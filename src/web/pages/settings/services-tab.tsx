import {
  ActionIcon,
  Autocomplete,
  Group,
  Select,
  SimpleGrid,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBriefcase, IconPlayerPause, IconPlayerPlay, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createServiceBody, serviceFields } from '../../../shared/schemas/clients.js';
import { http, ok, queryBool } from '../../api/client.js';

import type { Service, ServiceInput } from '../../api/models.js';
import { keys, useSession } from '../../api/queries.js';
import { CrudTab } from '../../components/crud-tab.js';
import { FormModal } from '../../components/form-footer.js';
import { LimitedTextarea, LimitedTextInput } from '../../components/limited-input.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useT } from '../../i18n/index.js';
import { formatMoney } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import { useLocalPaging } from '../../lib/use-list-params.js';
import { MoneyInput } from '../billing/invoice-parts.js';

function ServiceModal({
  service,
  departments,
  onClose,
}: {
  service: Service | null;
  departments: string[];
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const form = useFormState(() => ({
    name: service?.name ?? '',
    description: service?.description ?? '',
    value: (service ? service.defaultValueCents / 100 : '') as number | string,
    department: service?.department ?? '',
    active: service?.active ?? true,
  }));
  const { values, formSave, checkWith } = form;

  const save = useMutation({
    mutationFn: (input: ServiceInput) =>
      service
        ? ok(http.PATCH('/api/services/{id}', { params: { path: { id: service.id } }, body: input }))
        : ok(http.POST('/api/services', { body: input })),
    ...formSave,
    onSuccess: () => {
      notifySuccess(t.services.saved);
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      onClose();
    },
  });

  const submit = submitWith(() => {
    const { value } = values;
    const reais =
      typeof value === 'number' ? value : Number(String(value).replace(/\./g, '').replace(',', '.')) || 0;
    const body = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      defaultValueCents: Math.round(reais * 100),
      department: values.department.trim() || null,
      active: values.active,
    };
    // The server's schema, in its words (the form sends every field, new or edited).
    if (checkWith(createServiceBody, body)) save.mutate(body);
  });

  return (
    <FormModal
      onClose={onClose}
      title={service ? t.services.editTitle : t.services.newTitle}
      size="lg"
      onSubmit={submit}
      error={form.formError}
      saving={save.isPending}
    >
      <LimitedTextInput
        field={serviceFields.name}
        label={t.services.name}
        required
        {...form.text('name')}
        data-autofocus
      />
      <LimitedTextarea
        field={serviceFields.description}
        label={t.services.description}
        autosize
        minRows={2}
        {...form.text('description')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MoneyInput
          label={t.services.defaultValue}
          {...form.input('value')}
          error={form.errors.defaultValueCents}
        />
        <Autocomplete label={t.services.department} data={departments} {...form.input('department')} />
      </SimpleGrid>
      {service && <Switch label={t.services.active} {...form.checkbox('active')} />}
    </FormModal>
  );
}

export function ServicesTab() {
  const t = useT();
  const queryClient = useQueryClient();
  const { isAdmin } = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [active, setActive] = useState<string>('true');
  const paging = useLocalPaging();
  const { page, pageSize } = paging;

  const params = { q, active: active ? queryBool(active === 'true') : undefined, page, pageSize };
  const services = useQuery({
    queryKey: keys.services(params),
    queryFn: ({ signal }) => ok(http.GET('/api/services', { params: { query: params }, signal })),
    placeholderData: keepPreviousData,
  });

  const toggle = useMutation({
    mutationFn: (s: Service) =>
      ok(http.PATCH('/api/services/{id}', { params: { path: { id: s.id } }, body: { active: !s.active } })),
    onSuccess: () => {
      notifySuccess(t.services.saved);
      void queryClient.invalidateQueries({ queryKey: ['services'] });
    },
  });

  const rows = services.data?.items ?? [];
  const departments = [
    ...new Set(rows.map((s) => s.department).filter((d): d is string => Boolean(d))),
  ].sort();

  return (
    <CrudTab
      newLabel={t.services.new}
      canEdit={isAdmin}
      filters={
        <Group gap="sm" align="flex-end">
          <TextInput
            type="search"
            label={t.services.searchLabel}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              paging.reset();
            }}
            w={{ base: '100%', sm: 280 }}
          />
          <Select
            label={t.services.activeFilter}
            w={150}
            data={[
              { value: 'true', label: t.clients.statusActive },
              { value: 'false', label: t.clients.statusInactive },
              { value: '', label: t.common.all },
            ]}
            value={active}
            allowDeselect={false}
            onChange={(v) => {
              setActive(v ?? '');
              paging.reset();
            }}
          />
        </Group>
      }
      query={services}
      paging={paging}
      label={t.settings.tabServices}
      minWidth={760}
      columns={4}
      head={
        <>
          <Table.Th>{t.services.name}</Table.Th>
          <Table.Th w={200}>{t.services.department}</Table.Th>
          <Table.Th w={150} ta="right">
            {t.services.defaultValue}
          </Table.Th>
          <Table.Th w={100}>{t.common.status}</Table.Th>
        </>
      }
      cells={(s) => (
        <>
          <Table.Td>
            <Text size="sm" fw={600}>
              {s.name}
            </Text>
            {s.description && (
              <Text size="xs" c="dimmed" lineClamp={2}>
                {s.description}
              </Text>
            )}
          </Table.Td>
          <Table.Td fz="sm">{s.department ?? '—'}</Table.Td>
          <Table.Td ta="right" fz="sm" className="nowrap" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoney(s.defaultValueCents)}
          </Table.Td>
          <Table.Td>
            <StatusBadge active={s.active} />
          </Table.Td>
        </>
      )}
      editLabel={(s) => t.services.editLabel(s.name)}
      moreActions={(s) => (
        <Tooltip label={s.active ? t.services.deactivate : t.services.activate}>
          <ActionIcon
            aria-label={s.active ? t.services.deactivateLabel(s.name) : t.services.activateLabel(s.name)}
            color={s.active ? 'orange' : 'green'}
            loading={toggle.isPending && toggle.variables?.id === s.id}
            onClick={() => toggle.mutate(s)}
          >
            {s.active ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
      empty={{ icon: IconBriefcase, title: t.services.empty }}
      form={(service, close) => <ServiceModal service={service} departments={departments} onClose={close} />}
    />
  );
}
