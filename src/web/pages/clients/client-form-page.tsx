import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Grid,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { clientFields, createClientBody } from '../../../shared/schemas/clients.js';
import { http, isApiError, ok, oneOf } from '../../api/client.js';
import type { Client, ClientInput, ClientStatus, ClientWithContacts, User } from '../../api/models.js';
import { keys, useProfessions, useSession, useUsers } from '../../api/queries.js';
import { FullPageLoader } from '../../components/full-page-loader.js';
import { LimitedTextarea, LimitedTextInput } from '../../components/limited-input.js';
import { PageHeader } from '../../components/page-header.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import { UFS } from '../../lib/constants.js';
import { type FieldErrors, focusFirstError, mapServerErrors, schemaErrors } from '../../lib/form-errors.js';
import {
  formatDocument,
  formatPhone,
  maskCepInput,
  maskDocumentInput,
  maskPhoneInput,
} from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';

interface FormValues {
  legalName: string;
  tradeName: string;
  document: string;
  stateRegistration: string;
  emails: string[];
  whatsapp: string;
  phone: string;
  cep: string;
  street: string;
  number: string;
  complement: string;
  district: string;
  city: string;
  state: string | null;
  status: ClientStatus;
  class: string | null;
  tags: string[];
  /** professionId → userId */
  responsibles: Record<string, string | null>;
  notes: string;
  whatsappOptIn: boolean;
  emailOptOut: boolean;
}

type FieldName = Exclude<keyof FormValues, 'responsibles'>;

const EMPTY: FormValues = {
  legalName: '',
  tradeName: '',
  document: '',
  stateRegistration: '',
  emails: [],
  whatsapp: '',
  phone: '',
  cep: '',
  street: '',
  number: '',
  complement: '',
  district: '',
  city: '',
  state: null,
  status: 'active',
  class: null,
  tags: [],
  responsibles: {},
  notes: '',
  // Consent is never presumed (LGPD): the office ticks it when the client agrees.
  whatsappOptIn: false,
  emailOptOut: false,
};

function toForm(client: Client): FormValues {
  const phoneText = (v: string | null) => (v ? formatPhone(v) : '');
  return {
    legalName: client.legalName,
    tradeName: client.tradeName ?? '',
    document: formatDocument(client.document, client.documentKind),
    stateRegistration: client.stateRegistration ?? '',
    emails: client.emails,
    whatsapp: phoneText(client.whatsapp),
    phone: phoneText(client.phone),
    cep: client.cep ? maskCepInput(client.cep) : '',
    street: client.street ?? '',
    number: client.number ?? '',
    complement: client.complement ?? '',
    district: client.district ?? '',
    city: client.city ?? '',
    state: client.state,
    status: client.status,
    class: client.class,
    tags: client.tags,
    responsibles: Object.fromEntries(client.responsibles.map((r) => [r.professionId, r.userId])),
    notes: client.notes ?? '',
    whatsappOptIn: client.whatsappOptIn,
    emailOptOut: client.emailOptOut,
  };
}

const nullable = (v: string): string | null => (v.trim() === '' ? null : v.trim());

/**
 * The body the form sends. Documents, phones and CEPs go as typed (masked): the server's schema
 * normalises them, and the same schema checks them here first.
 */
function toInput(values: FormValues): ClientInput {
  return {
    legalName: values.legalName.trim(),
    tradeName: nullable(values.tradeName),
    document: values.document.trim(),
    stateRegistration: nullable(values.stateRegistration),
    emails: values.emails.map((e) => e.trim()).filter(Boolean),
    whatsapp: nullable(values.whatsapp),
    phone: nullable(values.phone),
    cep: nullable(values.cep),
    street: nullable(values.street),
    number: nullable(values.number),
    complement: nullable(values.complement),
    district: nullable(values.district),
    city: nullable(values.city),
    state: oneOf(UFS, values.state) ?? null,
    status: values.status,
    class: values.class,
    tags: values.tags.map((tag) => tag.trim()).filter(Boolean),
    notes: nullable(values.notes),
    responsibles: Object.entries(values.responsibles)
      .filter((entry): entry is [string, string] => Boolean(entry[1]))
      .map(([professionId, userId]) => ({ professionId, userId })),
    whatsappOptIn: values.whatsappOptIn,
    emailOptOut: values.emailOptOut,
  };
}

