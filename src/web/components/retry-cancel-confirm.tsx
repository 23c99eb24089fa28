import { ConfirmModal } from './confirm-modal.js';

/** What a retry-or-cancel confirmation says (a run's, a message's: `t.runs`, `t.messages`). */
interface RetryCancelTexts {
  retryTitle: string;
  retryConfirm: string;
  retry: string;
  cancelTitle: string;
  cancelConfirm: string;
  keep: string;
}

/**
 * The confirmation before retrying or cancelling something that is queued or failed (a run, a message):
 * open while `action` is set, brand-coloured for a retry and red for a cancel.
 */
export function RetryCancelConfirm({
  action,
  texts,
  loading,
  onConfirm,
  onClose,
}: {
  action: 'retry' | 'cancel' | null;
  texts: RetryCancelTexts;
  loading: boolean;
  onConfirm: (action: 'retry' | 'cancel') => void;
  onClose: () => void;
}) {
  const retry = action === 'retry';
  return (
    <ConfirmModal
      opened={action !== null}
      title={retry ? texts.retryTitle : texts.cancelTitle}
      message={retry ? texts.retryConfirm : texts.cancelConfirm}
      confirmLabel={retry ? texts.retry : texts.cancelTitle}
      cancelLabel={texts.keep}
      color={retry ? 'brand' : 'red'}
      loading={loading}
      onConfirm={() => action && onConfirm(action)}
      onClose={onClose}
    />
  );
}
