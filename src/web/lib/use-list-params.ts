import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { SortOrder } from '../api/models.js';

/** A change to the list's URL: `null` or `''` removes the key. */
export type ListParamChanges = Record<string, string | number | null>;

/** The paging props a `DataTable` (and its `Pager`) reads. */
export interface ListPaging {
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}

export interface ListParams<S extends string> extends ListPaging {
  /** The sort field, one of `sort.fields` (the default when the URL has none or another). */
  sort: S;
  order: SortOrder;
  onSort: (field: S, order: SortOrder) => void;
  /** A plain filter's value; `''` when absent. */
  get: (key: string) => string;
  /** A filter whose value must be one of `allowed`; `''` when absent or unknown. */
  oneOf: <V extends string>(key: string, allowed: readonly V[]) => V | '';
  /** Writes filters into the URL (replacing the entry); any change but paging goes back to page 1. */
  update: (changes: ListParamChanges, resetPage?: boolean) => void;
  /** The applied text search (`q`), and the box's text, which reaches `q` 300 ms after typing stops. */
  q: string;
  search: string;
  onSearch: (text: string) => void;
}

/**
 * The state of a list page kept in the URL — page, page size, sort, filters and a debounced text search —
 * so a view can be shared and survives a reload. A URL changed from elsewhere (back button, a navbar
 * link) puts its text back in the search box.
 *
 * @example
 * const list = useListParams({ sort: { fields: SORT_FIELDS, initial: 'legalName', order: 'asc' } });
 * const status = list.get('status');
 * <Select value={status} onChange={(v) => list.update({ status: v })} />
 */
export function useListParams<S extends string = never>(
  options: {
    sort?: { fields: readonly S[]; initial: S; order: SortOrder };
    /** Keys whose change keeps the page (a drawer opened from a row). */
    keepPageOn?: readonly string[];
  } = {},
): ListParams<S> {
  const [params, setParams] = useSearchParams();
  const keepPageOn = options.keepPageOn ?? [];

  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || 25));
  const sortOption = options.sort;
  const sortParam = params.get('sort') as S | null;
  const sort = (sortParam && sortOption?.fields.includes(sortParam) ? sortParam : sortOption?.initial) as S;
  const orderParam = params.get('order');
  const order: SortOrder =
    orderParam === 'asc' || orderParam === 'desc' ? orderParam : (sortOption?.order ?? 'asc');
  const get = (key: string) => params.get(key) ?? '';
  const q = get('q');

  const update = (changes: ListParamChanges, resetPage = true) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, String(value));
        }
        const keepsPage = 'page' in changes || keepPageOn.some((key) => key in changes);
        if (resetPage && !keepsPage) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };

  const [search, setSearch] = useState(q);
  const pushed = useRef(q);
  const pushSearch = useDebouncedCallback((value: string) => {
    const text = value.trim();
    pushed.current = text;
    setParams(
      (prev) => {
        if ((prev.get('q') ?? '') === text) return prev;
        const next = new URLSearchParams(prev);
        if (text) next.set('q', text);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, 300);
  useEffect(() => {
    if (q === pushed.current) return;
    pushed.current = q;
    pushSearch.cancel();
    setSearch(q);
  }, [q, pushSearch]);

  return {
    page,
    pageSize,
    onPage: (p) => update({ page: p }, false),
    onPageSize: (size) => update({ pageSize: size }),
    sort,
    order,
    onSort: (field, nextOrder) => update({ sort: field, order: nextOrder }),
    get,
    oneOf: (key, allowed) => {
      const value = params.get(key);
      return value !== null && (allowed as readonly string[]).includes(value)
        ? (value as (typeof allowed)[number])
        : '';
    },
    update,
    q,
    search,
    onSearch: (text) => {
      setSearch(text);
      pushSearch(text);
    },
  };
}

/**
 * A list's paging kept in the component, not the URL (a settings tab): a new page size goes back to page
 * 1, and so should a new filter (`reset()`).
 */
export function useLocalPaging(): ListPaging & { reset: () => void } {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  return {
    page,
    pageSize,
    onPage: setPage,
    onPageSize: (size) => {
      setPageSize(size);
      setPage(1);
    },
    reset: () => setPage(1),
  };
}
