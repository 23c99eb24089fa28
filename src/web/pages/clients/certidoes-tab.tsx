import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  type MantineColor,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconFileTypePdf, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  CERTIDAO_FILE_MAX_BYTES,
  CERTIDAO_STATUSES,
  CERTIDAO_TYPES,
  type Certidao,
  type CertidaoSituation,
  type CertidaoStatus,
  type CertidaoType,
  type CertidoesOverview,
  certificateKeys,
  type FileUpload,
  fileToBase64,
  useCertidoes,
} from '../../api/certificates.js';
import { api } from '../../api/client.js';
import type { ClientWithContacts } from '../../api/models.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { DateTextInput } from '../../components/date-text-input.js';
import { FormModal } from '../../components/form-footer.js';
import { QueryError } from '../../components/query-error.js';
import { useT } from '../../i18n/index.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { formatIsoDate, parseBrDate } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { ExpiryBadge } from './certificates-tab.js';

const situationColor: Record<CertidaoSituation, MantineColor> = {
  ok: 'green',
  missing: 'red',
  expired: 'red',
  expiring: 'yellow',
  positiva: 'orange',
  not_required: 'gray',
};

function SituationBadge({ situation, current }: { situation: CertidaoSituation; current: Certidao | null }) {
  const t = useT();
  const c = t.certificates;
  const text =
    situation === 'expiring' && current ? c.certidaoExpiring(current.daysLeft) : c.situations[situation];
  return (
    <Badge color={situationColor[situation]} variant="light" tt="none" className="nowrap">
      {text}
    </Badge>
  );
}

const fileUrl = (clientId: string, c: Certidao) => `/api/clients/${clientId}/certidoes/${c.id}/file`;

function FileLink({ clientId, certidao }: { clientId: string; certidao: Certidao }) {
  const t = useT();
  if (!certidao.file) return <Text c="dimmed">{t.certificates.noFile}</Text>;
  return (
    <Anchor
      href={fileUrl(clientId, certidao)}
      download={certidao.file.name}
      size="sm"
      aria-label={t.certificates.downloadLabel(certidao.file.name)}
    >
      <Group gap={4} wrap="nowrap">
        <IconFileTypePdf size={16} aria-hidden />
        {t.certificates.download}
      </Group>
    </Anchor>
  );
}

interface CertidaoForm {
  type: string;
  status: string;
  issuedOn: string;
  validUntil: string;
  number: string;
  notes: string;
}

