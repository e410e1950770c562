// The sample flows as a chat meets them (flows.md §4, §5; chat.md): the sample inbound flow
// greets and queues in BasicQueue; when the agent leaves, the sample disconnect flow takes the
// customer on in a new contact (InitiationMethod DISCONNECT) that waits 900 s for the customer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { SearchContactsCommand } from '@aws-sdk/client-connect';
import { accept, createAgent, goAvailable, agentEnv } from './support/agents.js';
import { advance, chatServerPerFile, clockNow, connectCustomer, ENDED, local, TestSocket, type ChatTestServer } from './support/chat.js';
import { createTestInstance } from './support/server.js';
import { basicQueue, chatIn, describe, flowIdByName, systemTexts, transcript } from './support/flow-tests.js';

const shared = chatServerPerFile();
/** each test on a fresh instance: its agent is the only one */
let t: ChatTestServer;
const GREETING = 'Hello, thanks for contacting us. This is an example of what the Amazon Connect virtual contact center can enable you to do.';

/** A chat in the sample inbound flow that an agent accepted, then left. */
async function agentLeaves() {
  t = { ...shared, instanceId: await createTestInstance(shared.client) };
  const env = await agentEnv(t.client, t.server.url, t.instanceId);
  const chat = await chatIn(t, await flowIdByName(t, 'Sample inbound flow (first contact experience)'));
  const socket = await TestSocket.subscribed(chat.url);
  const queue = await basicQueue(t);
  assert.deepEqual(await systemTexts(t, chat.token), [GREETING]);
  const greeting = (await transcript(t, chat.token)).find((i) => i.Content === GREETING)!;
  assert.equal(greeting.ParticipantRole, 'SYSTEM');
  assert.equal(greeting.DisplayName, 'SYSTEM_MESSAGE');
  assert.equal((await describe(t, chat.ContactId)).QueueInfo?.Id, queue.Id, 'queued in BasicQueue');

  const agent = await createAgent(env);
  await goAvailable(env, agent);
  assert.equal((await accept(env, agent, chat.ContactId)).status, 200);
  assert.equal((await describe(t, chat.ContactId)).AgentInfo?.Id, agent);
  const { Participants } = (await local(t.server.url, `/_local/instances/${t.instanceId}/contacts/${chat.ContactId}/participants`)).body;
  const agentToken = Participants.find((x: { ParticipantRole: string }) => x.ParticipantRole === 'AGENT').ParticipantToken;
  const agentConn = await connectCustomer(t.pc, agentToken);
  await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: agentConn.connectionToken }));

  const old = await describe(t, chat.ContactId);
  assert.equal(old.DisconnectReason, 'AGENT_DISCONNECT');
  assert.ok(old.DisconnectTimestamp);
  // the next segment: the one contact of this instance started by DISCONNECT
  const now = new Date(await clockNow(t.server.url));
  const { Contacts } = await t.client.send(
    new SearchContactsCommand({
      InstanceId: t.instanceId,
      TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(now.getTime() - 3600_000), EndTime: new Date(now.getTime() + 1000) },
      SearchCriteria: { InitiationMethods: ['DISCONNECT'] },
    }),
  );
  assert.equal(Contacts?.length, 1, 'one DISCONNECT contact');
  const next = await describe(t, Contacts![0].Id!);
  assert.equal(next.InitiationMethod, 'DISCONNECT');
  assert.equal(next.PreviousContactId, chat.ContactId);
  assert.equal(next.InitialContactId, chat.ContactId);
  assert.equal(next.DisconnectTimestamp, undefined);
  assert.equal(next.QueueInfo, undefined, 'the disconnect flow waits, not queued');
  // the same connection token reads the chat: the agent-left message is the last SYSTEM one
  const texts = await systemTexts(t, chat.token);
  assert.equal(texts.length, 2, JSON.stringify(texts));
  assert.match(texts[1], /agent/i);
  return { chat, socket, next, queue, env };
}

test('sample inbound flow: greeting, BasicQueue, agent; the agent leaves; the customer writes and is back in BasicQueue', async () => {
  const { chat, socket, next, queue } = await agentLeaves();
  await advance(t.server.url, 100);
  await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'are you there?' }));
  const again = await describe(t, next.Id!);
  assert.equal(again.QueueInfo?.Id, queue.Id, 'the customer returned: the new contact is in BasicQueue');
  assert.equal(again.DisconnectTimestamp, undefined);
  const mine = (await transcript(t, chat.token)).find((i) => i.Content === 'are you there?');
  assert.equal(mine?.ParticipantRole, 'CUSTOMER');
  await socket.close();
});

test('sample disconnect flow: nobody writes for 900 s and the chat ends (CONTACT_FLOW_DISCONNECT), not a second earlier', async () => {
  const { next, socket } = await agentLeaves();
  await advance(t.server.url, 899);
  assert.equal((await describe(t, next.Id!)).DisconnectTimestamp, undefined, 'still waiting at 899 s');
  await advance(t.server.url, 1);
  const ended = await describe(t, next.Id!);
  assert.equal(ended.DisconnectReason, 'CONTACT_FLOW_DISCONNECT');
  assert.ok(ended.DisconnectTimestamp);
  await socket.item((i) => i.ContentType === ENDED);
  await socket.close();
});
