// Contact events: what EventBridge would carry as "Amazon Connect Contact Event" (spec/events.md),
// built from the contact at the moment it changed, inside the unit of work that changed it, and
// kept in one durable log (its position is the event's id on GET /_local/events) for the
// retention time.
import { randomUUID } from 'node:crypto';
import type { Partition, StoredRecord } from '../store/store.js';
import type { ContactData } from './contacts.js';
import type { ContactChange } from './events.js';
import type { QueueData } from './instance-defaults.js';
import { isoTime } from './chat-session.js';
import { childArn, instanceArn } from './resources.js';
import { userArn } from './users.js';
import type { Work } from './work.js';

/** Where the events of every account and region are logged, in one order. */
export const EVENTS_PARTITION: Partition = { account: '', region: '' };
export const EVENTS_STREAM = 'contact-events';

export type ContactEventType = ContactChange | 'COMPLETED';

export const CONTACT_EVENT_TYPES: readonly ContactEventType[] = [
  'INITIATED',
  'CONNECTED_TO_SYSTEM',
  'CONTACT_DATA_UPDATED',
  'QUEUED',
  'CONNECTED_TO_AGENT',
  'DISCONNECTED',
  'COMPLETED',
];

export interface ContactEventDetail {
  eventType: ContactEventType;
  contactId: string;
  initialContactId: string;
  previousContactId?: string;
  relatedContactId?: string;
  channel: string;
  instanceArn: string;
  initiationMethod: string;
  initiationTimestamp?: string;
  connectedToSystemTimestamp?: string;
  disconnectTimestamp?: string;
  disconnectReason?: string;
  queueInfo?: { queueArn: string; queueType: string; enqueueTimestamp?: string };
  agentInfo?: { agentArn: string; connectedToAgentTimestamp?: string; acceptedByAgentTimestamp?: string };
  routingCriteria?: unknown;
  tags: Record<string, string>;
  segmentAttributes?: unknown;
  customerId?: string;
  updatedProperties?: string[];
}

export interface ContactEvent {
  version: '0';
  id: string;
  'detail-type': 'Amazon Connect Contact Event';
  source: 'aws.connect';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: ContactEventDetail;
}

/** A logged event: its position in the log and the envelope. */
export interface LoggedContactEvent {
  position: number;
  /** the instance it is about (filters) */
  instanceId: string;
  event: ContactEvent;
}

/** The internal names saveContact is told, as updatedProperties names them (the others pass as they are). */
const UPDATED_NAMES: Record<string, string> = {
  Attributes: 'UserDefinedAttributes',
  UserDefinedAttributes: 'UserDefinedAttributes',
  SegmentAttributes: 'Segment Attributes',
  RoutingCriteria: 'RoutingCriteria',
};

const iso = (ms: number | undefined): string | undefined => (ms === undefined || ms === null ? undefined : isoTime(ms));

/** `Foo` → `foo`; timestamps (epoch ms) under keys ending in Timestamp → ISO. */
function lowerCamel(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => lowerCamel(x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k.charAt(0).toLowerCase() + k.slice(1)] = lowerCamel(x, k);
    return out;
  }
  if (typeof v === 'number' && key.endsWith('Timestamp')) return iso(v);
  return v;
}

/** The detail of an event about `c` as it is now. */
async function detailOf(w: Work, p: Partition, rec: StoredRecord<ContactData>, eventType: ContactEventType, updated?: string[]): Promise<ContactEventDetail> {
  const c = rec.data;
  const inst = instanceArn(p, rec.scope);
  const d: ContactEventDetail = {
    eventType,
    contactId: rec.id,
    initialContactId: c.InitialContactId ?? rec.id,
    previousContactId: c.PreviousContactId,
    relatedContactId: c.RelatedContactId,
    channel: c.Channel ?? 'CHAT',
    instanceArn: inst,
    initiationMethod: c.InitiationMethod ?? 'API',
    initiationTimestamp: iso(c.InitiationTimestamp),
    connectedToSystemTimestamp: iso(c.ConnectedToSystemTimestamp),
    disconnectTimestamp: iso(c.DisconnectTimestamp),
    disconnectReason: c.DisconnectReason,
    tags: { 'aws:connect:instanceId': rec.scope, ...(c.Tags ?? {}) },
  };
  if (c.QueueInfo?.Id) {
    const id = c.QueueInfo.Id;
    const queue = await w.tx.get<QueueData>(p, 'queue', rec.scope, id);
    d.queueInfo = {
      queueArn: queue?.data.QueueArn ?? childArn(p, rec.scope, 'queue', id),
      queueType: queue?.data.QueueType ?? 'STANDARD',
      enqueueTimestamp: iso(c.QueueInfo.EnqueueTimestamp),
    };
  }
  if (c.AgentInfo?.Id) {
    d.agentInfo = {
      agentArn: userArn(p, rec.scope, c.AgentInfo.Id),
      connectedToAgentTimestamp: iso(c.AgentInfo.ConnectedToAgentTimestamp),
      acceptedByAgentTimestamp: iso(c.AgentInfo.AcceptedByAgentTimestamp),
    };
  }
  if (c.RoutingCriteria?.Steps?.length) d.routingCriteria = lowerCamel(c.RoutingCriteria);
  // a map of names the user chose: kept as it is on the contact
  if (c.SegmentAttributes && Object.keys(c.SegmentAttributes).length) d.segmentAttributes = c.SegmentAttributes;
  if (c.CustomerId) d.customerId = c.CustomerId;
  if (eventType === 'CONTACT_DATA_UPDATED') d.updatedProperties = [...new Set((updated ?? []).map((u) => UPDATED_NAMES[u] ?? u))];
  return JSON.parse(JSON.stringify(d)) as ContactEventDetail; // drops what is undefined
}

function envelope(p: Partition, rec: StoredRecord<ContactData>, at: number, detail: ContactEventDetail): ContactEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: p.account,
    time: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region: p.region,
    resources: [rec.data.Arn!, instanceArn(p, rec.scope)],
    detail,
  };
}

/**
 * Logs the events of one change of a contact (DISCONNECTED is followed at once by COMPLETED,
 * with the same data: there is no after-contact work) and returns them with their positions.
 */
export async function logContactEvents(
  w: Work,
  p: Partition,
  rec: StoredRecord<ContactData>,
  change: ContactChange,
  updated?: string[],
): Promise<LoggedContactEvent[]> {
  const types: ContactEventType[] = change === 'DISCONNECTED' ? ['DISCONNECTED', 'COMPLETED'] : [change];
  // one snapshot for both: COMPLETED carries DISCONNECTED's data
  const detail = await detailOf(w, p, rec, change, updated);
  const out: LoggedContactEvent[] = [];
  for (const t of types) {
    const event = envelope(p, rec, w.now, { ...detail, eventType: t });
    const position = await w.tx.appendLog(EVENTS_PARTITION, { scope: rec.scope, stream: EVENTS_STREAM, id: event.id, at: w.now, data: event });
    out.push({ position, instanceId: rec.scope, event });
  }
  return out;
}
