import { Anchor, type AnchorProps, Table, type TableTrProps } from '@mantine/core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';

/** A row's title as a link to its page: bold, in the text's colour. */
export function TitleLink({
  to,
  children,
  ...props
}: { to: string; children: ReactNode } & AnchorProps &
  Omit<ComponentPropsWithoutRef<'a'>, keyof AnchorProps | 'href'>) {
  return (
    <Anchor component={Link} to={to} size="sm" fw={600} c="inherit" {...props}>
      {children}
    </Anchor>
  );
}

/**
 * A grid row that opens `to` when clicked anywhere but on its own links, buttons and menus; its `TitleLink`
 * is what the keyboard and screen readers use.
 */
export function LinkRow({ to, children, ...props }: { to: string; children: ReactNode } & TableTrProps) {
  const navigate = useNavigate();
  return (
    <Table.Tr
      className="clickable-row"
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a, button, [role="menu"]')) return;
        navigate(to);
      }}
      {...props}
    >
      {children}
    </Table.Tr>
  );
}
