import {
  Badge,
  Group,
  MultiSelect,
  PasswordInput,
  Select,
  SimpleGrid,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { createUserBody, updateUserBody } from '../../../shared/schemas/platform.js';
import { http, ok } from '../../api/client.js';
import type { Me, Role, User, UserCreate, UserPatch } from '../../api/models.js';
import { keys, useProfessions, useSession, useUsers } from '../../api/queries.js';
import { CrudTab } from '../../components/crud-tab.js';
import { FormModal } from '../../components/form-footer.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useT } from '../../i18n/index.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';

function UserModal({
  user,
  allUsers,
  onClose,
}: {
  user: User | null;
  allUsers: User[];
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const professions = useProfessions();
  const form = useFormState(() => ({
    name: user?.name ?? '',
    email: user?.email ?? '',
    role: user?.role ?? ('staff' as Role),
    supervisorId: user?.supervisorId ?? null,
    professionIds: user?.professionIds ?? [],
    active: user?.active ?? true,
    password: '',
  }));
  const { values, errors, formSave } = form;

  const save = useMutation({
    mutationFn: async () => {
      const { name, email, role, supervisorId, professionIds, active, password } = values;
      const common = { name: name.trim(), email: email.trim(), role, supervisorId, professionIds };
      if (user) {
        const patch: UserPatch = { ...common, active };
        if (password) patch.password = password;
        return ok(http.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body: patch }));
      }
      const input: UserCreate = { ...common, password };
      return ok(http.POST('/api/users', { body: input }));
    },
    ...formSave,
    onSuccess: (saved) => {
      notifySuccess(t.users.saved);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      // Editing oneself changes the header's name.
      queryClient.setQueryData<Me>(keys.me, (me) =>
        me && me.user.id === saved.id ? { ...me, user: saved } : me,
      );
      onClose();
    },
  });

  const submit = submitWith(() => {
    // The server's schema, in its words (a new user needs a password; an edit only when it is reset).
    const { password, ...fields } = values;
    const valid = user
      ? form.checkWith(updateUserBody, password ? values : fields)
      : form.checkWith(createUserBody, values);
    if (valid) save.mutate();
  });

  const supervisors = allUsers
    .filter((u) => u.id !== user?.id && u.active)
    .map((u) => ({ value: u.id, label: u.name }));

  return (
    <FormModal
      onClose={onClose}
      title={user ? t.users.editTitle : t.users.newTitle}
      size="lg"
      onSubmit={submit}
      error={form.formError}
      saving={save.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <LimitedTextInput
          field={createUserBody.shape.name}
          label={t.users.name}
          required
          {...form.text('name')}
          data-autofocus
        />
        <TextInput label={t.users.email} type="email" required {...form.text('email')} />
        <Select
          label={t.users.role}
          data={[
            { value: 'staff', label: t.users.roleStaff },
            { value: 'admin', label: t.users.roleAdmin },
          ]}
          value={values.role}
          onChange={(v) => v && form.set('role', v as Role)}
          allowDeselect={false}
          error={errors.role}
        />
        <Select
          label={t.users.supervisor}
          placeholder={t.users.supervisorPlaceholder}
          data={supervisors}
          {...form.input('supervisorId')}
          searchable
          clearable
        />
      </SimpleGrid>
      <MultiSelect
        label={t.users.professions}
        data={(professions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        {...form.input('professionIds')}
        searchable
        clearable
      />
      <PasswordInput
        label={user ? t.users.resetPassword : t.users.password}
        description={user ? t.users.resetPasswordHint : t.users.passwordHint}
        required={!user}
        autoComplete="new-password"
        {...form.text('password')}
      />
      {user && <Switch label={t.users.active} {...form.checkbox('active')} />}
    </FormModal>
  );
}

export function UsersTab() {
  const t = useT();
  const { user: me, isAdmin } = useSession();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const users = useUsers({ q: q || undefined });
  const all = useUsers();
  const professions = useProfessions();

  const professionName = new Map((professions.data ?? []).map((p) => [p.id, p.name]));
  const userName = new Map((all.data ?? []).map((u) => [u.id, u.name]));

  return (
    <CrudTab
      newLabel={t.users.new}
      canEdit={isAdmin}
      filters={
        <TextInput
          type="search"
          label={t.users.searchLabel}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
        />
      }
      query={users}
      label={t.settings.tabUsers}
      minWidth={820}
      columns={5}
      actionsWidth={60}
      head={
        <>
          <Table.Th>{t.users.name}</Table.Th>
          <Table.Th>{t.users.role}</Table.Th>
          <Table.Th>{t.users.professions}</Table.Th>
          <Table.Th>{t.users.supervisor}</Table.Th>
          <Table.Th w={100}>{t.users.colStatus}</Table.Th>
        </>
      }
      cells={(u) => (
        <>
          <Table.Td>
            <Group gap={6}>
              <Text size="sm" fw={600}>
                {u.name}
              </Text>
              {u.id === me.id && (
                <Badge size="xs" variant="outline">
                  {t.users.you}
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {u.email}
            </Text>
          </Table.Td>
          <Table.Td>
            <Badge
              color={u.role === 'admin' ? 'brand' : 'gray'}
              variant={u.role === 'admin' ? 'light' : 'outline'}
            >
              {u.role === 'admin' ? t.users.roleAdmin : t.users.roleStaff}
            </Badge>
          </Table.Td>
          <Table.Td>
            <Group gap={4}>
              {u.professionIds.length === 0 && (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
              {u.professionIds.map((id) => (
                <Badge key={id} size="sm" variant="default" tt="none">
                  {professionName.get(id) ?? '…'}
                </Badge>
              ))}
            </Group>
          </Table.Td>
          <Table.Td fz="sm">{u.supervisorId ? (userName.get(u.supervisorId) ?? '…') : '—'}</Table.Td>
          <Table.Td>
            <StatusBadge active={u.active} />
          </Table.Td>
        </>
      )}
      editLabel={(u) => t.users.editLabel(u.name)}
      empty={{ icon: IconUsers, title: t.users.empty }}
      form={(user, close) => <UserModal user={user} allUsers={all.data ?? []} onClose={close} />}
    />
  );
}
