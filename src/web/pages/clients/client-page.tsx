import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconAddressBook,
  IconBrandWhatsapp,
  IconCertificate,
  IconCoin,
  IconDatabaseImport,
  IconFileCertificate,
  IconId,
  IconMail,
  IconMailOff,
  IconMessages,
  IconPencil,
  IconUserCheck,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { http, ok } from '../../api/client.js';
import type { ClientWithContacts } from '../../api/models.js';
import { keys, useProfessions, useSession } from '../../api/queries.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import {
  BackLink,
  DeleteMenuItem,
  DetailFallback,
  DetailHeader,
  Field,
  MoreActionsMenu,
  useTabParam,
} from '../../components/detail-shell.js';
import { IconBadge } from '../../components/icon-badge.js';
import { IconButton } from '../../components/icon-button.js';
import { SmallTable } from '../../components/small-table.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TabPanels } from '../../components/tab-panels.js';
import { TitledCard } from '../../components/titled-card.js';
import { useT } from '../../i18n/index.js';
import { formatCep, formatDateTime, formatDocument, formatPhone } from '../../lib/format.js';
import { notifySuccess } from '../../lib/notify.js';
import { CertidoesTab } from './certidoes-tab.js';
import { CertificatesTab } from './certificates-tab.js';
import { CommunicationsTab } from './communications-tab.js';
import { ContactsTab } from './contacts-tab.js';
import { ExtraTab } from './extra-tab.js';
import { FeesTab } from './fees-tab.js';

function InfoCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <TitledCard title={title}>
      <Stack gap="md">{children}</Stack>
    </TitledCard>
  );
}

