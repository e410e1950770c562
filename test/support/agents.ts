// Agents for routing tests: users on an instance, their statuses, and what an agent does with
// an offer in its contact control panel (POST /_local/.../agents/{UserId}/accept and /reject).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateUserCommand,
  DescribeContactCommand,
  ListAgentStatusesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  PutUserStatusCommand,
  StopContactCommand,
  type AgentInfo,
  type Contact,
  type ConnectClient,
  type CreateUserRequest,
} from '@aws-sdk/client-connect';
import { advance, local, type ChatTestServer } from './chat.js';
import { createTestInstance } from './server.js';

/** A password the model's pattern accepts (a lower, an upper, a digit, 8-64 characters). */
export const PASSWORD = 'Passw0rd-local';

/** An instance and the ids a test needs to make agents on it. */
export interface AgentEnv {
  client: ConnectClient;
  url: string;
  instanceId: string;
  /** the agent status ids by name: Available (ROUTABLE) and Offline (OFFLINE) */
  available: string;
  offline: string;
  /** the Basic Routing Profile: BasicQueue on every channel, 2 chats at once */
  routingProfileId: string;
  /** the Agent security profile */
  securityProfileId: string;
}

export async function agentEnv(client: ConnectClient, url: string, instanceId: string): Promise<AgentEnv> {
  const statuses = (await client.send(new ListAgentStatusesCommand({ InstanceId: instanceId }))).AgentStatusSummaryList ?? [];
  const profiles = (await client.send(new ListRoutingProfilesCommand({ InstanceId: instanceId }))).RoutingProfileSummaryList ?? [];
  const security = (await client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId }))).SecurityProfileSummaryList ?? [];
  const id = (found: { Id?: string } | undefined, what: string): string => {
    assert.ok(found?.Id, `the instance has ${what}`);
    return found.Id;
  };
  return {
    client,
    url,
    instanceId,
    available: id(statuses.find((s) => s.Name === 'Available'), 'the agent status Available'),
    offline: id(statuses.find((s) => s.Name === 'Offline'), 'the agent status Offline'),
    routingProfileId: id(profiles.find((p) => p.Name === 'Basic Routing Profile'), 'the Basic Routing Profile'),
    securityProfileId: id(security.find((s) => s.Name === 'Agent'), 'the security profile Agent'),
  };
}

/** An AgentEnv on a fresh instance: no contact, agent or name of another test can meet this one's. */
export async function freshAgentEnv(t: ChatTestServer): Promise<AgentEnv> {
  return agentEnv(t.client, t.server.url, await createTestInstance(t.client));
}

/** CreateUser on the Basic Routing Profile with the Agent security profile; returns the UserId. */
export async function createAgent(
  env: AgentEnv,
  opts: { first?: string; last?: string; autoAccept?: boolean } & Partial<CreateUserRequest> = {},
): Promise<string> {
  const { first, last, autoAccept, ...overrides } = opts;
  const out = await env.client.send(
    new CreateUserCommand({
      InstanceId: env.instanceId,
      Username: `agent-${randomUUID().slice(0, 8)}`,
      Password: PASSWORD,
      RoutingProfileId: env.routingProfileId,
      SecurityProfileIds: [env.securityProfileId],
      IdentityInfo: { FirstName: first ?? 'Ada', LastName: last ?? 'Agent' },
      ...(autoAccept !== undefined ? { PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: autoAccept } } : {}),
      ...overrides,
    }),
  );
  assert.ok(out.UserId && out.UserArn, 'CreateUser answers UserId and UserArn');
  return out.UserId;
}

export async function putStatus(env: AgentEnv, userId: string, statusId: string): Promise<void> {
  await env.client.send(new PutUserStatusCommand({ InstanceId: env.instanceId, UserId: userId, AgentStatusId: statusId }));
}

export const goAvailable = (env: AgentEnv, userId: string): Promise<void> => putStatus(env, userId, env.available);
export const goOffline = (env: AgentEnv, userId: string): Promise<void> => putStatus(env, userId, env.offline);

/** Two new agents, the first Available one second before the second: it has been idle longer, so it is routed to first. */
export async function twoAgentsAvailable(env: AgentEnv): Promise<[string, string]> {
  const a = await createAgent(env);
  const b = await createAgent(env);
  await goAvailable(env, a);
  await advance(env.url, 1);
  await goAvailable(env, b);
  return [a, b];
}

/** The agent accepts a contact: 200 when it was offered to it, 400 when not. */
export const accept = (env: AgentEnv, userId: string, contactId: string) =>
  local(env.url, `/_local/instances/${env.instanceId}/agents/${userId}/accept`, { ContactId: contactId });

export const reject = (env: AgentEnv, userId: string, contactId: string) =>
  local(env.url, `/_local/instances/${env.instanceId}/agents/${userId}/reject`, { ContactId: contactId });

/** None of `contactIds` is offered to the agent: accepting each answers 400 "is not offered". */
export async function notOffered(env: AgentEnv, userId: string, contactIds: string[]): Promise<void> {
  for (const contactId of contactIds) {
    const r = await accept(env, userId, contactId);
    assert.equal(r.status, 400, `contact ${contactId} should not be offered to ${userId}: ${JSON.stringify(r.body)}`);
    assert.match(r.body.message, /is not offered/);
  }
}

/**
 * The agent was offered exactly `expected` among the candidates: it accepts each of them (200)
 * and accepting any of `others` answers 400.
 */
export async function takes(env: AgentEnv, userId: string, expected: string[], others: string[] = []): Promise<void> {
  for (const contactId of expected) {
    const r = await accept(env, userId, contactId);
    assert.equal(r.status, 200, `contact ${contactId} should be offered to ${userId}: ${JSON.stringify(r.body)}`);
  }
  await notOffered(env, userId, others);
}

export const describeContact = async (env: AgentEnv, contactId: string): Promise<Contact> =>
  (await env.client.send(new DescribeContactCommand({ InstanceId: env.instanceId, ContactId: contactId }))).Contact!;

/** DescribeContact's AgentInfo (undefined while no agent has accepted the contact). */
export const agentInfo = async (env: AgentEnv, contactId: string): Promise<AgentInfo | undefined> => (await describeContact(env, contactId)).AgentInfo;

export async function stop(env: AgentEnv, contactId: string): Promise<void> {
  await env.client.send(new StopContactCommand({ InstanceId: env.instanceId, ContactId: contactId }));
}
