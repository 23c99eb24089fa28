import type { ComponentProps, ReactNode } from 'react';
import { ConfirmModal } from './confirm-modal.js';

/**
 * A `ConfirmModal` about one chosen thing: open while `target` is set, its message built from it, and the
 * confirm button hands it to `onConfirm`.
 *
 * @example
 * <ConfirmTarget target={toDelete} message={(f) => t.tickets.deleteFileConfirm(f.name)}
 *   loading={remove.isPending} onConfirm={(f) => remove.mutate(f)} onClose={() => setToDelete(null)} />
 */
export function ConfirmTarget<T>({
  target,
  message,
  onConfirm,
  ...props
}: {
  target: T | null;
  message: (target: T) => ReactNode;
  onConfirm: (target: T) => void;
} & Omit<ComponentProps<typeof ConfirmModal>, 'opened' | 'message' | 'onConfirm'>) {
  return (
    <ConfirmModal
      opened={target !== null}
      message={target !== null ? message(target) : ''}
      onConfirm={() => target !== null && onConfirm(target)}
      {...props}
    />
  );
}
