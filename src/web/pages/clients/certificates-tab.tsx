import {
  ActionIcon,
  Alert,
  Badge,
  Card,
  FileInput,
  Group,
  List,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCertificate,
  IconDownload,
  IconFileUpload,
  IconKey,
  IconPlus,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  a3Fields,
  createCertificateBody,
  MAX_PKCS12_BYTES,
  updateCertificateBody,
} from '../../../shared/schemas/certificates.js';
import {
  type Certificate,
  type CertificateInspection,
  type CertificatePatch,
  type CertificateSaved,
  certificateKeys,
  type DocumentCheck,
  fileToBase64,
  useCertificates,
} from '../../api/certificates.js';
import { apiUrl, http, ok } from '../../api/client.js';
import type { ClientWithContacts } from '../../api/models.js';
import { useConfirmDelete } from '../../components/confirm-modal.js';
import { DateTextInput } from '../../components/date-text-input.js';
import { FormAlert, FormFooter, FormModal } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { LimitedTextarea, LimitedTextInput } from '../../components/limited-input.js';
import { RowActions } from '../../components/row-actions.js';
import { SmallTable } from '../../components/small-table.js';
import { useT } from '../../i18n/index.js';
import { dateInput, type FieldErrors } from '../../lib/form-errors.js';
import { formatDate, formatDocument, formatIsoDate, maskDocumentInput } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';
import { useServerErrors } from '../../lib/use-server-errors.js';
import { ExpiryBadge, Info, TabHeading } from './certificate-parts.js';

type Dict = ReturnType<typeof useT>;

function docWarning(check: DocumentCheck, t: Dict): string | null {
  if (check === 'mismatch') return t.certificates.docMismatch;
  if (check === 'same_root') return t.certificates.docSameRoot;
  if (check === 'unknown') return t.certificates.docUnknown;
  return null;
}

function DocumentWithCheck({ document, check }: { document: string | null; check: DocumentCheck }) {
  const t = useT();
  const warning = docWarning(check, t);
  return (
    <Group gap={6} wrap="nowrap">
      <Text span size="sm" ff="monospace" c={document ? undefined : 'dimmed'}>
        {formatDocument(document)}
      </Text>
      {warning && (
        <Tooltip label={warning} multiline w={260} withinPortal>
          <IconAlertTriangle
            size={16}
            color="var(--mantine-color-orange-6)"
            role="img"
            aria-label={`${t.certificates.docWarningLabel}: ${warning}`}
          />
        </Tooltip>
      )}
    </Group>
  );
}

// ---------------------------------------------------------------- A1 upload

const a1Body = createCertificateBody.options[0];

