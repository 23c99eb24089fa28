import { Group, Paper, Table, Text } from '@mantine/core';
import { IconId, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { professionBody } from '../../../shared/schemas/platform.js';
import { http, ok } from '../../api/client.js';
import type { Profession } from '../../api/models.js';
import { keys, useProfessions, useSession } from '../../api/queries.js';
import { useConfirmDelete } from '../../components/confirm-modal.js';
import { DataTable } from '../../components/data-table.js';
import { FormModal } from '../../components/form-footer.js';
import { IconButton } from '../../components/icon-button.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { RowActions } from '../../components/row-actions.js';
import { useNameField } from '../../components/use-name-field.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';

function RenameModal({ profession, onClose }: { profession: Profession; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const name = useNameField(professionBody, profession.name);
  const rename = useMutation({
    mutationFn: () =>
      ok(
        http.PATCH('/api/professions/{id}', {
          params: { path: { id: profession.id } },
          body: { name: name.value.trim() },
        }),
      ),
    onSuccess: () => {
      notifySuccess(t.professions.saved);
      void queryClient.invalidateQueries({ queryKey: keys.professions });
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
      onClose();
    },
    onError: name.showServerError,
  });
  const submit = submitWith(() => name.check() && rename.mutate());
  return (
    <FormModal onClose={onClose} title={t.professions.rename} onSubmit={submit} saving={rename.isPending}>
      <LimitedTextInput
        field={professionBody.shape.name}
        label={t.professions.name}
        required
        {...name.input}
        data-autofocus
      />
    </FormModal>
  );
}

export function ProfessionsTab() {
  const t = useT();
  const queryClient = useQueryClient();
  const professions = useProfessions();
  const { isAdmin } = useSession();
  const name = useNameField(professionBody);
  const [renaming, setRenaming] = useState<Profession | null>(null);

  const create = useMutation({
    mutationFn: () => ok(http.POST('/api/professions', { body: { name: name.value.trim() } })),
    onSuccess: () => {
      notifySuccess(t.professions.saved);
      name.setValue('');
      void queryClient.invalidateQueries({ queryKey: keys.professions });
    },
    onError: name.showServerError,
  });

  const remove = useConfirmDelete({
    remove: (p: Profession) => ok(http.DELETE('/api/professions/{id}', { params: { path: { id: p.id } } })),
    queryKey: keys.professions,
    message: (p) => t.professions.deleteConfirm(p.name),
    done: t.professions.deleted,
    // A 409 (profession in use) is reported by the global handler with the server's explanation.
    closeOnError: true,
  });

  const submit = submitWith(() => name.check() && create.mutate());

  return (
    <Paper withBorder p="md" maw={720}>
      <Text size="sm" c="dimmed" mb="md">
        {t.professions.intro}
      </Text>
      {isAdmin ? (
        <form onSubmit={submit} noValidate>
          <Group align="flex-start" mb="lg" gap="sm">
            <LimitedTextInput
              field={professionBody.shape.name}
              label={t.professions.newLabel}
              placeholder={t.professions.newPlaceholder}
              {...name.input}
              style={{ flex: 1 }}
            />
            <IconButton type="submit" mt={25} loading={create.isPending} icon={IconPlus}>
              {t.common.add}
            </IconButton>
          </Group>
        </form>
      ) : (
        <Text size="sm" c="dimmed" mb="md" fs="italic">
          {t.settings.adminOnly}
        </Text>
      )}
      <DataTable
        query={professions}
        label={t.settings.tabProfessions}
        minWidth={0}
        columns={isAdmin ? 2 : 1}
        head={
          <>
            <Table.Th>{t.common.name}</Table.Th>
            {isAdmin && <Table.Th w={100}>{t.common.actions}</Table.Th>}
          </>
        }
        row={(p) => (
          <Table.Tr key={p.id}>
            <Table.Td fw={500}>{p.name}</Table.Td>
            {isAdmin && (
              <Table.Td>
                <RowActions
                  editLabel={t.professions.renameLabel(p.name)}
                  deleteLabel={t.professions.deleteLabel(p.name)}
                  onEdit={() => setRenaming(p)}
                  onDelete={() => remove.ask(p)}
                />
              </Table.Td>
            )}
          </Table.Tr>
        )}
        empty={{ icon: IconId, title: t.professions.empty }}
      />
      {renaming && <RenameModal key={renaming.id} profession={renaming} onClose={() => setRenaming(null)} />}
      {remove.dialog}
    </Paper>
  );
}
