// Flow actions about queues and routing (spec flows.md §3.1): the working queue, the transfer
// into it, priority and age, routing criteria, hours of operation and queue metrics.
import type * as C from '../../generated/connect.types.js';
import { BadRequest } from '../../protocol/errors.js';
import type { StoredRecord } from '../../store/store.js';
import { CHANNELS } from '../agents.js';
import { publishedFlow } from '../contact-flows.js';
import { saveContact } from '../contacts.js';
import { currentMetrics } from '../current-data.js';
import { startFlow, type ActionContext, type ActionHandler, type ActionResult } from '../flow-runner.js';
import { interpolateDeep, resolveValue } from '../flow-values.js';
import type { HoursOfOperationData } from '../instance-defaults.js';
import { predefinedValueExists } from '../predefined-attributes.js';
import type { StoredQueue } from '../queues.js';
import { dequeue, enqueue, queueSet } from '../router.js';
import { activateCriteria, newCriteria, ROUTING_STEP } from '../routing-criteria.js';
import { isOpen } from './hours.js';

const NO_MATCH: ActionResult = { kind: 'error', type: 'NoMatchingError' };
const noMatch = (why: string): ActionResult => ({ ...NO_MATCH, why });

/** The id at the end of an id or ARN (`…/queue/{id}`, `…/agent/{id}`, `…/queue/agent/{id}`). */
const lastSegment = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/** The queue a QueueId or AgentId parameter names (an agent's is its agent queue), or undefined. */
async function namedQueue(x: ActionContext): Promise<StoredRecord<StoredQueue> | undefined> {
  const ref = await resolveValue(x, x.params.QueueId ?? x.params.AgentId);
  if (!ref) return undefined;
  const queue = await x.w.tx.get<StoredQueue>(x.p, 'queue', x.contact.scope, lastSegment(ref));
  if (!queue) return undefined;
  // AgentId names a user, so only its agent queue; QueueId may name either kind
  if (x.params.AgentId !== undefined && queue.data.QueueType !== 'AGENT') return undefined;
  return queue;
}

/** The queue given by parameters, else the working queue. */
async function queueOrWorking(x: ActionContext): Promise<StoredRecord<StoredQueue> | undefined> {
  if (x.params.QueueId !== undefined || x.params.AgentId !== undefined) return namedQueue(x);
  const id = x.state.TargetQueueId;
  return id ? x.w.tx.get<StoredQueue>(x.p, 'queue', x.contact.scope, id) : undefined;
}

/** How many contacts wait in a queue, over every channel, counting up to `limit`. */
async function queueSize(x: ActionContext, queueId: string, limit: number): Promise<number> {
  let n = 0;
  for (const ch of CHANNELS) n += (await x.w.tx.rankRange(x.p, queueSet(queueId, ch), limit - n)).length;
  return n;
}

/** The contact goes into `queue`: routing criteria start, routing offers it, and the customer-queue flow runs while it waits. */
async function putInQueue(x: ActionContext, queue: StoredRecord<StoredQueue>): Promise<ActionResult | undefined> {
  if (queue.data.Status === 'DISABLED') return noMatch(`the queue ${queue.data.Name ?? queue.id} is disabled`);
  const max = queue.data.MaxContacts;
  if (max !== undefined && (await queueSize(x, queue.id, max)) >= max) return { kind: 'error', type: 'QueueAtCapacity' };
  const { w, p, contact } = x;
  contact.data.QueueInfo = { Id: queue.id, EnqueueTimestamp: w.now };
  await activateCriteria(w, p, contact, queue.data.QueueType !== 'AGENT');
  await saveContact(w, p, contact, 'QUEUED');
  await enqueue(w, p, contact);
  return undefined;
}

/** The customer-queue flow of the contact (its CustomerQueue hook, else "Default customer queue") starts. */
async function startQueueFlow(x: ActionContext): Promise<void> {
  const { w, p, contact } = x;
  if (contact.data.AgentInfo) return;
  const hook = x.state.Hooks.CustomerQueue;
  const flow = hook
    ? await publishedFlow(w, p, contact.scope, hook, ['CUSTOMER_QUEUE'])
    : await w.tx.getByName<{ Content?: string }>(p, 'contact-flow', contact.scope, 'Default customer queue').then((f) =>
        f ? publishedFlow(w, p, contact.scope, f.id, ['CUSTOMER_QUEUE']) : undefined,
      );
  if (flow) await startFlow(w, p, contact, flow, 'queue');
}

const UpdateContactTargetQueue: ActionHandler = async (x) => {
  const queue = await namedQueue(x);
  if (!queue) return noMatch('no such queue');
  x.state.TargetQueueId = queue.id;
  return { kind: 'next' };
};

