// GetTranscript: pages of a chat's transcript, read by position from the store (keyset
// pagination in either direction), never by loading the whole chat.
import type * as P from '../generated/connectparticipant.types.js';
import { BadRequest } from '../protocol/errors.js';
import type { StoredLogEntry } from '../store/store.js';
import { transcriptOf, type Caller } from './chat-session.js';
import { chatKey, findContact } from './contacts.js';
import type { ChatItem } from './events.js';
import { pageToken, readPageToken } from './page-tokens.js';
import type { Work } from './work.js';

/** GetTranscript without MaxResults answers this many (model docs: "Default: 10"). */
const DEFAULT_PAGE = 10;

type Direction = 'forward' | 'backward';

const listName = (stream: string, d: Direction): string => `${stream}:${d}`;

export interface TranscriptPage {
  InitialContactId: string;
  /** receipts travel as Type MESSAGEMETADATA, which the model's enum does not name */
  Transcript: P.Item[];
  NextToken?: string;
}

export async function readTranscript(w: Work, caller: Caller, q: P.GetTranscriptRequest): Promise<TranscriptPage> {
  const { partition: p, contact, chat } = caller;
  const page: TranscriptPage = { InitialContactId: contact.data.InitialContactId!, Transcript: [] };
  if (q.ContactId && q.ContactId !== contact.id && !chat.Sources.includes(q.ContactId)) {
    // another contact of this chain (or a chat this one continues) shows this transcript; any other contact shows nothing
    const other = await findContact(w, p, contact.scope, q.ContactId);
    if (other?.data.InitialContactId !== contact.data.InitialContactId) return page;
  }
  const stream = transcriptOf(chatKey(contact));
  const limit = q.MaxResults || DEFAULT_PAGE;
  let direction: Direction;
  let anchor: number | undefined;
  let after: number | undefined;
  let before: number | undefined;
  if (q.NextToken) {
    const forward = listName(stream, 'forward');
    const { list, position } = readPageToken(q.NextToken, [forward, listName(stream, 'backward')]);
    direction = list === forward ? 'forward' : 'backward';
    if (direction === 'forward') after = position;
    else before = position;
  } else {
    const start = q.StartPosition ?? {};
    // chatjs sends an empty StartPosition when it means none
    const hasStart = start.Id !== undefined || start.AbsoluteTime !== undefined || start.MostRecent !== undefined;
    direction = (q.ScanDirection ?? (hasStart ? 'FORWARD' : 'BACKWARD')) === 'FORWARD' ? 'forward' : 'backward';
    if (hasStart) {
      anchor = await startPosition(w, caller, start, direction);
      if (anchor === undefined) return page;
      // the start position itself is the first item of the page
      if (direction === 'forward') after = anchor - 1;
      else before = anchor + 1;
    }
  }
  const rows = await w.tx.readLog<ChatItem>(p, { stream, direction, after, before, limit: limit + 1 });
  const items = rows.slice(0, limit);
  if (rows.length > limit) page.NextToken = pageToken(listName(stream, direction), items[items.length - 1].seq);
  // SortOrder only orders the page (default DESCENDING)
  const ascending = q.SortOrder === 'ASCENDING';
  items.sort((a, b) => (ascending ? a.seq - b.seq : b.seq - a.seq));
  page.Transcript = items.map((e) => present(e, contact.data.InitialContactId!));
  return page;
}

/** Items of this chat carry its ContactId; those of the chats it continues, RelatedContactId. */
/** An item of this chain shows its contact; one copied from a chat this one continues shows it as related. */
function present(e: StoredLogEntry<ChatItem>, initialContactId: string): P.Item {
  const { ContactId, ...item } = e.data;
  return (item.InitialContactId === initialContactId ? { ...item, ContactId } : { ...item, RelatedContactId: ContactId }) as P.Item;
}

async function startPosition(w: Work, caller: Caller, start: P.StartPosition, direction: Direction): Promise<number | undefined> {
  const p = caller.partition;
  const stream = transcriptOf(chatKey(caller.contact));
  const set = [start.Id, start.AbsoluteTime, start.MostRecent].filter((x) => x !== undefined).length;
  if (set > 1) throw new BadRequest('StartPosition: give one of Id, AbsoluteTime and MostRecent', 'constraint');
  if (start.Id !== undefined) {
    const e = await w.tx.getLog(p, stream, start.Id);
    if (!e) throw new BadRequest(`StartPosition.Id: ${start.Id} is not an item of this transcript`, 'constraint');
    return e.seq;
  }
  if (start.AbsoluteTime !== undefined) {
    const at = Date.parse(start.AbsoluteTime);
    if (!/^\d{4}-\d\d-\d\dT/.test(start.AbsoluteTime) || Number.isNaN(at)) {
      throw new BadRequest(`StartPosition.AbsoluteTime: ${JSON.stringify(start.AbsoluteTime)} is not an ISO 8601 time such as 2019-11-08T02:41:28.172Z`, 'constraint');
    }
    return w.tx.seekLog(p, stream, at, direction);
  }
  // MostRecent n: the n-th newest item (0 = the newest); past the oldest, the oldest
  const newest = await w.tx.readLog(p, { stream, direction: 'backward', limit: start.MostRecent! + 1 });
  return newest.length ? newest[newest.length - 1].seq : undefined;
}
