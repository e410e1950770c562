// Contacts: the records behind DescribeContact, with their chain (InitialContactId,
// PreviousContactId, RelatedContactId), their attributes, tags and timestamps. A chat keeps
// its session (participants, content types, duration) on the contact that started it.
import type * as C from '../generated/connect.types.js';
import { BadRequest, notFound } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import type { ChatSession } from './chat-session.js';
import type { ContactChange } from './events.js';
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
  >
> & {
  /** a 64-bit value, kept as its decimal digits so that it stays exact (see priorityOut) */
  QueuePriority: string;
  ContactFlowId: string;
  /** the user it is offered to, until accepted or declined */
  OfferedTo?: string;
  /** the chat session, on the contact that started it */
  Chat?: ChatSession;
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
    w.emit({ type: 'contact', partition: { account: p.account, region: p.region }, instanceId: rec.scope, contactId: rec.id, change, updated });
  }
}
