import type { MantineColor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Icon, IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
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

/**
 * A toast, the one look of every message the app pops up: its colour and icon, a title, the message, and
 * how long it stays (ms).
 *
 * @example
 * notify('yellow', IconAlertTriangle, t.tickets.filesFailed, errorMessage(error, t), 9000);
 */
export function notify(
  color: MantineColor,
  icon: Icon,
  title: string,
  message: ReactNode,
  autoClose: number,
): void {
  const Mark = icon;
  notifications.show({ color, icon: <Mark size={18} aria-hidden />, title, message, autoClose });
}

export function notifySuccess(message: string): void {
  notify('teal', IconCheck, getDictionary().common.savedTitle, message, 3500);
}

export function notifyError(error: unknown): void {
  const t = getDictionary();
  notify('red', IconAlertTriangle, t.errors.title, errorMessage(error, t), 7000);
}
