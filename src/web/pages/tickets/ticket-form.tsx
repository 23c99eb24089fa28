import {
  ActionIcon,
  Badge,
  Card,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconFileDescription, IconPaperclip, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { createTicketBody } from '../../../shared/schemas/tickets.js';
import { getQuery, http, isApiError, ok } from '../../api/client.js';
import { keys, useSession, useUsers } from '../../api/queries.js';
import {
  type Ticket,
  type TicketInput,
  type TicketKind,
  ticketKeys,
  uploadTicketFiles,
  useAccountants,
  useServiceCatalog,
} from '../../api/tickets.js';
import { ClientSelect } from '../../components/client-select.js';
import { DateField } from '../../components/date-text-input.js';
import { tabsWithErrors, tabToShow, useTabErrorMark } from '../../components/form-tabs.js';
import { LimitedTextarea, LimitedTextInput } from '../../components/limited-input.js';
import { FormErrorsAlert, LongFormFooter, withFieldError } from '../../components/long-form.js';
import { moneyInputProps } from '../../components/money-input-props.js';
import { TicketFileDropzone } from '../../components/ticket-file-dropzone.js';
import { TitledCard } from '../../components/titled-card.js';
import { type Dictionary, useT } from '../../i18n/index.js';
import { type FieldErrors, focusFirstError, mapServerErrors, schemaErrors } from '../../lib/form-errors.js';
import { formatMoney } from '../../lib/format.js';
import { errorMessage, notify, notifySuccess } from '../../lib/notify.js';
import { isConflict, reportTicketError, storeTicket } from './ticket-outcome.js';
import { formatFileSize, reaisToCents } from './ticket-rules.js';

interface FormValues {
  clientId: string | null;
  clientName: string | null;
  contactId: string | null;
  serviceId: string | null;
  /** Reais, as the money input holds it. */
  value: number | string;
  accountantId: string | null;
  responsibleId: string | null;
  subject: string;
  description: string;
  kind: TicketKind;
  dueDate: string;
  debt: number | string;
}

const FIELDS: (keyof FormValues)[] = [
  'clientId',
  'contactId',
  'serviceId',
  'value',
  'accountantId',
  'responsibleId',
  'subject',
  'description',
  'kind',
  'dueDate',
  'debt',
];

/** The new-ticket form's tabs, in order: every field is on "Atendimento"; "Anexar arquivos" holds the files. */
const TABS = ['ticket', 'files'] as const;
const tabOf = (field: string): (typeof TABS)[number] | null =>
  (FIELDS as string[]).includes(field) ? 'ticket' : null;

/** Server field → form field. */
const SERVER_FIELD: Record<string, keyof FormValues> = {
  valueCents: 'value',
  debtCents: 'debt',
};

function toForm(ticket: Ticket | undefined, userId: string): FormValues {
  if (!ticket) {
    return {
      clientId: null,
      clientName: null,
      contactId: null,
      serviceId: null,
      value: '',
      accountantId: null,
      responsibleId: userId,
      subject: '',
      description: '',
      kind: 'service',
      dueDate: '',
      debt: '',
    };
  }
  return {
    clientId: ticket.clientId,
    clientName: ticket.clientName,
    contactId: ticket.contactId,
    serviceId: ticket.serviceId,
    value: ticket.valueCents / 100,
    accountantId: ticket.accountantId,
    responsibleId: ticket.responsibleId,
    subject: ticket.subject,
    description: ticket.description ?? '',
    kind: ticket.kind,
    dueDate: ticket.dueDate ?? '',
    debt: ticket.debtCents === null ? '' : ticket.debtCents / 100,
  };
}

function toInput(values: FormValues): TicketInput {
  const debt = values.kind === 'debt_collection';
  return {
    clientId: values.clientId ?? '',
    contactId: values.contactId,
    serviceId: values.serviceId,
    accountantId: values.accountantId,
    responsibleId: values.responsibleId,
    subject: values.subject.trim(),
    description: values.description.trim() || null,
    valueCents: reaisToCents(values.value) ?? 0,
    kind: values.kind,
    dueDate: debt ? values.dueDate || null : null,
    debtCents: debt ? reaisToCents(values.debt) : null,
  };
}

/** A server path's form field (`valueCents` is the form's `value`), or null when the form has none. */
function formField(path: string[]): keyof FormValues | null {
  const head = path[0] ?? '';
  const field = SERVER_FIELD[head] ?? head;
  return (FIELDS as string[]).includes(field) ? (field as keyof FormValues) : null;
}

/**
 * The server's schema (src/shared/schemas/tickets.ts), in its words, so mistakes show before saving; and
 * the service's rule that a debt collection needs its due date and amount.
 */
function validate(values: FormValues, t: Dictionary): FieldErrors {
  const input = toInput(values);
  const errors = schemaErrors(
    createTicketBody,
    { ...input, clientId: input.clientId || undefined },
    formField,
  );
  if (values.kind === 'debt_collection') {
    if (!values.dueDate) errors.dueDate = t.validation.required;
    if (reaisToCents(values.debt) === null) errors.debt = t.validation.required;
  }
  return errors;
}

/** Files chosen on the new-ticket form, uploaded right after the ticket is created. */
function PendingFiles({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const t = useT();
  const [errors, setErrors] = useState<string[]>([]);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t.tickets.sectionFilesHint}
      </Text>
      <TicketFileDropzone
        onFiles={(added) => {
          setErrors([]);
          onChange([...files, ...added]);
        }}
        onReject={setErrors}
        errors={errors}
      />
      {files.length > 0 && (
        <Table aria-label={t.tickets.sectionFiles}>
          <Table.Tbody>
            {files.map((file) => (
              <Table.Tr key={`${file.name}-${file.size}-${file.lastModified}`}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <IconPaperclip size={16} aria-hidden />
                    <Text size="sm">{file.name}</Text>
                  </Group>
                </Table.Td>
                <Table.Td fz="sm" c="dimmed" className="nowrap">
                  {formatFileSize(file.size)}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color="gray" tt="none">
                    {t.tickets.pending}
                  </Badge>
                </Table.Td>
                <Table.Td w={48}>
                  <ActionIcon
                    aria-label={t.tickets.removePending(file.name)}
                    onClick={() => onChange(files.filter((f) => f !== file))}
                  >
                    <IconX size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/**
 * The ticket's form (cadastro do atendimento): Solicitante, contact, Serviço (fills Valor with the
 * service's value), Valor, Contador and its Nome, Responsável, Assunto, Descrição, Tipo (with Vencimento and
 * Valor do débito for a cobrança de débito). New tickets also take attachments, in the "Anexar arquivos" tab.
 */
export function TicketForm({ ticket }: { ticket?: Ticket }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const users = useUsers({ active: true });
  const services = useServiceCatalog();
  const accountants = useAccountants();
  const [values, setValues] = useState<FormValues>(() => toForm(ticket, user.id));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const [tab, setTab] = useState<string | null>('ticket');
  const [filledValue, setFilledValue] = useState<string | null>(null);
  const tabMark = useTabErrorMark();
  const badTabs = tabsWithErrors(errors, tabOf, TABS);
  /** Shows the tab holding the first error (an error on the other tab never goes unseen) and focuses it. */
  const showErrorTab = (found: FieldErrors) => {
    const next = tabToShow(tab, tabsWithErrors(found, tabOf, TABS));
    if (next) setTab(next);
    focusFirstError();
  };

  const client = useQuery({
    ...getQuery(keys.client(values.clientId ?? ''), '/api/clients/{id}', {
      params: { path: { id: values.clientId ?? '' } },
    }),
    enabled: Boolean(values.clientId),
  });
  const contacts = client.data?.contacts ?? [];

  const set = <K extends keyof FormValues>(
    field: K,
    value: FormValues[K],
    extra: Partial<FormValues> = {},
  ) => {
    const next = { ...values, ...extra, [field]: value };
    setValues(next);
    if (errors[field]) {
      const found = validate(next, t);
      setErrors((e) => withFieldError(e, field, found[field]));
    }
  };

  const save = useMutation({
    mutationFn: async (input: TicketInput) => {
      if (ticket) {
        return {
          saved: await ok(
            http.PATCH('/api/tickets/{id}', {
              params: { path: { id: ticket.id } },
              body: { ...input, version: ticket.version },
            }),
          ),
          uploaded: 0,
        };
      }
      const saved = await ok(http.POST('/api/tickets', { body: input }));
      let uploaded = 0;
      if (files.length > 0) {
        try {
          const result = await uploadTicketFiles(saved.id, files);
          uploaded = result.items.length;
          if (result.refused.length > 0) {
            const reasons = result.refused.map((r) => r.reason).join(' ');
            notify('yellow', IconAlertTriangle, t.tickets.filesRefused(result.refused.length), reasons, 9000);
          }
        } catch (error) {
          notify('yellow', IconAlertTriangle, t.tickets.filesFailed, errorMessage(error, t), 9000);
          uploaded = -1;
        }
      }
      return { saved, uploaded };
    },
    meta: { silent: true },
    onSuccess: ({ saved, uploaded }) => {
      storeTicket(queryClient, saved);
      if (ticket) {
        notifySuccess(t.tickets.saved);
        return;
      }
      notifySuccess(
        uploaded > 0
          ? `${t.tickets.created(saved.number)} ${t.tickets.filesUploaded(uploaded)}`
          : t.tickets.created(saved.number),
      );
      void queryClient.invalidateQueries({ queryKey: ticketKeys.files(saved.id) });
      navigate(`/tickets/${saved.id}${uploaded < 0 ? '?tab=files' : ''}`);
    },
    onError: (error) => {
      if (ticket && isConflict(error)) {
        reportTicketError(t, queryClient, ticket.id, error);
        return;
      }
      if (!isApiError(error) || error.errors.length === 0) {
        setFormErrors([errorMessage(error, t)]);
        return;
      }
      const { fields, unmatched } = mapServerErrors(error, formField);
      setErrors(fields);
      setFormErrors(unmatched);
      showErrorTab(fields);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(values, t);
    setErrors(found);
    setFormErrors([]);
    if (Object.keys(found).length > 0) {
      showErrorTab(found);
      return;
    }
    save.mutate(toInput(values));
  };

  const userOptions = (users.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const accountantOptions = (accountants.data ?? []).map((a) => ({ value: a.id, label: a.name }));
  if (values.accountantId && !accountantOptions.some((o) => o.value === values.accountantId)) {
    accountantOptions.push({ value: values.accountantId, label: ticket?.accountantName ?? '…' });
  }
  const accountantName =
    accountants.data?.find((a) => a.id === values.accountantId)?.name ??
    (values.accountantId === ticket?.accountantId ? ticket?.accountantName : null) ??
    '';
  const serviceOptions = (services.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  if (values.serviceId && !serviceOptions.some((o) => o.value === values.serviceId)) {
    serviceOptions.push({ value: values.serviceId, label: ticket?.serviceName ?? '…' });
  }

  const fields = (
    <Stack gap="lg">
      <TitledCard title={t.tickets.sectionTicket}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <ClientSelect
              label={t.tickets.requester}
              placeholder={t.tickets.requesterPlaceholder}
              required
              value={values.clientId}
              selectedName={values.clientName}
              onChange={(id, name) => set('clientId', id, { clientName: name, contactId: null })}
              error={errors.clientId}
            />
            <Select
              label={t.tickets.contact}
              description={t.tickets.contactHint}
              placeholder={t.tickets.contactPlaceholder}
              data={contacts.map((c) => ({
                value: c.id,
                label: c.email ? `${c.name} <${c.email}>` : c.name,
              }))}
              value={values.contactId}
              onChange={(v) => set('contactId', v)}
              error={errors.contactId}
              disabled={!values.clientId}
              clearable
            />
            <Select
              label={t.tickets.service}
              placeholder={t.tickets.servicePlaceholder}
              data={serviceOptions}
              value={values.serviceId}
              onChange={(id) => {
                const service = services.data?.find((s) => s.id === id);
                if (service) {
                  setFilledValue(formatMoney(service.defaultValueCents));
                  set('serviceId', id, { value: service.defaultValueCents / 100 });
                } else {
                  setFilledValue(null);
                  set('serviceId', id);
                }
              }}
              error={errors.serviceId}
              searchable
              clearable
            />
            <NumberInput
              label={t.tickets.value}
              description={filledValue ? t.tickets.serviceValueFilled(filledValue) : t.tickets.valueHint}
              {...moneyInputProps}
              value={values.value}
              onChange={(v) => {
                setFilledValue(null);
                set('value', v);
              }}
              error={errors.value}
            />
            <Select
              label={t.tickets.accountant}
              placeholder={t.tickets.accountantPlaceholder}
              data={accountantOptions}
              value={values.accountantId}
              onChange={(v) => set('accountantId', v)}
              error={errors.accountantId}
              searchable
              clearable
            />
            <TextInput
              label={t.tickets.accountantName}
              description={t.tickets.accountantNameHint}
              value={accountantName}
              readOnly
              variant="filled"
            />
            <Select
              label={t.tickets.responsible}
              placeholder={t.tickets.responsiblePlaceholder}
              data={userOptions}
              value={values.responsibleId}
              onChange={(v) => set('responsibleId', v)}
              error={errors.responsibleId}
              searchable
              clearable
            />
          </SimpleGrid>
        </Stack>
      </TitledCard>

      <TitledCard title={t.tickets.sectionDetails}>
        <Stack>
          <LimitedTextInput
            field={createTicketBody.shape.subject}
            label={t.tickets.subject}
            required
            value={values.subject}
            onChange={(e) => set('subject', e.currentTarget.value)}
            error={errors.subject}
          />
          <LimitedTextarea
            field={createTicketBody.shape.description}
            label={t.tickets.description}
            autosize
            minRows={4}
            maxRows={14}
            value={values.description}
            onChange={(e) => set('description', e.currentTarget.value)}
            error={errors.description}
          />
          <Input.Wrapper label={t.tickets.kind} labelElement="div" error={errors.kind}>
            <SegmentedControl
              display="flex"
              w="fit-content"
              aria-label={t.tickets.kind}
              value={values.kind}
              onChange={(v) => set('kind', v as TicketKind)}
              data={[
                { value: 'service', label: t.tickets.kinds.service },
                { value: 'debt_collection', label: t.tickets.kinds.debt_collection },
              ]}
              mt={4}
            />
          </Input.Wrapper>
          {values.kind === 'debt_collection' && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <DateField
                label={t.tickets.dueDate}
                required
                value={values.dueDate}
                onChange={(v) => set('dueDate', v)}
                error={errors.dueDate}
              />
              <NumberInput
                label={t.tickets.debt}
                required
                {...moneyInputProps}
                value={values.debt}
                onChange={(v) => set('debt', v)}
                error={errors.debt}
              />
            </SimpleGrid>
          )}
        </Stack>
      </TitledCard>
    </Stack>
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <FormErrorsAlert messages={formErrors} />
        {ticket ? (
          fields
        ) : (
          <Tabs value={tab} onChange={setTab} keepMounted>
            <Tabs.List mb="lg">
              <Tabs.Tab
                value="ticket"
                leftSection={<IconFileDescription size={16} aria-hidden />}
                {...tabMark(badTabs.includes('ticket'))}
              >
                {t.tickets.tabTicket}
              </Tabs.Tab>
              <Tabs.Tab
                value="files"
                leftSection={<IconPaperclip size={16} aria-hidden />}
                {...tabMark(
                  badTabs.includes('files'),
                  files.length > 0 ? (
                    <Badge size="xs" variant="filled" circle>
                      {files.length}
                    </Badge>
                  ) : undefined,
                )}
              >
                {t.tickets.sectionFiles}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="ticket">{fields}</Tabs.Panel>
            <Tabs.Panel value="files">
              <Card>
                <PendingFiles files={files} onChange={setFiles} />
              </Card>
            </Tabs.Panel>
          </Tabs>
        )}
        <LongFormFooter cancelTo={ticket ? null : '/tickets'} saving={save.isPending} />
      </Stack>
    </form>
  );
}