/** A server path (`responsibles.0.userId`, `emails.1`) as the form's field key. */
function fieldOf(input: ClientInput) {
  return (path: string[]): string | null => {
    const [head, index] = path;
    if (head === 'responsibles') {
      const professionId = input.responsibles?.[Number(index)]?.professionId;
      return professionId ? `responsibles.${professionId}` : null;
    }
    if (head === 'documentKind') return 'document';
    return head && head in EMPTY ? head : null;
  };
}

/** The form's errors by the server's own schema (src/shared/schemas/clients.ts), in the same words. */
function checkClient(values: FormValues): FieldErrors {
  const input = toInput(values);
  // An empty document is missing ("Campo obrigatório."), not an invalid one.
  return schemaErrors(createClientBody, { ...input, document: input.document || undefined }, fieldOf(input));
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <Grid gap={{ base: 'md', md: 'xl' }}>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Title order={3}>{title}</Title>
          {description && (
            <Text size="sm" c="dimmed" mt={4}>
              {description}
            </Text>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>{children}</Grid.Col>
      </Grid>
    </Paper>
  );
}

function ResponsibleSelects({
  values,
  users,
  errors,
  onChange,
}: {
  values: FormValues['responsibles'];
  users: User[];
  errors: FieldErrors;
  onChange: (professionId: string, userId: string | null) => void;
}) {
  const t = useT();
  const professions = useProfessions();
  if (professions.isPending) return <Text size="sm">{t.common.loading}</Text>;
  if (professions.isError)
    return <QueryError error={professions.error} onRetry={() => void professions.refetch()} />;
  if (professions.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t.clientForm.noProfessions}
      </Text>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      {professions.data.map((profession) => {
        const withIt = users.filter((u) => u.professionIds.includes(profession.id));
        const others = users.filter((u) => !u.professionIds.includes(profession.id));
        const option = (u: User) => ({ value: u.id, label: u.name });
        const data =
          withIt.length === 0
            ? others.map(option)
            : [
                { group: t.clientForm.usersWithProfession, items: withIt.map(option) },
                ...(others.length ? [{ group: t.clientForm.otherUsers, items: others.map(option) }] : []),
              ];
        return (
          <Select
            key={profession.id}
            label={profession.name}
            aria-label={t.clientForm.responsibleFor(profession.name)}
            placeholder={t.common.none}
            data={data}
            value={values[profession.id] ?? null}
            onChange={(value) => onChange(profession.id, value)}
            error={errors[`responsibles.${profession.id}`]}
            searchable
            clearable
          />
        );
      })}
    </SimpleGrid>
  );
}

