// The disconnect flow (UpdateContactEventHooks CustomerRemaining, flows.md §3.5, §4; timers.md §4):
// a chat of the sample inbound flow whose agent is gone, by leaving or by a DISCONNECT_NONCUSTOMER
// timer, goes on in a DISCONNECT contact that runs the sample disconnect flow; that contact's
// 900 s Wait survives restarts; the transcript shows each item with the contact it was said in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchContactsCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand, GetTranscriptCommand, SendMessageCommand, type Item } from '@aws-sdk/client-connectparticipant';
import { agentEnv } from './support/agents.js';
import { advance, chatServerPerFile, clockNow, ENDED, LEFT, local, TestSocket, type ChatTestServer } from './support/chat.js';
import { basicQueue, chatIn, chatInFlow, describe, disconnect, doc, flowIdByName, publish, queued, say, systemTexts, to } from './support/flow-tests.js';
import { withRestarts } from './support/restarts.js';
import { createTestInstance } from './support/server.js';
import { agentJoins, assertArmed, AUTODISCONNECTION, finish, MINUTE, setTimers, timer, type Role } from './support/timers.js';

const shared = chatServerPerFile();
const SAMPLE_INBOUND = 'Sample inbound flow (first contact experience)';

/** A chat of the sample inbound flow on its own instance, its customer's socket subscribed, waiting in BasicQueue. */
async function sampleChat(t: ChatTestServer) {
  const chat = await chatIn(t, await flowIdByName(t, SAMPLE_INBOUND));
  const socket = await TestSocket.subscribed(chat.url);
  assert.equal((await describe(t, chat.ContactId)).QueueInfo?.Id, (await basicQueue(t)).Id);
  return { ...chat, socket, env: await agentEnv(t.client, t.server.url, t.instanceId) };
}

/** The one DISCONNECT contact of the instance (the segment the disconnect flow runs in). */
async function disconnectSegment(t: ChatTestServer) {
  const now = await clockNow(t.server.url);
  const { Contacts } = await t.client.send(
    new SearchContactsCommand({
      InstanceId: t.instanceId,
      TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(now - 48 * 3600_000), EndTime: new Date(now + 1000) },
      SearchCriteria: { InitiationMethods: ['DISCONNECT'] },
    }),
  );
  assert.equal(Contacts?.length, 1, 'one DISCONNECT contact');
  return describe(t, Contacts![0].Id!);
}

/** The whole transcript the ConnectionToken reads, oldest first (with ContactId when given). */
async function wholeTranscript(t: ChatTestServer, token: string, contactId?: string): Promise<Item[]> {
  const { Transcript } = await t.pc.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING', ScanDirection: 'FORWARD', MaxResults: 100, ContactId: contactId }));
  return Transcript ?? [];
}

for (const role of ['AGENT', 'CUSTOMER'] as Role[]) {
  test(`a ${role} DISCONNECT_NONCUSTOMER timer: the agent is disconnected and the chat goes on in the sample disconnect flow (IDLE_DISCONNECT)`, async () => {
    const t = { ...shared, instanceId: await createTestInstance(shared.client) };
    const chat = await sampleChat(t);
    await setTimers(chat.env, chat.ContactId, timer(role, 'DISCONNECT_NONCUSTOMER', 2));
    const agent = await agentJoins(t, chat.env, chat.ContactId);
    await assertArmed(chat.env, chat.ContactId, [[role, 'DISCONNECT_NONCUSTOMER', agent.joinedAt + 2 * MINUTE, false]]);
    await advance(t.server.url, 119);
    assert.equal((await describe(t, chat.ContactId)).DisconnectTimestamp, undefined, 'the agent is still in at 119 s');
    await advance(t.server.url, 1);

    const auto = await chat.socket.item((i) => i.ContentType === AUTODISCONNECTION);
    assert.equal(auto.ParticipantRole, role);
    const left = await chat.socket.item((i) => i.ContentType === LEFT);
    assert.equal(left.ParticipantId, agent.participantId);
    const old = await describe(t, chat.ContactId);
    assert.equal(old.DisconnectReason, 'IDLE_DISCONNECT');
    assert.ok(old.DisconnectTimestamp);
    const next = await disconnectSegment(t);
    assert.equal(next.PreviousContactId, chat.ContactId);
    assert.equal(next.DisconnectTimestamp, undefined, 'the chat goes on');
    // the sample disconnect flow said the agent left, and waits for the customer
    const texts = await systemTexts(t, chat.token);
    assert.match(texts[texts.length - 1], /agent/i);
    await chat.socket.sync();
    assert.equal(chat.socket.takeItems().filter((i) => i.ContentType === ENDED).length, 0, 'no chat.ended');
    await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'still here' }));
    assert.equal((await describe(t, next.Id!)).QueueInfo?.Id, (await basicQueue(t)).Id, 'the customer returned: back in BasicQueue');
    assert.doesNotMatch(t.server.stderr(), /error|exception/i);
    await finish(chat.env, next.Id!, chat.socket, agent.socket);
  });
}

