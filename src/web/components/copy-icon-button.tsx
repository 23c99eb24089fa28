import { ActionIcon, type ActionIconProps, CopyButton, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useT } from '../i18n/index.js';

/**
 * An icon that copies `value` to the clipboard: named by `label` (its tooltip too), it shows a teal check and
 * "Copiado" (or `copiedLabel`) for two seconds after a click.
 *
 * @example
 * <CopyIconButton value={invoice.pixCode} label={t.billing.copyPix} copiedLabel={t.billing.pixCopied} />
 */
export function CopyIconButton({
  value,
  label,
  copiedLabel,
  iconSize = 16,
  variant = 'subtle',
  color,
  size,
}: {
  value: string;
  label: string;
  copiedLabel?: string;
  iconSize?: number;
} & Pick<ActionIconProps, 'variant' | 'color' | 'size'>) {
  const t = useT();
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? (copiedLabel ?? t.common.copied) : label} withinPortal>
          <ActionIcon
            variant={variant}
            color={copied ? 'teal' : color}
            size={size}
            onClick={copy}
            aria-label={label}
          >
            {copied ? <IconCheck size={iconSize} aria-hidden /> : <IconCopy size={iconSize} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
