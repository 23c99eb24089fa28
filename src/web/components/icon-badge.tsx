import { Badge, type BadgeProps } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/**
 * A light badge in its text's own case with an icon before the label (hidden from screen readers: the label
 * says it), as `IconButton` is a button with one.
 *
 * @example
 * <IconBadge icon={IconLock} color="yellow" size="xs" iconSize={10}>Interna</IconBadge>
 */
export function IconBadge({
  icon: Glyph,
  iconSize = 12,
  ...props
}: BadgeProps & { icon: Icon; iconSize?: number; children: ReactNode }) {
  return <Badge variant="light" tt="none" leftSection={<Glyph size={iconSize} aria-hidden />} {...props} />;
}
