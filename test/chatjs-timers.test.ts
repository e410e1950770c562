// Participant timers through the real amazon-connect-chatjs (spec timers.md §4; chatjs README:
// onParticipantIdle, onParticipantReturned, onAutoDisconnection): a customer's chatjs session
// hears its agent become idle, return on a message, become idle again and be auto-disconnected,
// then the end of the chat. Manual clock; the agent acts through the Participant Service.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeContact, freshAgentEnv } from './support/agents.js';
import { startChat, type ChatTestServer } from './support/chat.js';
import { disposeSession, loadChatJs, nextEvent, type ChatJsEvent, type ChatJsSession } from './support/chatjs.js';
import { connectClient, defaultInstanceId, participantClient, startServer } from './support/server.js';
import { advanceTo, agentJoins, AUTODISCONNECTION, IDLE, MINUTE, RETURNED, say, setTimers, timer, TIMER_EVENTS } from './support/timers.js';


const sessions: ChatJsSession[] = [];
after(() => sessions.forEach(disposeSession));

test('amazon-connect-chatjs: onParticipantIdle, onParticipantReturned and onAutoDisconnection for an agent idle 2 min with a 2 min disconnect timer', async () => {
  const server = await startServer({ inMemory: true, clock: 'manual' });
  try {
    const client = connectClient(server.url);
    const t: ChatTestServer = { server, client, pc: participantClient(server.url), instanceId: await defaultInstanceId(client) };
    const env = await freshAgentEnv(t);
    const chat = await startChat(t.client, env.instanceId, { ParticipantDetails: { DisplayName: 'Jane' } });
    await setTimers(env, chat.ContactId, timer('AGENT', 'IDLE', 2), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 2));

    const { ChatSession } = await loadChatJs({ endpoint: server.url, region: 'us-east-1' });
    const session = ChatSession.create({
      chatDetails: { ContactId: chat.ContactId, ParticipantId: chat.ParticipantId, ParticipantToken: chat.ParticipantToken },
      type: 'CUSTOMER',
      options: { region: 'us-east-1' },
    });
    sessions.push(session);
    // every timer callback, in order, to check nothing more came
    const heard: string[] = [];
    session.onParticipantIdle((e) => heard.push(`idle:${String(e.data?.ParticipantRole)}`));
    session.onParticipantReturned((e) => heard.push(`returned:${String(e.data?.ParticipantRole)}`));
    session.onAutoDisconnection((e) => heard.push(`autodisconnection:${String(e.data?.ParticipantRole)}`));
    const established = nextEvent((cb) => session.onConnectionEstablished(cb), 'onConnectionEstablished');
    await session.connect();
    await established;

    const agent = await agentJoins(t, env, chat.ContactId);
    const T = agent.joinedAt;
    const isAgent = (e: ChatJsEvent) => e.data?.ParticipantRole === 'AGENT';
    const agentNamed = (e: ChatJsEvent, contentType: string) => {
      assert.equal(e.data?.ContentType, contentType);
      assert.equal(e.data?.Type, 'EVENT');
      assert.equal(e.data?.ParticipantId, agent.participantId);
      assert.equal(e.data?.DisplayName, 'Ada Agent');
      assert.equal(e.data?.ContactId, chat.ContactId);
    };

    const idle = nextEvent((cb) => session.onParticipantIdle(cb), 'onParticipantIdle', isAgent);
    await advanceTo(t, T + 2 * MINUTE);
    agentNamed(await idle, IDLE);
    assert.equal((await idle).data?.AbsoluteTime, new Date(T + 2 * MINUTE).toISOString());

    const returned = nextEvent((cb) => session.onParticipantReturned(cb), 'onParticipantReturned', isAgent);
    const message = nextEvent((cb) => session.onMessage(cb), 'the agent message', (e) => e.data?.Type === 'MESSAGE' && isAgent(e));
    const back = await advanceTo(t, T + 3 * MINUTE);
    await say(t, agent, 'sorry, I am back');
    assert.equal((await message).data?.Content, 'sorry, I am back');
    agentNamed(await returned, RETURNED);
    // chatjs's own transcript call: the message is there, the idle and returned events are not
    const transcript = (await session.getTranscript({ maxResults: 100, sortOrder: 'ASCENDING' })).data.Transcript as { ContentType: string; Content?: string }[];
    assert.ok(transcript.some((i) => i.Content === 'sorry, I am back'));
    assert.deepEqual(transcript.filter((i) => TIMER_EVENTS.includes(i.ContentType)), []);

    const idleAgain = nextEvent((cb) => session.onParticipantIdle(cb), 'the second onParticipantIdle', isAgent);
    await advanceTo(t, back + 2 * MINUTE);
    agentNamed(await idleAgain, IDLE);

    const auto = nextEvent((cb) => session.onAutoDisconnection(cb), 'onAutoDisconnection', isAgent);
    const ended = nextEvent((cb) => session.onEnded(cb), 'onEnded');
    await advanceTo(t, back + 4 * MINUTE);
    agentNamed(await auto, AUTODISCONNECTION);
    await ended;
    assert.deepEqual(heard, ['idle:AGENT', 'returned:AGENT', 'idle:AGENT', 'autodisconnection:AGENT']);
    const contact = await describeContact(env, chat.ContactId);
    assert.equal(contact.DisconnectReason, 'IDLE_DISCONNECT');
    assert.equal(contact.DisconnectTimestamp?.getTime(), back + 4 * MINUTE);
    await agent.socket.close();
  } finally {
    await server.stop();
  }
});
