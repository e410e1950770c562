// Offers as an agent sees them (spec routing.md §5, §6; contract.md "Routing as an agent sees
// it"): an offer times out after 30 s of emulator time or is rejected, and the contact goes back
// to its place while the agent stops being routable until its next PutUserStatus; AutoAccept;
// the accepted agent in the chat; the next status set while holding a chat. Queue order is in
// routing-order.test.ts. Each test has an instance of its own; the clock is manual.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DisconnectParticipantCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { accept, agentInfo, createAgent, describeContact, freshAgentEnv, goAvailable, goOffline, notOffered, reject, stop, takes, twoAgentsAvailable, type AgentEnv } from './support/agents.js';
import { advance, chatServerPerFile, clockNow, connectCustomer, connectedChat, ENDED, JOINED, LEFT, local, startChat, TestSocket } from './support/chat.js';

const t = chatServerPerFile();

/** A chat queued one second after the previous one (ages differ). */
async function queued(env: AgentEnv): Promise<string> {
  await advance(env.url, 1);
  return (await startChat(env.client, env.instanceId)).ContactId;
}

/** An agent who took a chat and then chose Offline: Offline is its next status until the chat ends. */
async function holdingWithOfflineNext(env: AgentEnv): Promise<{ agent: string; c1: string }> {
  const agent = await createAgent(env);
  await goAvailable(env, agent);
  const c1 = await queued(env);
  await takes(env, agent, [c1]);
  await goOffline(env, agent);
  return { agent, c1 };
}

describe('offer time-out', () => {
  test('29.999 s after the offer it can still be accepted', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    const c1 = await queued(env);
    const offeredAt = await clockNow(env.url);
    assert.equal(await agentInfo(env, c1), undefined, 'offered, not yet accepted');
    await advance(env.url, 29.999);
    await takes(env, agent, [c1]);
    const info = await agentInfo(env, c1);
    assert.equal(info?.Id, agent);
    assert.equal(info?.AcceptedByAgentTimestamp?.getTime(), offeredAt + 29_999);
    assert.equal(info?.ConnectedToAgentTimestamp?.getTime(), offeredAt + 29_999);
  });

  test('at 30 s the chat goes to the next available agent; the agent who missed it is not routed to', async () => {
    const env = await freshAgentEnv(t);
    const [a, b] = await twoAgentsAvailable(env);
    const c1 = await queued(env); // offered to a, idle longest
    await advance(env.url, 29.999);
    await notOffered(env, b, [c1]);
    await advance(env.url, 0.001);
    await notOffered(env, a, [c1]);
    await takes(env, b, [c1]);
    // b has a free slot, a has two but missed: the next chat goes to b although a is idle longer
    const c2 = await queued(env);
    await notOffered(env, a, [c2]);
    await takes(env, b, [c2]);
  });

  test('one agent: after missing, nothing until PutUserStatus Available, then the chat again at its place', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env);
    const c1 = await queued(env);
    const c2 = await queued(env);
    const c3 = await queued(env);
    await goAvailable(env, agent); // offered c1 and c2
    await takes(env, agent, [c2]);
    await advance(env.url, 30); // c1 missed
    await notOffered(env, agent, [c1, c3]);
    await advance(env.url, 60);
    const c4 = await queued(env);
    await notOffered(env, agent, [c1, c3, c4]);
    assert.equal(await agentInfo(env, c1), undefined);
    await goAvailable(env, agent);
    // one slot free: c1, back at its place before c3 and c4
    await takes(env, agent, [c1], [c3, c4]);
  });
});

