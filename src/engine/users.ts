// Users (agents): their records, the agent queue each one gets, and their routing state:
// current status, the contacts they hold and how long they have been idle.
import type * as C from '../generated/connect.types.js';
import { BadRequest, duplicate, notFound } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import type { AgentStatusData, QueueData } from './instance-defaults.js';
import type { InstanceData } from './instances.js';
import { predefinedValueExists } from './predefined-attributes.js';
import { getRecord } from './instance-records.js';
import { getRoutingProfile } from './routing-profiles.js';
import { instanceArn, newId, type Persisted } from './resources.js';
import type { Work } from './work.js';

export const USER = 'user';

/** A contact an agent holds: offered (not yet accepted) or connected. */
export interface HeldContact {
  ContactId: string;
  Channel: C.Channel;
  Offered: boolean;
  Since: number;
}

export interface AgentRouting {
  /** the agent status (Available, Offline, custom ones) the agent chose */
  StatusId: string;
  StatusStart: number;
  /** a state the system put the agent in after an offer was missed or declined: no routing until PutUserStatus */
  SystemState?: 'MISSED' | 'REJECTED';
  /** since when the agent has been in that state */
  SystemStateStart?: number;
  /** PutUserStatus while holding contacts: applied when the last one ends */
  NextStatusId?: string;
  /** since when the agent has had nothing to do: the router offers to the longest idle first */
  IdleSince: number;
  Contacts: HeldContact[];
}

export type UserData = Persisted<C.User> & {
  Routing: AgentRouting;
  Proficiencies: C.UserProficiency[];
};

export const userArn = (p: Partition, instanceId: string, userId: string): string => `${instanceArn(p, instanceId)}/agent/${userId}`;
export const agentQueueArn = (p: Partition, instanceId: string, userId: string): string => `${instanceArn(p, instanceId)}/queue/agent/${userId}`;

export const getUser = (w: Work, p: Partition, instanceId: string, userId: string): Promise<StoredRecord<UserData>> =>
  getRecord<UserData>(w.tx, p, USER, instanceId, userId, 'User');

export async function saveUser(w: Work, p: Partition, rec: StoredRecord<UserData>): Promise<void> {
  rec.data.LastModifiedTime = w.now;
  rec.data.LastModifiedRegion = p.region;
  await w.tx.put(p, { kind: USER, scope: rec.scope, id: rec.id, name: rec.name, arn: rec.data.Arn, data: rec.data });
}

export async function createUser(w: Work, p: Partition, instance: StoredRecord<InstanceData>, input: C.CreateUserRequest): Promise<UserData> {
  const instanceId = instance.id;
  const managed = instance.data.IdentityManagementType === 'CONNECT_MANAGED';
  if (managed && !input.Password) throw new BadRequest('Password is required: this instance manages its users itself (CONNECT_MANAGED)');
  if (!managed && input.Password) throw new BadRequest(`Password cannot be set: the users of this instance sign in through ${instance.data.IdentityManagementType}`);
  if (input.DirectoryUserId && instance.data.IdentityManagementType !== 'EXISTING_DIRECTORY') {
    throw new BadRequest('DirectoryUserId is only valid on an instance whose IdentityManagementType is EXISTING_DIRECTORY');
  }
  const name = input.Username.toLowerCase();
  if (await w.tx.getByName(p, USER, instanceId, name)) throw duplicate(`A user named ${input.Username} already exists in this instance`);
  if (!input.RoutingProfileId) throw new BadRequest('RoutingProfileId is required');
  await getRoutingProfile(w, p, instanceId, input.RoutingProfileId);
  for (const id of input.SecurityProfileIds ?? []) {
    if (!(await w.tx.get(p, 'security-profile', instanceId, id))) throw notFound('Security profile', id);
  }
  if (!input.SecurityProfileIds?.length) throw new BadRequest('SecurityProfileIds: give at least one security profile');
  // the instance's status of type OFFLINE, whatever it has been renamed to
  const [offline] = await w.tx.list<AgentStatusData>(p, { kind: 'agent-status', scope: instanceId, where: { Type: 'OFFLINE' }, limit: 1 });
  const id = newId();
  const data: UserData = {
    Id: id,
    Arn: userArn(p, instanceId, id),
    Username: input.Username,
    IdentityInfo: input.IdentityInfo,
    PhoneConfig: input.PhoneConfig ?? { PhoneType: 'SOFT_PHONE', AutoAccept: false, AfterContactWorkTimeLimit: 0 },
    DirectoryUserId: input.DirectoryUserId,
    SecurityProfileIds: input.SecurityProfileIds,
    RoutingProfileId: input.RoutingProfileId,
    HierarchyGroupId: input.HierarchyGroupId,
    Tags: input.Tags ?? {},
    LastModifiedTime: w.now,
    LastModifiedRegion: p.region,
    // a new user starts Offline
    Routing: { StatusId: offline?.id ?? '', StatusStart: w.now, IdleSince: w.now, Contacts: [] },
    Proficiencies: [],
  };
  await w.tx.put(p, { kind: USER, scope: instanceId, id, name, arn: data.Arn, data });
  // every user has a queue of its own, for contacts meant for that agent alone
  const queue: QueueData = { QueueId: id, QueueArn: agentQueueArn(p, instanceId, id), QueueType: 'AGENT', Status: 'ENABLED', Tags: {} };
  await w.tx.put(p, { kind: 'queue', scope: instanceId, id, arn: queue.QueueArn, data: queue });
  return data;
}

export async function deleteUser(w: Work, p: Partition, instanceId: string, userId: string): Promise<StoredRecord<UserData>> {
  const user = await getUser(w, p, instanceId, userId);
  await w.tx.delete(p, USER, instanceId, userId);
  await w.tx.delete(p, 'queue', instanceId, userId);
  return user;
}

/** The user's display name in a chat: first and last name when known, else the username. */
export function displayName(u: UserData): string {
  const full = [u.IdentityInfo?.FirstName, u.IdentityInfo?.LastName].filter(Boolean).join(' ');
  return full || u.Username!;
}

const pairOf = (x: { AttributeName: string; AttributeValue: string }): string => `${x.AttributeName}\n${x.AttributeValue}`;

/**
 * Associate, Update and DisassociateUserProficiencies: a proficiency names a value of a
 * predefined attribute of the instance; a level from 1.0 to 5.0 (the model checks that).
 */
export async function changeProficiencies(
  w: Work,
  p: Partition,
  user: StoredRecord<UserData>,
  change: 'associate' | 'update' | 'disassociate',
  items: { AttributeName: string; AttributeValue: string; Level?: number }[],
): Promise<void> {
  const held = new Map(user.data.Proficiencies.map((x) => [pairOf(x), x]));
  for (const item of items) {
    const key = pairOf(item);
    const where = `UserProficiencies: ${item.AttributeName} = ${item.AttributeValue}`;
    if (change === 'associate') {
      if (!(await predefinedValueExists(w, p, user.scope, item.AttributeName, item.AttributeValue))) {
        throw new BadRequest(`${where} is not a value of a predefined attribute of this instance`);
      }
      held.set(key, { AttributeName: item.AttributeName, AttributeValue: item.AttributeValue, Level: item.Level! });
    } else if (!held.has(key)) {
      throw new BadRequest(`${where} is not a proficiency of user ${user.id}`);
    } else if (change === 'update') {
      held.get(key)!.Level = item.Level!;
    } else {
      held.delete(key);
    }
  }
  user.data.Proficiencies = [...held.values()];
  await saveUser(w, p, user);
}
