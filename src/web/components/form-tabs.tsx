import { Text, VisuallyHidden } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';
import type { FieldErrors } from '../lib/form-errors.js';

/**
 * The tabs of a tabbed form that hold a field with an error, in the tabs' order. `tabOf` names the tab of a
 * field key (null: a field on no tab).
 *
 * @example
 * const bad = tabsWithErrors(errors, (field) => (field === 'files' ? 'files' : 'ticket'), ['ticket', 'files']);
 * if (bad.length && !bad.includes(tab)) setTab(bad[0]);
 */
export function tabsWithErrors<T extends string>(
  errors: FieldErrors,
  tabOf: (field: string) => T | null,
  order: readonly T[],
): T[] {
  const found = new Set<T>();
  for (const [field, message] of Object.entries(errors)) {
    const tab = message ? tabOf(field) : null;
    if (tab) found.add(tab);
  }
  return order.filter((tab) => found.has(tab));
}

/**
 * After a save or a check found errors: the tab to show — the current one if it holds an error, else the
 * first tab that does — so an error on another tab never goes unseen. `undefined`: stay.
 */
export function tabToShow<T extends string>(current: string | null, withErrors: readonly T[]): T | undefined {
  if (withErrors.length === 0 || withErrors.includes(current as T)) return undefined;
  return withErrors[0];
}

/**
 * Props that mark a `Tabs.Tab` holding a field with an error: red, an alert icon, and "contém erros" in its
 * accessible name. Spread on every tab of a tabbed form: `<Tabs.Tab value="files" {...tabErrorMark(bad.includes('files'))}>`.
 */
export function useTabErrorMark() {
  const t = useT();
  return (hasErrors: boolean, rightSection?: ReactNode) =>
    hasErrors
      ? {
          color: 'red',
          'data-has-errors': true,
          rightSection: (
            <>
              {rightSection}
              <Text span c="red" lh={0}>
                <IconAlertCircle size={16} aria-hidden />
              </Text>
              <VisuallyHidden>{` (${t.ui.formTabs.hasErrors})`}</VisuallyHidden>
            </>
          ),
        }
      : { rightSection };
}
