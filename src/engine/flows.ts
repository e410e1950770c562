// Where a contact goes when it enters its contact flow. Until flows run for real, this is the
// one place that decides: a CONTACT_FLOW-type flow puts the contact in the queue its
// UpdateContactTargetQueue action names, BasicQueue for every flow a new instance holds (the
// contract's "Chat as a customer sees it"); the flow runner will replace this.
import { BadRequest, notFound } from '../protocol/errors.js';
import { loadFlow } from './contact-flows.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { saveContact, type ContactData } from './contacts.js';
import { enqueue } from './router.js';
import { activateCriteria } from './routing-criteria.js';
import type { ContactFlowData, QueueData } from './instance-defaults.js';
import type { Work } from './work.js';

/** The queue a flow transfers to: the one its UpdateContactTargetQueue action names (an ARN or an id). */
function targetQueueId(flow: ContactFlowData): string | undefined {
  let content: { Actions?: { Type?: string; Parameters?: { QueueId?: unknown } }[] };
  try {
    content = JSON.parse(flow.Content ?? '{}');
  } catch {
    return undefined;
  }
  const queue = content.Actions?.find((a) => a.Type === 'UpdateContactTargetQueue')?.Parameters?.QueueId;
  return typeof queue === 'string' ? queue.slice(queue.lastIndexOf('/') + 1) : undefined;
}

/**
 * The flow a new contact starts in: an inbound (CONTACT_FLOW) flow, published and not archived
 * (flows.md §1.2: a contact runs the published content; anything else is refused).
 */
export async function startableFlow(w: Work, p: Partition, instanceId: string, idOrArn: string): Promise<StoredRecord<ContactFlowData>> {
  const { rec: flow, saved } = await loadFlow(w, p, instanceId, idOrArn);
  // a contact runs published content only: a saved version is not a flow to start in
  if (saved) throw notFound('Contact flow', idOrArn);
  const { Type, Content, State } = flow.data;
  if (Type !== 'CONTACT_FLOW') throw new BadRequest(`ContactFlowId: ${idOrArn} is a ${Type} flow; a chat starts in a CONTACT_FLOW (inbound) flow`);
  if (Content === undefined || State === 'ARCHIVED') throw new BadRequest(`ContactFlowId: flow ${idOrArn} is not published`);
  return flow;
}

export async function enterFlow(w: Work, p: Partition, contact: StoredRecord<ContactData>, flow: StoredRecord<ContactFlowData>): Promise<void> {
  // the flow's own target (BasicQueue in every sample flow, whatever it has been renamed to)
  const target = targetQueueId(flow.data);
  const queue = target
    ? await w.tx.get<QueueData>(p, 'queue', contact.scope, target)
    : await w.tx.getByName<QueueData>(p, 'queue', contact.scope, 'BasicQueue');
  if (!queue) return; // the queue was deleted: the contact stays in its flow
  contact.data.QueueInfo = { Id: queue.id, EnqueueTimestamp: w.now };
  await activateCriteria(w, p, contact, queue.data.QueueType !== 'AGENT');
  await saveContact(w, p, contact, 'QUEUED');
  await enqueue(w, p, contact);
}
