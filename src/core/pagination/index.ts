import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Query parameters of every paginated endpoint. */
export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Page number, from 1 (default 1).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Items per page: default 15, at most 100 (larger values are lowered to 100).' })),
});
export type PageQuery = Static<typeof PageQuery>;

export interface PageRequest {
  page: number;
  limit: number;
  offset: number;
}

// ClickSend documents limit as min 15, max 100, default 15; out-of-range values are clamped, not refused.
export const DEFAULT_LIMIT = 15;
export const MIN_LIMIT = 15;
export const MAX_LIMIT = 100;

export function pageRequest(q: { page?: number | undefined; limit?: number | undefined }): PageRequest {
  const page = Math.min(10_000_000, Math.max(1, Math.floor(q.page ?? 1)));
  const limit = Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, Math.floor(q.limit ?? DEFAULT_LIMIT)));
  return { page, limit, offset: (page - 1) * limit };
}

/** The Laravel-style block ClickSend wraps lists in (conventions.md §5). */
export interface Paginated<T> {
  total: number;
  per_page: number;
  current_page: number;
  last_page: number;
  next_page_url: string | null;
  prev_page_url: string | null;
  from: number | null;
  to: number | null;
  data: T[];
}

export function PaginatedOf<T extends TSchema>(item: T) {
  return Type.Object({
    total: Type.Integer(),
    per_page: Type.Integer(),
    current_page: Type.Integer(),
    last_page: Type.Integer(),
    next_page_url: Type.Union([Type.String(), Type.Null()]),
    prev_page_url: Type.Union([Type.String(), Type.Null()]),
    from: Type.Union([Type.Integer(), Type.Null()]),
    to: Type.Union([Type.Integer(), Type.Null()]),
    data: Type.Array(item),
  });
}

/**
 * Builds the block. `pageUrl(n)` gives the absolute URL of page n (see pageUrlBuilder), so next/prev
 * links keep the caller's other query parameters and honour PUBLIC_URL.
 */
export function paginate<T>(items: T[], total: number, req: PageRequest, pageUrl: (page: number) => string): Paginated<T> {
  const lastPage = Math.max(1, Math.ceil(total / req.limit));
  return {
    total,
    per_page: req.limit,
    current_page: req.page,
    last_page: lastPage,
    next_page_url: req.page < lastPage ? pageUrl(req.page + 1) : null,
    prev_page_url: req.page > 1 ? pageUrl(Math.min(req.page - 1, lastPage)) : null,
    // Laravel gives null from/to on an empty page.
    from: items.length > 0 ? req.offset + 1 : null,
    to: items.length > 0 ? req.offset + items.length : null,
    data: items,
  };
}

/** Absolute page URL from PUBLIC_URL and the request's own path and query. */
export function pageUrlBuilder(publicUrl: string, requestUrl: string): (page: number) => string {
  const u = new URL(requestUrl, 'http://x');
  return (page: number) => {
    const params = new URLSearchParams(u.search);
    params.delete('page');
    params.append('page', String(page));
    return `${publicUrl}${u.pathname}?${params.toString()}`;
  };
}
