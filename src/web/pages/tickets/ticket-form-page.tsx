import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/page-header.js';
import { useT } from '../../i18n/index.js';
import { TicketForm } from './ticket-form.js';

/** Adicionar: the new ticket, with its "Atendimento" and "Anexar arquivos" tabs. */
export function TicketFormPage() {
  const t = useT();
  const back = (
    <Anchor component={Link} to="/tickets" size="sm" w="fit-content">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        {t.tickets.backToList}
      </Group>
    </Anchor>
  );
  return (
    <>
      <PageHeader above={back} title={t.tickets.newTitle} />
      <TicketForm />
    </>
  );
}
