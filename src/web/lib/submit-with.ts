import type { FormEvent } from 'react';

/**
 * A form's `onSubmit` that keeps the browser from posting the form and runs `action` instead.
 *
 * @example
 * <form noValidate onSubmit={submitWith(() => save.mutate())}>
 */
export function submitWith(action: () => void) {
  return (event: FormEvent) => {
    event.preventDefault();
    action();
  };
}