function DataTab({ client }: { client: ClientWithContacts }) {
  const t = useT();
  const { office } = useSession();
  const addressLines = [
    [client.street, client.number].filter(Boolean).join(', '),
    client.complement,
    client.district,
    [client.city, client.state].filter(Boolean).join(' — '),
    client.cep ? `CEP ${formatCep(client.cep)}` : null,
  ].filter((line): line is string => Boolean(line));

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <InfoCard title={t.client.identification}>
        <Field label={t.clientForm.legalName}>{client.legalName}</Field>
        <Field label={t.clientForm.tradeName}>{client.tradeName}</Field>
        <SimpleGrid cols={2}>
          <Field label={client.documentKind === 'cpf' ? 'CPF' : 'CNPJ'}>
            <Text span ff="monospace" size="sm">
              {formatDocument(client.document, client.documentKind)}
            </Text>
          </Field>
          <Field label={t.clientForm.stateRegistration}>{client.stateRegistration}</Field>
        </SimpleGrid>
      </InfoCard>

      <InfoCard title={t.client.contact}>
        <Field label={t.clientForm.emails}>
          {client.emails.length > 0 ? (
            <Stack gap={2}>
              {client.emails.map((email) => (
                <Anchor key={email} href={`mailto:${email}`} size="sm">
                  {email}
                </Anchor>
              ))}
            </Stack>
          ) : null}
        </Field>
        <SimpleGrid cols={2}>
          <Field label={t.clientForm.whatsapp}>
            {client.whatsapp ? (
              <Anchor
                href={`https://wa.me/${client.whatsapp.replace('+', '')}`}
                target="_blank"
                rel="noreferrer"
                size="sm"
              >
                {formatPhone(client.whatsapp)}
              </Anchor>
            ) : null}
          </Field>
          <Field label={t.clientForm.phone}>
            {client.phone ? (
              <Anchor href={`tel:${client.phone}`} size="sm">
                {formatPhone(client.phone)}
              </Anchor>
            ) : null}
          </Field>
        </SimpleGrid>
        <Field label={t.client.consent}>
          <Group gap="xs">
            <IconBadge icon={IconBrandWhatsapp} color={client.whatsappOptIn ? 'green' : 'gray'}>
              {client.whatsappOptIn ? t.client.whatsappOptedIn : t.client.whatsappNotOptedIn}
            </IconBadge>
            <IconBadge
              icon={client.emailOptOut ? IconMailOff : IconMail}
              color={client.emailOptOut ? 'red' : 'gray'}
            >
              {client.emailOptOut ? t.client.emailOptedOut : t.client.emailOptedIn}
            </IconBadge>
          </Group>
        </Field>
      </InfoCard>

      <InfoCard title={t.client.address}>
        {addressLines.length > 0 ? (
          <Stack gap={2}>
            {addressLines.map((line) => (
              <Text size="sm" key={line}>
                {line}
              </Text>
            ))}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t.client.noAddress}
          </Text>
        )}
      </InfoCard>

      <InfoCard title={t.client.management}>
        <SimpleGrid cols={2}>
          <Field label={t.clientForm.status}>
            <StatusBadge active={client.status === 'active'} />
          </Field>
          <Field label={t.clientForm.class}>{client.class}</Field>
        </SimpleGrid>
        <Field label={t.clientForm.tags}>
          {client.tags.length > 0 ? (
            <Group gap={6}>
              {client.tags.map((tag) => (
                <Badge key={tag} variant="outline" color="gray" tt="none">
                  {tag}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Field>
        <SimpleGrid cols={2}>
          <Field label={t.client.createdAt}>{formatDateTime(client.createdAt, office.timeZone)}</Field>
          <Field label={t.client.updatedAt}>{formatDateTime(client.updatedAt, office.timeZone)}</Field>
        </SimpleGrid>
      </InfoCard>

      <Card style={{ gridColumn: '1 / -1' }}>
        <Title order={3} mb="sm">
          {t.client.notes}
        </Title>
        <Text size="sm" c={client.notes ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap' }}>
          {client.notes || t.client.noNotes}
        </Text>
      </Card>
    </SimpleGrid>
  );
}

function ResponsiblesTab({ client }: { client: ClientWithContacts }) {
  const t = useT();
  const professions = useProfessions();
  const byProfession = new Map(client.responsibles.map((r) => [r.professionId, r]));
  // Every profession of the office, assigned or not; plus any assigned one the list does not know.
  const rows = [
    ...(professions.data ?? []).map((p) => ({
      id: p.id,
      profession: p.name,
      user: byProfession.get(p.id)?.userName,
    })),
    ...client.responsibles
      .filter((r) => !(professions.data ?? []).some((p) => p.id === r.professionId))
      .map((r) => ({ id: r.professionId, profession: r.professionName, user: r.userName })),
  ];

  return (
    <Card>
      <Group justify="space-between" mb="md">
        <Title order={3}>{t.client.tabResponsibles}</Title>
        <IconButton
          component={Link}
          to={`/clients/${client.id}/edit`}
          variant="light"
          size="xs"
          icon={IconPencil}
          iconSize={14}
        >
          {t.common.edit}
        </IconButton>
      </Group>
      <SmallTable
        empty={rows.length === 0}
        emptyText={t.client.responsiblesEmpty}
        label={t.client.tabResponsibles}
        labels={[t.client.profession, t.client.user]}
      >
        {rows.map((row) => (
          <Table.Tr key={row.id}>
            <Table.Td fw={500}>{row.profession}</Table.Td>
            <Table.Td c={row.user ? undefined : 'dimmed'}>{row.user ?? t.common.none}</Table.Td>
          </Table.Tr>
        ))}
      </SmallTable>
    </Card>
  );
}

const TABS = [
  'data',
  'contacts',
  'responsibles',
  'communications',
  'fees',
  'certificates',
  'certidoes',
  'extra',
] as const;

export function ClientPage() {
  const t = useT();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [tab, setTab] = useTabParam(TABS);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const client = useQuery({
    queryKey: keys.client(id),
    queryFn: ({ signal }) => ok(http.GET('/api/clients/{id}', { params: { path: { id } }, signal })),
  });

  const remove = useMutation({
    mutationFn: () => ok(http.DELETE('/api/clients/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      notifySuccess(t.clients.deleted);
      queryClient.removeQueries({ queryKey: keys.client(id) });
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
      navigate('/clients');
    },
  });

  const back = <BackLink to="/clients" label={t.client.backToList} />;

  if (client.isPending || client.isError) return <DetailFallback query={client} back={back} />;

  const c = client.data;
  return (
    <>
      <DetailHeader
        back={back}
        title={c.legalName}
        badges={
          <>
            <StatusBadge active={c.status === 'active'} />
            {c.class && (
              <Badge variant="light" tt="none">
                {c.class}
              </Badge>
            )}
          </>
        }
        actions={
          <>
            <IconButton component={Link} to={`/clients/${c.id}/edit`} icon={IconPencil}>
              {t.common.edit}
            </IconButton>
            <MoreActionsMenu>
              <DeleteMenuItem onClick={() => setConfirmDelete(true)} />
            </MoreActionsMenu>
          </>
        }
      >
        <Group gap="md" c="dimmed">
          {c.tradeName && <Text size="sm">{c.tradeName}</Text>}
          <Text size="sm" ff="monospace">
            {c.documentKind === 'cpf' ? 'CPF' : 'CNPJ'} {formatDocument(c.document, c.documentKind)}
          </Text>
        </Group>
      </DetailHeader>

      <TabPanels
        value={tab}
        onChange={setTab}
        tabs={[
          { value: 'data', label: t.client.tabData, icon: IconId, content: <DataTab client={c} /> },
          {
            value: 'contacts',
            label: t.client.tabContacts,
            icon: IconAddressBook,
            badge: c.contacts.length > 0 && (
              <Badge size="xs" variant="filled" circle>
                {c.contacts.length}
              </Badge>
            ),
            content: <ContactsTab client={c} />,
          },
          {
            value: 'responsibles',
            label: t.client.tabResponsibles,
            icon: IconUserCheck,
            content: <ResponsiblesTab client={c} />,
          },
          {
            value: 'communications',
            label: t.client.tabCommunications,
            icon: IconMessages,
            content: <CommunicationsTab clientId={c.id} />,
          },
          { value: 'fees', label: t.billing.tab, icon: IconCoin, content: <FeesTab clientId={c.id} /> },
          {
            value: 'certificates',
            label: t.certificates.tabCertificates,
            icon: IconCertificate,
            content: <CertificatesTab client={c} />,
          },
          {
            value: 'certidoes',
            label: t.certificates.tabCertidoes,
            icon: IconFileCertificate,
            content: <CertidoesTab client={c} />,
          },
          {
            value: 'extra',
            label: t.ui.clientExtra.tab,
            icon: IconDatabaseImport,
            content: <ExtraTab clientId={c.id} />,
          },
        ]}
      />

      <ConfirmModal
        opened={confirmDelete}
        message={t.clients.deleteConfirm(c.legalName)}
        loading={remove.isPending}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirmDelete(false)}
      />
    </>
  );
}
