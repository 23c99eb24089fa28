import {
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Divider,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBolt,
  IconBuildingSkyscraper,
  IconCalendarEvent,
  IconCash,
  IconChecklist,
  IconChevronDown,
  IconFolderDown,
  IconHeadset,
  IconKey,
  IconLayoutKanban,
  IconLogout,
  IconMessages,
  IconPlayerPlay,
  IconRepeat,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ComponentType, Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { http, ok, setCsrfToken } from '../api/client.js';
import { useSession } from '../api/queries.js';
import { type Dictionary, useT } from '../i18n/index.js';
import { initials } from '../lib/format.js';
import { ChangePasswordModal } from './change-password-modal.js';
import { FullPageLoader } from './full-page-loader.js';
import { LanguageSwitch } from './language-switch.js';
import { Logo } from './logo.js';
import { NotificationsMenu } from './notifications-menu.js';
import { TasksBadge } from './tasks-badge.js';

interface NavItem {
  key: keyof Dictionary['nav'];
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>;
  soon?: boolean;
}

/** The product's areas, in the order the office works through them. */
export const NAV_ITEMS: NavItem[] = [
  { key: 'clients', to: '/clients', icon: IconUsers },
  { key: 'tickets', to: '/tickets', icon: IconHeadset },
  { key: 'routines', to: '/routines', icon: IconRepeat },
  { key: 'runs', to: '/runs', icon: IconPlayerPlay },
  { key: 'documentRequests', to: '/collection', icon: IconFolderDown },
  { key: 'processes', to: '/processes', icon: IconLayoutKanban },
  { key: 'automations', to: '/automacoes', icon: IconBolt },
  { key: 'tasks', to: '/tasks', icon: IconChecklist },
  { key: 'upcoming', to: '/upcoming', icon: IconCalendarEvent },
  { key: 'billing', to: '/billing', icon: IconCash },
  { key: 'messages', to: '/messages', icon: IconMessages },
];

function UserMenu({ onChangePassword }: { onChangePassword: () => void }) {
  const t = useT();
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => ok(http.POST('/api/auth/logout')),
    meta: { silent: true },
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      navigate('/login', { replace: true });
    },
  });

  return (
    <Menu position="bottom-end" width={220} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={t.nav.userMenu} px={6} py={4} style={{ borderRadius: 8 }}>
          <Group gap={8} wrap="nowrap">
            <Avatar size={32} radius="xl" color="brand" variant="filled">
              {initials(user.name)}
            </Avatar>
            <Box visibleFrom="sm" style={{ lineHeight: 1.15 }}>
              <Text size="sm" fw={600} lineClamp={1}>
                {user.name}
              </Text>
              <Text size="xs" c="dimmed">
                {user.role === 'admin' ? t.nav.admin : t.nav.staff}
              </Text>
            </Box>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={onChangePassword}>
          {t.auth.changePassword}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => logout.mutate()}
        >
          {t.auth.logout}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function AppLayout() {
  const t = useT();
  const { office } = useSession();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const [passwordOpen, setPasswordOpen] = useState(false);

  // On mobile the navbar is an overlay: close it after navigating.
  useEffect(() => {
    if (pathname) close();
  }, [pathname, close]);

  const isActive = (to: string) => pathname === to || pathname.startsWith(`${to}/`);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: { sm: 240, lg: 264 }, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', md: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t.nav.closeMenu : t.nav.openMenu}
            />
            <Link to="/clients" style={{ textDecoration: 'none', color: 'inherit' }} aria-label={t.app.name}>
              <Logo />
            </Link>
            <Divider orientation="vertical" visibleFrom="xs" my={14} />
            <Group gap={6} wrap="nowrap" visibleFrom="xs" style={{ minWidth: 0 }}>
              <IconBuildingSkyscraper size={16} aria-hidden color="var(--mantine-color-dimmed)" />
              <Text size="sm" fw={500} truncate="end" data-testid="office-name">
                {office.name}
              </Text>
            </Group>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            {/* On a phone the switch moves into the menu: beside the logo it covered it. */}
            <Box visibleFrom="sm">
              <LanguageSwitch persist />
            </Box>
            <TasksBadge />
            <NotificationsMenu />
            <UserMenu onChangePassword={() => setPasswordOpen(true)} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar
        p="sm"
        aria-label={t.nav.main}
        component="nav"
        bg="var(--mantine-color-gray-0)"
        withBorder={false}
      >
        <AppShell.Section grow component={ScrollArea}>
          {NAV_ITEMS.map((item) => (
            <NavLink
              key={item.key}
              component={Link}
              to={item.to}
              label={t.nav[item.key]}
              active={isActive(item.to)}
              leftSection={<item.icon size={19} stroke={1.6} aria-hidden />}
              rightSection={
                item.soon ? (
                  <Badge size="xs" variant="light" color="gray" radius="sm">
                    {t.common.comingSoon}
                  </Badge>
                ) : undefined
              }
              mb={2}
              style={{ borderRadius: 8 }}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Divider my="sm" />
          <NavLink
            component={Link}
            to="/settings"
            label={t.nav.settings}
            active={isActive('/settings')}
            leftSection={<IconSettings size={19} stroke={1.6} aria-hidden />}
            style={{ borderRadius: 8 }}
          />
          <Box hiddenFrom="sm" px="sm" pt="sm">
            <LanguageSwitch size="sm" />
          </Box>
          <Text size="xs" c="dimmed" px="sm" pt="xs" hiddenFrom="xs" truncate="end">
            {office.name}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <Box maw={1360} mx="auto">
          <Suspense fallback={<FullPageLoader />}>
            <Outlet />
          </Suspense>
        </Box>
      </AppShell.Main>

      <ChangePasswordModal opened={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </AppShell>
  );
}
