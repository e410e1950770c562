// NextToken/MaxResults for every list operation: keyset pages over stored records (stable
// while items are added or removed) and offset pages over computed lists.
import { BadRequest } from '../protocol/errors.js';
import type { ListQuery, StoredRecord } from '../store/store.js';
import type { RequestContext } from './handler.js';

interface Cursor {
  /** the list the token belongs to, so a token of one list is refused by another */
  l: string;
  /** last seq returned (keyset) or next offset */
  p: number;
}

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decode(token: string | undefined, list: string): number {
  if (token === undefined) return 0;
  let c: Partial<Cursor> | undefined;
  try {
    c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    c = undefined;
  }
  if (!c || c.l !== list || !Number.isSafeInteger(c.p) || c.p! < 0) {
    throw new BadRequest(`NextToken: ${JSON.stringify(token.slice(0, 80))} is not a token this list returned`, 'constraint');
  }
  return c.p!;
}

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
    NextToken: rows.length > limit ? encode({ l: list, p: items[items.length - 1].seq }) : undefined,
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
  return { items: all.slice(from, to), NextToken: to < all.length ? encode({ l: list, p: to }) : undefined };
}
