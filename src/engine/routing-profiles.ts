// Routing profiles: which queues an agent serves on which channel, in which order (Priority,
// Delay), and how many contacts of each channel at once (spec routing.md §5). The router
// reads QueueConfigs and MediaConcurrencies exactly as kept here; every change to them asks
// it to route again, since agents of the profile may now take contacts they could not before.
import type * as C from '../generated/connect.types.js';
import { BadRequest } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import type { RoutingProfileData } from './instance-defaults.js';
import { checkNameFree, getRecord, renaming, saveStamped } from './instance-records.js';
import { getQueue, getStandardQueue } from './queues.js';
import { childArn, newId, type Persisted } from './resources.js';
import { route } from './router.js';
import { USER } from './users.js';
import type { Work } from './work.js';

export const ROUTING_PROFILE = 'routing-profile';

/** One (queue, channel) pair a profile serves, with its priority (1 first) and delay (s). */
export type QueueConfig = RoutingProfileData['QueueConfigs'][number];
export interface QueueRef {
  QueueId: string;
  Channel: C.Channel;
}

export type StoredRoutingProfile = RoutingProfileData & {
  /** queues whose contacts agents pick by hand instead of being routed them; never VOICE */
  ManualAssignmentQueueConfigs?: QueueRef[];
};

export interface CreateRoutingProfileParams {
  Name: string;
  Description: string;
  DefaultOutboundQueueId: string;
  MediaConcurrencies: C.MediaConcurrency[];
  QueueConfigs?: C.RoutingProfileQueueConfig[];
  ManualAssignmentQueueConfigs?: C.RoutingProfileManualAssignmentQueueConfig[];
  AgentAvailabilityTimer?: C.AgentAvailabilityTimer;
  Tags?: C.TagMap;
}

const pairOf = (r: QueueRef): string => `${r.QueueId}/${r.Channel}`;
const describePair = (r: QueueRef): string => `queue ${r.QueueId} on ${r.Channel}`;
const configOf = (c: C.RoutingProfileQueueConfig): QueueConfig => ({
  QueueId: c.QueueReference.QueueId,
  Channel: c.QueueReference.Channel,
  Priority: c.Priority,
  Delay: c.Delay,
});

/** Per-channel limits narrower than the model's 1..10 (model docs: VOICE is one call at a time). */
const MAX_CONCURRENCY: Partial<Record<C.Channel, number>> = { VOICE: 1 };

/** The channels as kept: each once, within its limit, with the cross-channel default spelled out. */
function checkConcurrencies(list: C.MediaConcurrency[]): Persisted<C.MediaConcurrency>[] {
  if (list.length === 0) throw new BadRequest('MediaConcurrencies: at least one channel is required');
  const seen = new Set<C.Channel>();
  return list.map((m) => {
    if (seen.has(m.Channel)) throw new BadRequest(`MediaConcurrencies: ${m.Channel} is given more than once`);
    seen.add(m.Channel);
    const max = MAX_CONCURRENCY[m.Channel];
    if (max !== undefined && m.Concurrency > max) {
      throw new BadRequest(`MediaConcurrencies: the Concurrency of ${m.Channel} must be between 1 and ${max}, not ${m.Concurrency}`, 'constraint');
    }
    return { Channel: m.Channel, Concurrency: m.Concurrency, CrossChannelBehavior: m.CrossChannelBehavior ?? { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } };
  });
}

/** Every pair names a standard queue of the instance, and no pair comes twice in one request. */
async function checkRefs(w: Work, p: Partition, instanceId: string, refs: QueueRef[], member: string): Promise<void> {
  const seen = new Set<string>();
  for (const r of refs) {
    if (seen.has(pairOf(r))) throw new BadRequest(`${member}: ${describePair(r)} is given more than once`);
    seen.add(pairOf(r));
    await getStandardQueue(w, p, instanceId, r.QueueId, member);
  }
}

function checkManual(refs: QueueRef[]): void {
  const voice = refs.find((r) => r.Channel === 'VOICE');
  if (voice) throw new BadRequest(`ManualAssignmentQueueConfigs: ${describePair(voice)}: VOICE contacts cannot be assigned by hand`);
}

/** Describe's counts and id lists, recomputed from the pairs so that they never drift. */
function derive(rp: StoredRoutingProfile): void {
  const queues = [...new Set(rp.QueueConfigs.map((c) => c.QueueId))];
  const manual = [...new Set((rp.ManualAssignmentQueueConfigs ?? []).map((c) => c.QueueId))];
  rp.AssociatedQueueIds = queues;
  rp.NumberOfAssociatedQueues = queues.length;
  rp.AssociatedManualAssignmentQueueIds = manual;
  rp.NumberOfAssociatedManualAssignmentQueues = manual.length;
}

export const getRoutingProfile = (w: Work, p: Partition, instanceId: string, id: string): Promise<StoredRecord<StoredRoutingProfile>> =>
  getRecord<StoredRoutingProfile>(w.tx, p, ROUTING_PROFILE, instanceId, id, 'Routing profile');