const TransferContactToQueue: ActionHandler = async (x) => {
  const c = x.contact.data;
  if (c.QueueInfo?.Id || c.AgentInfo) return noMatch('the contact is queued or with an agent already');
  const id = x.state.TargetQueueId;
  const queue = id ? await x.w.tx.get<StoredQueue>(x.p, 'queue', x.contact.scope, id) : undefined;
  if (!queue) return noMatch('no working queue is set');
  const failed = await putInQueue(x, queue);
  if (failed) return failed;
  // the flow ends here: the contact waits in its queue (flows.md §3.1), and the customer-queue flow starts
  return { kind: 'end', how: 'queued', afterwards: () => startQueueFlow(x) };
};

/** In a customer-queue flow: the waiting contact moves to another queue; this flow ends. */
const DequeueContactAndTransferToQueue: ActionHandler = async (x) => {
  const queue = await namedQueue(x);
  if (!queue) return noMatch('no such queue');
  const { w, p, contact } = x;
  if (contact.data.AgentInfo || contact.data.OfferedTo || !contact.data.QueueInfo?.Id) return noMatch('the contact is not waiting in a queue');
  await dequeue(w, p, contact);
  delete contact.data.QueueInfo;
  await w.cancel(ROUTING_STEP, contact.id);
  const failed = await putInQueue(x, queue);
  if (failed) return failed;
  x.state.TargetQueueId = queue.id;
  return { kind: 'end', how: 'queued' };
};

/** A waiting contact (not offered) takes its new place at once. */
async function requeue(x: ActionContext): Promise<void> {
  const c = x.contact.data;
  if (c.QueueInfo?.Id && !c.OfferedTo && !c.AgentInfo) await enqueue(x.w, x.p, x.contact);
}

const UpdateContactRoutingBehavior: ActionHandler = async (x) => {
  const { QueuePriority, QueueTimeAdjustmentSeconds } = x.params;
  const c = x.contact.data;
  if (QueuePriority !== undefined) c.QueuePriority = String(QueuePriority).trim();
  if (QueueTimeAdjustmentSeconds !== undefined) c.QueueTimeAdjustmentSeconds = Number(QueueTimeAdjustmentSeconds);
  await saveContact(x.w, x.p, x.contact);
  await requeue(x);
  return { kind: 'next' };
};

/** Numbers a flow writes as text ("3", "30") where the API shape has numbers. */
const NUMERIC = new Set(['DurationInSeconds', 'ProficiencyLevel', 'MinProficiencyLevel', 'MaxProficiencyLevel']);
function numbersIn(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((e) => numbersIn(e));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, numbersIn(e, k)]));
  return NUMERIC.has(key) && typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
}

function conditionsOf(e: C.Expression | undefined, out: C.AttributeCondition[] = []): C.AttributeCondition[] {
  if (!e) return out;
  if (e.AttributeCondition) out.push(e.AttributeCondition);
  if (e.NotAttributeCondition) out.push(e.NotAttributeCondition);
  for (const s of [...(e.AndExpression ?? []), ...(e.OrExpression ?? [])]) conditionsOf(s, out);
  return out;
}

