import { ActionIcon, Alert, Group, Menu, Modal, Select, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import {
  IconArrowsExchange,
  IconBell,
  IconDots,
  IconInfoCircle,
  IconMessage,
  IconPencil,
  IconRotateClockwise,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { http, ok } from '../../api/client.js';
import { type Ticket, type TicketStatus, useStatusEmailStages } from '../../api/tickets.js';
import { FormFooter } from '../../components/form-footer.js';
import { TicketStatusBadge } from '../../components/ticket-status-badge.js';
import { useT } from '../../i18n/index.js';
import { notifyDone, notifyEmailOutcome, reportTicketError, storeTicket } from './ticket-outcome.js';

type Dialog = { mode: 'move'; ticket: Ticket; to: TicketStatus | null } | { mode: 'reopen'; ticket: Ticket };

/** Movimentar (status limited to the allowed moves, optional comment) and Reabrir, in one modal. */
function MoveModal({ dialog, onClose }: { dialog: Dialog; onClose: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const { ticket } = dialog;
  const [to, setTo] = useState<TicketStatus | null>(dialog.mode === 'move' ? dialog.to : 'reopened');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const emailStages = useStatusEmailStages();
  const emailOff = emailStages.data !== undefined && to !== null && !emailStages.data.has(to);
  const options = dialog.mode === 'move' ? ticket.allowedMoves : [];

  const move = useMutation({
    mutationFn: () => {
      const path = { id: ticket.id };
      const note = { comment: comment.trim() || null, version: ticket.version };
      if (dialog.mode === 'reopen')
        return ok(http.POST('/api/tickets/{id}/reopen', { params: { path }, body: note }));
      // `submit` refuses an empty choice before it gets here.
      if (!to) throw new Error('no status chosen');
      return ok(http.POST('/api/tickets/{id}/moves', { params: { path }, body: { to, ...note } }));
    },
    meta: { silent: true },
    onSuccess: (result) => {
      storeTicket(queryClient, result.ticket);
      notifyDone(
        t,
        dialog.mode === 'reopen'
          ? t.tickets.reopened(result.ticket.number)
          : t.tickets.moved(result.ticket.number, t.tickets.statuses[result.ticket.status]),
      );
      notifyEmailOutcome(t, result.email);
      onClose();
    },
    onError: (err) => {
      reportTicketError(t, queryClient, ticket.id, err);
      onClose();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dialog.mode === 'move' && !to) {
      setError(t.validation.required);
      return;
    }
    move.mutate();
  };

  const title =
    dialog.mode === 'reopen' ? t.tickets.reopenTitle(ticket.number) : t.tickets.moveTitle(ticket.number);
  return (
    <Modal opened onClose={onClose} title={title} size="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" fw={600} lineClamp={2}>
            {ticket.subject}
          </Text>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t.tickets.moveCurrent}:
            </Text>
            <TicketStatusBadge status={ticket.status} />
          </Group>
          {dialog.mode === 'move' ? (
            options.length === 0 ? (
              <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />}>
                {t.tickets.moveNoOptions}
              </Alert>
            ) : (
              <Select
                label={t.tickets.moveTo}
                placeholder={t.tickets.moveToPlaceholder}
                required
                data={options.map((s) => ({ value: s, label: t.tickets.statuses[s] }))}
                value={to}
                onChange={(v) => {
                  setTo(v as TicketStatus | null);
                  setError(null);
                }}
                error={error}
                allowDeselect={false}
                data-autofocus={to ? undefined : true}
                comboboxProps={{ withinPortal: true }}
              />
            )
          ) : (
            <Text size="sm">{t.tickets.reopenHint}</Text>
          )}
          <Textarea
            label={t.tickets.comment}
            description={t.tickets.commentHint}
            autosize
            minRows={3}
            maxRows={8}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            data-autofocus={dialog.mode === 'reopen' || to ? true : undefined}
          />
          <Text size="xs" c="dimmed">
            {emailOff ? t.tickets.moveEmailOff : t.tickets.moveEmailHint}
          </Text>
          <FormFooter
            onCancel={onClose}
            saving={move.isPending}
            disabled={dialog.mode === 'move' && options.length === 0}
            submitLabel={dialog.mode === 'reopen' ? t.tickets.reopenSubmit : t.tickets.moveSubmit}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export interface TicketActions {
  /** Opens Movimentar, optionally with the new status chosen (a kanban drop). */
  move: (ticket: Ticket, to?: TicketStatus) => void;
  reopen: (ticket: Ticket) => void;
  notify: (ticket: Ticket) => void;
  notifying: string | null;
  /** The modal(s); render once where the actions are used. */
  modals: ReactNode;
}

/** Movimentar, Reabrir and Notificar, with their modal and their two-part outcome messages. */
export function useTicketActions(): TicketActions {
  const t = useT();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const notifyMutation = useMutation({
    mutationFn: (ticket: Ticket) =>
      ok(http.POST('/api/tickets/{id}/notify', { params: { path: { id: ticket.id } } })),
    meta: { silent: true },
    onSuccess: (result) => {
      storeTicket(queryClient, result.ticket);
      // "Cliente notificado" only when the e-mail left; otherwise the outcome warning alone says why.
      if (result.email.status === 'queued') notifyDone(t, t.tickets.notified(result.ticket.number));
      notifyEmailOutcome(t, result.email);
    },
    onError: (err, ticket) => reportTicketError(t, queryClient, ticket.id, err),
  });

  const move = useCallback(
    (ticket: Ticket, to?: TicketStatus) => setDialog({ mode: 'move', ticket, to: to ?? null }),
    [],
  );
  const reopen = useCallback((ticket: Ticket) => setDialog({ mode: 'reopen', ticket }), []);
  const notify = useCallback((ticket: Ticket) => notifyMutation.mutate(ticket), [notifyMutation]);
  const close = useCallback(() => setDialog(null), []);

  const modals = useMemo(
    () =>
      dialog ? (
        <MoveModal key={`${dialog.mode}-${dialog.ticket.id}`} dialog={dialog} onClose={close} />
      ) : null,
    [dialog, close],
  );

  return {
    move,
    reopen,
    notify,
    notifying: notifyMutation.isPending ? (notifyMutation.variables?.id ?? null) : null,
    modals,
  };
}

/**
 * "Notificar": tells the client by e-mail that the ticket was opened; only before its first movement, and
 * the tooltip says so.
 */
export function NotifyMenuItem({
  ticket,
  actions,
  position,
}: {
  ticket: Ticket;
  actions: TicketActions;
  position: 'left' | 'right';
}) {
  const t = useT();
  const canNotify = ticket.movementCount === 0;
  return (
    <Tooltip
      label={canNotify ? t.tickets.notifyHint : t.tickets.notifyDisabled}
      position={position}
      multiline
      maw={260}
    >
      <div data-testid={canNotify ? undefined : 'notify-disabled'}>
        <Menu.Item
          leftSection={<IconBell size={16} aria-hidden />}
          disabled={!canNotify || actions.notifying === ticket.id}
          onClick={() => actions.notify(ticket)}
        >
          {t.tickets.notify}
        </Menu.Item>
      </div>
    </Tooltip>
  );
}

/**
 * Opções: Reabrir (closed tickets), Notificar (only before the first movement; greyed with the reason
 * otherwise), Editar, Mensagem (the Chat tab) and Movimentar.
 */
export function TicketOptionsMenu({ ticket, actions }: { ticket: Ticket; actions: TicketActions }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-start" withinPortal shadow="md" width={220}>
      <Menu.Target>
        <ActionIcon aria-label={t.tickets.actionsFor(ticket.number)}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<IconRotateClockwise size={16} aria-hidden />}
          disabled={!ticket.closed}
          onClick={() => actions.reopen(ticket)}
        >
          {t.tickets.reopen}
        </Menu.Item>
        <NotifyMenuItem ticket={ticket} actions={actions} position="right" />
        <Menu.Item
          leftSection={<IconPencil size={16} aria-hidden />}
          onClick={() => navigate(`/tickets/${ticket.id}`)}
        >
          {t.tickets.edit}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconMessage size={16} aria-hidden />}
          onClick={() => navigate(`/tickets/${ticket.id}?tab=chat`)}
        >
          {t.tickets.message}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconArrowsExchange size={16} aria-hidden />}
          disabled={ticket.allowedMoves.length === 0}
          onClick={() => actions.move(ticket)}
        >
          {t.tickets.move}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
