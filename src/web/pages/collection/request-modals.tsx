import { Checkbox, Image, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  CLOSE_STATUSES,
  type CloseInput,
  type CollectionFile,
  closeRequest,
  collectionKeys,
  patchItem,
  type RequestDetail,
  type RequestItem,
  reopenItem,
  requestFileUrl,
  transferRequest,
} from '../../api/collection.js';
import { useUsers } from '../../api/queries.js';
import { FormModal } from '../../components/form-footer.js';
import { useT } from '../../i18n/index.js';
import { errorMessage, notifySuccess } from '../../lib/notify.js';

/** Refreshes the programação, its history and the grid after a write. */
export function useRefreshRequest(id: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: collectionKeys.request(id) });
    void queryClient.invalidateQueries({ queryKey: collectionKeys.history(id) });
    void queryClient.invalidateQueries({ queryKey: ['collection', 'requests'] });
  };
}

/**
 * A modal's write on the programação: its error shown in the modal (not as a notification); on success the
 * notice `done` names, the programação refreshed and the modal closed. `modalProps(input, problem)` are the
 * `FormModal`'s: a submit runs the write with `input()` unless `problem()` names what is wrong.
 */
function useRequestWrite<T>(
  requestId: string,
  onClose: () => void,
  write: (input: T) => Promise<unknown>,
  done: () => string,
) {
  const t = useT();
  const refresh = useRefreshRequest(requestId);
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: write,
    meta: { silent: true },
    onSuccess: () => {
      notifySuccess(done());
      refresh();
      onClose();
    },
    onError: (err) => setError(errorMessage(err, t)),
  });
  const modalProps = (input: () => T, problem: () => string | null = () => null) => ({
    onClose,
    error,
    saving: mutation.isPending,
    onSubmit: (event: FormEvent) => {
      event.preventDefault();
      const message = problem();
      setError(message);
      if (!message) mutation.mutate(input());
    },
  });
  return modalProps;
}

const OTHER = '__other__';
type CloseStatus = (typeof CLOSE_STATUSES)[number];

/**
 * Baixa: Status (Entregue, Entregue com pendências, Cancelado, or the office's own text, which counts as one
 * of those three) and Observação; available at any time, even with the checklist open.
 */
export function BaixaModal({ request, onClose }: { request: RequestDetail; onClose: () => void }) {
  const t = useT();
  const c = t.collection;
  const allSettled = request.progress.settled === request.progress.total;
  const [choice, setChoice] = useState<string>(allSettled ? 'delivered' : 'delivered_with_pending');
  const [countsAs, setCountsAs] = useState<CloseStatus>('delivered');
  const [other, setOther] = useState('');
  const [note, setNote] = useState('');
  const modalProps = useRequestWrite(
    request.id,
    onClose,
    (body: CloseInput) => closeRequest(request.id, body),
    () => c.baixaDone,
  );
  const custom = other.trim();
  const problem = () => {
    if (choice === OTHER && !custom) return c.required;
    return custom.length > 60 ? c.baixaOtherTooLong : null;
  };
  const body = (): CloseInput => ({
    status: choice === OTHER ? countsAs : (choice as CloseStatus),
    ...(choice === OTHER ? { customStatus: custom } : {}),
    ...(note.trim() ? { note: note.trim() } : {}),
  });
  const statusOptions = CLOSE_STATUSES.map((s) => ({ value: s, label: c.closeStatuses[s] }));
  return (
    <FormModal title={c.baixaTitle} submitLabel={c.baixa} {...modalProps(body, problem)}>
      <Text size="sm" c="dimmed">
        {c.baixaHint}
      </Text>
      <Select
        label={c.baixaStatus}
        data={[...statusOptions, { value: OTHER, label: c.baixaOther }]}
        value={choice}
        onChange={(v) => v && setChoice(v)}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
      />
      {choice === OTHER && (
        <>
          <TextInput
            label={c.baixaOtherLabel}
            placeholder={c.baixaOtherPlaceholder}
            maxLength={60}
            value={other}
            onChange={(e) => setOther(e.currentTarget.value)}
            data-autofocus
          />
          <Select
            label={c.baixaCountsAs}
            data={statusOptions}
            value={countsAs}
            onChange={(v) => v && setCountsAs(v as CloseStatus)}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </>
      )}
      <Textarea
        label={c.baixaNote}
        autosize
        minRows={3}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
    </FormModal>
  );
}

