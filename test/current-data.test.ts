// Real-time data through the SDK: GetCurrentUserData (status, slots, the contacts an agent holds
// and their state, missed offers, next status, filters, pages) and GetCurrentMetricData (queue
// counts and ages, agents online/available/on contact as they change, groupings, sorting,
// pages), and the errors of both. Each test has an instance of its own; the clock is manual.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateAgentStatusCommand,
  CreateRoutingProfileCommand,
  GetCurrentMetricDataCommand,
  GetCurrentUserDataCommand,
  ListAgentStatusesCommand,
  type Channel,
  type CurrentMetricName,
  type GetCurrentMetricDataRequest,
  type GetCurrentMetricDataResponse,
  type Unit,
  type UserDataFilters,
} from '@aws-sdk/client-connect';
import { accept, agentEnv, createAgent, goAvailable, goOffline, putStatus, reject, stop, type AgentEnv } from './support/agents.js';
import { advance, chatServerPerFile, clockNow, startChat } from './support/chat.js';
import { expectError } from './support/errors.js';
import { describeProfile, queueConfig, routingSetup, type RoutingSetup } from './support/routing-profiles.js';

const t = chatServerPerFile();

type Env = AgentEnv & { s: RoutingSetup; statusArn: Record<string, string> };

async function fresh(): Promise<Env> {
  const s = await routingSetup(t.client);
  const env = await agentEnv(t.client, t.server.url, s.instanceId);
  const { AgentStatusSummaryList } = await t.client.send(new ListAgentStatusesCommand({ InstanceId: s.instanceId }));
  return { ...env, s, statusArn: Object.fromEntries(AgentStatusSummaryList!.map((x) => [x.Name!, x.Arn!])) };
}

const chat = async (env: Env): Promise<string> => (await startChat(env.client, env.instanceId)).ContactId;

const userData = (env: Env, Filters: UserDataFilters, more: { MaxResults?: number; NextToken?: string } = {}) =>
  env.client.send(new GetCurrentUserDataCommand({ InstanceId: env.instanceId, Filters, ...more }));

async function one(env: Env, userId: string) {
  const out = await userData(env, { Agents: [userId] });
  assert.equal(out.ApproximateTotalCount, 1);
  return out.UserDataList![0];
}

const ids = async (env: Env, Filters: UserDataFilters): Promise<string[]> =>
  ((await userData(env, Filters)).UserDataList ?? []).map((u) => u.User!.Id!).sort();

const slots = (VOICE: number, CHAT: number, TASK: number, EMAIL: number) => ({ VOICE, CHAT, TASK, EMAIL });

/** A sales-only profile (CHAT, one at a time) for agents that do not serve BasicQueue. */
const salesProfile = async (env: Env): Promise<string> =>
  (
    await env.client.send(
      new CreateRoutingProfileCommand({
        InstanceId: env.instanceId,
        Name: 'Sales chat',
        Description: 'sales',
        DefaultOutboundQueueId: env.s.basicQueue,
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
        QueueConfigs: [queueConfig(env.s.sales, 'CHAT')],
      }),
    )
  ).RoutingProfileId!;