describe('reject', () => {
  test('a rejected chat is offered at once to the next agent; the rejecting agent gets nothing until PutUserStatus', async () => {
    const env = await freshAgentEnv(t);
    const [a, b] = await twoAgentsAvailable(env);
    const c1 = await queued(env);
    const r = await reject(env, a, c1);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { ContactId: c1, status: 'rejected' });
    await notOffered(env, a, [c1]);
    await takes(env, b, [c1]);
    const c2 = await queued(env);
    await takes(env, b, [c2]);
    const c3 = await queued(env); // b is full, a rejected: c3 waits
    await notOffered(env, a, [c3]);
    await notOffered(env, b, [c3]);
    await goAvailable(env, a);
    await takes(env, a, [c3]);
  });

  test('the rejected chat goes back to its place: offered before younger ones', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env);
    const c1 = await queued(env);
    const c2 = await queued(env);
    const c3 = await queued(env);
    await goAvailable(env, agent);
    assert.equal((await reject(env, agent, c1)).status, 200);
    await takes(env, agent, [c2], [c1, c3]);
    await goAvailable(env, agent);
    await takes(env, agent, [c1], [c3]);
  });

  test('rejecting or accepting a chat not offered to the agent is 400; an unknown agent is 404', async () => {
    const env = await freshAgentEnv(t);
    const a = await createAgent(env);
    const b = await createAgent(env);
    await goAvailable(env, a);
    const c1 = await queued(env);
    const r = await reject(env, b, c1);
    assert.equal(r.status, 400);
    assert.match(r.body.message, /is not offered/);
    assert.equal((await accept(env, '00000000-0000-4000-8000-000000000000', c1)).status, 404);
    const missing = await local(env.url, `/_local/instances/${env.instanceId}/agents/${a}/accept`, {});
    assert.equal(missing.status, 400, 'no ContactId');
    // the failed calls did not disturb the offer
    await takes(env, a, [c1]);
    // once accepted it is no longer an offer: neither accept nor reject again
    assert.equal((await accept(env, a, c1)).status, 400);
    assert.equal((await reject(env, a, c1)).status, 400);
    assert.equal((await agentInfo(env, c1))?.Id, a);
  });
});

describe('AutoAccept', () => {
  test('a chat waiting when the agent becomes Available is accepted at once', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env, { autoAccept: true });
    const c1 = await queued(env);
    const now = await clockNow(env.url);
    await goAvailable(env, agent);
    const info = await agentInfo(env, c1);
    assert.equal(info?.Id, agent);
    assert.equal(info?.AcceptedByAgentTimestamp?.getTime(), now);
    assert.equal(info?.ConnectedToAgentTimestamp?.getTime(), now);
    await notOffered(env, agent, [c1]);
  });

  test('a chat started while the agent is Available is accepted by the time StartChatContact answers', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env, { autoAccept: true });
    await goAvailable(env, agent);
    const c1 = await queued(env);
    assert.equal((await agentInfo(env, c1))?.Id, agent);
    // nothing waits for a time-out: 30 s on, it is still the agent's
    await advance(env.url, 30);
    const d = await describeContact(env, c1);
    assert.equal(d.AgentInfo?.Id, agent);
    assert.equal(d.DisconnectTimestamp, undefined);
  });
});

