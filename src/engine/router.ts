// The router: which ready agent gets which queued contact (spec routing.md §1, §5).
//
// Each (queue, channel) keeps its waiting contacts in an ordered set: QueuePriority ascending,
// then effective enqueue time (EnqueueTimestamp − QueueTimeAdjustmentSeconds) ascending. Each
// channel keeps its ready agents in an ordered set, the longest idle first. The router keeps
// one invariant: after every change, no ready agent has a contact it may take. So a contact
// that arrives goes to the first ready agent that may take it, and an agent that becomes ready
// takes the best contact among its queues; neither looks at more than the heads it needs.
import type * as C from '../generated/connect.types.js';
import { BadRequest, ServiceError } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { readySet, refreshReadiness, timeKey } from './agents.js';
import { findContact, isEnded, saveContact, type ContactData } from './contacts.js';
import type { QueueData } from './instance-defaults.js';
import { offer } from './offers.js';
import { activateCriteria, criteriaAllow, expireStep, newCriteria, ROUTING_STEP } from './routing-criteria.js';
import { getRoutingProfile } from './routing-profiles.js';
import { USER, type UserData } from './users.js';
import type { Work } from './work.js';

const ROUTE_DELAY = 'route-delay';
/** how many set members are read at a time while looking for one that fits */
const PAGE = 32;

export const queueSet = (queueId: string, channel: C.Channel): string => `queue/${queueId}/${channel}`;

/** The place of a contact in its queue, as text that sorts in routing order. */
export function queueKey(c: ContactData): string {
  // 2^63 − 1 has 19 digits: padded, the text order is the numeric order, exactly
  const priority = c.QueuePriority.padStart(19, '0');
  // shifted so that an adjustment reaching before 1970 still sorts as text
  const effective = c.QueueInfo!.EnqueueTimestamp! - (c.QueueTimeAdjustmentSeconds ?? 0) * 1000 + 1e15;
  return `${priority}|${timeKey(effective)}`;
}

/** The contact waits in its queue (again, after a declined offer: at the same place). */
export async function enqueue(w: Work, p: Partition, contact: StoredRecord<ContactData>): Promise<void> {
  const c = contact.data;
  await w.tx.putRank(p, contact.scope, queueSet(c.QueueInfo!.Id!, c.Channel!), contact.id, queueKey(c));
  await routeContact(w, p, contact);
}

export async function dequeue(w: Work, p: Partition, contact: StoredRecord<ContactData>): Promise<void> {
  const c = contact.data;
  if (c.QueueInfo?.Id) await w.tx.deleteRank(p, queueSet(c.QueueInfo.Id, c.Channel!), contact.id);
}

/**
 * Looks at the contact again when a queue's delay has passed for it. One deadline per moment
 * (a contact may wait out several delays); one that fires for a contact no longer waiting
 * does nothing.
 */
async function wakeAt(w: Work, p: Partition, contact: StoredRecord<ContactData>, at: number): Promise<void> {
  await w.arm(ROUTE_DELAY, `${contact.id}@${at}`, at, { account: p.account, region: p.region, instanceId: contact.scope, contactId: contact.id });
}

/** Whether `user` may take `contact` now; otherwise when it may (its queue's delay), if ever. */
async function fits(w: Work, p: Partition, user: StoredRecord<UserData>, c: ContactData): Promise<{ now: boolean; at?: number }> {
  const queueId = c.QueueInfo!.Id!;
  // an agent queue goes to its own agent, at once, whatever the criteria
  if (queueId === user.id) return { now: true };
  if (!criteriaAllow(c, user)) return { now: false };
  const profile = (await getRoutingProfile(w, p, user.scope, user.data.RoutingProfileId!)).data;
  const config = profile.QueueConfigs.find((q) => q.QueueId === queueId && q.Channel === c.Channel);
  if (!config) return { now: false };
  const at = c.QueueInfo!.EnqueueTimestamp! + config.Delay * 1000;
  return at <= w.now ? { now: true } : { now: false, at };
}