describe('GetCurrentUserData', () => {
  test('an Offline agent: its profile, status since creation, slots of the Basic Routing Profile, no contacts', async () => {
    const env = await fresh();
    const created = await clockNow(env.url);
    const agent = await createAgent(env);
    await advance(env.url, 5);
    const u = await one(env, agent);
    assert.equal(u.User!.Id, agent);
    assert.match(u.User!.Arn!, new RegExp(`:instance/${env.instanceId}/agent/${agent}$`));
    assert.deepEqual(u.RoutingProfile, { Id: env.routingProfileId, Arn: (await describeProfile(env.client, env.instanceId, env.routingProfileId)).RoutingProfileArn });
    assert.deepEqual(u.Status, { StatusName: 'Offline', StatusArn: env.statusArn.Offline, StatusStartTimestamp: new Date(created) });
    assert.equal(u.NextStatus, undefined);
    assert.deepEqual(u.MaxSlotsByChannel, slots(1, 2, 1, 1));
    assert.deepEqual(u.ActiveSlotsByChannel, slots(0, 0, 0, 0));
    assert.deepEqual(u.AvailableSlotsByChannel, slots(0, 0, 0, 0), 'an Offline agent has no available slot');
    assert.deepEqual(u.Contacts, []);
  });

  test('an Available agent: an offered chat is CONNECTING, once accepted CONNECTED; slots follow', async () => {
    const env = await fresh();
    const agent = await createAgent(env);
    const availableAt = await clockNow(env.url);
    await goAvailable(env, agent);
    let u = await one(env, agent);
    assert.deepEqual(u.Status, { StatusName: 'Available', StatusArn: env.statusArn.Available, StatusStartTimestamp: new Date(availableAt) });
    assert.deepEqual(u.AvailableSlotsByChannel, slots(1, 2, 1, 1));
    const offeredAt = await advance(env.url, 1);
    const c1 = await chat(env);
    u = await one(env, agent);
    const queue = { Id: env.s.basicQueue, Arn: `arn:aws:connect:us-east-1:000000000000:instance/${env.instanceId}/queue/${env.s.basicQueue}` };
    assert.deepEqual(u.Contacts, [
      { ContactId: c1, Channel: 'CHAT', InitiationMethod: 'API', AgentContactState: 'CONNECTING', StateStartTimestamp: new Date(offeredAt), Queue: queue },
    ]);
    assert.deepEqual(u.ActiveSlotsByChannel, slots(0, 1, 0, 0));
    // a chat held: the other channels are closed (ROUTE_CURRENT_CHANNEL_ONLY), one chat slot left
    assert.deepEqual(u.AvailableSlotsByChannel, slots(0, 1, 0, 0));
    const acceptedAt = await advance(env.url, 2);
    assert.equal((await accept(env, agent, c1)).status, 200);
    const c2 = await chat(env);
    u = await one(env, agent);
    assert.deepEqual(u.Contacts, [
      { ContactId: c1, Channel: 'CHAT', InitiationMethod: 'API', AgentContactState: 'CONNECTED', StateStartTimestamp: new Date(acceptedAt), ConnectedToAgentTimestamp: new Date(acceptedAt), Queue: queue },
      { ContactId: c2, Channel: 'CHAT', InitiationMethod: 'API', AgentContactState: 'CONNECTING', StateStartTimestamp: new Date(acceptedAt), Queue: queue },
    ]);
    assert.deepEqual(u.ActiveSlotsByChannel, slots(0, 2, 0, 0));
    assert.deepEqual(u.AvailableSlotsByChannel, slots(0, 0, 0, 0));
    assert.equal(u.Status!.StatusName, 'Available');
  });

  test('a missed offer: after 30 s the status shows Missed, no slot is available; Available again gets the chat back', async () => {
    const env = await fresh();
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    await advance(env.url, 1);
    const c1 = await chat(env);
    await advance(env.url, 29.999);
    assert.equal((await one(env, agent)).Status!.StatusName, 'Available');
    const missedAt = await advance(env.url, 0.001);
    const u = await one(env, agent);
    // Missed since the offer timed out; the ARN stays the status the agent chose
    assert.deepEqual(u.Status, { StatusName: 'Missed', StatusArn: env.statusArn.Available, StatusStartTimestamp: new Date(missedAt) });
    assert.deepEqual(u.Contacts, []);
    assert.deepEqual(u.AvailableSlotsByChannel, slots(0, 0, 0, 0));
    assert.deepEqual(await ids(env, { ContactFilter: { ContactStates: ['CONNECTING'] } }), []);
    await goAvailable(env, agent);
    const again = await one(env, agent);
    assert.equal(again.Status!.StatusName, 'Available');
    assert.deepEqual(again.Contacts!.map((c) => [c.ContactId, c.AgentContactState]), [[c1, 'CONNECTING']]);
  });

  test('a rejected offer shows Rejected', async () => {
    const env = await fresh();
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    const c1 = await chat(env);
    assert.equal((await reject(env, agent, c1)).status, 200);
    assert.equal((await one(env, agent)).Status!.StatusName, 'Rejected');
  });

  test('a status chosen while on a chat is NextStatus, no new offers; it applies when the chat ends', async () => {
    const env = await fresh();
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    const c1 = await chat(env);
    assert.equal((await accept(env, agent, c1)).status, 200);
    await goOffline(env, agent);
    let u = await one(env, agent);
    assert.equal(u.NextStatus, 'Offline');
    assert.equal(u.Status!.StatusName, 'Available');
    assert.deepEqual(u.AvailableSlotsByChannel, slots(0, 0, 0, 0), 'a pending next status stops offers');
    const endedAt = await advance(env.url, 4);
    await stop(env, c1);
    u = await one(env, agent);
    assert.equal(u.NextStatus, undefined);
    assert.deepEqual(u.Status, { StatusName: 'Offline', StatusArn: env.statusArn.Offline, StatusStartTimestamp: new Date(endedAt) });
    assert.deepEqual(u.Contacts, []);
  });

  test('filters: routing profiles, queues (and agent queues), contact states, hierarchy groups; ids or ARNs', async () => {
    const env = await fresh();
    const profile = await salesProfile(env);
    const x = await createAgent(env, { RoutingProfileId: profile });
    const [y, z] = [await createAgent(env), await createAgent(env)];
    const basicArn = (await describeProfile(env.client, env.instanceId, env.routingProfileId)).RoutingProfileArn!;
    assert.deepEqual(await ids(env, { RoutingProfiles: [profile] }), [x]);
    assert.deepEqual(await ids(env, { RoutingProfiles: [basicArn] }), [y, z].sort());
    assert.deepEqual(await ids(env, { Queues: [env.s.sales] }), [x]);
    assert.deepEqual(await ids(env, { Queues: [env.s.basicQueue] }), [y, z].sort());
    assert.deepEqual(await ids(env, { Queues: [y] }), [y], 'the agent queue of y');
    assert.deepEqual(await ids(env, { UserHierarchyGroups: [randomUUID()] }), [], 'no hierarchies: nobody');
    await goAvailable(env, y);
    const c1 = await chat(env);
    assert.deepEqual(await ids(env, { ContactFilter: { ContactStates: ['CONNECTING'] } }), [y]);
    assert.deepEqual(await ids(env, { ContactFilter: { ContactStates: ['CONNECTED'] } }), []);
    assert.equal((await accept(env, y, c1)).status, 200);
    assert.deepEqual(await ids(env, { ContactFilter: { ContactStates: ['CONNECTED', 'CONNECTING'] } }), [y]);
    assert.deepEqual(await ids(env, { Agents: [x, z], ContactFilter: { ContactStates: ['CONNECTED'] } }), []);
    const arnOfY = (await one(env, y)).User!.Arn!;
    assert.deepEqual(await ids(env, { Agents: [arnOfY, z] }), [y, z].sort());
  });

  test('pages: MaxResults and NextToken, ApproximateTotalCount on every page', async () => {
    const env = await fresh();
    const made = [await createAgent(env), await createAgent(env), await createAgent(env)];
    const first = await userData(env, { RoutingProfiles: [env.routingProfileId] }, { MaxResults: 2 });
    assert.equal(first.UserDataList!.length, 2);
    assert.equal(first.ApproximateTotalCount, 3);
    assert.ok(first.NextToken);
    const second = await userData(env, { RoutingProfiles: [env.routingProfileId] }, { MaxResults: 2, NextToken: first.NextToken });
    assert.equal(second.NextToken, undefined);
    assert.equal(second.ApproximateTotalCount, 3);
    assert.deepEqual([...first.UserDataList!, ...second.UserDataList!].map((u) => u.User!.Id), made);
  });

  test('errors', async () => {
    const env = await fresh();
    const agent = await createAgent(env);
    await expectError(userData(env, {}), 'InvalidParameterException', 'Filters');
    await expectError(userData(env, { ContactFilter: {} }), 'InvalidParameterException', 'Filters');
    await expectError(userData(env, { Agents: [agent], Queues: [env.s.basicQueue] }), 'InvalidParameterException', 'only one');
    await expectError(userData(env, { Agents: [randomUUID()] }), 'ResourceNotFoundException', 'User');
    await expectError(userData(env, { Queues: [randomUUID()] }), 'ResourceNotFoundException', 'Queue');
    await expectError(userData(env, { RoutingProfiles: [randomUUID()] }), 'ResourceNotFoundException', 'Routing profile');
    await expectError(userData(env, { Agents: [agent] }, { MaxResults: 101 }), 'InvalidParameterException');
    await expectError(userData(env, { Agents: [agent] }, { NextToken: 'bogus' }), 'InvalidParameterException', 'NextToken');
    await expectError(
      env.client.send(new GetCurrentUserDataCommand({ InstanceId: randomUUID(), Filters: { Agents: [agent] } })),
      'ResourceNotFoundException',
      'Instance',
    );
  });
});

