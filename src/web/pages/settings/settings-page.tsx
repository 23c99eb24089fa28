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
import { PageHeader } from '../../components/page-header.js';
import { type PathTab, PathTabsPage } from '../../components/tab-panels.js';
import { useT } from '../../i18n/index.js';
import { AuditTab } from './audit-tab.js';
import { BankAccountsTab } from './bank-accounts-tab.js';
import { OfficeTab } from './office-tab.js';
import { PoolsTab } from './pools-tab.js';
import { ProfessionsTab } from './professions-tab.js';
import { ServicesTab } from './services-tab.js';
import { TokensTab } from './tokens-tab.js';
import { UsersTab } from './users-tab.js';

const TABS: PathTab[] = [
  { value: 'users', label: (t) => t.settings.tabUsers, icon: IconUsers, Component: UsersTab },
  {
    value: 'professions',
    label: (t) => t.settings.tabProfessions,
    icon: IconBriefcase,
    Component: ProfessionsTab,
  },
  { value: 'services', label: (t) => t.settings.tabServices, icon: IconListDetails, Component: ServicesTab },
  { value: 'pools', label: (t) => t.settings.tabPools, icon: IconServer, Component: PoolsTab },
  {
    value: 'office',
    label: (t) => t.settings.tabOffice,
    icon: IconBuilding,
    adminOnly: true,
    Component: OfficeTab,
  },
  {
    value: 'bank-accounts',
    label: (t) => t.settings.tabBankAccounts,
    icon: IconBuildingBank,
    Component: BankAccountsTab,
  },
  {
    value: 'tokens',
    label: (t) => t.settings.tabTokens,
    icon: IconKey,
    adminOnly: true,
    Component: TokensTab,
  },
  {
    value: 'audit',
    label: (t) => t.settings.tabAudit,
    icon: IconHistory,
    adminOnly: true,
    Component: AuditTab,
  },
];

export function SettingsPage() {
  const t = useT();
  return <PathTabsPage header={<PageHeader title={t.settings.title} />} tabs={TABS} base="/settings" />;
}
