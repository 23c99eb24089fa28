import { Tabs } from '@mantine/core';
import { useUncontrolled } from '@mantine/hooks';
import type { ComponentType, ReactNode } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useSession } from '../api/queries.js';
import { type Dictionary, useT } from '../i18n/index.js';

/** One tab of a `TabPanels`: its value, its label with an icon before it, and what its panel shows. */
export interface TabPanel {
  value: string;
  label: ReactNode;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  /** Beside the label, e.g. a count. */
  badge?: ReactNode;
  content: ReactNode;
}

/**
 * A row of tabs and their panels. Only the open tab's content is rendered, so a tab's queries run when it
 * is opened. `compact` is for tabs inside a card or a drawer (smaller icons, the panel right under the tabs).
 *
 * @example
 * <TabPanels value={tab} onChange={setTab} tabs={[
 *   { value: 'data', label: t.client.tabData, icon: IconId, content: <DataTab client={c} /> },
 *   { value: 'fees', label: t.billing.tab, icon: IconCoin, content: <FeesTab clientId={c.id} /> },
 * ]} />
 */
export function TabPanels({
  value: controlled,
  defaultValue,
  onChange,
  tabs,
  compact = false,
}: {
  tabs: readonly TabPanel[];
  compact?: boolean;
} & (
  | { value: string; defaultValue?: never; onChange: (value: string | null) => void }
  | { value?: never; defaultValue: string; onChange?: never }
)) {
  // Either the caller keeps the open tab (in the URL) or the tabs keep it themselves.
  const [value, setValue] = useUncontrolled<string | null>({ value: controlled, defaultValue, onChange });
  const iconSize = compact ? 14 : 16;
  return (
    <Tabs value={value} onChange={setValue}>
      <Tabs.List mb={compact ? undefined : 'lg'}>
        {tabs.map((x) => (
          <Tabs.Tab
            key={x.value}
            value={x.value}
            leftSection={<x.icon size={iconSize} aria-hidden />}
            rightSection={x.badge}
          >
            {x.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((x) => (
        <Tabs.Panel key={x.value} value={x.value} pt={compact ? 'sm' : undefined}>
          {x.value === value && x.content}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

/** A page's tab named by the path (`/settings/users`): the tabs to show, and the one open or none. */
export interface PathTab {
  value: string;
  label: (t: Dictionary) => string;
  icon: TabPanel['icon'];
  /** Shown to admins only. */
  adminOnly?: boolean;
  Component: ComponentType;
}

/**
 * A page made of tabs whose open tab is a segment of the path after `base` (`/settings/users`), or `base`
 * itself for `indexTab` (`/messages` is the outbox): the page's header, then the tabs an admin (or
 * everyone) may see. An unknown or forbidden tab goes to the index tab, or else the first.
 */
export function PathTabsPage({
  header,
  tabs,
  base,
  indexTab,
}: {
  header: ReactNode;
  tabs: readonly PathTab[];
  base: string;
  /** The tab shown at `base` itself. */
  indexTab?: string;
}) {
  const t = useT();
  const navigate = useNavigate();
  const { tab = indexTab } = useParams();
  const { isAdmin } = useSession();
  const pathOf = (value: string) => (value === indexTab ? base : `${base}/${value}`);
  const visible = tabs.filter((x) => isAdmin || !x.adminOnly);
  const current = visible.find((x) => x.value === tab);
  if (!current) return <Navigate to={pathOf(indexTab ?? tabs[0]?.value ?? '')} replace />;
  return (
    <>
      {header}
      <TabPanels
        value={current.value}
        onChange={(value) => value && navigate(pathOf(value))}
        tabs={visible.map((x) => ({ ...x, label: x.label(t), content: <x.Component /> }))}
      />
    </>
  );
}