function ClientForm({ client }: { client?: ClientWithContacts }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const users = useUsers({ active: true });
  const [values, setValues] = useState<FormValues>(() => (client ? toForm(client) : EMPTY));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);

  const classOptions = useMemo(() => {
    const list = [...office.clientClasses];
    if (values.class && !list.includes(values.class)) list.push(values.class);
    return list;
  }, [office.clientClasses, values.class]);

  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    const next = { ...values, [field]: value };
    setValues(next);
    // An error already shown is re-checked as the user fixes it.
    if (errors[field]) {
      const message = checkClient(next)[field];
      setErrors((e) => {
        const copy = { ...e };
        if (message) copy[field] = message;
        else delete copy[field];
        return copy;
      });
    }
  };

  const checkOnBlur = (field: FieldName) => () => {
    const message = checkClient(values)[field];
    setErrors((e) => {
      const copy = { ...e };
      if (message) copy[field] = message;
      else delete copy[field];
      return copy;
    });
  };

  const save = useMutation({
    mutationFn: (input: ClientInput) =>
      client
        ? ok(http.PATCH('/api/clients/{id}', { params: { path: { id: client.id } }, body: input }))
        : ok(http.POST('/api/clients', { body: input })),
    onSuccess: (saved) => {
      notifySuccess(client ? t.clientForm.updated : t.clientForm.created);
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
      void queryClient.invalidateQueries({ queryKey: keys.client(saved.id) });
      navigate(`/clients/${saved.id}`);
    },
    onError: (error, input) => {
      if (!isApiError(error)) return;
      const { fields, unmatched } = mapServerErrors(error, fieldOf(input));
      setErrors(fields);
      setFormErrors(unmatched);
      focusFirstError();
    },
  });

  const submit = submitWith(() => {
    const found = checkClient(values);
    setErrors(found);
    setFormErrors([]);
    if (Object.keys(found).length > 0) {
      focusFirstError();
      return;
    }
    save.mutate(toInput(values));
  });

  const text = (field: FieldName & keyof typeof clientFields) => ({
    field: clientFields[field],
    value: values[field] as string,
    onChange: (e: { currentTarget: { value: string } }) => set(field, e.currentTarget.value as never),
    error: errors[field],
  });

  const masked = (field: 'document' | 'whatsapp' | 'phone' | 'cep', mask: (v: string) => string) => ({
    value: values[field],
    onChange: (e: { currentTarget: { value: string } }) => set(field, mask(e.currentTarget.value)),
    onBlur: checkOnBlur(field),
    error: errors[field],
  });

  const cancelTo = client ? `/clients/${client.id}` : '/clients';

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        {formErrors.length > 0 && (
          <Alert
            color="red"
            variant="light"
            title={t.errors.fieldsTitle}
            icon={<IconAlertCircle aria-hidden />}
          >
            {formErrors.map((m) => (
              <Text size="sm" key={m}>
                {m}
              </Text>
            ))}
          </Alert>
        )}

        <Section title={t.clientForm.sectionIdentification}>
          <Stack>
            <LimitedTextInput
              label={t.clientForm.legalName}
              required
              {...text('legalName')}
              onBlur={checkOnBlur('legalName')}
            />
            <LimitedTextInput label={t.clientForm.tradeName} {...text('tradeName')} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t.clientForm.document}
                description={t.clientForm.documentHint}
                required
                inputMode="text"
                autoCapitalize="characters"
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                {...masked('document', maskDocumentInput)}
              />
              <LimitedTextInput label={t.clientForm.stateRegistration} {...text('stateRegistration')} />
            </SimpleGrid>
          </Stack>
        </Section>

        <Section title={t.clientForm.sectionContact}>
          <Stack>
            <TagsInput
              label={t.clientForm.emails}
              description={t.clientForm.emailsHint}
              value={values.emails}
              onChange={(v) => set('emails', v)}
              onBlur={checkOnBlur('emails')}
              error={errors.emails}
              splitChars={[',', ';', ' ']}
              acceptValueOnBlur
              clearable
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t.clientForm.whatsapp}
                type="tel"
                placeholder="(11) 98765-4321"
                {...masked('whatsapp', maskPhoneInput)}
              />
              <TextInput
                label={t.clientForm.phone}
                type="tel"
                placeholder="(11) 3333-4444"
                {...masked('phone', maskPhoneInput)}
              />
            </SimpleGrid>
            <Stack gap="xs">
              <div>
                <Input.Label component="div">{t.clientForm.consent}</Input.Label>
                <Input.Description>{t.clientForm.consentHint}</Input.Description>
              </div>
              <Checkbox
                label={t.clientForm.whatsappOptIn}
                description={t.clientForm.whatsappOptInHint}
                checked={values.whatsappOptIn}
                onChange={(e) => set('whatsappOptIn', e.currentTarget.checked)}
                error={errors.whatsappOptIn}
              />
              <Checkbox
                label={t.clientForm.emailOptOut}
                description={t.clientForm.emailOptOutHint}
                checked={values.emailOptOut}
                onChange={(e) => set('emailOptOut', e.currentTarget.checked)}
                error={errors.emailOptOut}
              />
            </Stack>
          </Stack>
        </Section>

        <Section title={t.clientForm.sectionAddress}>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <TextInput
                label={t.clientForm.cep}
                inputMode="numeric"
                placeholder="00000-000"
                {...masked('cep', maskCepInput)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 8 }}>
              <LimitedTextInput label={t.clientForm.street} {...text('street')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <LimitedTextInput label={t.clientForm.number} {...text('number')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <LimitedTextInput label={t.clientForm.complement} {...text('complement')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <LimitedTextInput label={t.clientForm.district} {...text('district')} />
            </Grid.Col>
            <Grid.Col span={{ base: 8, sm: 9 }}>
              <LimitedTextInput label={t.clientForm.city} {...text('city')} />
            </Grid.Col>
            <Grid.Col span={{ base: 4, sm: 3 }}>
              <Select
                label={t.clientForm.state}
                data={[...UFS]}
                value={values.state}
                onChange={(v) => set('state', v)}
                error={errors.state}
                searchable
                clearable
              />
            </Grid.Col>
          </Grid>
        </Section>

        <Section title={t.clientForm.sectionManagement}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Input.Wrapper label={t.clientForm.status} labelElement="div" error={errors.status}>
                <SegmentedControl
                  aria-label={t.clientForm.status}
                  value={values.status}
                  onChange={(v) => set('status', v as ClientStatus)}
                  data={[
                    { value: 'active', label: t.common.active },
                    { value: 'inactive', label: t.common.inactive },
                  ]}
                  fullWidth
                  mt={4}
                />
              </Input.Wrapper>
              <Select
                label={t.clientForm.class}
                description={office.clientClasses.length === 0 ? t.clientForm.classHint : undefined}
                placeholder={t.clientForm.classPlaceholder}
                data={classOptions}
                value={values.class}
                onChange={(v) => set('class', v)}
                error={errors.class}
                clearable
              />
            </SimpleGrid>
            <TagsInput
              label={t.clientForm.tags}
              description={t.clientForm.tagsHint}
              value={values.tags}
              onChange={(v) => set('tags', v)}
              error={errors.tags}
              splitChars={[',', ';']}
              acceptValueOnBlur
              clearable
            />
            <Stack gap={6}>
              <div>
                <Input.Label component="div">{t.clientForm.responsibles}</Input.Label>
                <Input.Description>{t.clientForm.responsiblesHint}</Input.Description>
              </div>
              <ResponsibleSelects
                values={values.responsibles}
                users={users.data ?? []}
                errors={errors}
                onChange={(professionId, userId) =>
                  set('responsibles', { ...values.responsibles, [professionId]: userId })
                }
              />
              {errors.responsibles && (
                <Text size="xs" c="red">
                  {errors.responsibles}
                </Text>
              )}
            </Stack>
            <LimitedTextarea
              label={t.clientForm.notes}
              autosize
              minRows={3}
              maxRows={10}
              {...text('notes')}
            />
          </Stack>
        </Section>

        <Group justify="flex-end" gap="sm" pb="xl">
          <Button variant="default" component={Link} to={cancelTo}>
            {t.common.cancel}
          </Button>
          <Button type="submit" loading={save.isPending} size="md">
            {t.common.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ClientFormPage() {
  const t = useT();
  const { id } = useParams();
  const client = useQuery({
    queryKey: keys.client(id ?? ''),
    queryFn: ({ signal }) =>
      ok(http.GET('/api/clients/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: Boolean(id),
  });

  const back = (
    <Anchor component={Link} to={id ? `/clients/${id}` : '/clients'} size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        {id ? (client.data?.legalName ?? t.common.back) : t.client.backToList}
      </Group>
    </Anchor>
  );

  if (id && client.isPending) return <FullPageLoader />;
  if (id && client.isError) {
    return (
      <>
        <PageHeader above={back} title={t.clientForm.editTitle} />
        <QueryError error={client.error} onRetry={() => void client.refetch()} />
      </>
    );
  }
  return (
    <>
      <PageHeader above={back} title={id ? t.clientForm.editTitle : t.clientForm.newTitle} />
      {/* key: a fresh form when switching between clients */}
      <ClientForm key={id ?? 'new'} client={id ? client.data : undefined} />
    </>
  );
}
