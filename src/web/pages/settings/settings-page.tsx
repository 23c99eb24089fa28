import { Tabs } from '@mantine/core';
import {
  IconBriefcase,
  IconBuilding,
  IconBuildingBank,
  IconHistory,
  IconKey,
  IconListDetails,
  IconServer,
  IconUsers,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useSession } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { type Dictionary, useT } from '../../i18n/index.js';
import { AuditTab } from './audit-tab.js';
import { BankAccountsTab } from './bank-accounts-tab.js';
import { OfficeTab } from './office-tab.js';
import { PoolsTab } from './pools-tab.js';
import { ProfessionsTab } from './professions-tab.js';
import { ServicesTab } from './services-tab.js';
import { TokensTab } from './tokens-tab.js';
import { UsersTab } from './users-tab.js';

interface SettingsTab {
  value: string;
  label: keyof Dictionary['settings'];
  icon: ComponentType<{ size?: number }>;
  adminOnly: boolean;
  Component: ComponentType;
}

const TABS: SettingsTab[] = [
  { value: 'users', label: 'tabUsers', icon: IconUsers, adminOnly: false, Component: UsersTab },
  {
    value: 'professions',
    label: 'tabProfessions',
    icon: IconBriefcase,
    adminOnly: false,
    Component: ProfessionsTab,
  },
  {
    value: 'services',
    label: 'tabServices',
    icon: IconListDetails,
    adminOnly: false,
    Component: ServicesTab,
  },
  { value: 'pools', label: 'tabPools', icon: IconServer, adminOnly: false, Component: PoolsTab },
  { value: 'office', label: 'tabOffice', icon: IconBuilding, adminOnly: true, Component: OfficeTab },
  {
    value: 'bank-accounts',
    label: 'tabBankAccounts',
    icon: IconBuildingBank,
    adminOnly: false,
    Component: BankAccountsTab,
  },
  { value: 'tokens', label: 'tabTokens', icon: IconKey, adminOnly: true, Component: TokensTab },
  { value: 'audit', label: 'tabAudit', icon: IconHistory, adminOnly: true, Component: AuditTab },
];

export function SettingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { tab } = useParams();
  const { isAdmin } = useSession();
  const visible = TABS.filter((x) => isAdmin || !x.adminOnly);
  const current = visible.find((x) => x.value === tab);
  if (!current) return <Navigate to="/settings/users" replace />;

  return (
    <>
      <PageHeader title={t.settings.title} />
      <Tabs value={current.value} onChange={(value) => value && navigate(`/settings/${value}`)}>
        <Tabs.List mb="lg">
          {visible.map((x) => (
            <Tabs.Tab key={x.value} value={x.value} leftSection={<x.icon size={16} />}>
              {t.settings[x.label]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {visible.map((x) => (
          <Tabs.Panel key={x.value} value={x.value}>
            {x.value === current.value && <x.Component />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
