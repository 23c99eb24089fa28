import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import {
  IconAlertTriangle,
  IconCalendarClock,
  IconCameraPlus,
  IconCheck,
  IconCircleCheck,
  IconFile,
  IconMessage,
  IconPlayerStop,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import {
  acceptsFile,
  answerPortalItem,
  collectionKeys,
  deletePortalFile,
  formatBytes,
  isSettled,
  type PortalAnswer,
  type PortalItem,
  uploadPortalFile,
} from '../../api/collection.js';
import { IconBadge } from '../../components/icon-badge.js';
import { IconButton } from '../../components/icon-button.js';
import { useT } from '../../i18n/index.js';
import { addDays, formatDateTime, formatIsoDate, todayIn } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';

/** The MIME types of the extensions an item accepts, so the phone's picker offers those (and the camera). */
const MIME_OF: Record<string, string[]> = {
  pdf: ['application/pdf'],
  xml: ['application/xml', 'text/xml'],
  ofx: ['application/x-ofx', 'application/vnd.intu.qfx'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  csv: ['text/csv'],
  txt: ['text/plain'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  xls: ['application/vnd.ms-excel'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  zip: ['application/zip', 'application/x-zip-compressed'],
};

/** `{ mime: ['.ext'] }` for react-dropzone; undefined (anything) when the item lists no type. */
export function acceptOf(types: readonly string[]): Record<string, string[]> | undefined {
  if (types.length === 0) return undefined;
  const accept: Record<string, string[]> = {};
  for (const raw of types) {
    const ext = raw.toLowerCase().replace(/^\./, '');
    const exts = ext === 'jpg' ? ['.jpg', '.jpeg'] : [`.${ext}`];
    for (const mime of MIME_OF[ext] ?? ['application/octet-stream']) {
      accept[mime] = [...new Set([...(accept[mime] ?? []), ...exts])];
    }
  }
  return accept;
}

interface Upload {
  key: string;
  name: string;
  loaded: number;
  total: number;
  status: 'uploading' | 'done' | 'error';
  error?: string;
  controller: AbortController;
}

const typesText = (types: readonly string[]) => types.map((x) => x.toUpperCase()).join(', ');

/** Where the client's page remembers the files whose warning the client chose to keep. */
const KEPT_KEY = 'expediente.collection.kept';

/**
 * The files whose content warning the client answered with Manter, on this device: opening the page again
 * does not ask again (the office still sees the warning on its tracking screen). Storage may be off
 * (private mode): then the choice lasts while the page is open.
 */
function readKept(): Set<string> {
  try {
    const ids: unknown = JSON.parse(window.localStorage.getItem(KEPT_KEY) ?? '[]');
    return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function rememberKept(fileId: string) {
  try {
    // The latest 500 are plenty for one client's requests.
    const ids = [...readKept(), fileId].slice(-500);
    window.localStorage.setItem(KEPT_KEY, JSON.stringify(ids));
  } catch {
    // Storage off: kept for this visit only.
  }
}

/**
 * One item of the client's page: what is asked, its files (each with a progress bar while it goes, one
 * request per file), the content warnings with Manter / Substituir, and the three answers worded so the
 * consequence is plain. `token` null is the office's preview: everything shows, nothing can be sent.
 */
export function PortalItemCard({
  item,
  token,
  timeZone,
}: {
  item: PortalItem;
  token: string | null;
  timeZone?: string;
}) {
  const t = useT();
  const p = t.collection.portal;
  const queryClient = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [kept, setKept] = useState<Set<string>>(readKept);
  const [choosing, setChoosing] = useState(false);
  const [laterOpen, setLaterOpen] = useState(false);
  const [laterDate, setLaterDate] = useState('');
  const [laterError, setLaterError] = useState<string | null>(null);
  const openPicker = useRef<() => void>(null);
  const readOnly = token === null;
  const refresh = () => {
    if (token) void queryClient.invalidateQueries({ queryKey: collectionKeys.portal(token) });
  };

  const patchUpload = (key: string, change: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const send = async (file: File) => {
    if (!token) return;
    const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
    const controller = new AbortController();
    setUploads((list) => [
      ...list,
      { key, name: file.name, loaded: 0, total: file.size, status: 'uploading', controller },
    ]);
    try {
      await uploadPortalFile(token, item.id, file, {
        signal: controller.signal,
        onProgress: ({ loaded, total }) => patchUpload(key, { loaded, total }),
      });
      patchUpload(key, { status: 'done', loaded: file.size });
      refresh();
      // A finished upload leaves its bar for a moment, then the file shows in the list above.
      setTimeout(() => setUploads((list) => list.filter((u) => u.key !== key)), 1500);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') {
        setUploads((list) => list.filter((u) => u.key !== key));
        return;
      }
      patchUpload(key, { status: 'error', error: errorMessage(error, t) });
    }
  };

  const onFiles = (files: File[]) => {
    const problems: string[] = [];
    const good: File[] = [];
    for (const file of files) {
      if (!acceptsFile(item.acceptedTypes, file.name)) {
        problems.push(p.wrongType(file.name, typesText(item.acceptedTypes)));
      } else if (file.size > item.maxBytes) {
        problems.push(p.tooLarge(file.name, formatBytes(item.maxBytes)));
      } else if (file.size === 0) {
        problems.push(p.empty(file.name));
      } else {
        good.push(file);
      }
    }
    if (!item.multiple && good.length > 1) {
      problems.push(p.onlyOne);
      good.splice(1);
    }
    setErrors(problems);
    for (const file of good) void send(file);
  };

  const onReject = (rejections: FileRejection[]) =>
    setErrors(
      rejections.map(({ file, errors: why }) => {
        const code = why[0]?.code;
        if (code === 'file-too-large') return p.tooLarge(file.name, formatBytes(item.maxBytes));
        if (code === 'too-many-files') return p.onlyOne;
        return p.wrongType(file.name, typesText(item.acceptedTypes));
      }),
    );

  const removeFile = useMutation({
    mutationFn: (fileId: string) => deletePortalFile(token ?? '', fileId),
    meta: { silent: true },
    onSuccess: () => {
      notifySuccess(p.removed);
      refresh();
    },
    onError: (error) => setErrors([errorMessage(error, t)]),
  });

  const answer = useMutation({
    mutationFn: (body: { answer: PortalAnswer; sendLaterOn?: string }) =>
      answerPortalItem(token ?? '', item.id, body),
    meta: { silent: true },
    onSuccess: () => {
      notifySuccess(p.answered);
      setChoosing(false);
      setLaterOpen(false);
      refresh();
    },
    onError: (error) => setErrors([errorMessage(error, t)]),
  });

  const tomorrow = addDays(todayIn(timeZone), 1);
  const confirmLater = () => {
    if (!laterDate || laterDate < tomorrow) {
      setLaterError(p.laterInvalid);
      return;
    }
    setLaterError(null);
    answer.mutate({ answer: 'will_send_later', sendLaterOn: laterDate });
  };

  const isFileItem = item.kind === 'file';
  const answered = ['none_this_month', 'never_ask_again', 'will_send_later'].includes(item.state);
  const settled = isSettled(item.state);
  const showAnswers = isFileItem && !readOnly && (item.state === 'pending' || choosing);
  const canUpload =
    isFileItem && (item.multiple || item.files.length === 0) && !['dispensed', 'done'].includes(item.state);
  const requirementColor =
    item.requirement === 'required' ? 'red' : item.requirement === 'should' ? 'orange' : 'gray';

  return (
    <Paper withBorder p="md" radius="md" data-item={item.name} data-state={item.state}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Text fw={700} size="md">
              {item.name}
            </Text>
            {item.instructions && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {item.instructions}
              </Text>
            )}
          </div>
          {settled ? (
            <IconBadge icon={IconCircleCheck} color="teal" style={{ flexShrink: 0 }}>
              {item.state === 'received' ? p.stateReceived : p.stateDone}
            </IconBadge>
          ) : (
            <Badge color={requirementColor} variant="outline" tt="none" style={{ flexShrink: 0 }}>
              {p.requirement[item.requirement]}
            </Badge>
          )}
        </Group>

        {item.comment && (
          <Alert color="blue" variant="light" icon={<IconMessage aria-hidden />} title={p.officeNote}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {item.comment}
            </Text>
          </Alert>
        )}

        {!isFileItem && (
          <Text size="sm" c="dimmed">
            {p.officeActivity}
          </Text>
        )}

        {isFileItem && (
          <Text size="xs" c="dimmed">
            {item.acceptedTypes.length > 0
              ? p.accepted(typesText(item.acceptedTypes), formatBytes(item.maxBytes))
              : p.acceptedAny(formatBytes(item.maxBytes))}
          </Text>
        )}

        {item.files.length > 0 && (
          <Stack gap={6} aria-label={p.sentFiles}>
            {item.files.map((file) => (
              <Stack key={file.id} gap={4}>
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                    <IconFile size={16} aria-hidden style={{ flexShrink: 0 }} />
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {file.name}
                    </Text>
                    <Text size="xs" c="dimmed" className="nowrap">
                      {formatBytes(file.size)} · {formatDateTime(file.uploadedAt, timeZone)}
                    </Text>
                  </Group>
                  {!readOnly && file.mine && (
                    <ActionIcon
                      color="red"
                      variant="subtle"
                      size="lg"
                      aria-label={p.removeFile(file.name)}
                      loading={removeFile.isPending && removeFile.variables === file.id}
                      onClick={() => removeFile.mutate(file.id)}
                    >
                      <IconTrash size={18} />
                    </ActionIcon>
                  )}
                </Group>
                {file.warnings.length > 0 && !kept.has(file.id) && (
                  <Alert
                    color="yellow"
                    variant="light"
                    icon={<IconAlertTriangle aria-hidden />}
                    title={p.warningTitle}
                    data-testid="file-warning"
                  >
                    {file.warnings.map((w) => (
                      <Text size="sm" key={w}>
                        {w}
                      </Text>
                    ))}
                    {!readOnly && file.mine && (
                      <Group gap="xs" mt="xs">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => {
                            setKept((s) => new Set(s).add(file.id));
                            rememberKept(file.id);
                            notifySuccess(p.kept);
                          }}
                        >
                          {p.keep}
                        </Button>
                        <Button
                          size="xs"
                          color="yellow"
                          onClick={() =>
                            removeFile.mutate(file.id, { onSuccess: () => openPicker.current?.() })
                          }
                        >
                          {p.replace}
                        </Button>
                      </Group>
                    )}
                  </Alert>
                )}
              </Stack>
            ))}
          </Stack>
        )}

        {uploads.map((u) => (
          <Stack key={u.key} gap={2}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {u.status === 'done' ? (
                  <IconCheck size={14} aria-hidden color="var(--mantine-color-teal-6)" />
                ) : null}{' '}
                {u.name}
              </Text>
              {u.status === 'uploading' && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={p.cancelUpload(u.name)}
                  onClick={() => u.controller.abort()}
                >
                  <IconPlayerStop size={16} />
                </ActionIcon>
              )}
            </Group>
            <Progress
              value={u.total > 0 ? Math.round((u.loaded / u.total) * 100) : 0}
              color={u.status === 'error' ? 'red' : u.status === 'done' ? 'teal' : undefined}
              animated={u.status === 'uploading'}
              aria-label={p.uploading(u.name)}
              size="lg"
            />
            {u.error && (
              <Text size="sm" c="red" role="alert">
                {u.error}
              </Text>
            )}
          </Stack>
        ))}

        {canUpload && (
          <Dropzone
            onDrop={onFiles}
            onReject={onReject}
            accept={acceptOf(item.acceptedTypes)}
            maxSize={item.maxBytes}
            multiple={item.multiple}
            disabled={readOnly}
            openRef={openPicker}
            p="md"
            inputProps={{ 'aria-label': p.chooseFile(item.name) }}
            data-testid="portal-dropzone"
          >
            <Group justify="center" gap="sm" mih={56} style={{ pointerEvents: 'none' }}>
              <IconCameraPlus
                size={28}
                stroke={1.5}
                aria-hidden
                color="var(--mantine-primary-color-filled)"
              />
              <div>
                <Text size="sm" fw={600}>
                  {p.drop}
                </Text>
                <Text size="xs" c="dimmed" visibleFrom="sm">
                  {p.dropDesktop}
                </Text>
              </div>
            </Group>
          </Dropzone>
        )}

        {errors.length > 0 && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
            {errors.map((m) => (
              <Text size="sm" key={m}>
                {m}
              </Text>
            ))}
          </Alert>
        )}

        {isFileItem && answered && !choosing && (
          <Group justify="space-between" gap="xs">
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                {p.yourAnswer}:{' '}
              </Text>
              {item.state === 'will_send_later' && item.sendLaterOn
                ? p.stateLater(formatIsoDate(item.sendLaterOn))
                : t.collection.states[item.state]}
            </Text>
            {!readOnly && (
              <Button size="compact-sm" variant="subtle" onClick={() => setChoosing(true)}>
                {p.changeAnswer}
              </Button>
            )}
          </Group>
        )}

        {(showAnswers || (readOnly && isFileItem && item.state === 'pending')) && (
          <Stack gap={6}>
            <Text size="sm" fw={600}>
              {p.orAnswer}
            </Text>
            <AnswerButton
              label={p.noneThisMonth}
              hint={p.noneThisMonthHint}
              disabled={readOnly || answer.isPending}
              onClick={() => answer.mutate({ answer: 'none_this_month' })}
            />
            <AnswerButton
              label={p.neverAsk}
              hint={p.neverAskHint}
              disabled={readOnly || answer.isPending}
              onClick={() => answer.mutate({ answer: 'never_ask_again' })}
            />
            <AnswerButton
              label={p.later}
              hint={p.laterHint}
              disabled={readOnly || answer.isPending}
              onClick={() => setLaterOpen((open) => !open)}
            />
            {laterOpen && (
              <Group align="flex-end" gap="xs">
                <TextInput
                  type="date"
                  label={p.laterDate}
                  min={tomorrow}
                  value={laterDate}
                  onChange={(e) => setLaterDate(e.currentTarget.value)}
                  error={laterError}
                  style={{ flex: 1 }}
                />
                <IconButton icon={IconCalendarClock} onClick={confirmLater} loading={answer.isPending}>
                  {p.laterConfirm}
                </IconButton>
              </Group>
            )}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

function AnswerButton({
  label,
  hint,
  disabled,
  onClick,
}: {
  label: string;
  hint: string;
  disabled: boolean;
  onClick: () => void;
}) {
  return (
    <Button
      variant="default"
      fullWidth
      h="auto"
      py={8}
      justify="flex-start"
      disabled={disabled}
      onClick={onClick}
      styles={{
        root: { height: 'auto' },
        inner: { height: 'auto', justifyContent: 'flex-start' },
        label: { whiteSpace: 'normal', textAlign: 'left', display: 'block', overflow: 'visible' },
      }}
    >
      <Text size="sm" fw={600} span display="block">
        {label}
      </Text>
      <Text size="xs" c="dimmed" span display="block" fw={400}>
        {hint}
      </Text>
    </Button>
  );
}
