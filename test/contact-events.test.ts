// Contact events on GET /_local/events (spec/events.md): a chat's life as "Amazon Connect Contact
// Event" envelopes, in order, each with the full contact snapshot at the moment of the change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StopContactCommand, TagContactCommand, UpdateContactAttributesCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand } from '@aws-sdk/client-connectparticipant';
import { agentEnv } from './support/agents.js';
import { advance, chatServerPerFile, clockNow, connectCustomer, startChat, type ChatTestServer } from './support/chat.js';
import { EventStream, type ContactEvent } from './support/events.js';
import { basicQueue, chatIn, flowIdByName } from './support/flow-tests.js';
import { createTestInstance } from './support/server.js';
import { agentJoins, finish } from './support/timers.js';

const shared = chatServerPerFile();
const fresh = async (): Promise<ChatTestServer> => ({ ...shared, instanceId: await createTestInstance(shared.client) });
const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const iso = (ms: number): string => new Date(ms).toISOString();
const instanceArnOf = (id: string): string => `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${id}`;

/** The envelope around every event (spec/events.md §1). */
function assertEnvelope(e: ContactEvent, instanceId: string, contactId: string, at: number): void {
  assert.match(e.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const { id: _id, detail: _detail, ...rest } = e;
  assert.deepEqual(rest, {
    version: '0',
    'detail-type': 'Amazon Connect Contact Event',
    source: 'aws.connect',
    account: ACCOUNT,
    time: iso(Math.floor(at / 1000) * 1000).replace('.000Z', 'Z'),
    region: REGION,
    resources: [`${instanceArnOf(instanceId)}/contact/${contactId}`, instanceArnOf(instanceId)],
  });
}

test("a chat's life: INITIATED, QUEUED, CONNECTED_TO_SYSTEM, CONTACT_DATA_UPDATED (attributes, tags), CONNECTED_TO_AGENT, DISCONNECTED, COMPLETED, each the whole contact", async () => {
  const t = await fresh();
  const queue = await basicQueue(t);
  const events = await EventStream.open(t.server.url, { instance: t.instanceId });
  const startedAt = await clockNow(t.server.url);
  const chat = await startChat(t.client, t.instanceId);
  const [initiated, queued] = await events.take(2);
  assert.ok(queued.position > initiated.position);
  assertEnvelope(initiated.event, t.instanceId, chat.ContactId, startedAt);
  const base = {
    contactId: chat.ContactId,
    initialContactId: chat.ContactId,
    channel: 'CHAT',
    instanceArn: instanceArnOf(t.instanceId),
    initiationMethod: 'API',
    initiationTimestamp: iso(startedAt),
    tags: { 'aws:connect:instanceId': t.instanceId },
  };
  assert.deepEqual(initiated.event.detail, { eventType: 'INITIATED', ...base });
  const queueInfo = { queueArn: queue.Arn, queueType: 'STANDARD', enqueueTimestamp: iso(startedAt) };
  assert.deepEqual(queued.event.detail, { eventType: 'QUEUED', ...base, queueInfo });

  const connectedAt = await advance(t.server.url, 10);
  const conn = await connectCustomer(t.pc, chat.ParticipantToken);
  const [system] = await events.take(1);
  assertEnvelope(system.event, t.instanceId, chat.ContactId, connectedAt);
  const connected = { ...base, connectedToSystemTimestamp: iso(connectedAt), queueInfo };
  assert.deepEqual(system.event.detail, { eventType: 'CONNECTED_TO_SYSTEM', ...connected });

  await t.client.send(new UpdateContactAttributesCommand({ InstanceId: t.instanceId, InitialContactId: chat.ContactId, Attributes: { order: '42' } }));
  const [attrs] = await events.take(1);
  assert.deepEqual(attrs.event.detail, { eventType: 'CONTACT_DATA_UPDATED', ...connected, updatedProperties: ['UserDefinedAttributes'] });
  await t.client.send(new TagContactCommand({ InstanceId: t.instanceId, ContactId: chat.ContactId, Tags: { team: 'blue' } }));
  const [tags] = await events.take(1);
  const tagged = { ...connected, tags: { 'aws:connect:instanceId': t.instanceId, team: 'blue' } };
  assert.deepEqual(tags.event.detail, { eventType: 'CONTACT_DATA_UPDATED', ...tagged, updatedProperties: ['Tags'] });

  await advance(t.server.url, 5);
  const env = await agentEnv(t.client, t.server.url, t.instanceId);
  const agent = await agentJoins(t, env, chat.ContactId);
  const [toAgent] = await events.take(1);
  const detail = toAgent.event.detail;
  assert.equal(detail.eventType, 'CONNECTED_TO_AGENT');
  assert.deepEqual(detail.agentInfo, {
    agentArn: `${instanceArnOf(t.instanceId)}/agent/${agent.userId}`,
    connectedToAgentTimestamp: iso(agent.joinedAt),
    acceptedByAgentTimestamp: iso(agent.joinedAt),
  });
  const withAgent = { ...tagged, agentInfo: detail.agentInfo };
  assert.deepEqual(detail, { eventType: 'CONNECTED_TO_AGENT', ...withAgent });

  const endedAt = await advance(t.server.url, 60);
  await t.client.send(new StopContactCommand({ InstanceId: t.instanceId, ContactId: chat.ContactId }));
  const [disconnected, completed] = await events.take(2);
  assert.equal(disconnected.event.detail.eventType, 'DISCONNECTED');
  assert.equal(disconnected.event.detail.disconnectTimestamp, iso(endedAt));
  const { eventType: _a, ...disconnectedData } = disconnected.event.detail;
  const { eventType: b, ...completedData } = completed.event.detail;
  assert.equal(b, 'COMPLETED');
  assert.deepEqual(completedData, disconnectedData, 'COMPLETED repeats the data of DISCONNECTED');
  assert.equal(completed.position, disconnected.position + 1);
  assert.deepEqual({ ...disconnectedData, disconnectReason: undefined, disconnectTimestamp: undefined }, { ...withAgent, disconnectReason: undefined, disconnectTimestamp: undefined });
  assertEnvelope(completed.event, t.instanceId, chat.ContactId, endedAt);
  assert.notEqual(completed.event.id, disconnected.event.id, 'each event its own id');
  events.close();
  await finish(env, chat.ContactId, agent.socket);
  void conn;
});

test('the agent leaves a chat of the sample inbound flow: the old contact DISCONNECTED and COMPLETED, then the disconnect contact INITIATED (DISCONNECT, previousContactId)', async () => {
  const t = await fresh();
  const events = await EventStream.open(t.server.url, { instance: t.instanceId });
  const chat = await chatIn(t, await flowIdByName(t, 'Sample inbound flow (first contact experience)'));
  assert.deepEqual(await events.types(3), ['INITIATED', 'QUEUED', 'CONNECTED_TO_SYSTEM']);
  const env = await agentEnv(t.client, t.server.url, t.instanceId);
  const agent = await agentJoins(t, env, chat.ContactId);
  assert.deepEqual(await events.types(1), ['CONNECTED_TO_AGENT']);
  const leftAt = await advance(t.server.url, 30);
  await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: agent.token }));
  const [disconnected, completed, next] = (await events.take(3)).map((r) => r.event.detail);
  for (const [d, type] of [[disconnected, 'DISCONNECTED'], [completed, 'COMPLETED']] as const) {
    assert.equal(d.eventType, type);
    assert.equal(d.contactId, chat.ContactId);
    assert.equal(d.disconnectTimestamp, iso(leftAt));
    assert.equal(d.agentInfo.agentArn, `${instanceArnOf(t.instanceId)}/agent/${agent.userId}`);
  }
  assert.equal(next.eventType, 'INITIATED');
  assert.notEqual(next.contactId, chat.ContactId);
  assert.equal(next.initiationMethod, 'DISCONNECT');
  assert.equal(next.previousContactId, chat.ContactId);
  assert.equal(next.initialContactId, chat.ContactId);
  assert.equal(next.initiationTimestamp, iso(leftAt));
  assert.equal(next.channel, 'CHAT');
  assert.equal(next.disconnectTimestamp, undefined);
  assert.equal(next.agentInfo, undefined, 'nobody took the new contact yet');
  assert.equal(next.connectedToSystemTimestamp, iso(leftAt), 'the customer is still connected: the segment is at once');
  events.close();
  await finish(env, next.contactId, agent.socket);
});
