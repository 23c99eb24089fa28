import { Select } from '@mantine/core';
import { useUsers } from '../api/queries.js';
import { useT } from '../i18n/index.js';
import type { ListParams } from '../lib/use-list-params.js';

/**
 * "Responsável": a list's filter over the office's active users, bound to the `responsibleId` URL
 * parameter; empty while the list shows only the user's own rows (`mine`).
 */
export function ResponsibleFilter({
  list,
  label,
  width,
  mine,
}: {
  list: Pick<ListParams<string>, 'get' | 'update'>;
  label: string;
  width: number;
  mine: boolean;
}) {
  const t = useT();
  const users = useUsers({ active: true });
  return (
    <Select
      label={label}
      placeholder={t.common.all}
      w={width}
      data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      value={mine ? null : list.get('responsibleId') || null}
      onChange={(v) => list.update({ responsibleId: v ?? '' })}
      searchable
      clearable
      disabled={mine}
    />
  );
}
