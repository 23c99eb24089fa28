import { Button, type ButtonProps, createPolymorphicComponent } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';

interface IconButtonProps extends ButtonProps {
  /** The Tabler icon before the label, hidden from screen readers (the label names the button). */
  icon: Icon;
  iconSize?: number;
}

function IconButtonRoot({ icon: Glyph, iconSize = 16, ...props }: IconButtonProps) {
  return <Button leftSection={<Glyph size={iconSize} aria-hidden />} {...props} />;
}

/**
 * A Mantine `Button` with an icon before its label (an icon alone is an `ActionIcon`). Polymorphic as
 * `Button` is: `<IconButton icon={IconDownload} component="a" href={url}>Baixar</IconButton>`.
 */
export const IconButton = createPolymorphicComponent<'button', IconButtonProps>(IconButtonRoot);
