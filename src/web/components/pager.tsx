import { Group, Pagination, Select, Text } from '@mantine/core';
import { useT } from '../i18n/index.js';
import { PAGE_SIZES } from '../lib/constants.js';

/** "Mostrando 1–25 de 120", page size and pages, under a server-paged table. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize?: (pageSize: number) => void;
}) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <Group gap="md">
        <Text size="sm" c="dimmed" aria-live="polite">
          {t.common.showing(from, to, total)}
        </Text>
        {onPageSize && (
          <Select
            size="xs"
            w={84}
            aria-label={t.common.perPage}
            data={PAGE_SIZES}
            value={String(pageSize)}
            allowDeselect={false}
            onChange={(value) => value && onPageSize(Number(value))}
          />
        )}
      </Group>
      <Pagination
        size="sm"
        total={pages}
        value={Math.min(page, pages)}
        onChange={onPage}
        hideWithOnePage
        aria-label={t.common.pagination}
      />
    </Group>
  );
}
