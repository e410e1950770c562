// Offers: a contact offered to an agent is accepted (by the agent, or at once with AutoAccept),
// declined, or times out; the contact then belongs to the agent or goes back to its place in
// the queue. When a contact ends, the agent it held is free again.
import { BadRequest, notFound } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { refreshReadiness } from './agents.js';
import { joinAgent } from './chat.js';
import { findContact, saveContact, type ContactData } from './contacts.js';
import { stopFlow } from './flow-runner.js';
import { dequeue, enqueue, routeAgent } from './router.js';
import { joinedStep, ROUTING_STEP } from './routing-criteria.js';
import { getUser, saveUser, USER, type UserData } from './users.js';
import type { Work } from './work.js';

const OFFER_TIMEOUT = 'offer-timeout';

interface OfferRef extends Partition {
  instanceId: string;
  contactId: string;
  userId: string;
}

export async function offer(w: Work, p: Partition, contact: StoredRecord<ContactData>, user: StoredRecord<UserData>): Promise<void> {
  await dequeue(w, p, contact);
  contact.data.OfferedTo = user.id;
  await saveContact(w, p, contact);
  user.data.Routing.Contacts.push({ ContactId: contact.id, Channel: contact.data.Channel!, Offered: true, Since: w.now });
  await saveUser(w, p, user);
  await refreshReadiness(w, p, user);
  if (user.data.PhoneConfig?.AutoAccept) return accept(w, p, contact, user);
  const ref: OfferRef = { account: p.account, region: p.region, instanceId: contact.scope, contactId: contact.id, userId: user.id };
  // an offer not accepted within this long (30 s unless --offer-timeout says otherwise) is missed
  await w.arm(OFFER_TIMEOUT, contact.id, w.now + w.settings.offerTimeoutMs, ref);
}

/** The contact the user was offered, or a 4xx saying why not. */
async function offered(w: Work, p: Partition, instanceId: string, userId: string, contactId: string) {
  const user = await getUser(w, p, instanceId, userId);
  const contact = await findContact(w, p, instanceId, contactId);
  if (!contact) throw notFound('Contact', contactId);
  const held = user.data.Routing.Contacts.find((h) => h.ContactId === contactId);
  if (!held?.Offered) throw new BadRequest(`Contact ${contactId} is not offered to user ${userId}`);
  return { user, contact };
}

async function accept(w: Work, p: Partition, contact: StoredRecord<ContactData>, user: StoredRecord<UserData>): Promise<void> {
  await w.cancel(OFFER_TIMEOUT, contact.id);
  user.data.Routing.Contacts.find((h) => h.ContactId === contact.id)!.Offered = false;
  // taking a contact is activity: an agent with a free slot now waits behind idle ones
  user.data.Routing.IdleSince = w.now;
  await saveUser(w, p, user);
  await refreshReadiness(w, p, user);
  delete contact.data.OfferedTo;
  contact.data.AgentInfo = { Id: user.id, AcceptedByAgentTimestamp: w.now, ConnectedToAgentTimestamp: w.now };
  await joinedStep(w, contact);
  // with an agent, the customer-queue flow is over
  await stopFlow(w, contact, 'queue');
  if (contact.data.Chat) await joinAgent(w, p, contact, user);
  await saveContact(w, p, contact, 'CONNECTED_TO_AGENT');
}

/** `POST /_local/instances/{InstanceId}/agents/{UserId}/accept` */
export async function acceptOffer(w: Work, p: Partition, instanceId: string, userId: string, contactId: string): Promise<void> {
  const { user, contact } = await offered(w, p, instanceId, userId, contactId);
  await accept(w, p, contact, user);
}

/**
 * `POST /_local/.../reject`, or the offer timed out: the contact goes back to its place in the
 * queue, and the agent is not routed to again until it sets a status (AWS: Rejected / Missed).
 */
export async function declineOffer(w: Work, p: Partition, instanceId: string, userId: string, contactId: string, state: 'REJECTED' | 'MISSED'): Promise<void> {
  const { user, contact } = await offered(w, p, instanceId, userId, contactId);
  await w.cancel(OFFER_TIMEOUT, contact.id);
  user.data.Routing.Contacts = user.data.Routing.Contacts.filter((h) => h.ContactId !== contact.id);
  user.data.Routing.SystemState = state;
  user.data.Routing.SystemStateStart = w.now;
  await saveUser(w, p, user);
  await refreshReadiness(w, p, user);
  delete contact.data.OfferedTo;
  await saveContact(w, p, contact);
  await enqueue(w, p, contact);
}

/** A contact ended: out of its queue, and its agent (offered or connected) is free again. */
export async function releaseContact(w: Work, p: Partition, contact: StoredRecord<ContactData>): Promise<void> {
  await dequeue(w, p, contact);
  await w.cancel(OFFER_TIMEOUT, contact.id);
  await w.cancel(ROUTING_STEP, contact.id);
  const userId = contact.data.AgentInfo?.Id ?? contact.data.OfferedTo;
  const user = userId ? await w.tx.get<UserData>(p, USER, contact.scope, userId) : undefined;
  if (!user) return;
  const r = user.data.Routing;
  r.Contacts = r.Contacts.filter((h) => h.ContactId !== contact.id);
  if (!r.Contacts.length) {
    r.IdleSince = w.now;
    if (r.NextStatusId) {
      r.StatusId = r.NextStatusId;
      r.StatusStart = w.now;
      delete r.NextStatusId;
    }
  }
  await saveUser(w, p, user);
  await routeAgent(w, p, user);
}

export function registerOfferDeadlines(on: (kind: string, handler: (w: Work, payload: unknown) => Promise<void>) => void): void {
  on(OFFER_TIMEOUT, async (w, payload) => {
    const ref = payload as OfferRef;
    const user = await w.tx.get<UserData>(ref, USER, ref.instanceId, ref.userId);
    if (user?.data.Routing.Contacts.some((h) => h.ContactId === ref.contactId && h.Offered)) {
      await declineOffer(w, ref, ref.instanceId, ref.userId, ref.contactId, 'MISSED');
    }
  });
}
