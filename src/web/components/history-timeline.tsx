import { Text, Timeline } from '@mantine/core';
import { IconPoint } from '@tabler/icons-react';
import { useSession } from '../api/queries.js';
import { formatDateTime } from '../lib/format.js';

/** One line of a history: what happened, when, and who did it (null: the system). */
export interface HistoryEntry {
  at: string;
  text: string;
  actor: string | null;
}

/**
 * A history as a timeline, newest first: each entry's text, then its date and time in the office's zone
 * and who did it (`systemLabel` when no one did).
 */
export function HistoryTimeline({
  entries,
  label,
  testId,
  systemLabel,
}: {
  entries: readonly HistoryEntry[];
  /** The timeline's accessible name. */
  label: string;
  testId: string;
  systemLabel: string;
}) {
  const { office } = useSession();
  const items = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  if (items.length === 0) return null;
  return (
    <Timeline bulletSize={16} lineWidth={2} aria-label={label} data-testid={testId}>
      {items.map((entry, index) => (
        <Timeline.Item
          // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id; the list is append-only
          key={`${entry.at}-${index}`}
          bullet={<IconPoint size={12} aria-hidden />}
        >
          <Text size="sm">{entry.text}</Text>
          <Text size="xs" c="dimmed" mt={2}>
            {formatDateTime(entry.at, office.timeZone)} · {entry.actor ?? systemLabel}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