function A1Modal({ clientId, onClose }: { clientId: string; onClose: () => void }) {
  const t = useT();
  const c = t.certificates;
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [notes, setNotes] = useState('');
  const { errors, setErrors, formError, setFormError, showServerError, checkWith } = useServerErrors();
  const [read, setRead] = useState<CertificateInspection | null>(null);

  const onError = (error: unknown) => {
    showServerError(error, (path) =>
      path[0] === 'file' || path[0] === 'password' || path[0] === 'notes' ? path[0] : null,
    );
  };

  const body = async () => ({ file: await fileToBase64(file!), password });

  const path = { params: { path: { id: clientId } } };
  const inspect = useMutation({
    mutationFn: async () =>
      ok(http.POST('/api/clients/{id}/certificates/inspect', { ...path, body: await body() })),
    meta: { silent: true },
    onSuccess: (data) => {
      setRead(data);
      setErrors({});
      setFormError(null);
    },
    onError: (error) => {
      setRead(null);
      onError(error);
    },
  });

  const save = useMutation({
    mutationFn: async () =>
      ok(
        http.POST('/api/clients/{id}/certificates', {
          ...path,
          body: { kind: 'a1', ...(await body()), notes: notes.trim() || null },
        }),
      ),
    meta: { silent: true },
    onSuccess: (data) => {
      notifySuccess(data.warnings.length ? c.savedWithWarnings : c.saved);
      void queryClient.invalidateQueries({ queryKey: certificateKeys.certificates(clientId) });
      onClose();
    },
    onError,
  });

  const validate = (): boolean => {
    // The file is checked here (it travels as base64); the rest by the server's schema of an A1.
    const own: FieldErrors = {};
    if (!file) own.file = c.a1FileRequired;
    else if (file.size > MAX_PKCS12_BYTES) own.file = c.a1TooLarge;
    return checkWith(a1Body.omit({ kind: true, file: true }), { password, notes }, own);
  };

  const submit = submitWith(() => {
    if (!validate()) return;
    if (read && !read.duplicate) save.mutate();
    else inspect.mutate();
  });

  return (
    <Modal opened onClose={onClose} title={c.a1Title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {c.intro}
          </Text>
          <FormAlert error={formError} />
          <FileInput
            label={c.a1File}
            placeholder={c.a1FilePlaceholder}
            accept=".pfx,.p12,application/x-pkcs12"
            value={file}
            onChange={(f) => {
              setFile(f);
              setRead(null);
              setErrors(({ file: _, ...rest }) => rest);
            }}
            error={errors.file}
            leftSection={<IconFileUpload size={16} aria-hidden />}
            required
            clearable
            data-autofocus
          />
          <PasswordInput
            label={c.a1Password}
            description={c.a1PasswordHint}
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setRead(null);
              setErrors(({ password: _, ...rest }) => rest);
            }}
            error={errors.password}
            autoComplete="off"
            leftSection={<IconKey size={16} aria-hidden />}
          />

          {read && (
            <Card withBorder padding="md" aria-label={c.a1ReadTitle}>
              <Group justify="space-between" mb="sm">
                <Text fw={600}>{c.a1ReadTitle}</Text>
                <Group gap="xs">
                  {!read.icpBrasil && (
                    <Badge color="orange" variant="light" tt="none">
                      {c.a1NotIcp}
                    </Badge>
                  )}
                  <ExpiryBadge state={read.state} daysLeft={read.daysLeft} />
                </Group>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Info label={c.holder}>{read.holderName}</Info>
                <Info label={c.document}>
                  <DocumentWithCheck document={read.document} check={read.documentCheck} />
                </Info>
                <Info label={c.certificateType}>{read.certificateType ?? '—'}</Info>
                <Info label={c.issuer}>{read.issuer}</Info>
                <Info label={c.validFrom}>{formatDate(read.notBefore)}</Info>
                <Info label={c.validUntil}>{formatIsoDate(read.expiresOn)}</Info>
                {read.responsible?.name && (
                  <Info label={c.responsible}>
                    {read.responsible.name}
                    {read.responsible.cpf ? ` (${formatDocument(read.responsible.cpf, 'cpf')})` : ''}
                  </Info>
                )}
                <Info label={c.serial}>
                  <Text span size="sm" ff="monospace">
                    {read.serialNumber}
                  </Text>
                </Info>
              </SimpleGrid>
              {read.warnings.length > 0 && (
                <Alert color="orange" variant="light" mt="md" icon={<IconAlertTriangle size={18} />}>
                  <List size="sm" spacing={4}>
                    {read.warnings.map((w) => (
                      <List.Item key={w.code}>{w.message}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              {read.duplicate && (
                <Alert color="red" variant="light" mt="md" role="alert">
                  {c.a1Duplicate}
                </Alert>
              )}
            </Card>
          )}

          {read && !read.duplicate && (
            <LimitedTextarea
              field={a3Fields.notes}
              label={c.notes}
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
              autosize
              minRows={2}
              error={errors.notes}
            />
          )}

          <FormFooter
            onCancel={onClose}
            saving={read && !read.duplicate ? save.isPending : inspect.isPending}
            submitLabel={read && !read.duplicate ? c.a1Save : read ? c.a1ReadAgain : c.a1Read}
          />
        </Stack>
      </form>
    </Modal>
  );
}

// ---------------------------------------------------------------- A3 form / A1 notes

type A3Form = {
  holderName: string;
  document: string;
  notAfter: string;
  notBefore: string;
  issuer: string;
  serialNumber: string;
  media: string;
  notes: string;
};

function toA3Form(c: Certificate | null, clientDocument: string): A3Form {
  return {
    holderName: c?.holderName ?? '',
    document: maskDocumentInput(c?.document ?? clientDocument),
    notAfter: c ? formatIsoDate(c.expiresOn) : '',
    notBefore: c?.notBefore ? formatDate(c.notBefore) : '',
    issuer: c?.issuer ?? '',
    serialNumber: c?.serialNumber ?? '',
    media: c?.media ?? 'token',
    notes: c?.notes ?? '',
  };
}

function EditModal({
  client,
  certificate,
  onClose,
}: {
  client: ClientWithContacts;
  /** null: a new A3. */
  certificate: Certificate | null;
  onClose: () => void;
}) {
  const t = useT();
  const c = t.certificates;
  const queryClient = useQueryClient();
  const a1 = certificate?.kind === 'a1';
  const { values, set, text, errors, formError, showServerError, checkWith } = useFormState(() =>
    toA3Form(certificate, client.document),
  );

  const save = useMutation({
    mutationFn: (input: CertificatePatch): Promise<CertificateSaved> =>
      certificate
        ? ok(
            http.PATCH('/api/clients/{id}/certificates/{certificateId}', {
              params: { path: { id: client.id, certificateId: certificate.id } },
              body: input,
            }),
          )
        : ok(
            http.POST('/api/clients/{id}/certificates', {
              params: { path: { id: client.id } },
              body: { kind: 'a3', ...(input as Required<CertificatePatch>) },
            }),
          ),
    meta: { silent: true },
    onSuccess: (data) => {
      notifySuccess(data.warnings.some((w) => w.code.startsWith('document')) ? c.savedWithWarnings : c.saved);
      void queryClient.invalidateQueries({ queryKey: certificateKeys.certificates(client.id) });
      onClose();
    },
    onError: (error) => {
      showServerError(error, (path) => (path[0] && path[0] in values ? path[0] : null));
    },
  });

  const submit = submitWith(() => {
    const body = a1
      ? { notes: values.notes }
      : {
          holderName: values.holderName,
          document: values.document.trim() || undefined,
          notAfter: dateInput(values.notAfter),
          notBefore: dateInput(values.notBefore) ?? null,
          issuer: values.issuer,
          serialNumber: values.serialNumber,
          media: values.media || null,
          notes: values.notes,
        };
    // The server's schema: an A3's fields (new or edited, the form sends them all); an A1 only its notes.
    const valid = a1
      ? checkWith(updateCertificateBody, body)
      : checkWith(createCertificateBody, { kind: 'a3', ...body });
    if (valid) save.mutate(body as CertificatePatch); // checked just above, as the server will
  });

  return (
    <FormModal
      onClose={onClose}
      title={a1 ? c.a1EditTitle : certificate ? c.a3EditTitle : c.a3Title}
      size="lg"
      onSubmit={submit}
      error={formError}
      saving={save.isPending}
    >
      {a1 && certificate ? (
        <>
          <Text size="sm" c="dimmed">
            {c.a1EditHint}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Info label={c.holder}>{certificate.holderName}</Info>
            <Info label={c.document}>
              <DocumentWithCheck document={certificate.document} check={certificate.documentCheck} />
            </Info>
            <Info label={c.issuer}>{certificate.issuer ?? '—'}</Info>
            <Info label={c.validUntil}>{formatIsoDate(certificate.expiresOn)}</Info>
            <Info label={c.serial}>
              <Text span size="sm" ff="monospace">
                {certificate.serialNumber ?? '—'}
              </Text>
            </Info>
            <Info label={c.fingerprint}>
              <Text span size="xs" ff="monospace">
                {certificate.fingerprint ?? '—'}
              </Text>
            </Info>
          </SimpleGrid>
        </>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <LimitedTextInput
            field={a3Fields.holderName}
            label={c.holderName}
            required
            {...text('holderName')}
            data-autofocus
          />
          <TextInput
            label={c.document}
            required
            value={values.document}
            onChange={(e) => set('document', maskDocumentInput(e.currentTarget.value))}
            error={errors.document}
            ff="monospace"
          />
          <DateTextInput
            label={c.expiry}
            required
            value={values.notAfter}
            onChange={(v) => set('notAfter', v)}
            error={errors.notAfter}
          />
          <DateTextInput
            label={c.startDate}
            value={values.notBefore}
            onChange={(v) => set('notBefore', v)}
            error={errors.notBefore}
          />
          <Select
            label={c.media}
            data={[
              { value: 'token', label: c.mediaToken },
              { value: 'card', label: c.mediaCard },
            ]}
            value={values.media}
            onChange={(v) => set('media', v ?? '')}
            clearable
          />
          <LimitedTextInput
            field={a3Fields.issuer}
            label={c.issuer}
            placeholder={c.issuerPlaceholder}
            {...text('issuer')}
          />
          <LimitedTextInput field={a3Fields.serialNumber} label={c.serial} {...text('serialNumber')} />
        </SimpleGrid>
      )}
      <LimitedTextarea field={a3Fields.notes} label={c.notes} {...text('notes')} autosize minRows={2} />
    </FormModal>
  );
}

// ---------------------------------------------------------------- the tab

/** Certificados: the client's A1/A3 certificates with their expiry state. */
export function CertificatesTab({ client }: { client: ClientWithContacts }) {
  const t = useT();
  const c = t.certificates;
  const list = useCertificates(client.id);
  const [uploading, setUploading] = useState(false);
  // undefined: closed; null: new A3; a certificate: editing it.
  const [editing, setEditing] = useState<Certificate | null | undefined>(undefined);
  const remove = useConfirmDelete({
    remove: (cert: Certificate) =>
      ok(
        http.DELETE('/api/clients/{id}/certificates/{certificateId}', {
          params: { path: { id: client.id, certificateId: cert.id } },
        }),
      ),
    queryKey: certificateKeys.certificates(client.id),
    message: (cert) => c.deleteConfirm(cert.holderName),
    done: c.deleted,
  });

  const items = list.data?.items ?? [];
  return (
    <Card>
      <TabHeading title={c.title} intro={c.intro}>
        <IconButton size="xs" icon={IconFileUpload} iconSize={14} onClick={() => setUploading(true)}>
          {c.uploadA1}
        </IconButton>
        <IconButton size="xs" variant="light" icon={IconPlus} iconSize={14} onClick={() => setEditing(null)}>
          {c.addA3}
        </IconButton>
      </TabHeading>

      {list.isSuccess && items.length === 0 && (
        <Stack align="center" py="xl" gap={4}>
          <IconCertificate size={32} color="var(--mantine-color-gray-5)" aria-hidden />
          <Text size="sm" fw={500}>
            {c.empty}
          </Text>
          <Text size="sm" c="dimmed">
            {c.emptyHint}
          </Text>
        </Stack>
      )}
      <SmallTable
        query={list}
        empty={items.length === 0}
        label={c.title}
        minWidth={760}
        mt="md"
        highlightOnHover
        labels={[
          { label: c.kind, w: 90 },
          c.holder,
          c.issuer,
          { label: c.validity, w: 190 },
          { label: t.common.actions, w: 120 },
        ]}
      >
        {items.map((cert) => (
          <Table.Tr key={cert.id}>
            <Table.Td>
              <Stack gap={2}>
                <Badge variant="outline" color={cert.kind === 'a1' ? 'blue' : 'grape'} w="fit-content">
                  {cert.kind.toUpperCase()}
                </Badge>
                {cert.media && (
                  <Text size="xs" c="dimmed">
                    {cert.media === 'token' ? c.mediaToken : c.mediaCard}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td>
              <Text size="sm" fw={600}>
                {cert.holderName}
              </Text>
              <DocumentWithCheck document={cert.document} check={cert.documentCheck} />
              {cert.notes && (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {cert.notes}
                </Text>
              )}
            </Table.Td>
            <Table.Td fz="sm">{cert.issuer ?? '—'}</Table.Td>
            <Table.Td>
              <Stack gap={2}>
                <ExpiryBadge state={cert.state} daysLeft={cert.daysLeft} />
                <Text size="xs" c="dimmed">
                  {c.expiresOn(formatIsoDate(cert.expiresOn))}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td>
              <RowActions
                editLabel={c.editLabel(cert.holderName)}
                deleteLabel={c.deleteLabel(cert.holderName)}
                onEdit={() => setEditing(cert)}
                onDelete={() => remove.ask(cert)}
                extra={
                  cert.hasPublicCertificate && (
                    <ActionIcon
                      component="a"
                      href={apiUrl('/api/clients/{id}/certificates/{certificateId}/certificate.pem', {
                        id: client.id,
                        certificateId: cert.id,
                      })}
                      download
                      aria-label={c.downloadPemLabel(cert.holderName)}
                      variant="subtle"
                    >
                      <IconDownload size={16} />
                    </ActionIcon>
                  )
                }
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </SmallTable>

      {uploading && <A1Modal clientId={client.id} onClose={() => setUploading(false)} />}
      {editing !== undefined && (
        <EditModal
          key={editing?.id ?? 'new'}
          client={client}
          certificate={editing}
          onClose={() => setEditing(undefined)}
        />
      )}
      {remove.dialog}
    </Card>
  );
}
