import { ActionIcon, Menu } from '@mantine/core';
import { type Icon, IconDots } from '@tabler/icons-react';

/** One entry of a row's menu; `divided` draws a line above it (before the destructive ones). */
export interface RowMenuItem {
  label: string;
  icon: Icon;
  onClick: () => void;
  color?: string;
  divided?: boolean;
}

/** The "…" button at the end of a table row and its menu (Ver, Editar, Excluir…). */
export function RowMenu({ label, items }: { label: string; items: readonly RowMenuItem[] }) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon aria-label={label}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {items.flatMap((item) => {
          const entry = (
            <Menu.Item
              key={item.label}
              color={item.color}
              leftSection={<item.icon size={16} aria-hidden />}
              onClick={item.onClick}
            >
              {item.label}
            </Menu.Item>
          );
          return item.divided ? [<Menu.Divider key={`${item.label}-divider`} />, entry] : [entry];
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