const UpdateContactRoutingCriteria: ActionHandler = async (x) => {
  let raw = x.params.RoutingCriteria;
  if (typeof raw === 'string') {
    const text = await resolveValue(x, raw);
    try {
      raw = text === undefined ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
  }
  if (!raw || typeof raw !== 'object') return noMatch('RoutingCriteria is not an object');
  // the values inside the criteria may be dynamic ($.Attributes.lang as a proficiency's value):
  // resolved before they are checked, else the path itself was looked up as a predefined value
  raw = await interpolateDeep(x, raw);
  const { w, p, contact } = x;
  let criteria;
  try {
    criteria = newCriteria(numbersIn(raw) as C.RoutingCriteriaInput, contact.data.RoutingCriteria);
  } catch (e) {
    if (e instanceof BadRequest) return noMatch(e.message);
    throw e;
  }
  for (const s of criteria.Steps ?? []) {
    for (const cond of conditionsOf(s.Expression)) {
      if (cond.ComparisonOperator === 'Match') continue;
      if (!(await predefinedValueExists(w, p, contact.scope, cond.Name!, cond.Value!))) return noMatch(`${cond.Name}=${cond.Value} is not a predefined attribute value`);
    }
  }
  contact.data.RoutingCriteria = criteria;
  await w.cancel(ROUTING_STEP, contact.id);
  const queueId = contact.data.QueueInfo?.Id;
  if (queueId && !contact.data.AgentInfo) {
    const queue = await w.tx.get<StoredQueue>(p, 'queue', contact.scope, queueId);
    await activateCriteria(w, p, contact, queue?.data.QueueType !== 'AGENT');
  }
  await saveContact(w, p, contact, 'CONTACT_DATA_UPDATED', ['RoutingCriteria']);
  await requeue(x);
  return { kind: 'next' };
};

const CheckHoursOfOperation: ActionHandler = async (x) => {
  let hoursId: string | undefined;
  if (x.params.HoursOfOperationId !== undefined) {
    const ref = await resolveValue(x, x.params.HoursOfOperationId);
    hoursId = ref && lastSegment(ref);
  } else {
    hoursId = (await queueOrWorking(x))?.data.HoursOfOperationId;
  }
  const hours = hoursId ? await x.w.tx.get<HoursOfOperationData>(x.p, 'hours-of-operation', x.contact.scope, hoursId) : undefined;
  if (!hours) return noMatch('no hours of operation: name them, or set a working queue that has them');
  return { kind: 'value', value: isOpen(hours.data, x.w.now) ? 'True' : 'False' };
};

/** A queue's metrics for the flow: what GetCurrentMetricData would answer for it. */
async function queueMetrics(x: ActionContext, queue: StoredRecord<StoredQueue>, channel?: C.Channel): Promise<Record<string, number>> {
  const names: [C.CurrentMetricName, C.Unit][] = [
    ['AGENTS_ONLINE', 'COUNT'],
    ['AGENTS_AVAILABLE', 'COUNT'],
    ['AGENTS_STAFFED', 'COUNT'],
    ['AGENTS_AFTER_CONTACT_WORK', 'COUNT'],
    ['AGENTS_ON_CONTACT', 'COUNT'],
    ['AGENTS_NON_PRODUCTIVE', 'COUNT'],
    ['CONTACTS_IN_QUEUE', 'COUNT'],
    ['OLDEST_CONTACT_AGE', 'SECONDS'],
  ];
  const rows = await currentMetrics(x.w, x.p, x.contact.scope, {
    Filters: { Queues: [queue.id], ...(channel ? { Channels: [channel] } : {}) },
    CurrentMetrics: names.map(([Name, Unit]) => ({ Name, Unit })),
  });
  const out: Record<string, number> = {};
  for (const [name] of names) out[name] = 0;
  for (const m of rows[0]?.Collections ?? []) out[m.Metric!.Name!] = m.Value ?? 0;
  // OLDEST_CONTACT_AGE comes in milliseconds without groupings; flows speak seconds
  out.OLDEST_CONTACT_AGE = Math.floor(out.OLDEST_CONTACT_AGE / 1000);
  return out;
}

const METRIC_OF: Record<string, string> = {
  NumberOfAgentsAvailable: 'AGENTS_AVAILABLE',
  NumberOfAgentsStaffed: 'AGENTS_STAFFED',
  NumberOfAgentsOnline: 'AGENTS_ONLINE',
  OldestContactInQueueAgeSeconds: 'OLDEST_CONTACT_AGE',
  NumberOfContactsInQueue: 'CONTACTS_IN_QUEUE',
};

const CheckMetricData: ActionHandler = async (x) => {
  const queue = await queueOrWorking(x);
  const metric = METRIC_OF[String(x.params.MetricType)];
  if (!queue || !metric) return noMatch('no queue to check');
  const m = await queueMetrics(x, queue);
  return { kind: 'value', value: String(m[metric]) };
};

const GetMetricData: ActionHandler = async (x) => {
  const queue = await queueOrWorking(x);
  if (!queue) return noMatch('no queue to read');
  const channel = x.params.QueueChannel === 'Voice' ? 'VOICE' : x.params.QueueChannel === 'Chat' ? 'CHAT' : undefined;
  const m = await queueMetrics(x, queue, channel);
  const count = (n: number) => ({ Count: n });
  x.state.Metrics = {
    Queue: { Name: queue.data.Name, ARN: queue.data.QueueArn, Size: m.CONTACTS_IN_QUEUE, OldestContactAge: m.OLDEST_CONTACT_AGE },
    Agents: {
      Online: count(m.AGENTS_ONLINE),
      Available: count(m.AGENTS_AVAILABLE),
      Staffed: count(m.AGENTS_STAFFED),
      AfterContactWork: count(m.AGENTS_AFTER_CONTACT_WORK),
      Busy: count(m.AGENTS_ON_CONTACT),
      Missed: count(0),
      NonProductive: count(m.AGENTS_NON_PRODUCTIVE),
    },
  };
  return { kind: 'next' };
};

export const routingActions: Record<string, ActionHandler> = {
  UpdateContactTargetQueue,
  TransferContactToQueue,
  DequeueContactAndTransferToQueue,
  UpdateContactRoutingBehavior,
  UpdateContactRoutingCriteria,
  UpdateRoutingCriteria: UpdateContactRoutingCriteria,
  CheckHoursOfOperation,
  CheckMetricData,
  GetMetricData,
};
