import { Badge } from '@mantine/core';

/** A light badge for a two-state status: teal with `onLabel` while `on`, grey with `offLabel` otherwise. */
export function OnOffBadge({ on, onLabel, offLabel }: { on: boolean; onLabel: string; offLabel: string }) {
  return (
    <Badge color={on ? 'teal' : 'gray'} variant="light" styles={{ label: { overflow: 'visible' } }}>
      {on ? onLabel : offLabel}
    </Badge>
  );
}