describe('the agent in the chat', () => {
  test('joins on every socket and in the transcript, talks through the Participant Service, and leaving ends the chat and frees the slot', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env, { first: 'Grace', last: 'Hopper' });
    const chat = await connectedChat({ ...t, instanceId: env.instanceId });
    const socket = await TestSocket.subscribed(chat.url);
    // a second connection of the customer: every socket hears the agent join
    const second = await TestSocket.subscribed((await connectCustomer(t.pc, chat.ParticipantToken)).url);
    try {
      await goAvailable(env, agent);
      assert.equal((await local(env.url, `/_local/instances/${env.instanceId}/contacts/${chat.ContactId}/participants`)).body.Participants.length, 1, 'no agent before accept');
      const acceptedAt = await clockNow(env.url);
      await takes(env, agent, [chat.ContactId]);

      const joined = await socket.item((i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT');
      assert.equal(joined.DisplayName, 'Grace Hopper');
      assert.equal(joined.ContactId, chat.ContactId);
      const joinedToo = await second.item((i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT');
      assert.equal(joinedToo.DisplayName, 'Grace Hopper');
      assert.equal(joinedToo.Id, joined.Id);
      const info = (await describeContact(env, chat.ContactId)).AgentInfo;
      assert.equal(info?.Id, agent);
      assert.equal(info?.ConnectedToAgentTimestamp?.getTime(), acceptedAt);
      assert.equal(info?.AcceptedByAgentTimestamp?.getTime(), acceptedAt);

      const { Participants } = (await local(env.url, `/_local/instances/${env.instanceId}/contacts/${chat.ContactId}/participants`)).body;
      const agentParticipant = Participants.find((p: { ParticipantRole: string }) => p.ParticipantRole === 'AGENT');
      assert.ok(agentParticipant?.ParticipantToken, JSON.stringify(Participants));
      assert.equal(agentParticipant.DisplayName, 'Grace Hopper');
      assert.equal(agentParticipant.ParticipantId, joined.ParticipantId);

      const agentConn = await connectCustomer(t.pc, agentParticipant.ParticipantToken);
      const transcript = (await t.pc.send(new GetTranscriptCommand({ ConnectionToken: agentConn.connectionToken, SortOrder: 'ASCENDING' }))).Transcript ?? [];
      assert.ok(transcript.some((i) => i.ContentType === JOINED && i.ParticipantRole === 'AGENT' && i.DisplayName === 'Grace Hopper'));
      const agentSocket = await TestSocket.subscribed(agentConn.url);
      try {
        await t.pc.send(new SendMessageCommand({ ConnectionToken: agentConn.connectionToken, ContentType: 'text/plain', Content: 'How can I help?' }));
        const msg = await socket.item((i) => i.Type === 'MESSAGE');
        assert.equal(msg.ParticipantRole, 'AGENT');
        assert.equal(msg.DisplayName, 'Grace Hopper');
        assert.equal(msg.Content, 'How can I help?');
        await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'Hi' }));
        assert.equal((await agentSocket.item((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'CUSTOMER')).Content, 'Hi');

        // two more chats: the second fills the agent's last slot, the third waits
        const c2 = await queued(env);
        const c3 = await queued(env);
        await takes(env, agent, [c2], [c3]);

        await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: agentConn.connectionToken }));
        const left = await socket.item((i) => i.ContentType === LEFT);
        assert.equal(left.ParticipantRole, 'AGENT');
        await socket.item((i) => i.ContentType === ENDED);
        const ended = await describeContact(env, chat.ContactId);
        assert.ok(ended.DisconnectTimestamp);
        assert.equal(ended.DisconnectReason, 'AGENT_DISCONNECT');
        // the freed slot goes to the waiting chat at once
        await takes(env, agent, [c3]);
      } finally {
        await agentSocket.close();
      }
    } finally {
      await socket.close();
      await second.close();
    }
  });

  test('the customer leaving frees the agent too', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env, { autoAccept: true });
    await goAvailable(env, agent);
    const chat = await connectedChat({ ...t, instanceId: env.instanceId });
    const c2 = await queued(env);
    const c3 = await queued(env);
    assert.equal(await agentInfo(env, c3), undefined);
    await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: chat.token }));
    assert.equal((await agentInfo(env, c3))?.Id, agent);
    assert.equal((await agentInfo(env, c2))?.Id, agent);
  });
});

describe('next status', () => {
  test('Offline while holding a chat: the chat goes on; once it ends the agent is offered nothing', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    const chat = await connectedChat({ ...t, instanceId: env.instanceId });
    await takes(env, agent, [chat.ContactId]);
    await goOffline(env, agent);
    await advance(env.url, 60);
    const going = await describeContact(env, chat.ContactId);
    assert.equal(going.DisconnectTimestamp, undefined, 'the chat goes on');
    assert.equal(going.AgentInfo?.Id, agent);
    await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'still here' }));

    await stop(env, chat.ContactId);
    const c2 = await queued(env);
    await advance(env.url, 60);
    await notOffered(env, agent, [c2]);
    await goAvailable(env, agent);
    await takes(env, agent, [c2]);
  });

  test('a next status set while holding a chat stops new offers at once, though a slot is free', async () => {
    const env = await freshAgentEnv(t);
    const { agent } = await holdingWithOfflineNext(env);
    const c2 = await queued(env);
    await notOffered(env, agent, [c2]);
  });

  test('Available again before the chat ends cancels the next status', async () => {
    const env = await freshAgentEnv(t);
    const { agent, c1 } = await holdingWithOfflineNext(env);
    await goAvailable(env, agent);
    await stop(env, c1);
    const c2 = await queued(env);
    await takes(env, agent, [c2]);
  });
});
