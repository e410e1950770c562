// Standard queues: creation and every change the API allows (name, status, hours of
// operation, capacity, outbound caller config). Agent queues, one per user, are made with
// their user; they are read like any queue but only their user changes them.
import type * as C from '../generated/connect.types.js';
import { BadRequest } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import type { QueueData } from './instance-defaults.js';
import { checkNameFree, getRecord, renaming, saveStamped } from './instance-records.js';
import { childArn, newId, type Persisted } from './resources.js';
import type { Work } from './work.js';

export const QUEUE = 'queue';
const HOURS = 'hours-of-operation';

/**
 * A queue as kept: Describe's members and its type, plus what CreateQueue accepts that no
 * output shows (quick connects and email addresses: kept for the day something uses them).
 */
export type StoredQueue = QueueData & {
  QuickConnectIds?: string[];
  EmailAddressesConfig?: Persisted<C.EmailAddressConfig>[];
};

export type CreateQueueParams = Omit<C.CreateQueueRequest, 'InstanceId'>;

/** The queue `queueId` of the instance, of either type, or ResourceNotFoundException. */
export const getQueue = (w: Work, p: Partition, instanceId: string, queueId: string): Promise<StoredRecord<StoredQueue>> =>
  getRecord<StoredQueue>(w.tx, p, QUEUE, instanceId, queueId, 'Queue');

/**
 * The standard queue `queueId`: routing profiles and their outbound queue take only those
 * (an agent queue belongs to its agent, whatever the profile).
 */
export async function getStandardQueue(w: Work, p: Partition, instanceId: string, queueId: string, role: string): Promise<StoredRecord<StoredQueue>> {
  const rec = await getQueue(w, p, instanceId, queueId);
  if (rec.data.QueueType !== 'STANDARD') {
    throw new BadRequest(`${role}: ${queueId} is the agent queue of a user; only STANDARD queues can be used here`);
  }
  return rec;
}

async function checkHours(w: Work, p: Partition, instanceId: string, hoursId: string): Promise<void> {
  await getRecord(w.tx, p, HOURS, instanceId, hoursId, 'Hours of operation');
}

export async function createQueue(w: Work, p: Partition, instanceId: string, params: CreateQueueParams): Promise<StoredQueue> {
  await checkNameFree(w.tx, p, QUEUE, instanceId, 'A queue', params.Name);
  await checkHours(w, p, instanceId, params.HoursOfOperationId);
  const id = newId();
  const arn = childArn(p, instanceId, QUEUE, id);
  const data: StoredQueue = {
    QueueId: id,
    QueueArn: arn,
    Name: params.Name,
    Description: params.Description,
    HoursOfOperationId: params.HoursOfOperationId,
    MaxContacts: params.MaxContacts,
    Status: 'ENABLED',
    QueueType: 'STANDARD',
    OutboundCallerConfig: params.OutboundCallerConfig,
    OutboundEmailConfig: params.OutboundEmailConfig,
    QuickConnectIds: params.QuickConnectIds,
    EmailAddressesConfig: params.EmailAddressesConfig,
    Tags: params.Tags ?? {},
  };
  return saveStamped(w, p, QUEUE, instanceId, { id, arn, data });
}

/**
 * Loads a standard queue, lets `apply` change it, stamps the change and saves it. Agent
 * queues are refused: their name, hours and state follow their user (as in the console,
 * which offers no settings for them).
 */
async function changeQueue(
  w: Work,
  p: Partition,
  instanceId: string,
  queueId: string,
  apply: (q: StoredQueue) => void | Promise<void>,
): Promise<StoredQueue> {
  const rec = await getQueue(w, p, instanceId, queueId);
  if (rec.data.QueueType !== 'STANDARD') throw new BadRequest(`QueueId: ${queueId} is an agent queue, which cannot be changed`);
  await apply(rec.data);
  return saveStamped(w, p, QUEUE, instanceId, rec);
}

export function renameQueue(w: Work, p: Partition, instanceId: string, queueId: string, change: { Name?: string; Description?: string }) {
  return changeQueue(w, p, instanceId, queueId, renaming(w, p, QUEUE, instanceId, 'A queue', queueId, change));
}

export function setQueueStatus(w: Work, p: Partition, instanceId: string, queueId: string, status: C.QueueStatus) {
  return changeQueue(w, p, instanceId, queueId, (q) => {
    q.Status = status;
  });
}

/** `undefined` lifts the limit: the queue takes contacts until the instance's own limit. */
export function setQueueMaxContacts(w: Work, p: Partition, instanceId: string, queueId: string, max: number | undefined) {
  return changeQueue(w, p, instanceId, queueId, (q) => {
    if (max === undefined) delete q.MaxContacts;
    else q.MaxContacts = max;
  });
}

export function setQueueHours(w: Work, p: Partition, instanceId: string, queueId: string, hoursId: string) {
  return changeQueue(w, p, instanceId, queueId, async (q) => {
    await checkHours(w, p, instanceId, hoursId);
    q.HoursOfOperationId = hoursId;
  });
}

export function setQueueOutboundCallerConfig(w: Work, p: Partition, instanceId: string, queueId: string, config: C.OutboundCallerConfig) {
  return changeQueue(w, p, instanceId, queueId, (q) => {
    q.OutboundCallerConfig = config;
  });
}
