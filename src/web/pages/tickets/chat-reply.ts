import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/index.js';
import { errorMessage } from '../../lib/notify.js';

/**
 * The reply box of a ticket's chat, for the office (`ticket-chat-tab`) and the client's portal: the text, its
 * error (required, or the server's, shown under the box rather than as a notification), and the post.
 * `post` gets the trimmed text; on success the box is emptied and `onSent` runs with the answer.
 */
export function useChatReply<R>(post: (body: string) => Promise<R>, onSent: (result: R) => void) {
  const t = useT();
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: () => post(body.trim()),
    meta: { silent: true },
    onSuccess: (result) => {
      setBody('');
      setError(null);
      onSent(result);
    },
    onError: (err) => setError(errorMessage(err, t)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setError(t.validation.required);
      return;
    }
    mutation.mutate();
  };
  /** The reply box's props: typing clears a shown error. */
  const input = {
    value: body,
    onChange: (e: { currentTarget: { value: string } }) => {
      setBody(e.currentTarget.value);
      if (error) setError(null);
    },
    error,
  };
  return { input, submit, sending: mutation.isPending };
}