/** [9] Transferir: the programação and its checklist to another responsible. */
export function TransferModal({ request, onClose }: { request: RequestDetail; onClose: () => void }) {
  const t = useT();
  const c = t.collection;
  const users = useUsers({ active: true });
  const [userId, setUserId] = useState<string | null>(null);
  const modalProps = useRequestWrite(
    request.id,
    onClose,
    (id: string) => transferRequest(request.id, id),
    () => c.transferred(users.data?.find((u) => u.id === userId)?.name ?? ''),
  );
  return (
    <FormModal
      title={c.transferTitle}
      submitLabel={c.transfer}
      {...modalProps(
        () => userId ?? '',
        () => (userId ? null : c.required),
      )}
    >
      <Text size="sm" c="dimmed">
        {c.transferHint}
      </Text>
      <Select
        label={c.newResponsible}
        data={(users.data ?? [])
          .filter((u) => u.id !== request.responsible?.id)
          .map((u) => ({ value: u.id, label: u.name }))}
        value={userId}
        onChange={setUserId}
        searchable
        comboboxProps={{ withinPortal: true }}
        data-autofocus
      />
    </FormModal>
  );
}

/** The props of a modal acting on one item of a programação's checklist. */
interface ItemModalProps {
  requestId: string;
  item: RequestItem;
  onClose: () => void;
}

/**
 * Reabrir item: a comment for the client and, on by default, the new request at once; unticked, the office
 * sends it later with "Enviar nova solicitação ao cliente".
 */
export function ReopenItemModal({ requestId, item, onClose }: ItemModalProps) {
  const t = useT();
  const c = t.collection;
  const [comment, setComment] = useState('');
  const [notify, setNotify] = useState(true);
  const modalProps = useRequestWrite(
    requestId,
    onClose,
    () => reopenItem(requestId, item.id, { comment: comment.trim(), notify }),
    () => (notify ? `${c.reopenedItem} ${c.notified}` : c.reopenedItem),
  );
  return (
    <FormModal
      title={c.reopenItemTitle(item.name)}
      submitLabel={c.reopenItem}
      {...modalProps(
        () => undefined,
        () => (comment.trim() ? null : c.required),
      )}
    >
      <Text size="sm" c="dimmed">
        {c.reopenItemHint}
      </Text>
      <Textarea
        label={c.reopenComment}
        required
        autosize
        minRows={3}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        data-autofocus
      />
      <Checkbox
        label={c.reopenNotify}
        description={c.reopenNotifyHint}
        checked={notify}
        onChange={(e) => setNotify(e.currentTarget.checked)}
      />
    </FormModal>
  );
}

/** [6] Comentário: the office's note on one item. */
export function CommentModal({ requestId, item, onClose }: ItemModalProps) {
  const t = useT();
  const c = t.collection;
  const [comment, setComment] = useState(item.comment ?? '');
  const modalProps = useRequestWrite(
    requestId,
    onClose,
    () => patchItem(requestId, item.id, { comment: comment.trim() }),
    () => c.commentSaved,
  );
  return (
    <FormModal title={c.commentEdit(item.name)} {...modalProps(() => undefined)}>
      <Textarea
        label={c.comment}
        placeholder={c.commentPlaceholder}
        autosize
        minRows={3}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        data-autofocus
      />
    </FormModal>
  );
}

/** Whether the browser can show a file inline (PDF, images). */
export const canPreview = (file: Pick<CollectionFile, 'contentType'>) =>
  file.contentType === 'application/pdf' || file.contentType.startsWith('image/');

/** [1] The file in the page: a PDF in the browser's viewer, an image as itself. */
export function FilePreviewModal({
  requestId,
  file,
  onClose,
}: {
  requestId: string;
  file: CollectionFile;
  onClose: () => void;
}) {
  const url = requestFileUrl(requestId, file.id, true);
  return (
    <Modal opened onClose={onClose} title={file.name} size="xl">
      <Stack>
        {file.contentType === 'application/pdf' ? (
          <iframe
            src={url}
            title={file.name}
            style={{ width: '100%', height: '75vh', border: 0 }}
            data-testid="pdf-preview"
          />
        ) : (
          <Image src={url} alt={file.name} fit="contain" mah="75vh" />
        )}
      </Stack>
    </Modal>
  );
}
