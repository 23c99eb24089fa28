import { Box, Collapse, Stack, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { type ReactNode, useId, useState } from 'react';

/**
 * "Detalhes técnicos": what developers and support read (codes, ids, raw JSON), folded away under a toggle
 * so the screen itself shows names and sentences.
 */
export function TechnicalDetails({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const Icon = open ? IconChevronDown : IconChevronRight;
  return (
    <Box>
      <UnstyledButton
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-controls={id}
        fz="sm"
        c="dimmed"
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        <Icon size={14} aria-hidden />
        {label}
      </UnstyledButton>
      <Collapse expanded={open} id={id}>
        <Stack gap="sm" mt="xs">
          {children}
        </Stack>
      </Collapse>
    </Box>
  );
}