/**
 * The profile as Describe shows it. Users change profiles elsewhere (CreateUser,
 * UpdateUserRoutingProfile, DeleteUser), so NumberOfAssociatedUsers is counted when asked
 * rather than kept, and can never drift.
 */
export async function describeRoutingProfile(w: Work, p: Partition, instanceId: string, id: string): Promise<StoredRoutingProfile> {
  const { data } = await getRoutingProfile(w, p, instanceId, id);
  const users = await w.tx.list(p, { kind: USER, scope: instanceId, where: { RoutingProfileId: id }, limit: Number.MAX_SAFE_INTEGER });
  return { ...data, NumberOfAssociatedUsers: users.length };
}

export async function createRoutingProfile(w: Work, p: Partition, instanceId: string, params: CreateRoutingProfileParams): Promise<StoredRoutingProfile> {
  await checkNameFree(w.tx, p, ROUTING_PROFILE, instanceId, 'A routing profile', params.Name);
  await getStandardQueue(w, p, instanceId, params.DefaultOutboundQueueId, 'DefaultOutboundQueueId');
  const concurrencies = checkConcurrencies(params.MediaConcurrencies);
  const configs = (params.QueueConfigs ?? []).map(configOf);
  await checkRefs(w, p, instanceId, configs, 'QueueConfigs');
  const manual = (params.ManualAssignmentQueueConfigs ?? []).map((c) => ({ ...c.QueueReference }));
  checkManual(manual);
  await checkRefs(w, p, instanceId, manual, 'ManualAssignmentQueueConfigs');

  const id = newId();
  const arn = childArn(p, instanceId, ROUTING_PROFILE, id);
  const data: StoredRoutingProfile = {
    InstanceId: instanceId,
    RoutingProfileId: id,
    RoutingProfileArn: arn,
    Name: params.Name,
    Description: params.Description,
    MediaConcurrencies: concurrencies,
    DefaultOutboundQueueId: params.DefaultOutboundQueueId,
    QueueConfigs: configs,
    ManualAssignmentQueueConfigs: manual,
    NumberOfAssociatedUsers: 0,
    AgentAvailabilityTimer: params.AgentAvailabilityTimer ?? 'TIME_SINCE_LAST_ACTIVITY',
    IsDefault: false,
    Tags: params.Tags ?? {},
  };
  derive(data);
  return saveStamped(w, p, ROUTING_PROFILE, instanceId, { id, arn, data });
}

/** Loads a profile, lets `apply` change it, keeps the counts in step, stamps and saves it. */
async function changeProfile(
  w: Work,
  p: Partition,
  instanceId: string,
  id: string,
  apply: (rp: StoredRoutingProfile) => void | Promise<void>,
): Promise<StoredRoutingProfile> {
  const rec = await getRoutingProfile(w, p, instanceId, id);
  await apply(rec.data);
  derive(rec.data);
  return saveStamped(w, p, ROUTING_PROFILE, instanceId, rec);
}

/** Index of each pair of `have` that `refs` names; a pair not associated is refused. */
async function findAssociated(w: Work, p: Partition, instanceId: string, have: QueueRef[], refs: QueueRef[], member: string): Promise<number[]> {
  const seen = new Set<string>();
  const found: number[] = [];
  for (const r of refs) {
    if (seen.has(pairOf(r))) throw new BadRequest(`${member}: ${describePair(r)} is given more than once`);
    seen.add(pairOf(r));
    await getQueue(w, p, instanceId, r.QueueId);
    const i = have.findIndex((h) => pairOf(h) === pairOf(r));
    if (i < 0) throw new BadRequest(`${member}: ${describePair(r)} is not associated with this routing profile`);
    found.push(i);
  }
  return found;
}

export async function associateRoutingProfileQueues(
  w: Work,
  p: Partition,
  instanceId: string,
  id: string,
  add: { QueueConfigs?: C.RoutingProfileQueueConfig[]; ManualAssignmentQueueConfigs?: C.RoutingProfileManualAssignmentQueueConfig[] },
): Promise<void> {
  if (!add.QueueConfigs && !add.ManualAssignmentQueueConfigs) throw new BadRequest('QueueConfigs or ManualAssignmentQueueConfigs must be given');
  await changeProfile(w, p, instanceId, id, async (rp) => {
    const configs = (add.QueueConfigs ?? []).map(configOf);
    await checkRefs(w, p, instanceId, configs, 'QueueConfigs');
    const manual = (add.ManualAssignmentQueueConfigs ?? []).map((c) => ({ ...c.QueueReference }));
    checkManual(manual);
    await checkRefs(w, p, instanceId, manual, 'ManualAssignmentQueueConfigs');
    const already = (have: QueueRef[], refs: QueueRef[], member: string) => {
      const pairs = new Set(have.map(pairOf));
      const again = refs.find((r) => pairs.has(pairOf(r)));
      if (again) throw new BadRequest(`${member}: ${describePair(again)} is already associated with this routing profile`);
    };
    already(rp.QueueConfigs, configs, 'QueueConfigs');
    already(rp.ManualAssignmentQueueConfigs ?? [], manual, 'ManualAssignmentQueueConfigs');
    rp.QueueConfigs = [...rp.QueueConfigs, ...configs];
    rp.ManualAssignmentQueueConfigs = [...(rp.ManualAssignmentQueueConfigs ?? []), ...manual];
  });
  await route(w, p, instanceId);
}

