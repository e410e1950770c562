// NextToken for every paged answer: the list it belongs to (so that a token of one list is
// refused by another) and a position in it (a keyset position or an offset).
import { BadRequest } from '../protocol/errors.js';

interface Cursor {
  l: string;
  p: number;
}

export const pageToken = (list: string, position: number): string => Buffer.from(JSON.stringify({ l: list, p: position } satisfies Cursor)).toString('base64url');

/** The list (one of `lists`) and position a token names; a token of any other list is a bad request. */
export function readPageToken(token: string, lists: string[]): { list: string; position: number } {
  let c: Partial<Cursor> | undefined;
  try {
    c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    c = undefined;
  }
  if (!c || typeof c.l !== 'string' || !lists.includes(c.l) || !Number.isSafeInteger(c.p) || c.p! < 0) {
    throw new BadRequest(`NextToken: ${JSON.stringify(token.slice(0, 80))} is not a token this list returned`, 'constraint');
  }
  return { list: c.l, position: c.p! };
}