const UNIT = (n: CurrentMetricName): Unit => (n === 'OLDEST_CONTACT_AGE' || n === 'ESTIMATED_WAIT_TIME' ? 'SECONDS' : 'COUNT');
const M = (...names: CurrentMetricName[]) => names.map((Name) => ({ Name, Unit: UNIT(Name) }));

const metrics = (env: Env, input: Omit<GetCurrentMetricDataRequest, 'InstanceId'>) =>
  env.client.send(new GetCurrentMetricDataCommand({ InstanceId: env.instanceId, ...input }));

/** Rows as `queue channel profile` (the dimensions given) -> metric -> value, in answer order. */
function table(out: GetCurrentMetricDataResponse): [string, Record<string, number>][] {
  return (out.MetricResults ?? []).map((r) => [
    [r.Dimensions?.Queue?.Id, r.Dimensions?.Channel, r.Dimensions?.RoutingProfile?.Id].filter(Boolean).join(' '),
    Object.fromEntries((r.Collections ?? []).map((c) => [c.Metric!.Name!, c.Value!])),
  ]);
}

describe('GetCurrentMetricData', () => {
  test('three waiting chats: CONTACTS_IN_QUEUE and OLDEST_CONTACT_AGE (seconds grouped, milliseconds without groupings)', async () => {
    const env = await fresh();
    const t0 = await clockNow(env.url);
    await chat(env);
    await advance(env.url, 1);
    await chat(env);
    await advance(env.url, 1);
    await chat(env);
    const now = await advance(env.url, 10.5);
    const q = (Groupings: GetCurrentMetricDataRequest['Groupings'], Channels: Channel[] = ['CHAT']) =>
      metrics(env, { Filters: { Queues: [env.s.basicQueue], Channels }, Groupings, CurrentMetrics: M('CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE') });
    const grouped = await q(['QUEUE']);
    assert.equal(grouped.DataSnapshotTime?.getTime(), now);
    assert.equal(grouped.ApproximateTotalCount, 1);
    assert.match(grouped.MetricResults![0].Dimensions!.Queue!.Arn!, new RegExp(`/queue/${env.s.basicQueue}$`));
    assert.deepEqual(grouped.MetricResults![0].Collections, [
      { Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: 3 },
      { Metric: { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }, Value: 12 },
    ]);
    assert.deepEqual(table(await q([])), [['', { CONTACTS_IN_QUEUE: 3, OLDEST_CONTACT_AGE: now - t0 }]]);
    assert.deepEqual(table(await q(['CHANNEL'], ['VOICE', 'CHAT'])), [
      ['VOICE', { CONTACTS_IN_QUEUE: 0, OLDEST_CONTACT_AGE: 0 }],
      ['CHAT', { CONTACTS_IN_QUEUE: 3, OLDEST_CONTACT_AGE: 12 }],
    ]);
    // an agent takes the two oldest (two chats at once): the third waits, 10.5 s old
    await goAvailable(env, await createAgent(env));
    assert.deepEqual(table(await q(['QUEUE'])), [[env.s.basicQueue, { CONTACTS_IN_QUEUE: 1, OLDEST_CONTACT_AGE: 10 }]]);
  });

  test('agents online, available, on contact, non productive and slots as agents change', async () => {
    const env = await fresh();
    const [a, b] = [await createAgent(env), await createAgent(env)];
    const names: CurrentMetricName[] = ['AGENTS_ONLINE', 'AGENTS_STAFFED', 'AGENTS_AVAILABLE', 'AGENTS_ON_CONTACT', 'AGENTS_ON_CALL', 'AGENTS_NON_PRODUCTIVE', 'SLOTS_ACTIVE', 'SLOTS_AVAILABLE'];
    const snap = async (channel: Channel = 'CHAT') => {
      const out = await metrics(env, { Filters: { Queues: [env.s.basicQueue], Channels: [channel] }, Groupings: ['CHANNEL'], CurrentMetrics: M(...names) });
      const [[, values]] = table(out);
      return names.map((n) => values[n]).join(' ');
    };
    //                         ONL STF AVL ONC ONCALL NPT SLA SLV
    assert.equal(await snap(), '0 0 0 0 0 0 0 0');
    await goAvailable(env, a);
    assert.equal(await snap(), '1 1 1 0 0 0 0 2');
    const { AgentStatusId: lunch } = await env.client.send(new CreateAgentStatusCommand({ InstanceId: env.instanceId, Name: 'Lunch', State: 'ENABLED' }));
    await putStatus(env, b, lunch!);
    assert.equal(await snap(), '2 2 1 0 0 1 0 2');
    const c1 = await chat(env);
    assert.equal(await snap(), '2 2 1 0 0 1 1 1', 'an offered chat takes a slot, the agent is not on contact yet');
    assert.equal((await accept(env, a, c1)).status, 200);
    assert.equal(await snap(), '2 2 1 1 1 1 1 1');
    assert.equal((await accept(env, a, await chat(env))).status, 200);
    assert.equal(await snap(), '2 2 0 1 1 1 2 0');
    assert.equal(await snap('VOICE'), '2 2 0 0 0 1 0 0', 'holding chats closes VOICE; the chats are not voice contacts');
    await goOffline(env, b);
    assert.equal(await snap(), '1 1 0 1 1 0 2 0');
    // what the emulator does not model answers 0
    const unknown = await metrics(env, {
      Filters: { Queues: [env.s.basicQueue] },
      CurrentMetrics: M('AGENTS_AFTER_CONTACT_WORK', 'AGENTS_ERROR', 'CONTACTS_SCHEDULED', 'ESTIMATED_WAIT_TIME'),
    });
    assert.deepEqual(table(unknown), [['', { AGENTS_AFTER_CONTACT_WORK: 0, AGENTS_ERROR: 0, CONTACTS_SCHEDULED: 0, ESTIMATED_WAIT_TIME: 0 }]]);
  });

  test('groupings by queue and channel, by routing profile; default and chosen order; agent queues; pages', async () => {
    const env = await fresh();
    const { s } = env;
    const profile = await salesProfile(env);
    const x = await createAgent(env, { RoutingProfileId: profile });
    const y = await createAgent(env);
    await goAvailable(env, x);
    await goAvailable(env, y);
    const byQueue = (more: Partial<GetCurrentMetricDataRequest> = {}) =>
      metrics(env, { Filters: { Queues: [s.basicQueue, s.sales], Channels: ['VOICE', 'CHAT'] }, Groupings: ['QUEUE', 'CHANNEL'], CurrentMetrics: M('AGENTS_ONLINE'), ...more });
    // AGENTS_ONLINE descending by default; equal rows in the order of the filters
    assert.deepEqual(table(await byQueue()), [
      [`${s.basicQueue} VOICE`, { AGENTS_ONLINE: 1 }],
      [`${s.basicQueue} CHAT`, { AGENTS_ONLINE: 1 }],
      [`${s.sales} CHAT`, { AGENTS_ONLINE: 1 }],
      [`${s.sales} VOICE`, { AGENTS_ONLINE: 0 }],
    ]);
    const ascending = await byQueue({ SortCriteria: [{ SortByMetric: 'AGENTS_ONLINE', SortOrder: 'ASCENDING' }], MaxResults: 3 });
    assert.deepEqual(table(ascending)[0], [`${s.sales} VOICE`, { AGENTS_ONLINE: 0 }]);
    assert.equal(ascending.ApproximateTotalCount, 4);
    const rest = await byQueue({ SortCriteria: [{ SortByMetric: 'AGENTS_ONLINE', SortOrder: 'ASCENDING' }], MaxResults: 3, NextToken: ascending.NextToken });
    assert.equal(rest.MetricResults!.length, 1);
    assert.equal(rest.NextToken, undefined);
    // without groupings one summary row: each agent counted once, whatever it serves
    assert.deepEqual(table(await metrics(env, { Filters: { Queues: [s.basicQueue, s.sales] }, CurrentMetrics: M('AGENTS_ONLINE', 'SLOTS_AVAILABLE') })), [
      ['', { AGENTS_ONLINE: 2, SLOTS_AVAILABLE: 1 + 2 + 1 + 1 + 1 }],
    ]);
    // by routing profile: the agents of each, the contacts of the queues each serves
    await goOffline(env, y);
    await chat(env);
    const byProfile = await metrics(env, {
      Filters: { RoutingProfiles: [env.routingProfileId, profile] },
      Groupings: ['ROUTING_PROFILE'],
      CurrentMetrics: M('AGENTS_ONLINE', 'CONTACTS_IN_QUEUE'),
    });
    assert.deepEqual(table(byProfile), [
      [profile, { AGENTS_ONLINE: 1, CONTACTS_IN_QUEUE: 0 }],
      [env.routingProfileId, { AGENTS_ONLINE: 0, CONTACTS_IN_QUEUE: 1 }],
    ]);
    assert.match(byProfile.MetricResults![0].Dimensions!.RoutingProfile!.Arn!, new RegExp(`/routing-profile/${profile}$`));
    // an agent queue counts its own agent
    await goAvailable(env, y);
    const own = await metrics(env, { Filters: { Queues: [y], Channels: ['CHAT'] }, Groupings: ['QUEUE'], CurrentMetrics: M('AGENTS_AVAILABLE', 'CONTACTS_IN_QUEUE') });
    assert.deepEqual(table(own), [[y, { AGENTS_AVAILABLE: 1, CONTACTS_IN_QUEUE: 0 }]]);
    assert.match(own.MetricResults![0].Dimensions!.Queue!.Arn!, new RegExp(`/queue/agent/${y}$`));
  });

  test('errors', async () => {
    const env = await fresh();
    const q = { Queues: [env.s.basicQueue] };
    const bad = (input: Omit<GetCurrentMetricDataRequest, 'InstanceId'>, mentions?: string) => expectError(metrics(env, input), 'InvalidParameterException', mentions);
    await bad({ Filters: q, CurrentMetrics: [{ Name: 'AGENTS_ONLINE', Unit: 'SECONDS' }] }, 'Unit');
    await bad({ Filters: q, CurrentMetrics: [{ Name: 'OLDEST_CONTACT_AGE', Unit: 'COUNT' }] }, 'Unit');
    await bad({ Filters: q, CurrentMetrics: [{ Name: 'AGENTS_ONLINE' }] }, 'Unit');
    await bad({ Filters: q, CurrentMetrics: [] }, 'CurrentMetrics');
    await bad({ Filters: {}, CurrentMetrics: M('AGENTS_ONLINE') }, 'Queues or RoutingProfiles');
    await bad({ Filters: { ...q, RoutingProfiles: [env.routingProfileId] }, CurrentMetrics: M('AGENTS_ONLINE') }, 'not both');
    await bad({ Filters: q, Groupings: ['AGENT_STATUS'], CurrentMetrics: M('AGENTS_ONLINE') }, 'AGENT_STATUS');
    await bad({ Filters: q, Groupings: ['QUEUE', 'QUEUE'], CurrentMetrics: M('AGENTS_ONLINE') }, 'twice');
    await bad({ Filters: q, Groupings: ['QUEUE', 'CHANNEL', 'ROUTING_PROFILE'], CurrentMetrics: M('AGENTS_ONLINE') });
    await bad({ Filters: q, Groupings: ['ROUTING_PROFILE'], CurrentMetrics: M('CONTACTS_IN_QUEUE') }, 'RoutingProfiles filter');
    await bad({ Filters: q, CurrentMetrics: M('SLOTS_ACTIVE'), SortCriteria: [{ SortByMetric: 'SLOTS_ACTIVE', SortOrder: 'ASCENDING' }] }, 'SLOTS_ACTIVE');
    await bad({ Filters: { Queues: Array.from({ length: 101 }, () => randomUUID()) }, CurrentMetrics: M('AGENTS_ONLINE') });
    await bad({ Filters: q, CurrentMetrics: M('AGENTS_ONLINE'), MaxResults: 0 });
    await expectError(metrics(env, { Filters: { Queues: [randomUUID()] }, CurrentMetrics: M('AGENTS_ONLINE') }), 'ResourceNotFoundException', 'Queue');
    await expectError(metrics(env, { Filters: { RoutingProfiles: [randomUUID()] }, CurrentMetrics: M('AGENTS_ONLINE') }), 'ResourceNotFoundException', 'Routing profile');
  });
});