test('after the agent left: the customer reads both contacts, each item with its own ContactId; GetTranscript with the old ContactId works; both contacts show their times', async () => {
  const t = { ...shared, instanceId: await createTestInstance(shared.client) };
  const chat = await sampleChat(t);
  const agent = await agentJoins(t, chat.env, chat.ContactId);
  await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'hello agent' }));
  await advance(t.server.url, 5);
  const leftAt = await clockNow(t.server.url);
  await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: agent.token }));
  const next = await disconnectSegment(t);
  await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'after the agent' }));

  const items = await wholeTranscript(t, chat.token);
  const by = (match: (i: Item) => boolean, what: string): Item => {
    const found = items.find(match);
    assert.ok(found, `${what} in ${JSON.stringify(items.map((i) => [i.ContentType, i.Content, i.ContactId]))}`);
    return found;
  };
  // said in the first contact: they keep its ContactId
  assert.equal(by((i) => i.Content?.startsWith('Hello, thanks for contacting us') ?? false, 'the greeting').ContactId, chat.ContactId);
  assert.equal(by((i) => i.Content === 'hello agent', 'the customer to the agent').ContactId, chat.ContactId);
  assert.equal(by((i) => i.ContentType === LEFT && i.ParticipantId === agent.participantId, "the agent's participant.left").ContactId, chat.ContactId);
  // said in the disconnect segment: its ContactId
  const texts = items.filter((i) => i.ParticipantRole === 'SYSTEM' && i.Type === 'MESSAGE');
  assert.equal(texts[texts.length - 1].ContactId, next.Id, "the disconnect flow's message");
  assert.equal(by((i) => i.Content === 'after the agent', 'the customer after the agent').ContactId, next.Id);
  for (const i of items) assert.ok([chat.ContactId, next.Id].includes(i.ContactId!), `every item names a contact of the chain: ${JSON.stringify(i)}`);

  // the old contact's id reads the same transcript
  const { InitialContactId, Transcript } = await t.pc.send(new GetTranscriptCommand({ ConnectionToken: chat.token, ContactId: chat.ContactId, SortOrder: 'ASCENDING', ScanDirection: 'FORWARD', MaxResults: 100 }));
  assert.equal(InitialContactId, chat.ContactId);
  assert.deepEqual(Transcript, items);

  const old = await describe(t, chat.ContactId);
  assert.equal(old.DisconnectTimestamp?.getTime(), leftAt);
  assert.equal(next.InitiationTimestamp?.getTime(), leftAt);
  assert.equal(next.InitiationMethod, 'DISCONNECT');
  await finish(chat.env, next.Id!, chat.socket, agent.socket);
});

/** On a server that restarts: a sample-flow chat whose agent accepted and left; the disconnect segment waits its 900 s. */
async function waitingInDisconnectFlow(t: ChatTestServer) {
  const chat = await sampleChat(t);
  const agent = await agentJoins(t, chat.env, chat.ContactId);
  await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: agent.token }));
  await chat.socket.close();
  await agent.socket.close();
  return { chat, next: await disconnectSegment(t) };
}

for (const how of ['stop', 'kill -9'] as const) {
  test(`a restart (${how}) while the sample disconnect flow waits: the customer writes and is back in BasicQueue`, async () => {
    await withRestarts(async (first, restart) => {
      const { chat, next } = await waitingInDisconnectFlow(first);
      await advance(first.server.url, 100);
      const t = await restart(how);
      await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'back after the restart' }));
      const c = await describe(t, next.Id!);
      assert.equal(c.QueueInfo?.Id, (await basicQueue(t)).Id);
      assert.equal(c.DisconnectTimestamp, undefined);
      // its 900 s are gone with the Wait
      await advance(t.server.url, 900);
      assert.equal((await describe(t, next.Id!)).DisconnectTimestamp, undefined);
      assert.doesNotMatch(t.server.stderr(), /error|exception/i);
    }, 'disconnect-restart');
  });

  test(`a restart (${how}) while the sample disconnect flow waits: its 900 s end the chat at their original time`, async () => {
    await withRestarts(async (first, restart) => {
      const { next } = await waitingInDisconnectFlow(first);
      await advance(first.server.url, 300);
      const t = await restart(how);
      await advance(t.server.url, 599);
      assert.equal((await describe(t, next.Id!)).DisconnectTimestamp, undefined, 'still waiting at 899 s');
      await advance(t.server.url, 1);
      const ended = await describe(t, next.Id!);
      assert.equal(ended.DisconnectReason, 'CONTACT_FLOW_DISCONNECT');
      assert.equal(ended.DisconnectTimestamp?.getTime(), next.InitiationTimestamp!.getTime() + 900_000);
    }, 'disconnect-restart');
  });
}

test('UpdateFlowLoggingBehavior Enabled in the inbound flow is inherited by the disconnect segment: its flow is logged too (flows.md §3.5)', async () => {
  const t = { ...shared, instanceId: await createTestInstance(shared.client) };
  const env = await agentEnv(t.client, t.server.url, t.instanceId);
  const onDisconnect = await publish(t, doc([say('left', 'Your agent left', 'end'), disconnect()]), 'CONTACT_FLOW', 'my disconnect flow');
  const chat = await chatInFlow(t, [
    { Identifier: 'logs', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'hook' } },
    { Identifier: 'hook', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerRemaining: onDisconnect } }, Transitions: to('q', 'end') },
    ...queued((await basicQueue(t)).Arn),
  ]);
  const agent = await agentJoins(t, env, chat.ContactId);
  await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: agent.token }));
  const next = await disconnectSegment(t);
  assert.equal(next.DisconnectReason, 'CONTACT_FLOW_DISCONNECT', 'the disconnect flow ran and disconnected');
  const logs = (await local(t.server.url, `/_local/instances/${t.instanceId}/contacts/${next.Id}/flow-logs`)).body.FlowLogs as { ContactFlowName: string; Identifier: string }[];
  assert.deepEqual(logs.map((l) => [l.ContactFlowName, l.Identifier]), [['my disconnect flow', 'left'], ['my disconnect flow', 'end']]);
  await agent.socket.close();
});