function CertidaoModal({
  clientId,
  certidao,
  initialType,
  onClose,
}: {
  clientId: string;
  /** null: a new one. */
  certidao: Certidao | null;
  initialType: CertidaoType | null;
  onClose: () => void;
}) {
  const t = useT();
  const c = t.certificates;
  const queryClient = useQueryClient();
  const [values, setValues] = useState<CertidaoForm>(() => ({
    type: certidao?.type ?? initialType ?? 'federal',
    status: certidao?.status ?? 'negativa',
    issuedOn: certidao ? formatIsoDate(certidao.issuedOn) : '',
    validUntil: certidao ? formatIsoDate(certidao.validUntil) : '',
    number: certidao?.number ?? '',
    notes: certidao?.notes ?? '',
  }));
  const [file, setFile] = useState<File | null>(null);
  const [removeFile, setRemoveFile] = useState(false);
  const { errors, setErrors, formError, setFormError, showServerError } = useServerErrors();
  const set = <K extends keyof CertidaoForm>(field: K, value: CertidaoForm[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _, ...rest }) => rest);
  };

  const save = useMutation({
    mutationFn: async (input: Record<string, unknown>) => {
      const upload: FileUpload | null = file
        ? { name: file.name, contentType: file.type || 'application/pdf', data: await fileToBase64(file) }
        : null;
      const body = { ...input, ...(upload ? { file: upload } : removeFile ? { file: null } : {}) };
      return certidao
        ? api.patch<Certidao>(`/api/clients/${clientId}/certidoes/${certidao.id}`, body)
        : api.post<Certidao>(`/api/clients/${clientId}/certidoes`, body);
    },
    meta: { silent: true },
    onSuccess: () => {
      notifySuccess(c.certidaoSaved);
      void queryClient.invalidateQueries({ queryKey: certificateKeys.certidoes(clientId) });
      onClose();
    },
    onError: (error) => {
      showServerError(error, (path) =>
        path[0] === 'file' || (path[0] && path[0] in values) ? path[0] : null,
      );
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    const issuedOn = parseBrDate(values.issuedOn);
    const validUntil = parseBrDate(values.validUntil);
    if (issuedOn === null) found.issuedOn = t.validation.required;
    else if (issuedOn === undefined) found.issuedOn = t.validation.date;
    if (validUntil === null) found.validUntil = t.validation.required;
    else if (validUntil === undefined) found.validUntil = t.validation.date;
    else if (issuedOn && validUntil < issuedOn) found.validUntil = c.validityBeforeIssue;
    if (file && file.size > CERTIDAO_FILE_MAX_BYTES) found.file = c.fileTooLarge;
    else if (file && !/\.pdf$/i.test(file.name) && file.type !== 'application/pdf') found.file = c.fileNotPdf;
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    save.mutate({
      type: values.type,
      status: values.status,
      issuedOn,
      validUntil,
      number: values.number.trim() || null,
      notes: values.notes.trim() || null,
    });
  };

  return (
    <FormModal
      onClose={onClose}
      title={certidao ? c.certidaoEditTitle : c.certidaoNewTitle}
      size="lg"
      onSubmit={submit}
      saving={save.isPending}
      error={formError}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={c.type}
          required
          data={CERTIDAO_TYPES.map((type) => ({ value: type, label: c.types[type] }))}
          value={values.type}
          onChange={(v) => set('type', v ?? 'federal')}
          allowDeselect={false}
          error={errors.type}
        />
        <Select
          label={c.status}
          required
          data={CERTIDAO_STATUSES.map((s) => ({ value: s, label: c.statuses[s] }))}
          value={values.status}
          onChange={(v) => set('status', v ?? 'negativa')}
          allowDeselect={false}
          error={errors.status}
        />
        <DateTextInput
          label={c.issuedOn}
          required
          value={values.issuedOn}
          onChange={(v) => set('issuedOn', v)}
          error={errors.issuedOn}
          data-autofocus
        />
        <DateTextInput
          label={c.validUntilShort}
          required
          value={values.validUntil}
          onChange={(v) => set('validUntil', v)}
          error={errors.validUntil}
        />
        <TextInput
          label={c.number}
          value={values.number}
          onChange={(e) => set('number', e.currentTarget.value)}
          error={errors.number}
        />
      </SimpleGrid>
      <FileInput
        label={c.fileInput}
        placeholder={c.filePlaceholder}
        accept="application/pdf,.pdf"
        value={file}
        onChange={(f) => {
          setFile(f);
          setErrors(({ file: _, ...rest }) => rest);
        }}
        error={errors.file}
        leftSection={<IconFileTypePdf size={16} aria-hidden />}
        clearable
      />
      {certidao?.file && !file && (
        <Group gap="md">
          <Text size="sm" c="dimmed">
            {c.fileKeep(certidao.file.name)}
          </Text>
          <Checkbox
            label={c.fileRemove}
            checked={removeFile}
            onChange={(e) => setRemoveFile(e.currentTarget.checked)}
          />
        </Group>
      )}
      <Textarea
        label={c.notes}
        value={values.notes}
        onChange={(e) => set('notes', e.currentTarget.value)}
        error={errors.notes}
        autosize
        minRows={2}
      />
    </FormModal>
  );
}

function RequiredTypes({ clientId, overview }: { clientId: string; overview: CertidoesOverview }) {
  const t = useT();
  const c = t.certificates;
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (types: CertidaoType[] | null) =>
      api.put<CertidoesOverview>(`/api/clients/${clientId}/certidoes/required-types`, { types }),
    onSuccess: (data) => {
      queryClient.setQueryData(certificateKeys.certidoes(clientId), data);
      notifySuccess(c.requiredSaved);
    },
  });
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {c.requiredTitle}
        </Text>
        {overview.requiredIsDefault ? (
          <Badge size="sm" variant="light" color="gray" tt="none">
            {c.requiredDefault}
          </Badge>
        ) : (
          <Anchor component="button" type="button" size="sm" onClick={() => save.mutate(null)}>
            {c.requiredReset}
          </Anchor>
        )}
      </Group>
      <Checkbox.Group
        value={overview.requiredTypes}
        onChange={(v) => save.mutate(CERTIDAO_TYPES.filter((type) => v.includes(type)))}
        aria-label={c.requiredTitle}
        description={c.requiredDefaultHint}
      >
        <Group gap="lg" mt={4}>
          {CERTIDAO_TYPES.map((type) => (
            <Checkbox key={type} value={type} label={c.types[type]} disabled={save.isPending} />
          ))}
        </Group>
      </Checkbox.Group>
    </Stack>
  );
}

