// Participant timers are durable deadlines (spec timers.md §5; contract: state lives in the data
// dir): a countdown armed before the server stops (SIGTERM) or is killed (kill -9) fires after
// the restart at exactly its original time, on the manual clock. The clock is first moved an
// hour past the wall clock so that the restart resumes it where it stood (as in
// routing-restart.test.ts).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeContact, freshAgentEnv, type AgentEnv } from './support/agents.js';
import { advance, clockNow, connectCustomer, ENDED, LEFT, TestSocket, type ChatTestServer } from './support/chat.js';
import { connectClient, participantClient, removeDir, startServer, tempDir, type TestServer } from './support/server.js';
import {
  advanceTo,
  agentJoins,
  assertArmed,
  AUTODISCONNECTION,
  customerChat,
  finish,
  IDLE,
  MINUTE,
  names,
  setTimers,
  timer,
  timerEvents,
  timersOf,
} from './support/timers.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

const context = (server: TestServer): ChatTestServer => ({ server, client: connectClient(server.url), pc: participantClient(server.url), instanceId: '' });

test('a countdown armed before a restart fires at its original time: the idle one after a stop, the disconnect one after a kill -9', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let server = await startServer({ dataDir, clock: 'manual' });
  let t = context(server);
  let env: AgentEnv | undefined;
  const sockets: TestSocket[] = [];
  const restart = async (how: 'stop' | 'kill -9') => {
    const before = await clockNow(server.url);
    if (how === 'stop') await server.stop();
    else await server.kill9();
    server = await startServer({ dataDir, clock: 'manual' });
    t = context(server);
    env = { ...env!, client: t.client, url: server.url };
    assert.equal(await clockNow(server.url), before, 'the manual clock resumes where it stood');
  };
  let contactId = '';
  try {
    await advance(server.url, 3600);
    env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    contactId = chat.contactId;
    sockets.push(chat.customer.socket);
    await setTimers(env, contactId, timer('CUSTOMER', 'IDLE', 2), timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 3));
    const agent = await agentJoins(t, env, contactId);
    sockets.push(agent.socket);
    const T = agent.joinedAt;
    await advanceTo(t, T + MINUTE);

    await restart('stop');
    const view = await timersOf(env, contactId);
    assert.deepEqual(view.Active, { 'CUSTOMER:IDLE': 2, 'CUSTOMER:DISCONNECT_NONCUSTOMER': 3 });
    await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', T + 2 * MINUTE, false]], 'the countdown survived the stop');
    // the customer connects again (its ParticipantToken outlives the server); that is no new start
    let socket = await TestSocket.subscribed((await connectCustomer(t.pc, chat.customer.participantToken)).url);
    sockets.push(socket);
    await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', T + 2 * MINUTE, false]]);
    await advanceTo(t, T + 2 * MINUTE - 1);
    assert.deepEqual(await timerEvents(socket), []);
    await advanceTo(t, T + 2 * MINUTE);
    const [idle, ...more] = await timerEvents(socket);
    assert.equal(idle?.ContentType, IDLE);
    names(idle, chat.customer, 'CUSTOMER');
    assert.equal(idle.AbsoluteTime, new Date(T + 2 * MINUTE).toISOString());
    assert.deepEqual(more, []);
    await assertArmed(env, contactId, [['CUSTOMER', 'DISCONNECT_NONCUSTOMER', T + 5 * MINUTE, true]]);

    await advanceTo(t, T + 4 * MINUTE);
    await restart('kill -9');
    await assertArmed(env, contactId, [['CUSTOMER', 'DISCONNECT_NONCUSTOMER', T + 5 * MINUTE, true]], 'the idle state and the disconnect countdown survived the kill');
    socket = await TestSocket.subscribed((await connectCustomer(t.pc, chat.customer.participantToken)).url);
    sockets.push(socket);
    await advanceTo(t, T + 5 * MINUTE - 1);
    assert.deepEqual(await timerEvents(socket), []);
    assert.equal((await describeContact(env, contactId)).DisconnectTimestamp, undefined);
    await advanceTo(t, T + 5 * MINUTE);
    await socket.waitClosed();
    // (whether the customer is also said to leave when the chat ends is not about timers)
    const items = socket.takeItems().filter((i) => !(i.ContentType === LEFT && i.ParticipantRole === 'CUSTOMER'));
    assert.deepEqual(items.map((i) => `${i.ContentType}:${i.ParticipantRole ?? ''}`), [`${AUTODISCONNECTION}:CUSTOMER`, `${LEFT}:AGENT`, `${ENDED}:`]);
    const contact = await describeContact(env, contactId);
    assert.equal(contact.DisconnectReason, 'IDLE_DISCONNECT');
    assert.equal(contact.DisconnectTimestamp?.getTime(), T + 5 * MINUTE);
    await assertArmed(env, contactId, []);
  } finally {
    if (env && contactId) await finish(env, contactId, ...sockets);
    await server.stop();
  }
});
