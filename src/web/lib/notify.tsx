import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { isApiError } from '../api/client.js';
import { type Dictionary, getDictionary } from '../i18n/index.js';

/** The sentence to show for a failure: the server's localised `detail`, or our own words. */
export function errorMessage(error: unknown, t: Dictionary = getDictionary()): string {
  if (isApiError(error)) {
    if (error.status === 0) return t.errors.network;
    return error.detail || t.errors.unknown;
  }
  return t.errors.unknown;
}

export function notifySuccess(message: string): void {
  const t = getDictionary();
  notifications.show({
    color: 'teal',
    icon: <IconCheck size={18} aria-hidden />,
    title: t.common.savedTitle,
    message,
    autoClose: 3500,
  });
}

export function notifyError(error: unknown): void {
  const t = getDictionary();
  notifications.show({
    color: 'red',
    icon: <IconAlertTriangle size={18} aria-hidden />,
    title: t.errors.title,
    message: errorMessage(error, t),
    autoClose: 7000,
  });
}
