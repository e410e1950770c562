// Agent readiness: whether an agent may be offered a contact of a channel now (a routable
// status, no missed or declined offer pending, free capacity, the cross-channel rule), kept in
// one ordered set per channel with the longest idle agent first.
import type * as C from '../generated/connect.types.js';
import { BadRequest } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import type { AgentStatusData, RoutingProfileData } from './instance-defaults.js';
import { routeAgent } from './router.js';
import { getAgentStatus } from './agent-statuses.js';
import { getRoutingProfile } from './routing-profiles.js';
import { getUser, saveUser, type UserData } from './users.js';
import type { Work } from './work.js';

export const CHANNELS: C.Channel[] = ['VOICE', 'CHAT', 'TASK', 'EMAIL'];

/** The set of agents ready for a channel, by idle time. */
export const readySet = (instanceId: string, channel: C.Channel): string => `ready/${instanceId}/${channel}`;

/** Sorts as text in time order (times are never negative here). */
export const timeKey = (ms: number): string => String(ms).padStart(16, '0');

export async function isRoutable(w: Work, p: Partition, user: StoredRecord<UserData>): Promise<boolean> {
  const r = user.data.Routing;
  // a next status chosen while on a contact stops new offers at once (admin guide, "next status")
  if (r.SystemState || r.NextStatusId) return false;
  const status = await w.tx.get<AgentStatusData>(p, 'agent-status', user.scope, r.StatusId);
  return status?.data.Type === 'ROUTABLE' && status.data.State !== 'DISABLED';
}

/** How many more contacts of `channel` the agent may take now. */
export function freeCapacity(profile: RoutingProfileData, held: UserData['Routing']['Contacts'], channel: C.Channel): number {
  const own = profile.MediaConcurrencies?.find((m) => m.Channel === channel);
  if (!own) return 0;
  const onOthers = held.some((h) => h.Channel !== channel);
  if (onOthers && (own.CrossChannelBehavior?.BehaviorType ?? 'ROUTE_CURRENT_CHANNEL_ONLY') === 'ROUTE_CURRENT_CHANNEL_ONLY') return 0;
  return Math.max(0, (own.Concurrency ?? 0) - held.filter((h) => h.Channel === channel).length);
}

/** Puts the agent in, or takes it out of, the ready set of each channel. Returns the channels it is ready for. */
export async function refreshReadiness(w: Work, p: Partition, user: StoredRecord<UserData>): Promise<C.Channel[]> {
  const routable = await isRoutable(w, p, user);
  const profile = routable ? (await getRoutingProfile(w, p, user.scope, user.data.RoutingProfileId!)).data : undefined;
  const ready: C.Channel[] = [];
  for (const channel of CHANNELS) {
    if (profile && freeCapacity(profile, user.data.Routing.Contacts, channel) > 0) {
      ready.push(channel);
      await w.tx.putRank(p, user.scope, readySet(user.scope, channel), user.id, timeKey(user.data.Routing.IdleSince));
    } else {
      await w.tx.deleteRank(p, readySet(user.scope, channel), user.id);
    }
  }
  return ready;
}

/**
 * PutUserStatus: the agent's status now, or, while it holds contacts, once the last one ends
 * (model docs). A status set by hand also clears a missed or declined offer.
 */
export async function putUserStatus(w: Work, p: Partition, instanceId: string, userId: string, statusId: string): Promise<void> {
  const user = await getUser(w, p, instanceId, userId);
  const status = await getAgentStatus(w, p, instanceId, statusId);
  if (status.data.State === 'DISABLED') throw new BadRequest(`Agent status ${statusId} is disabled`);
  const r = user.data.Routing;
  delete r.SystemState;
  delete r.SystemStateStart;
  // the status the agent is in already: a next status chosen before is cancelled
  if (statusId === r.StatusId) delete r.NextStatusId;
  else if (r.Contacts.length) r.NextStatusId = statusId;
  else {
    delete r.NextStatusId;
    r.StatusId = statusId;
    r.StatusStart = w.now;
    // the wait for a contact starts when the agent becomes available
    if (status.data.Type === 'ROUTABLE') r.IdleSince = w.now;
  }
  await saveUser(w, p, user);
  await routeAgent(w, p, user);
}
