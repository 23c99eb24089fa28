import {
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
} from '@mantine/core';
import { IconFileTypePdf, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createCertidaoBody, MAX_CERTIDAO_FILE_BYTES } from '../../../shared/schemas/certificates.js';
import {
  CERTIDAO_STATUSES,
  CERTIDAO_TYPES,
  type Certidao,
  type CertidaoInput,
  type CertidaoSituation,
  type CertidaoType,
  type CertidoesOverview,
  certificateKeys,
  type FileUpload,
  fileToBase64,
  useCertidoes,
} from '../../api/certificates.js';
import { apiUrl, http, ok } from '../../api/client.js';
import type { ClientWithContacts } from '../../api/models.js';
import { useConfirmDelete } from '../../components/confirm-modal.js';
import { DateTextInput } from '../../components/date-text-input.js';
import { FormModal } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { LimitedTextarea, LimitedTextInput } from '../../components/limited-input.js';
import { QueryError } from '../../components/query-error.js';
import { RowActions } from '../../components/row-actions.js';
import { SmallTable } from '../../components/small-table.js';
import { TitledCard } from '../../components/titled-card.js';
import { useT } from '../../i18n/index.js';
import { dateInput, type FieldErrors } from '../../lib/form-errors.js';
import { formatIsoDate } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import { ExpiryBadge, TabHeading } from './certificate-parts.js';

const fields = createCertidaoBody.shape;

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

const fileUrl = (clientId: string, c: Certidao) =>
  apiUrl('/api/clients/{id}/certidoes/{certidaoId}/file', { id: clientId, certidaoId: c.id });

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

type CertidaoForm = {
  type: string;
  status: string;
  issuedOn: string;
  validUntil: string;
  number: string;
  notes: string;
};

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
  const { values, set, text, errors, setErrors, formError, showServerError, checkWith } =
    useFormState<CertidaoForm>(() => ({
      type: certidao?.type ?? initialType ?? 'federal',
      status: certidao?.status ?? 'negativa',
      issuedOn: certidao ? formatIsoDate(certidao.issuedOn) : '',
      validUntil: certidao ? formatIsoDate(certidao.validUntil) : '',
      number: certidao?.number ?? '',
      notes: certidao?.notes ?? '',
    }));
  const [file, setFile] = useState<File | null>(null);
  const [removeFile, setRemoveFile] = useState(false);

  const save = useMutation({
    mutationFn: async (input: Omit<CertidaoInput, 'file'>) => {
      const upload: FileUpload | null = file
        ? { name: file.name, contentType: file.type || 'application/pdf', data: await fileToBase64(file) }
        : null;
      const body = { ...input, ...(upload ? { file: upload } : removeFile ? { file: null } : {}) };
      const params = { path: { id: clientId } };
      return certidao
        ? ok(
            http.PATCH('/api/clients/{id}/certidoes/{certidaoId}', {
              params: { path: { ...params.path, certidaoId: certidao.id } },
              body,
            }),
          )
        : ok(http.POST('/api/clients/{id}/certidoes', { params, body }));
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

  const submit = submitWith(() => {
    const body = {
      type: values.type,
      status: values.status,
      issuedOn: dateInput(values.issuedOn),
      validUntil: dateInput(values.validUntil),
      number: values.number,
      notes: values.notes,
    };
    // The server's schema (dates, lengths, validity after issue; the form sends every field, new or
    // edited); the PDF is checked here, before it is read.
    const own: FieldErrors = {};
    if (file && file.size > MAX_CERTIDAO_FILE_BYTES) own.file = c.fileTooLarge;
    else if (file && !/\.pdf$/i.test(file.name) && file.type !== 'application/pdf') own.file = c.fileNotPdf;
    // checked just above, as the server will
    if (checkWith(createCertidaoBody, body, own)) save.mutate(body as Omit<CertidaoInput, 'file'>);
  });

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
        <LimitedTextInput field={fields.number} label={c.number} {...text('number')} />
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
      <LimitedTextarea field={fields.notes} label={c.notes} {...text('notes')} autosize minRows={2} />
    </FormModal>
  );
}

function RequiredTypes({ clientId, overview }: { clientId: string; overview: CertidoesOverview }) {
  const t = useT();
  const c = t.certificates;
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (types: CertidaoType[] | null) =>
      ok(
        http.PUT('/api/clients/{id}/certidoes/required-types', {
          params: { path: { id: clientId } },
          body: { types },
        }),
      ),
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
  const overview = useCertidoes(client.id);
  const [editing, setEditing] = useState<{ certidao: Certidao | null; type: CertidaoType | null } | null>(
    null,
  );
  const remove = useConfirmDelete({
    remove: (x: Certidao) =>
      ok(
        http.DELETE('/api/clients/{id}/certidoes/{certidaoId}', {
          params: { path: { id: client.id, certidaoId: x.id } },
        }),
      ),
    queryKey: certificateKeys.certidoes(client.id),
    message: (x) => c.certidaoDeleteConfirm(c.types[x.type], formatIsoDate(x.validUntil)),
    done: c.certidaoDeleted,
  });

  const data = overview.data;
  return (
    <Stack gap="lg">
      <Card>
        <TabHeading title={c.certidoesTitle} intro={c.certidoesIntro}>
          <IconButton
            size="xs"
            icon={IconPlus}
            iconSize={14}
            onClick={() => setEditing({ certidao: null, type: null })}
          >
            {c.addCertidao}
          </IconButton>
        </TabHeading>
        {overview.isError && <QueryError error={overview.error} onRetry={() => void overview.refetch()} />}
        {data && (
          <>
            <SmallTable
              label={c.certidoesTitle}
              minWidth={720}
              mt="md"
              labels={[
                c.type,
                { label: c.situation, w: 170 },
                { label: c.validUntilShort, w: 120 },
                c.status,
                { label: c.file, w: 110 },
                { label: '', w: 150 },
              ]}
            >
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
            </SmallTable>
            <Card withBorder mt="md" padding="sm">
              <RequiredTypes clientId={client.id} overview={data} />
            </Card>
          </>
        )}
      </Card>

      {data && (
        <TitledCard title={c.historyTitle}>
          {data.items.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="lg">
              {c.historyEmpty}
            </Text>
          )}
          <SmallTable
            empty={data.items.length === 0}
            label={c.historyTitle}
            minWidth={760}
            highlightOnHover
            labels={[
              c.type,
              { label: c.issuedOn, w: 110 },
              { label: c.validUntilShort, w: 110 },
              { label: c.situation, w: 160 },
              c.status,
              { label: c.file, w: 110 },
              { label: t.common.actions, w: 96 },
            ]}
          >
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
                  {c.statuses[item.status]}
                </Table.Td>
                <Table.Td>
                  <FileLink clientId={client.id} certidao={item} />
                </Table.Td>
                <Table.Td>
                  <RowActions
                    editLabel={c.certidaoEditLabel(c.types[item.type])}
                    deleteLabel={c.certidaoDeleteLabel(c.types[item.type])}
                    onEdit={() => setEditing({ certidao: item, type: item.type })}
                    onDelete={() => remove.ask(item)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </SmallTable>
        </TitledCard>
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
      {remove.dialog}
    </Stack>
  );
}
