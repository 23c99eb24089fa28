import { ActionIcon, Box, Group, Indicator, Menu, ScrollArea, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { http, ok } from '../api/client.js';
import type { AppNotification, NotificationList } from '../api/models.js';
import { keys, useNotifications, useSession } from '../api/queries.js';
import { useT } from '../i18n/index.js';
import { formatAge, formatDateTime } from '../lib/format.js';

/** The bell in the header: unread count, latest notifications; a click marks one read and opens its link. */
export function NotificationsMenu() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { office } = useSession();
  const notifications = useNotifications();
  const unread = notifications.data?.unread ?? 0;
  const items = notifications.data?.items ?? [];

  const markRead = useMutation({
    mutationFn: (n: AppNotification) =>
      ok(http.POST('/api/notifications/{id}/read', { params: { path: { id: n.id } } })),
    meta: { silent: true },
    onMutate: (n) => {
      // Mark it at once; the next poll confirms.
      queryClient.setQueryData<NotificationList>(keys.notifications, (data) =>
        data && !n.readAt
          ? {
              unread: Math.max(0, data.unread - 1),
              items: data.items.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)),
            }
          : data,
      );
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: keys.notifications }),
  });

  const open = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n);
    if (n.link?.startsWith('/')) navigate(n.link);
  };

  return (
    <Menu position="bottom-end" width={360} shadow="md" onOpen={() => void notifications.refetch()}>
      <Menu.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          size={16}
          offset={4}
          color="red"
          disabled={unread === 0}
          styles={{ indicator: { fontSize: 10, fontWeight: 700 } }}
        >
          <ActionIcon
            size="lg"
            variant="subtle"
            color="gray"
            aria-label={t.notifications.label(unread)}
            data-unread={unread}
          >
            <IconBell size={20} stroke={1.6} />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown p={0}>
        <Group justify="space-between" px="md" py="sm">
          <Text fw={600} size="sm">
            {t.notifications.title}
          </Text>
        </Group>
        {items.length === 0 ? (
          <Text size="sm" c="dimmed" px="md" pb="md">
            {t.notifications.empty}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420}>
            {items.map((n) => (
              <Menu.Item
                key={n.id}
                onClick={() => open(n)}
                px="md"
                py="sm"
                style={{
                  borderTop: '1px solid var(--mantine-color-gray-2)',
                  borderRadius: 0,
                  background: n.readAt ? undefined : 'var(--mantine-color-brand-0)',
                }}
                aria-label={`${n.readAt ? '' : `${t.notifications.unread}: `}${n.title}`}
              >
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Box
                    mt={6}
                    w={8}
                    h={8}
                    style={{
                      borderRadius: 4,
                      flex: 'none',
                      background: n.readAt ? 'transparent' : 'var(--mantine-color-brand-6)',
                    }}
                    aria-hidden
                  />
                  <Box style={{ minWidth: 0 }}>
                    <Text size="sm" fw={n.readAt ? 500 : 700} lineClamp={2}>
                      {n.title}
                    </Text>
                    <Text size="xs" c="dimmed" lineClamp={3}>
                      {n.body}
                    </Text>
                    <Text size="xs" c="dimmed" mt={2} title={formatDateTime(n.createdAt, office.timeZone)}>
                      {t.common.ago(formatAge(Date.now() - Date.parse(n.createdAt)))} ·{' '}
                      {formatDateTime(n.createdAt, office.timeZone)}
                    </Text>
                  </Box>
                </Group>
              </Menu.Item>
            ))}
          </ScrollArea.Autosize>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
