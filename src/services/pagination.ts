// NextToken/MaxResults for every list operation: keyset pages over stored records (stable
// while items are added or removed) and offset pages over computed lists.
import { pageToken, readPageToken } from '../engine/page-tokens.js';
import type { ListQuery, StoredRecord } from '../store/store.js';
import type { RequestContext } from './handler.js';

const decode = (token: string | undefined, list: string): number => (token === undefined ? 0 : readPageToken(token, [list]).position);

export interface Page<T> {
  items: T[];
  NextToken?: string;
}

/** One page of stored records of a kind; `where` filters on fields of the data. */
export async function pageOfRecords<T>(
  ctx: RequestContext,
  q: Omit<ListQuery, 'after' | 'limit'>,
  nextToken: string | undefined,
  maxResults: number | undefined,
): Promise<Page<StoredRecord<T>>> {
  const list = `${ctx.operation}:${q.scope}`;
  const after = decode(nextToken, list);
  const limit = maxResults ?? ctx.defaultPageSize;
  const rows = await ctx.tx.list<T>(ctx, { ...q, after, limit: limit + 1 });
  const items = rows.slice(0, limit);
  return {
    items,
    NextToken: rows.length > limit ? pageToken(list, items[items.length - 1].seq) : undefined,
  };
}

/** One page of a list computed in memory, in its given order. */
export function pageOfArray<T>(
  ctx: RequestContext,
  scope: string,
  all: T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
): Page<T> {
  const list = `${ctx.operation}:${scope}`;
  const from = decode(nextToken, list);
  const to = from + (maxResults ?? ctx.defaultPageSize);
  return { items: all.slice(from, to), NextToken: to < all.length ? pageToken(list, to) : undefined };
}
