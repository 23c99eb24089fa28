import {
  ActionIcon,
  Anchor,
  Badge,
  Card,
  Group,
  type MantineColor,
  Menu,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconDotsVertical,
  IconDownload,
  IconEye,
  IconFile,
  IconMessage,
  IconPaperclip,
  IconRotateClockwise,
  IconX,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import {
  type CollectionFile,
  formatBytes,
  type ItemPatch,
  type ItemState,
  isSettled,
  patchItem,
  REQUIREMENTS,
  type RequestDetail,
  type RequestItem,
  requestFileUrl,
  uploadStaffFile,
} from '../../api/collection.js';
import { useSession } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime, formatIsoDate } from '../../lib/format.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';
import {
  CommentModal,
  canPreview,
  FilePreviewModal,
  ReopenItemModal,
  useRefreshRequest,
} from './request-modals.js';

const STATE_COLORS: Record<ItemState, MantineColor> = {
  pending: 'gray',
  received: 'teal',
  none_this_month: 'cyan',
  never_ask_again: 'grape',
  will_send_later: 'blue',
  dispensed: 'gray',
  done: 'teal',
};

interface StaffUpload {
  key: string;
  name: string;
  percent: number;
  error?: string;
}

/** One checklist row: the seed's elements [1]–[7] for one item. */
function ItemRow({
  request,
  item,
  onReopen,
  onComment,
  onPreview,
}: {
  request: RequestDetail;
  item: RequestItem;
  onReopen: () => void;
  onComment: () => void;
  onPreview: (file: CollectionFile) => void;
}) {
  const t = useT();
  const c = t.collection;
  const { office } = useSession();
  const tz = office.timeZone;
  const refresh = useRefreshRequest(request.id);
  const input = useRef<HTMLInputElement>(null);
  const [uploads, setUploads] = useState<StaffUpload[]>([]);
  const closed = request.status === 'closed' || request.status === 'cancelled';

  const patch = useMutation({
    mutationFn: (body: ItemPatch) => patchItem(request.id, item.id, body),
    onSuccess: (_, body) => {
      notifySuccess(body.requirement ? c.requirementChanged : c.itemUpdated);
      refresh();
    },
  });

  const attach = async (files: File[]) => {
    let done = 0;
    for (const file of files) {
      const key = `${file.name}-${Math.random().toString(36).slice(2)}`;
      setUploads((list) => [...list, { key, name: file.name, percent: 0 }]);
      try {
        const result = await uploadStaffFile(request.id, item.id, file, ({ loaded, total }) =>
          setUploads((list) =>
            list.map((u) => (u.key === key ? { ...u, percent: Math.round((loaded / total) * 100) } : u)),
          ),
        );
        // The server keeps the valid files of an upload and says why it refused the others.
        const refused = result.refused[0];
        if (refused) {
          setUploads((list) => list.map((u) => (u.key === key ? { ...u, error: refused.reason } : u)));
          continue;
        }
        done += 1;
        setUploads((list) => list.filter((u) => u.key !== key));
      } catch (error) {
        setUploads((list) => list.map((u) => (u.key === key ? { ...u, error: errorMessage(error, t) } : u)));
      }
    }
    if (done > 0) {
      notifySuccess(c.attached(done));
      refresh();
    }
  };

  const answered = ['none_this_month', 'never_ask_again', 'will_send_later'].includes(item.state);
  const by = item.answeredBy?.name ?? null;
  return (
    <Table.Tr data-item={item.name} data-state={item.state}>
      <Table.Td>
        <Text size="sm" fw={600}>
          {item.name}
        </Text>
        <Text size="xs" c="dimmed">
          {c.kinds[item.kind]}
        </Text>
        <Badge size="sm" variant="light" color={STATE_COLORS[item.state]} mt={4} tt="none">
          {c.states[item.state]}
        </Badge>
      </Table.Td>
      {/* [1] files; [2]/[3]/"Vou enviar depois" with their date */}
      <Table.Td>
        <Stack gap={4}>
          {item.files.map((file) => (
            <div key={file.id}>
              <Group gap={4} wrap="nowrap">
                <IconFile size={14} aria-hidden style={{ flexShrink: 0 }} />
                <Anchor
                  href={requestFileUrl(request.id, file.id)}
                  download={file.name}
                  size="sm"
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {file.name}
                </Anchor>
                <Tooltip label={c.download(file.name)}>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    component="a"
                    href={requestFileUrl(request.id, file.id)}
                    download={file.name}
                    aria-label={c.download(file.name)}
                  >
                    <IconDownload size={14} />
                  </ActionIcon>
                </Tooltip>
                {canPreview(file) && (
                  <Tooltip label={c.previewFile(file.name)}>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label={c.previewFile(file.name)}
                      onClick={() => onPreview(file)}
                    >
                      <IconEye size={14} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {formatBytes(file.size)} ·{' '}
                {c.fileBy(file.uploadedBy.name, formatDateTime(file.uploadedAt, tz))}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace" title={file.sha256} truncate="end" maw={260}>
                {c.sha256} {file.sha256}
              </Text>
              {file.warnings.map((w) => (
                <Group key={w} gap={4} wrap="nowrap">
                  <IconAlertTriangle
                    size={14}
                    color="var(--mantine-color-yellow-7)"
                    aria-label={c.fileWarning}
                  />
                  <Text size="xs" c="yellow.8">
                    {w}
                  </Text>
                </Group>
              ))}
            </div>
          ))}
          {answered && item.answeredAt && (
            <Text size="sm">
              {item.state === 'will_send_later' && item.sendLaterOn
                ? c.sendLaterOn(formatIsoDate(item.sendLaterOn))
                : c.states[item.state]}{' '}
              <Text span size="xs" c="dimmed">
                {c.answeredOn(formatDateTime(item.answeredAt, tz), by)}
              </Text>
            </Text>
          )}
          {item.files.length === 0 && !answered && (
            <Text size="sm" c="dimmed">
              {c.noFiles}
            </Text>
          )}
          {uploads.map((u) => (
            <Stack key={u.key} gap={2}>
              <Text size="xs">{u.name}</Text>
              <Progress value={u.percent} color={u.error ? 'red' : undefined} size="sm" aria-label={u.name} />
              {u.error && (
                <Text size="xs" c="red" role="alert">
                  {u.error}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      </Table.Td>
      {/* [4] responsible, and who changed the item when */}
      <Table.Td>
        <Text size="sm" c={item.responsible ? undefined : 'dimmed'}>
          {item.responsible?.name ?? request.responsible?.name ?? c.noResponsible}
        </Text>
        <Text size="xs" c="dimmed">
          {c.changedBy(formatDateTime(item.changedAt, tz), item.changedBy?.name ?? null)}
        </Text>
      </Table.Td>
      {/* [5] requirement */}
      <Table.Td>
        <Select
          size="xs"
          w={170}
          aria-label={`${c.colRequirement}: ${item.name}`}
          data={REQUIREMENTS.map((r) => ({ value: r, label: c.requirements[r] }))}
          value={item.requirement}
          onChange={(v) => v && v !== item.requirement && patch.mutate({ requirement: v })}
          allowDeselect={false}
          disabled={closed || patch.isPending}
          comboboxProps={{ withinPortal: true }}
        />
      </Table.Td>
      {/* [6] comment */}
      <Table.Td>
        <Group gap={4} wrap="nowrap" align="flex-start">
          <Text size="sm" c={item.comment ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', flex: 1 }}>
            {item.comment || '—'}
          </Text>
          <Tooltip label={c.commentEdit(item.name)}>
            <ActionIcon size="sm" variant="subtle" aria-label={c.commentEdit(item.name)} onClick={onComment}>
              <IconMessage size={14} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
      {/* [7] attach; reopen, dispense, done */}
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <input
            ref={input}
            type="file"
            multiple={item.multiple}
            hidden
            aria-label={c.attachFor(item.name)}
            data-testid={`attach-${item.id}`}
            onChange={(e) => {
              const files = [...(e.currentTarget.files ?? [])];
              e.currentTarget.value = '';
              if (files.length > 0) void attach(files);
            }}
          />
          <Tooltip label={c.attachFor(item.name)}>
            <ActionIcon
              variant="light"
              aria-label={c.attachFor(item.name)}
              onClick={() => input.current?.click()}
              disabled={closed}
            >
              <IconPaperclip size={16} />
            </ActionIcon>
          </Tooltip>
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon variant="subtle" aria-label={c.itemActions(item.name)} disabled={closed}>
                <IconDotsVertical size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {(isSettled(item.state) || item.state === 'will_send_later') && (
                <Menu.Item leftSection={<IconRotateClockwise size={16} aria-hidden />} onClick={onReopen}>
                  {c.reopenItem}
                </Menu.Item>
              )}
              {item.kind === 'activity' && item.state !== 'done' && (
                <Menu.Item
                  leftSection={<IconCheck size={16} aria-hidden />}
                  onClick={() => patch.mutate({ state: 'done' })}
                >
                  {c.markDone}
                </Menu.Item>
              )}
              {!isSettled(item.state) && (
                <Menu.Item
                  leftSection={<IconX size={16} aria-hidden />}
                  onClick={() => patch.mutate({ state: 'dispensed' })}
                >
                  {c.dispense}
                </Menu.Item>
              )}
              {(item.state === 'dispensed' || item.state === 'done') && (
                <Menu.Item
                  leftSection={<IconRotateClockwise size={16} aria-hidden />}
                  onClick={() => patch.mutate({ state: 'pending' })}
                >
                  {c.backToPending}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** The tracking screen's checklist: one row per item, in the model's order. */
export function RequestChecklist({ request }: { request: RequestDetail }) {
  const t = useT();
  const c = t.collection;
  const [reopening, setReopening] = useState<RequestItem | null>(null);
  const [commenting, setCommenting] = useState<RequestItem | null>(null);
  const [previewing, setPreviewing] = useState<CollectionFile | null>(null);
  const items = [...request.items].sort((a, b) => a.position - b.position);
  return (
    <Card p={0}>
      <Table.ScrollContainer minWidth={1000}>
        <Table aria-label={c.tabChecklist2} verticalSpacing="sm" data-testid="request-checklist">
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={170}>{c.colItem}</Table.Th>
              <Table.Th miw={260}>{c.colFiles}</Table.Th>
              <Table.Th>{c.colItemResponsible}</Table.Th>
              <Table.Th>{c.colRequirement}</Table.Th>
              <Table.Th miw={160}>{c.colComment}</Table.Th>
              <Table.Th w={90}>{c.colItemActions}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <ItemRow
                key={item.id}
                request={request}
                item={item}
                onReopen={() => setReopening(item)}
                onComment={() => setCommenting(item)}
                onPreview={setPreviewing}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {reopening && (
        <ReopenItemModal requestId={request.id} item={reopening} onClose={() => setReopening(null)} />
      )}
      {commenting && (
        <CommentModal requestId={request.id} item={commenting} onClose={() => setCommenting(null)} />
      )}
      {previewing && (
        <FilePreviewModal requestId={request.id} file={previewing} onClose={() => setPreviewing(null)} />
      )}
    </Card>
  );
}
