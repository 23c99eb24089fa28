import { Anchor, Card, Group, SimpleGrid, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconBrandWhatsapp, IconMailOff, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { contactFields, createContactBody } from '../../../shared/schemas/clients.js';
import { http, ok } from '../../api/client.js';
import type { ClientWithContacts, Contact, ContactInput } from '../../api/models.js';
import { keys } from '../../api/queries.js';
import { useConfirmDelete } from '../../components/confirm-modal.js';
import { FormModal } from '../../components/form-footer.js';
import { IconBadge } from '../../components/icon-badge.js';
import { IconButton } from '../../components/icon-button.js';
import { LimitedTextInput } from '../../components/limited-input.js';
import { RowActions } from '../../components/row-actions.js';
import { SmallTable } from '../../components/small-table.js';
import { useT } from '../../i18n/index.js';
import { dateInput } from '../../lib/form-errors.js';
import { formatIsoDate, formatPhone, maskDateInput, maskPhoneInput } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { submitWith } from '../../lib/submit-with.js';
import { useFormState } from '../../lib/use-form-state.js';

type ContactForm = {
  name: string;
  role: string;
  email: string;
  whatsapp: string;
  birthday: string;
  emailOptOut: boolean;
  whatsappOptIn: boolean;
};

function toForm(contact: Contact | null): ContactForm {
  return {
    name: contact?.name ?? '',
    role: contact?.role ?? '',
    email: contact?.email ?? '',
    whatsapp: contact?.whatsapp ? formatPhone(contact.whatsapp) : '',
    birthday: contact?.birthday ? formatIsoDate(contact.birthday) : '',
    emailOptOut: contact?.emailOptOut ?? false,
    whatsappOptIn: contact?.whatsappOptIn ?? false,
  };
}

function ContactModal({
  clientId,
  contact,
  opened,
  onClose,
}: {
  clientId: string;
  /** null: a new contact. */
  contact: Contact | null;
  opened: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const { values, set, text, checkbox, errors, formError, showServerError, checkWith } = useFormState(() =>
    toForm(contact),
  );

  const save = useMutation({
    mutationFn: (input: ContactInput) =>
      contact
        ? ok(
            http.PATCH('/api/clients/{id}/contacts/{contactId}', {
              params: { path: { id: clientId, contactId: contact.id } },
              body: input,
            }),
          )
        : ok(http.POST('/api/clients/{id}/contacts', { params: { path: { id: clientId } }, body: input })),
    // Errors are shown in the form itself.
    meta: { silent: true },
    onSuccess: () => {
      notifySuccess(t.contacts.saved);
      void queryClient.invalidateQueries({ queryKey: keys.client(clientId) });
      onClose();
    },
    onError: (error) =>
      showServerError(error, (path) => {
        // Accept both `email` and `contacts.0.email`.
        const head = path[0] === 'contacts' ? path[2] : path[0];
        return head && head in values ? head : null;
      }),
  });

  const submit = submitWith(() => {
    const body = {
      name: values.name.trim(),
      role: values.role.trim() || null,
      email: values.email.trim() || null,
      whatsapp: values.whatsapp.trim() || null,
      birthday: dateInput(values.birthday) ?? null,
      emailOptOut: values.emailOptOut,
      whatsappOptIn: values.whatsappOptIn,
    };
    // The server's schema, in its words; phones and dates go as typed and are normalised there.
    if (checkWith(createContactBody, body)) save.mutate(body);
  });

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={contact ? t.contacts.editTitle : t.contacts.newTitle}
      size="lg"
      onSubmit={submit}
      error={formError}
      saving={save.isPending}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <LimitedTextInput
          field={contactFields.name}
          label={t.contacts.name}
          required
          {...text('name')}
          data-autofocus
        />
        <LimitedTextInput field={contactFields.role} label={t.contacts.role} {...text('role')} />
        <TextInput label={t.contacts.email} type="email" {...text('email')} />
        <TextInput
          label={t.contacts.whatsapp}
          type="tel"
          placeholder="(11) 98765-4321"
          value={values.whatsapp}
          onChange={(e) => set('whatsapp', maskPhoneInput(e.currentTarget.value))}
          error={errors.whatsapp}
        />
        <TextInput
          label={t.contacts.birthday}
          placeholder={t.contacts.birthdayPlaceholder}
          inputMode="numeric"
          value={values.birthday}
          onChange={(e) => set('birthday', maskDateInput(e.currentTarget.value))}
          error={errors.birthday}
        />
      </SimpleGrid>
      <Text size="sm" fw={500} mt="xs">
        {t.contacts.preferences}
      </Text>
      <Switch
        label={t.contacts.emailOptOut}
        description={t.contacts.emailOptOutHint}
        {...checkbox('emailOptOut')}
        color="red"
      />
      <Switch
        label={t.contacts.whatsappOptIn}
        description={t.contacts.whatsappOptInHint}
        {...checkbox('whatsappOptIn')}
        color="green"
      />
    </FormModal>
  );
}

export function ContactsTab({ client }: { client: ClientWithContacts }) {
  const t = useT();
  // `editing` undefined: modal closed; null: new contact; Contact: editing that one.
  const [editing, setEditing] = useState<Contact | null | undefined>(undefined);
  const remove = useConfirmDelete({
    remove: (contact: Contact) =>
      ok(
        http.DELETE('/api/clients/{id}/contacts/{contactId}', {
          params: { path: { id: client.id, contactId: contact.id } },
        }),
      ),
    queryKey: keys.client(client.id),
    message: (contact) => t.contacts.deleteConfirm(contact.name),
    done: t.contacts.deleted,
  });

  const contacts = [...client.contacts].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));

  return (
    <Card>
      <Group justify="space-between" mb="md">
        <Title order={3}>{t.contacts.title}</Title>
        <IconButton size="xs" icon={IconPlus} iconSize={14} onClick={() => setEditing(null)}>
          {t.contacts.add}
        </IconButton>
      </Group>
      {contacts.length === 0 && (
        <Text size="sm" c="dimmed" py="lg" ta="center">
          {t.contacts.empty}
        </Text>
      )}
      <SmallTable
        empty={contacts.length === 0}
        label={t.contacts.title}
        minWidth={720}
        highlightOnHover
        labels={[
          t.contacts.name,
          t.contacts.email,
          t.contacts.whatsapp,
          { label: t.contacts.birthday, w: 120 },
          { label: t.common.actions, w: 96 },
        ]}
      >
        {contacts.map((contact) => (
          <Table.Tr key={contact.id}>
            <Table.Td>
              <Text size="sm" fw={600}>
                {contact.name}
              </Text>
              {contact.role && (
                <Text size="xs" c="dimmed">
                  {contact.role}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                {contact.email ? (
                  <Anchor href={`mailto:${contact.email}`} size="sm">
                    {contact.email}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
                {contact.emailOptOut && (
                  <IconBadge icon={IconMailOff} iconSize={11} size="xs" color="red">
                    {t.contacts.noEmails}
                  </IconBadge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <Text size="sm" className="nowrap" c={contact.whatsapp ? undefined : 'dimmed'}>
                  {formatPhone(contact.whatsapp)}
                </Text>
                {contact.whatsappOptIn && (
                  <IconBrandWhatsapp
                    size={16}
                    color="var(--mantine-color-green-7)"
                    aria-label={t.contacts.whatsappOk}
                    role="img"
                  />
                )}
              </Group>
            </Table.Td>
            <Table.Td fz="sm">{formatIsoDate(contact.birthday)}</Table.Td>
            <Table.Td>
              <RowActions
                editLabel={t.contacts.editLabel(contact.name)}
                deleteLabel={t.contacts.deleteLabel(contact.name)}
                onEdit={() => setEditing(contact)}
                onDelete={() => remove.ask(contact)}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </SmallTable>

      {editing !== undefined && (
        <ContactModal
          key={editing?.id ?? 'new'}
          clientId={client.id}
          contact={editing}
          opened
          onClose={() => setEditing(undefined)}
        />
      )}
      {remove.dialog}
    </Card>
  );
}
