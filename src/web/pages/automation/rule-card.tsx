import { ActionIcon, Badge, Card, Group, Menu, Stack, Switch, Text, Tooltip } from '@mantine/core';
import { IconClock, IconDots, IconFilter, IconPencil, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { currentDefinition, type Rule } from '../../api/automation.js';
import { DragHandle, useSortableItem } from '../../components/sortable-list.js';
import { useLang, useT } from '../../i18n/index.js';
import type { ConditionField } from './condition-logic.js';
import { describeCondition, describeDelay, type NameLookup } from './rule-words.js';

/**
 * One rule on the board: its name or action in words, the delay and the condition in words, draft or
 * published (with the version), the mode when parallel, an on/off switch and the rule's menu. Dragged by
 * its handle (dnd-kit sortable; the keyboard works too).
 */
export function RuleCard({
  rule,
  fields,
  names,
  onEdit,
  onToggle,
  onApply,
  onDelete,
  toggling,
}: {
  rule: Rule;
  fields: readonly ConditionField[];
  names: NameLookup;
  onEdit: () => void;
  onToggle: (enabled: boolean) => void;
  onApply: () => void;
  onDelete: () => void;
  toggling: boolean;
}) {
  const t = useT();
  const a = t.automation;
  const [lang] = useLang();
  const def = currentDefinition(rule);
  const sortable = useSortableItem(rule.id);
  const fieldLabel = (key: string) => fields.find((f) => f.key === key)?.label;
  const delay = describeDelay(def?.delay, lang, fieldLabel);
  const condition = def ? describeCondition(def.condition, fields, lang, names) : null;
  const title = def?.name || rule.description;
  return (
    <Card
      ref={sortable.ref}
      withBorder
      padding="xs"
      radius="md"
      data-testid="rule-card"
      data-rule={rule.id}
      style={{ ...sortable.style, opacity: sortable.isDragging ? 0.5 : rule.enabled ? 1 : 0.65 }}
    >
      <Group gap={4} wrap="nowrap" align="flex-start">
        <DragHandle handle={sortable.handle} label={a.board.drag(title)} size="sm" iconSize={14} />
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {title}
          </Text>
          {def?.name && def.name !== rule.description && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {rule.description}
            </Text>
          )}
          <Group gap={4} wrap="nowrap" align="flex-start">
            <IconClock size={13} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="xs" data-testid="rule-delay">
              {delay}
            </Text>
          </Group>
          {condition && (
            <Group gap={4} wrap="nowrap" align="flex-start">
              <IconFilter size={13} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
              <Text size="xs" data-testid="rule-condition" style={{ overflowWrap: 'anywhere' }}>
                {condition}
              </Text>
            </Group>
          )}
          <Group gap={4}>
            {rule.published ? (
              <Badge size="xs" variant="light" color="teal">
                {a.board.published(rule.published.version)}
              </Badge>
            ) : null}
            {rule.draft && (
              <Badge size="xs" variant="light" color="yellow">
                {rule.published ? a.board.pendingDraft : a.board.draft}
              </Badge>
            )}
            {def?.mode === 'parallel' && (
              <Badge size="xs" variant="outline" color="gray">
                {a.board.parallel}
              </Badge>
            )}
          </Group>
        </Stack>
        <Stack gap={4} align="flex-end">
          <Tooltip label={rule.enabled ? a.board.enabledOn : a.board.enabledOff}>
            <Switch
              size="xs"
              checked={rule.enabled}
              disabled={toggling}
              aria-label={a.board.enabled(title)}
              onChange={(e) => onToggle(e.currentTarget.checked)}
            />
          </Tooltip>
          <Menu position="bottom-end" shadow="md" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={a.board.ruleMenu(title)}>
                <IconDots size={14} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={onEdit}>
                {t.common.edit}
              </Menu.Item>
              <Menu.Item
                leftSection={<IconPlayerPlay size={14} aria-hidden />}
                onClick={onApply}
                disabled={!rule.published}
              >
                {a.apply.menu}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete}>
                {t.common.delete}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Stack>
      </Group>
    </Card>
  );
}
