// Contacts: the records behind DescribeContact, with their chain (InitialContactId,
// PreviousContactId, RelatedContactId), their attributes, tags and timestamps. A chat keeps
// its session (participants, content types, duration) on the contact that started it.
import type * as C from '../generated/connect.types.js';
import { BadRequest, notFound } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import type { ChatSession } from './chat-session.js';
import { logContactEvents } from './contact-events.js';
import type { ContactChange } from './events.js';
import type { ContactFlowState } from './flow-runner.js';
import { instanceArn, type Persisted } from './resources.js';
import type { Work } from './work.js';

export const CONTACT = 'contact';

export type ContactData = Persisted<
  Pick<
    C.Contact,
    | 'Id'
    | 'Arn'
    | 'InitialContactId'
    | 'PreviousContactId'
    | 'RelatedContactId'
    | 'Channel'
    | 'InitiationMethod'
    | 'InitiationTimestamp'
    | 'ConnectedToSystemTimestamp'
    | 'DisconnectTimestamp'
    | 'DisconnectReason'
    | 'LastUpdateTimestamp'
    | 'QueueInfo'
    | 'QueueTimeAdjustmentSeconds'
    | 'CustomerId'
    | 'Tags'
    | 'SegmentAttributes'
    | 'Attributes'
    | 'AgentInfo'
    | 'RoutingCriteria'
    | 'Name'
    | 'Description'
  >
> & {
  /** a 64-bit value, kept as its decimal digits so that it stays exact (see priorityOut) */
  QueuePriority: string;
  ContactFlowId: string;
  /** the user it is offered to, until accepted or declined */
  OfferedTo?: string;
  /** the chat session, on the contact of the chain that is going on */
  Chat?: ChatSession;
  /** what its flows keep: runs, working queue, event hooks, $.External ... */
  Flow?: ContactFlowState;
  /** the contact of the chain the chat went on in (a disconnect flow's): tokens follow it */
  NextContactId?: string;
};

/** The QueuePriority of a contact nobody has set one for. */
export const DEFAULT_QUEUE_PRIORITY = '5';

/** A stored QueuePriority as the API answers it: a number, or a bigint past 2^53. */
export function priorityOut(digits: string): number | bigint {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : BigInt(digits);
}

export const contactArn = (p: Partition, instanceId: string, contactId: string): string =>
  `${instanceArn(p, instanceId)}/contact/${contactId}`;

export async function findContact(w: Work, p: Partition, instanceId: string, contactId: string): Promise<StoredRecord<ContactData> | undefined> {
  return w.tx.get<ContactData>(p, CONTACT, instanceId, contactId);
}

/** The contact, or ResourceNotFoundException. */
export async function getContact(w: Work, p: Partition, instanceId: string, contactId: string): Promise<StoredRecord<ContactData>> {
  const rec = await findContact(w, p, instanceId, contactId);
  if (!rec) throw notFound('Contact', contactId);
  return rec;
}

export const isEnded = (c: ContactData): boolean => c.DisconnectTimestamp !== undefined;

/** The contact of the chain a chat goes on in now: this one, or the segment it went on in. */
export async function currentSegment(w: Work, p: Partition, contact: StoredRecord<ContactData>): Promise<StoredRecord<ContactData>> {
  // a chain of segments is short (one per agent leaving); the bound is against a broken record
  for (let i = 0; i < 100 && contact.data.NextContactId; i++) {
    const next = await findContact(w, p, contact.scope, contact.data.NextContactId);
    if (!next) break;
    contact = next;
  }
  return contact;
}

/** The key of a chat's transcript and of its sockets: its chain's first contact, whatever segment it is in. */
export const chatKey = (c: StoredRecord<ContactData>): string => c.data.InitialContactId ?? c.id;

/** The contact, which must still be going (InvalidRequestException otherwise). */
export async function getActiveContact(w: Work, p: Partition, instanceId: string, contactId: string): Promise<StoredRecord<ContactData>> {
  const rec = await getContact(w, p, instanceId, contactId);
  if (isEnded(rec.data)) throw new BadRequest(`Contact ${contactId} has ended`);
  return rec;
}

/**
 * Saves a changed contact, stamped with the work's time, and announces the change
 * (`updated` names what changed for CONTACT_DATA_UPDATED).
 */
export async function saveContact(
  w: Work,
  p: Partition,
  rec: StoredRecord<ContactData>,
  change?: ContactChange,
  updated?: string[],
): Promise<void> {
  rec.data.LastUpdateTimestamp = w.now;
  await w.tx.put(p, { kind: CONTACT, scope: rec.scope, id: rec.id, arn: rec.data.Arn, data: rec.data });
  if (change) {
    const logged = await logContactEvents(w, p, rec, change, updated);
    w.emit({ type: 'contact', partition: { account: p.account, region: p.region }, instanceId: rec.scope, contactId: rec.id, change, updated, logged });
  }
}