export async function disassociateRoutingProfileQueues(
  w: Work,
  p: Partition,
  instanceId: string,
  id: string,
  remove: { QueueReferences?: QueueRef[]; ManualAssignmentQueueReferences?: QueueRef[] },
): Promise<void> {
  if (!remove.QueueReferences && !remove.ManualAssignmentQueueReferences) {
    throw new BadRequest('QueueReferences or ManualAssignmentQueueReferences must be given');
  }
  await changeProfile(w, p, instanceId, id, async (rp) => {
    const gone = new Set(await findAssociated(w, p, instanceId, rp.QueueConfigs, remove.QueueReferences ?? [], 'QueueReferences'));
    const manual = rp.ManualAssignmentQueueConfigs ?? [];
    const goneManual = new Set(await findAssociated(w, p, instanceId, manual, remove.ManualAssignmentQueueReferences ?? [], 'ManualAssignmentQueueReferences'));
    rp.QueueConfigs = rp.QueueConfigs.filter((_, i) => !gone.has(i));
    rp.ManualAssignmentQueueConfigs = manual.filter((_, i) => !goneManual.has(i));
  });
  await route(w, p, instanceId);
}

/** New Priority and Delay for pairs the profile already has (AssociateRoutingProfileQueues adds pairs). */
export async function updateRoutingProfileQueues(w: Work, p: Partition, instanceId: string, id: string, updates: C.RoutingProfileQueueConfig[]): Promise<void> {
  await changeProfile(w, p, instanceId, id, async (rp) => {
    const configs = updates.map(configOf);
    const at = await findAssociated(w, p, instanceId, rp.QueueConfigs, configs, 'QueueConfigs');
    at.forEach((i, k) => {
      rp.QueueConfigs[i] = { ...rp.QueueConfigs[i], Priority: configs[k].Priority, Delay: configs[k].Delay };
    });
  });
  await route(w, p, instanceId);
}

/** The channels the profile's agents take and how many of each at once: the list replaces the old one. */
export async function setRoutingProfileConcurrency(w: Work, p: Partition, instanceId: string, id: string, list: C.MediaConcurrency[]): Promise<void> {
  await changeProfile(w, p, instanceId, id, (rp) => {
    rp.MediaConcurrencies = checkConcurrencies(list);
  });
  await route(w, p, instanceId);
}

export async function renameRoutingProfile(w: Work, p: Partition, instanceId: string, id: string, change: { Name?: string; Description?: string }): Promise<void> {
  await changeProfile(w, p, instanceId, id, renaming(w, p, ROUTING_PROFILE, instanceId, 'A routing profile', id, change));
}

export async function setDefaultOutboundQueue(w: Work, p: Partition, instanceId: string, id: string, queueId: string): Promise<void> {
  await changeProfile(w, p, instanceId, id, async (rp) => {
    await getStandardQueue(w, p, instanceId, queueId, 'DefaultOutboundQueueId');
    rp.DefaultOutboundQueueId = queueId;
  });
}

export async function setAgentAvailabilityTimer(w: Work, p: Partition, instanceId: string, id: string, timer: C.AgentAvailabilityTimer): Promise<void> {
  await changeProfile(w, p, instanceId, id, (rp) => {
    rp.AgentAvailabilityTimer = timer;
  });
}

/** The profile's pairs with their queue's ARN and name, in the order they were associated. */
export async function profileQueues(w: Work, p: Partition, instanceId: string, rp: StoredRoutingProfile): Promise<Persisted<C.RoutingProfileQueueConfigSummary>[]> {
  const named = await queueNames(w, p, instanceId, rp.QueueConfigs);
  return rp.QueueConfigs.map((c) => ({ ...named(c), Priority: c.Priority, Delay: c.Delay }));
}

export async function profileManualQueues(
  w: Work,
  p: Partition,
  instanceId: string,
  rp: StoredRoutingProfile,
): Promise<Persisted<C.RoutingProfileManualAssignmentQueueConfigSummary>[]> {
  const manual = rp.ManualAssignmentQueueConfigs ?? [];
  const named = await queueNames(w, p, instanceId, manual);
  return manual.map(named);
}

/** Reads each queue once and names a pair with its queue's id, ARN, name and the channel. */
async function queueNames(w: Work, p: Partition, instanceId: string, refs: QueueRef[]) {
  const queues = new Map<string, { arn: string; name: string }>();
  for (const id of new Set(refs.map((r) => r.QueueId))) {
    const q = await getQueue(w, p, instanceId, id);
    queues.set(id, { arn: q.data.QueueArn ?? '', name: q.data.Name ?? '' });
  }
  return (r: QueueRef) => ({ QueueId: r.QueueId, QueueArn: queues.get(r.QueueId)!.arn, QueueName: queues.get(r.QueueId)!.name, Channel: r.Channel });
}
