import { arrayMove } from '@dnd-kit/sortable';
import {
  ActionIcon,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import {
  FILE_TYPES,
  type FileType,
  ITEM_KINDS,
  type ItemKind,
  REQUIREMENTS,
  type Requirement,
  type Template,
  type TemplateItemInput,
} from '../../api/collection.js';
import { useProfessions } from '../../api/queries.js';
import { IconButton } from '../../components/icon-button.js';
import { DragHandle, SortableList, useSortableItem } from '../../components/sortable-list.js';
import { useT } from '../../i18n/index.js';

/** A checklist item as the form holds it: the API's fields, a size in MB, and a key for the drag list. */
export interface DraftItem {
  uid: string;
  key?: string;
  name: string;
  instructions: string;
  kind: ItemKind;
  requirement: Requirement;
  acceptedTypes: FileType[];
  maxMb: number | string;
  multiple: boolean;
  professionId: string | null;
}

const isFileType = (x: string): x is FileType => (FILE_TYPES as readonly string[]).includes(x);

const MB = 1024 * 1024;

let counter = 0;
const newUid = () => `item-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** A stored item (a model's version) as the form edits it, or a new one. */
export function draftItem(item?: Template['items'][number]): DraftItem {
  if (item) {
    const { maxBytes, acceptedTypes, ...rest } = item;
    return {
      ...rest,
      acceptedTypes: acceptedTypes.filter(isFileType),
      uid: newUid(),
      maxMb: Math.max(1, Math.round(maxBytes / MB)),
    };
  }
  return {
    uid: newUid(),
    name: '',
    instructions: '',
    kind: 'file',
    requirement: 'required',
    acceptedTypes: ['pdf'],
    maxMb: 10,
    multiple: true,
    professionId: null,
  };
}

export function itemInput(item: DraftItem): TemplateItemInput {
  const { uid: _uid, maxMb, ...rest } = item;
  return { ...rest, maxBytes: Math.round(Number(maxMb) * MB) };
}

function SortableItem({
  item,
  index,
  errors,
  onChange,
  onRemove,
  canRemove,
}: {
  item: DraftItem;
  index: number;
  errors: Record<string, string>;
  onChange: (change: Partial<DraftItem>) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const t = useT();
  const c = t.collection;
  const professions = useProfessions();
  const sortable = useSortableItem(item.uid, { scale: true });
  const label = item.name.trim() || c.itemN(index + 1);
  const err = (field: string) => errors[`items.${index}.${field}`];
  return (
    <Paper ref={sortable.ref} withBorder p="sm" data-checklist-item={index} style={sortable.style}>
      <Group align="flex-start" wrap="nowrap" gap="xs">
        <Tooltip label={c.dragItem(label)}>
          <DragHandle handle={sortable.handle} label={c.dragItem(label)} iconSize={18} mt={26} />
        </Tooltip>
        <Grid gap="sm" style={{ flex: 1 }}>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput
              label={c.itemName}
              placeholder={c.itemNamePlaceholder}
              value={item.name}
              onChange={(e) => onChange({ name: e.currentTarget.value })}
              error={err('name')}
              required
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <Select
              label={c.itemKind}
              data={ITEM_KINDS.map((k) => ({ value: k, label: c.kinds[k] }))}
              value={item.kind}
              onChange={(v) => v && onChange({ kind: v as ItemKind })}
              allowDeselect={false}
              error={err('kind')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <Select
              label={c.itemRequirement}
              data={REQUIREMENTS.map((r) => ({ value: r, label: c.requirements[r] }))}
              value={item.requirement}
              onChange={(v) => v && onChange({ requirement: v as Requirement })}
              allowDeselect={false}
              error={err('requirement')}
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea
              label={c.itemInstructions}
              placeholder={c.itemInstructionsPlaceholder}
              autosize
              minRows={1}
              maxRows={5}
              value={item.instructions}
              onChange={(e) => onChange({ instructions: e.currentTarget.value })}
              error={err('instructions')}
            />
          </Grid.Col>
          {item.kind === 'file' && (
            <>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <MultiSelect
                  label={c.itemTypes}
                  placeholder={item.acceptedTypes.length === 0 ? c.itemTypesPlaceholder : undefined}
                  data={[...new Set([...FILE_TYPES, ...item.acceptedTypes])].map((x) => ({
                    value: x,
                    label: x.toUpperCase(),
                  }))}
                  value={item.acceptedTypes}
                  onChange={(v) => onChange({ acceptedTypes: v.filter(isFileType) })}
                  error={err('acceptedTypes')}
                  clearable
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, md: 3 }}>
                <NumberInput
                  label={c.itemMaxMb}
                  min={1}
                  max={2048}
                  allowDecimal={false}
                  value={item.maxMb}
                  onChange={(v) => onChange({ maxMb: v })}
                  error={err('maxBytes')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, md: 4 }}>
                <Switch
                  mt={30}
                  label={c.itemMultiple}
                  checked={item.multiple}
                  onChange={(e) => onChange({ multiple: e.currentTarget.checked })}
                />
              </Grid.Col>
            </>
          )}
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Select
              label={c.itemProfession}
              placeholder={c.itemProfessionPlaceholder}
              data={(professions.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={item.professionId}
              onChange={(v) => onChange({ professionId: v })}
              clearable
              error={err('professionId')}
            />
          </Grid.Col>
        </Grid>
        <Tooltip label={c.removeItem(label)}>
          <ActionIcon
            color="red"
            variant="subtle"
            mt={26}
            aria-label={c.removeItem(label)}
            onClick={onRemove}
            disabled={!canRemove}
          >
            <IconTrash size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}

/**
 * The Processo Modelo's checklist: one card per item, dragged by its handle (mouse, touch or keyboard:
 * space to lift, arrows to move) into the order the client sees.
 */
export function ChecklistEditor({
  items,
  onChange,
  errors,
}: {
  items: DraftItem[];
  onChange: (items: DraftItem[]) => void;
  errors: Record<string, string>;
}) {
  const t = useT();
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t.collection.checklistHint}
      </Text>
      {errors.items && (
        <Text size="sm" c="red" role="alert">
          {errors.items}
        </Text>
      )}
      <SortableList ids={items.map((i) => i.uid)} onMove={(from, to) => onChange(arrayMove(items, from, to))}>
        <Stack gap="sm" data-testid="checklist">
          {items.map((item, index) => (
            <SortableItem
              key={item.uid}
              item={item}
              index={index}
              errors={errors}
              canRemove={items.length > 1}
              onChange={(change) =>
                onChange(items.map((i) => (i.uid === item.uid ? { ...i, ...change } : i)))
              }
              onRemove={() => onChange(items.filter((i) => i.uid !== item.uid))}
            />
          ))}
        </Stack>
      </SortableList>
      <Group>
        <IconButton icon={IconPlus} variant="default" onClick={() => onChange([...items, draftItem()])}>
          {t.collection.addItem}
        </IconButton>
      </Group>
    </Stack>
  );
}