/** A contact that may be routed: offered to the longest idle ready agent that may take it. */
export async function routeContact(w: Work, p: Partition, contact: StoredRecord<ContactData>): Promise<void> {
  const c = contact.data;
  let soonest = Infinity;
  const set = readySet(contact.scope, c.Channel!);
  for (let after: { key: string; member: string } | undefined; ; ) {
    const page = await w.tx.rankRange(p, set, PAGE, after);
    for (const { member } of page) {
      const user = await w.tx.get<UserData>(p, USER, contact.scope, member);
      if (!user) continue;
      const fit = await fits(w, p, user, c);
      if (fit.now) return offer(w, p, contact, user);
      if (fit.at !== undefined) soonest = Math.min(soonest, fit.at);
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  // an agent who may take it once its queue's delay has passed: look again then
  if (soonest < Infinity) await wakeAt(w, p, contact, soonest);
}

/** An agent that may have become ready: it takes the best contacts among its queues while it can. */
export async function routeAgent(w: Work, p: Partition, user: StoredRecord<UserData>): Promise<void> {
  for (;;) {
    const ready = await refreshReadiness(w, p, user);
    if (!ready.length) return;
    const best = await bestContactFor(w, p, user, ready);
    if (!best) return;
    await offer(w, p, best, user);
  }
}

/** The contact the agent should get next: its own queue first, then by profile priority, contact priority, age. */
async function bestContactFor(w: Work, p: Partition, user: StoredRecord<UserData>, channels: C.Channel[]): Promise<StoredRecord<ContactData> | undefined> {
  const profile = (await getRoutingProfile(w, p, user.scope, user.data.RoutingProfileId!)).data;
  const queues = [
    ...channels.map((Channel) => ({ QueueId: user.id, Channel, Priority: 0, Delay: 0 })),
    ...profile.QueueConfigs.filter((q) => channels.includes(q.Channel)),
  ];
  let best: { priority: number; key: string; contact: StoredRecord<ContactData> } | undefined;
  for (const q of queues) {
    if (best && best.priority < q.Priority) continue;
    const head = await firstWaiting(w, p, user, q);
    if (head && (!best || q.Priority < best.priority || head.key < best.key)) best = { priority: q.Priority, ...head };
  }
  return best?.contact;
}

/** The first contact of a (queue, channel) that has waited out the queue's delay. */
async function firstWaiting(
  w: Work,
  p: Partition,
  user: StoredRecord<UserData>,
  q: { QueueId: string; Channel: C.Channel; Delay: number },
): Promise<{ key: string; contact: StoredRecord<ContactData> } | undefined> {
  for (let after: { key: string; member: string } | undefined; ; ) {
    const page = await w.tx.rankRange(p, queueSet(q.QueueId, q.Channel), PAGE, after);
    for (const { key, member } of page) {
      const contact = await findContact(w, p, user.scope, member);
      if (!contact) continue;
      const allowed = q.QueueId === user.id || criteriaAllow(contact.data, user);
      const waitedOut = contact.data.QueueInfo!.EnqueueTimestamp! + q.Delay * 1000;
      // it may come to this agent once the delay has passed: look again then
      if (allowed && waitedOut > w.now) await wakeAt(w, p, contact, waitedOut);
      else if (allowed) return { key, contact };
    }
    if (page.length < PAGE) return undefined;
    after = page[page.length - 1];
  }
}

/** Routing of a whole instance, after something changed that may concern every agent (a routing profile). */
export async function route(w: Work, p: Partition, instanceId: string): Promise<void> {
  const users: StoredRecord<UserData>[] = [];
  for (let after = 0; ; ) {
    const page = await w.tx.list<UserData>(p, { kind: USER, scope: instanceId, after, limit: 100 });
    users.push(...page);
    if (page.length < 100) break;
    after = page[page.length - 1].seq;
  }
  // the longest idle agent first, as for any contact
  users.sort((a, b) => a.data.Routing.IdleSince - b.data.Routing.IdleSince);
  for (const u of users) await routeAgent(w, p, u);
}

/**
 * UpdateContactRoutingData (spec routing.md §2): a new priority or age moves the contact in its
 * queue at once; a contact not queued yet keeps them for when it is.
 */
export async function updateRoutingData(w: Work, p: Partition, contact: StoredRecord<ContactData>, input: C.UpdateContactRoutingDataRequest): Promise<void> {
  const { QueuePriority, QueueTimeAdjustmentSeconds, RoutingCriteria } = input;
  if (QueuePriority !== undefined && QueueTimeAdjustmentSeconds !== undefined) {
    throw new BadRequest('QueuePriority and QueueTimeAdjustmentSeconds cannot both be set in one request', 'constraint');
  }
  if (QueuePriority === undefined && QueueTimeAdjustmentSeconds === undefined && RoutingCriteria === undefined) {
    throw new BadRequest('Give one of QueuePriority, QueueTimeAdjustmentSeconds and RoutingCriteria', 'constraint');
  }
  const c = contact.data;
  if (isEnded(c)) throw new ServiceError('ResourceConflictException', `Contact ${contact.id} has ended`);
  if (c.AgentInfo) throw new ServiceError('ResourceConflictException', `Contact ${contact.id} is already connected to an agent`);
  if (QueuePriority !== undefined) c.QueuePriority = String(QueuePriority);
  if (QueueTimeAdjustmentSeconds !== undefined) c.QueueTimeAdjustmentSeconds = QueueTimeAdjustmentSeconds;
  if (RoutingCriteria !== undefined) {
    // new criteria replace the old, and activate at once where the contact waits
    c.RoutingCriteria = newCriteria(RoutingCriteria, c.RoutingCriteria);
    await w.cancel(ROUTING_STEP, contact.id);
    if (c.QueueInfo?.Id) {
      const queue = await w.tx.get<QueueData>(p, 'queue', contact.scope, c.QueueInfo.Id);
      await activateCriteria(w, p, contact, queue?.data.QueueType !== 'AGENT');
    }
  }
  await saveContact(w, p, contact, RoutingCriteria !== undefined ? 'CONTACT_DATA_UPDATED' : undefined, ['RoutingCriteria']);
  // waiting in its queue (not offered): to its new place, and maybe to an agent
  if (c.QueueInfo?.Id && !c.OfferedTo) await enqueue(w, p, contact);
}

interface ContactRef extends Partition {
  instanceId: string;
  contactId: string;
}

export function registerRoutingDeadlines(on: (kind: string, handler: (w: Work, payload: unknown) => Promise<void>) => void): void {
  on(ROUTING_STEP, async (w, payload) => {
    const ref = payload as ContactRef;
    const contact = await findContact(w, ref, ref.instanceId, ref.contactId);
    if (!contact || isEnded(contact.data) || contact.data.AgentInfo) return;
    await expireStep(w, ref, contact);
    // a waiting contact may now go to agents the expired step kept away
    if (!contact.data.OfferedTo) await routeContact(w, ref, contact);
  });
  on(ROUTE_DELAY, async (w, payload) => {
    const ref = payload as ContactRef;
    const contact = await findContact(w, ref, ref.instanceId, ref.contactId);
    // only a contact still waiting in its queue
    if (contact && contact.data.QueueInfo && !isEnded(contact.data) && !contact.data.AgentInfo && !contact.data.OfferedTo) {
      await routeContact(w, ref, contact);
    }
  });
}