/** Certidões: the situation of each required type, the required set, and every certidão with its PDF. */
export function CertidoesTab({ client }: { client: ClientWithContacts }) {
  const t = useT();
  const c = t.certificates;
  const queryClient = useQueryClient();
  const overview = useCertidoes(client.id);
  const [editing, setEditing] = useState<{ certidao: Certidao | null; type: CertidaoType | null } | null>(
    null,
  );
  const [toDelete, setToDelete] = useState<Certidao | null>(null);

  const remove = useMutation({
    mutationFn: (x: Certidao) => api.delete(`/api/clients/${client.id}/certidoes/${x.id}`),
    onSuccess: () => {
      notifySuccess(c.certidaoDeleted);
      setToDelete(null);
      void queryClient.invalidateQueries({ queryKey: certificateKeys.certidoes(client.id) });
    },
  });

  const data = overview.data;
  return (
    <Stack gap="lg">
      <Card>
        <Group justify="space-between" mb="xs" align="flex-start">
          <div>
            <Title order={3}>{c.certidoesTitle}</Title>
            <Text size="sm" c="dimmed" maw={680}>
              {c.certidoesIntro}
            </Text>
          </div>
          <Button
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setEditing({ certidao: null, type: null })}
          >
            {c.addCertidao}
          </Button>
        </Group>
        {overview.isError && <QueryError error={overview.error} onRetry={() => void overview.refetch()} />}
        {data && (
          <>
            <Table.ScrollContainer minWidth={720} mt="md">
              <Table aria-label={c.certidoesTitle}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{c.type}</Table.Th>
                    <Table.Th w={170}>{c.situation}</Table.Th>
                    <Table.Th w={120}>{c.validUntilShort}</Table.Th>
                    <Table.Th>{c.status}</Table.Th>
                    <Table.Th w={110}>{c.file}</Table.Th>
                    <Table.Th w={150} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.summary.map((row) => (
                    <Table.Tr key={row.type} c={row.required ? undefined : 'dimmed'}>
                      <Table.Td fw={600}>{c.types[row.type]}</Table.Td>
                      <Table.Td>
                        <SituationBadge situation={row.situation} current={row.current} />
                      </Table.Td>
                      <Table.Td fz="sm">{row.current ? formatIsoDate(row.current.validUntil) : '—'}</Table.Td>
                      <Table.Td fz="sm">{row.current ? c.statuses[row.current.status] : '—'}</Table.Td>
                      <Table.Td>
                        {row.current ? <FileLink clientId={client.id} certidao={row.current} /> : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() => setEditing({ certidao: null, type: row.type })}
                          aria-label={c.addCertidaoOfType(c.types[row.type])}
                        >
                          {c.addCertidao}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Card withBorder mt="md" padding="sm">
              <RequiredTypes clientId={client.id} overview={data} />
            </Card>
          </>
        )}
      </Card>

      {data && (
        <Card>
          <Title order={3} mb="md">
            {c.historyTitle}
          </Title>
          {data.items.length === 0 ? (
            <Text size="sm" c="dimmed" ta="center" py="lg">
              {c.historyEmpty}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table highlightOnHover aria-label={c.historyTitle}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{c.type}</Table.Th>
                    <Table.Th w={110}>{c.issuedOn}</Table.Th>
                    <Table.Th w={110}>{c.validUntilShort}</Table.Th>
                    <Table.Th w={160}>{c.situation}</Table.Th>
                    <Table.Th>{c.status}</Table.Th>
                    <Table.Th w={110}>{c.file}</Table.Th>
                    <Table.Th w={96}>{t.common.actions}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((item) => (
                    <Table.Tr key={item.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {c.types[item.type]}
                        </Text>
                        {item.number && (
                          <Text size="xs" c="dimmed" ff="monospace">
                            {item.number}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td fz="sm">{formatIsoDate(item.issuedOn)}</Table.Td>
                      <Table.Td fz="sm">{formatIsoDate(item.validUntil)}</Table.Td>
                      <Table.Td>
                        <ExpiryBadge
                          state={item.state}
                          daysLeft={item.daysLeft}
                          labels={{
                            valid: c.certidaoValid,
                            expired: c.certidaoExpired,
                            expiring: c.certidaoExpiring,
                          }}
                        />
                      </Table.Td>
                      <Table.Td fz="sm" c={item.status === 'positiva' ? 'orange.8' : undefined}>
                        {c.statuses[item.status as CertidaoStatus]}
                      </Table.Td>
                      <Table.Td>
                        <FileLink clientId={client.id} certidao={item} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon
                            aria-label={c.certidaoEditLabel(c.types[item.type])}
                            onClick={() => setEditing({ certidao: item, type: item.type })}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                          <ActionIcon
                            aria-label={c.certidaoDeleteLabel(c.types[item.type])}
                            color="red"
                            onClick={() => setToDelete(item)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
      )}

      {editing && (
        <CertidaoModal
          key={editing.certidao?.id ?? `new-${editing.type}`}
          clientId={client.id}
          certidao={editing.certidao}
          initialType={editing.type}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmModal
        opened={toDelete !== null}
        message={
          toDelete ? c.certidaoDeleteConfirm(c.types[toDelete.type], formatIsoDate(toDelete.validUntil)) : ''
        }
        loading={remove.isPending}
        onConfirm={() => toDelete && remove.mutate(toDelete)}
        onClose={() => setToDelete(null)}
      />
    </Stack>
  );
}
