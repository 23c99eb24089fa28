import { type ButtonProps, Menu, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { IconButton } from '../../components/icon-button.js';

/**
 * The board's "+ add" menus (a rule's action, a stage's trigger): a plus button that opens a scrolling list
 * of the catalog's kinds, each a {@link KindMenuItem}. `button` sizes and colours the button.
 */
export function KindMenu({
  label,
  disabled,
  button,
  children,
}: {
  label: string;
  disabled: boolean;
  button: ButtonProps & { iconSize: number };
  children: ReactNode;
}) {
  return (
    <Menu position="bottom-start" shadow="md" width={280} withinPortal>
      <Menu.Target>
        <IconButton icon={IconPlus} variant="subtle" justify="flex-start" disabled={disabled} {...button}>
          {label}
        </IconButton>
      </Menu.Target>
      <Menu.Dropdown mah={420} style={{ overflowY: 'auto' }}>
        {children}
      </Menu.Dropdown>
    </Menu>
  );
}

/** One kind of a {@link KindMenu}: its name over its description. */
export function KindMenuItem({
  kind,
  onPick,
}: {
  kind: { name: string; description: string };
  onPick: () => void;
}) {
  return (
    <Menu.Item onClick={onPick}>
      <Text size="sm">{kind.name}</Text>
      <Text size="xs" c="dimmed" lineClamp={2}>
        {kind.description}
      </Text>
    </Menu.Item>
  );
}
