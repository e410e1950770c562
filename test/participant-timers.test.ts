// Participant timers (spec timers.md): UpdateParticipantRoleConfig's rules and answers (§1), and
// the idle countdown on the emulator clock (§3, §4): it fires at exactly its minute, a message
// or a shared file of the role starts it over (typing does not), an idle role returns, the two
// roles count apart, Unset removes a timer. Manual clock; nothing sleeps.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateParticipantRoleConfigCommand, type ParticipantTimerConfiguration } from '@aws-sdk/client-connect';
import { CompleteAttachmentUploadCommand, SendEventCommand, StartAttachmentUploadCommand } from '@aws-sdk/client-connectparticipant';
import { freshAgentEnv, stop, type AgentEnv } from './support/agents.js';
import { chatServerPerFile, startChat, TYPING } from './support/chat.js';
import { rejects } from './support/errors.js';
import {
  advanceTo,
  agentJoins,
  assertArmed,
  customerChat,
  finish,
  IDLE,
  MINUTE,
  names,
  RETURNED,
  say,
  setTimers,
  timer,
  timerEvents,
  timersOf,
} from './support/timers.js';

const t = chatServerPerFile();

describe('UpdateParticipantRoleConfig: the rules', () => {
  let env: AgentEnv;
  let contactId: string;
  const call = (list: unknown, over: { InstanceId?: string; ContactId?: string; ChannelConfiguration?: unknown } = {}) => () =>
    t.client.send(
      new UpdateParticipantRoleConfigCommand({
        InstanceId: over.InstanceId ?? env.instanceId,
        ContactId: over.ContactId ?? contactId,
        ChannelConfiguration: ('ChannelConfiguration' in over ? over.ChannelConfiguration : { Chat: { ParticipantTimerConfigList: list } }) as never,
      }),
    );
  /** the same PUT without an SDK (for unions an SDK would not serialize as given) */
  const raw = async (body: unknown) => {
    const res = await fetch(`${t.server.url}/contact/participant-role-config/${env.instanceId}/${contactId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('x-amzn-errortype'), body: (await res.json()) as { Message?: string } };
  };
  const entry = (TimerValue: unknown, ParticipantRole: unknown = 'CUSTOMER', TimerType: unknown = 'IDLE') => ({ ParticipantRole, TimerType, TimerValue });

  test('a valid call answers 200 with an empty body and stores the minutes (2 and 480 are the bounds)', async () => {
    env = await freshAgentEnv(t);
    contactId = (await startChat(t.client, env.instanceId)).ContactId;
    const { $metadata, ...rest } = await setTimers(env, contactId, timer('CUSTOMER', 'IDLE', 2), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 480));
    assert.equal($metadata.httpStatusCode, 200);
    assert.deepEqual(rest, {});
    assert.deepEqual((await timersOf(env, contactId)).Stored, { 'CUSTOMER:IDLE': 2, 'AGENT:DISCONNECT_NONCUSTOMER': 480 });
  });

  test('ChannelConfiguration and its Chat are required: InvalidParameterException 400', async () => {
    await rejects(call(undefined, { ChannelConfiguration: undefined }), 'InvalidParameterException', 400);
    const empty = await raw({ ChannelConfiguration: {} });
    assert.equal(empty.status, 400);
    assert.equal(empty.type, 'InvalidParameterException');
    assert.match(empty.body.Message!, /ChannelConfiguration/);
    await rejects(call(undefined, { ChannelConfiguration: { Chat: {} } }), 'InvalidParameterException', 400);
  });

  test('the list holds 1 to 6 entries: InvalidParameterException 400 (a 7-entry list fails on its length before its duplicates)', async () => {
    await rejects(call([]), 'InvalidParameterException', 400);
    const seven = Array.from({ length: 7 }, () => timer('CUSTOMER', 'IDLE', 2));
    await rejects(call(seven), 'InvalidParameterException', 400);
  });

  test('roles are CUSTOMER or AGENT, types IDLE or DISCONNECT_NONCUSTOMER, each entry has all three members', async () => {
    for (const role of ['CUSTOM_BOT', 'SUPERVISOR', 'customer']) {
      await rejects(call([entry({ ParticipantTimerDurationInMinutes: 5 }, role)]), 'InvalidParameterException', 400);
    }
    for (const type of ['DISCONNECT', 'idle', 'DISCONNECT_CUSTOMER']) {
      await rejects(call([entry({ ParticipantTimerDurationInMinutes: 5 }, 'AGENT', type)]), 'InvalidParameterException', 400);
    }
    await rejects(call([{ TimerType: 'IDLE', TimerValue: { ParticipantTimerDurationInMinutes: 5 } }]), 'InvalidParameterException', 400);
    await rejects(call([{ ParticipantRole: 'AGENT', TimerValue: { ParticipantTimerDurationInMinutes: 5 } }]), 'InvalidParameterException', 400);
    await rejects(call([{ ParticipantRole: 'AGENT', TimerType: 'IDLE' }]), 'InvalidParameterException', 400);
  });

  test('TimerValue is exactly one of "Unset" (case-sensitive) or 2..480 minutes: InvalidParameterException 400', async () => {
    for (const minutes of [1, 481, 0, -2]) await rejects(call([entry({ ParticipantTimerDurationInMinutes: minutes })]), 'InvalidParameterException', 400);
    for (const action of ['unset', 'UNSET', 'Delete']) await rejects(call([entry({ ParticipantTimerAction: action })]), 'InvalidParameterException', 400);
    for (const value of [{ ParticipantTimerAction: 'Unset', ParticipantTimerDurationInMinutes: 5 }, {}]) {
      const r = await raw({ ChannelConfiguration: { Chat: { ParticipantTimerConfigList: [entry(value)] } } });
      assert.equal(r.status, 400, JSON.stringify(value));
      assert.equal(r.type, 'InvalidParameterException', JSON.stringify(r.body));
      assert.match(r.body.Message!, /TimerValue: exactly one of/);
    }
    assert.deepEqual((await timersOf(env, contactId)).Stored, { 'CUSTOMER:IDLE': 2, 'AGENT:DISCONNECT_NONCUSTOMER': 480 }, 'no refused call changed anything');
  });

  test('the same (role, type) twice is InvalidRequestException 400, even with Unset, and nothing of the call is stored', async () => {
    await rejects(call([timer('AGENT', 'IDLE', 3), timer('CUSTOMER', 'IDLE', 5), timer('AGENT', 'IDLE', 4)]), 'InvalidRequestException', 400);
    await rejects(call([timer('CUSTOMER', 'IDLE', 'Unset'), timer('CUSTOMER', 'IDLE', 7)]), 'InvalidRequestException', 400);
    const five: ParticipantTimerConfiguration[] = [
      timer('CUSTOMER', 'IDLE', 3),
      timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 3),
      timer('AGENT', 'IDLE', 3),
      timer('AGENT', 'DISCONNECT_NONCUSTOMER', 3),
      timer('AGENT', 'IDLE', 9),
    ];
    await rejects(call(five), 'InvalidRequestException', 400);
    assert.deepEqual((await timersOf(env, contactId)).Stored, { 'CUSTOMER:IDLE': 2, 'AGENT:DISCONNECT_NONCUSTOMER': 480 });
  });

  test('an unknown instance or contact is ResourceNotFoundException 404; an ended contact InvalidRequestException 400', async () => {
    const list = [timer('CUSTOMER', 'IDLE', 5)];
    await rejects(call(list, { InstanceId: '11111111-1111-1111-1111-111111111111' }), 'ResourceNotFoundException', 404);
    await rejects(call(list, { ContactId: '00000000-0000-0000-0000-000000000000' }), 'ResourceNotFoundException', 404);
    await stop(env, contactId);
    await rejects(call(list), 'InvalidRequestException', 400);
    assert.deepEqual((await timersOf(env, contactId)).Stored, { 'CUSTOMER:IDLE': 2, 'AGENT:DISCONNECT_NONCUSTOMER': 480 });
  });

  test('a call upserts per (role, type); Unset removes one, also one never set', async () => {
    const chat = await startChat(t.client, env.instanceId);
    await setTimers(env, chat.ContactId, timer('CUSTOMER', 'IDLE', 4), timer('AGENT', 'IDLE', 6));
    await setTimers(env, chat.ContactId, timer('AGENT', 'IDLE', 8), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 2));
    assert.deepEqual((await timersOf(env, chat.ContactId)).Stored, { 'CUSTOMER:IDLE': 4, 'AGENT:IDLE': 8, 'AGENT:DISCONNECT_NONCUSTOMER': 2 });
    await setTimers(env, chat.ContactId, timer('CUSTOMER', 'IDLE', 'Unset'), timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 'Unset'));
    assert.deepEqual((await timersOf(env, chat.ContactId)).Stored, { 'AGENT:IDLE': 8, 'AGENT:DISCONNECT_NONCUSTOMER': 2 });
    await stop(env, chat.ContactId);
  });
});

/** A chat with the given configuration set before the agent joins; the customer and the agent, both with sockets. */
async function timedChat(...list: ParticipantTimerConfiguration[]) {
  const env = await freshAgentEnv(t);
  const chat = await customerChat(t, env);
  if (list.length) await setTimers(env, chat.contactId, ...list);
  const agent = await agentJoins(t, env, chat.contactId);
  // the joins are no timer events: clear them
  await timerEvents(chat.customer.socket);
  await timerEvents(agent.socket);
  return { env, contactId: chat.contactId, customer: chat.customer, agent, T: agent.joinedAt };
}

describe('the idle countdown', () => {
  test('fires at exactly the configured minute, not a millisecond earlier, on every socket, naming the idle customer', async () => {
    const { env, contactId, customer, agent, T } = await timedChat(timer('CUSTOMER', 'IDLE', 2));
    try {
      await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', T + 2 * MINUTE, false]]);
      await advanceTo(t, T + 2 * MINUTE - 1);
      assert.deepEqual(await timerEvents(customer.socket), [], 'nothing at 119.999 s');
      assert.deepEqual(await timerEvents(agent.socket), []);
      await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', T + 2 * MINUTE, false]], 'still armed for its minute');

      await advanceTo(t, T + 2 * MINUTE);
      for (const socket of [customer.socket, agent.socket]) {
        const events = await timerEvents(socket);
        assert.equal(events.length, 1, JSON.stringify(events));
        assert.equal(events[0].ContentType, IDLE);
        names(events[0], customer, 'CUSTOMER');
        assert.equal(events[0].AbsoluteTime, new Date(T + 2 * MINUTE).toISOString());
        assert.equal(events[0].ContactId, contactId);
      }
      // idle without a disconnect countdown: nothing more is armed, and nothing more comes
      await assertArmed(env, contactId, []);
      await advanceTo(t, T + 10 * MINUTE);
      assert.deepEqual(await timerEvents(customer.socket), []);
    } finally {
      await finish(env, contactId, customer.socket, agent.socket);
    }
  });

  test('a message of the role just before the deadline postpones it by the full period', async () => {
    const { env, contactId, customer, agent, T } = await timedChat(timer('CUSTOMER', 'IDLE', 2));
    try {
      const last = await advanceTo(t, T + 2 * MINUTE - 1);
      await say(t, customer, 'still here');
      await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', last + 2 * MINUTE, false]]);
      await advanceTo(t, T + 2 * MINUTE);
      await advanceTo(t, last + 2 * MINUTE - 1);
      assert.deepEqual(await timerEvents(customer.socket), [], 'not at the old deadline nor just before the new one');
      await advanceTo(t, last + 2 * MINUTE);
      const [idle] = await timerEvents(customer.socket);
      assert.equal(idle?.ContentType, IDLE);
      names(idle, customer, 'CUSTOMER');
    } finally {
      await finish(env, contactId, customer.socket, agent.socket);
    }
  });

  test('typing does not restart the countdown; a shared file does', async () => {
    const { env, contactId, customer, agent, T } = await timedChat(timer('CUSTOMER', 'IDLE', 3));
    try {
      await advanceTo(t, T + MINUTE);
      await t.pc.send(new SendEventCommand({ ConnectionToken: customer.token, ContentType: TYPING }));
      await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', T + 3 * MINUTE, false]], 'typing is no activity');
      const shared = await advanceTo(t, T + 2 * MINUTE);
      const bytes = Buffer.from('%PDF-1.4 notes');
      const started = await t.pc.send(
        new StartAttachmentUploadCommand({ ConnectionToken: customer.token, ContentType: 'application/pdf', AttachmentName: 'notes.pdf', AttachmentSizeInBytes: bytes.length, ClientToken: crypto.randomUUID() }),
      );
      const meta = started.UploadMetadata!;
      assert.equal((await fetch(meta.Url!, { method: 'PUT', headers: meta.HeadersToInclude, body: bytes })).status, 200);
      await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', T + 3 * MINUTE, false]], 'an upload not yet completed is not shared');
      await t.pc.send(new CompleteAttachmentUploadCommand({ ConnectionToken: customer.token, AttachmentIds: [started.AttachmentId!], ClientToken: crypto.randomUUID() }));
      await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', shared + 3 * MINUTE, false]]);
      await advanceTo(t, shared + 3 * MINUTE - 1);
      assert.deepEqual(await timerEvents(customer.socket), []);
      await advanceTo(t, shared + 3 * MINUTE);
      assert.deepEqual((await timerEvents(customer.socket)).map((i) => i.ContentType), [IDLE]);
    } finally {
      await finish(env, contactId, customer.socket, agent.socket);
    }
  });

  test('an idle role that sends a message returns (participant.returned to every socket) and its countdown starts over', async () => {
    const { env, contactId, customer, agent, T } = await timedChat(timer('AGENT', 'IDLE', 2), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 5));
    try {
      await advanceTo(t, T + 2 * MINUTE);
      for (const socket of [customer.socket, agent.socket]) names((await timerEvents(socket))[0], agent, 'AGENT');
      await assertArmed(env, contactId, [['AGENT', 'DISCONNECT_NONCUSTOMER', T + 7 * MINUTE, true]], 'idle: the disconnect countdown runs');
      const back = await advanceTo(t, T + 3 * MINUTE);
      await say(t, agent, 'sorry, I am back');
      for (const socket of [customer.socket, agent.socket]) {
        const [returned, ...more] = await timerEvents(socket);
        assert.equal(returned?.ContentType, RETURNED);
        names(returned, agent, 'AGENT');
        assert.equal(returned.AbsoluteTime, new Date(back).toISOString());
        assert.deepEqual(more, []);
      }
      await assertArmed(env, contactId, [['AGENT', 'IDLE', back + 2 * MINUTE, false]]);
      // a second message while not idle: no second returned
      await say(t, agent, 'anything else?');
      assert.deepEqual(await timerEvents(customer.socket), []);
      await advanceTo(t, back + 2 * MINUTE);
      assert.deepEqual((await timerEvents(customer.socket)).map((i) => i.ContentType), [IDLE]);
    } finally {
      await finish(env, contactId, customer.socket, agent.socket);
    }
  });

  test(
    'with only an idle timer, an idle role that sends a message returns and its idle countdown starts over',
    async () => {
      const { env, contactId, customer, agent, T } = await timedChat(timer('CUSTOMER', 'IDLE', 2));
      try {
        await advanceTo(t, T + 2 * MINUTE);
        assert.deepEqual((await timerEvents(agent.socket)).map((i) => i.ContentType), [IDLE]);
        const back = await advanceTo(t, T + 4 * MINUTE);
        await say(t, customer, 'back again');
        const [returned] = await timerEvents(agent.socket);
        assert.equal(returned?.ContentType, RETURNED, 'participant.returned on the message of the idle customer');
        names(returned, customer, 'CUSTOMER');
        await assertArmed(env, contactId, [['CUSTOMER', 'IDLE', back + 2 * MINUTE, false]]);
        await advanceTo(t, back + 2 * MINUTE);
        assert.deepEqual((await timerEvents(agent.socket)).map((i) => i.ContentType), [IDLE], 'idle again two minutes later');
      } finally {
        await finish(env, contactId, customer.socket, agent.socket);
      }
    },
  );

  test('the roles count apart: an agent message does not restart the customer countdown, nor the reverse', async () => {
    const { env, contactId, customer, agent, T } = await timedChat(timer('CUSTOMER', 'IDLE', 2), timer('AGENT', 'IDLE', 3));
    try {
      await assertArmed(env, contactId, [
        ['CUSTOMER', 'IDLE', T + 2 * MINUTE, false],
        ['AGENT', 'IDLE', T + 3 * MINUTE, false],
      ]);
      const agentSaid = await advanceTo(t, T + MINUTE);
      await say(t, agent, 'hello');
      await assertArmed(env, contactId, [
        ['CUSTOMER', 'IDLE', T + 2 * MINUTE, false],
        ['AGENT', 'IDLE', agentSaid + 3 * MINUTE, false],
      ]);
      await advanceTo(t, T + 2 * MINUTE);
      const [idle, ...more] = await timerEvents(customer.socket);
      names(idle, customer, 'CUSTOMER');
      assert.equal(idle.ContentType, IDLE);
      assert.deepEqual(more, []);
      // the customer answers: the agent's countdown stays where it was
      await advanceTo(t, T + 3 * MINUTE);
      await say(t, customer, 'hi');
      // the customer returns from idle; the agent is not idle at T+3: it spoke at T+1
      const [returned, ...others] = await timerEvents(customer.socket);
      assert.equal(returned.ContentType, RETURNED);
      names(returned, customer, 'CUSTOMER');
      assert.deepEqual(others, []);
      await advanceTo(t, agentSaid + 3 * MINUTE - 1);
      assert.deepEqual(await timerEvents(customer.socket), []);
      await advanceTo(t, agentSaid + 3 * MINUTE);
      const agentIdle = await timerEvents(customer.socket);
      assert.equal(agentIdle.length, 1, JSON.stringify(agentIdle));
      assert.equal(agentIdle[0].ContentType, IDLE);
      names(agentIdle[0], agent, 'AGENT');
    } finally {
      await finish(env, contactId, customer.socket, agent.socket);
    }
  });

  test('a configuration first set after the join, with both in, is stored only: nothing runs until a next join', async () => {
    const { env, contactId, customer, agent, T } = await timedChat();
    try {
      await setTimers(env, contactId, timer('CUSTOMER', 'IDLE', 2), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 2));
      assert.deepEqual(await timersOf(env, contactId), { Stored: { 'CUSTOMER:IDLE': 2, 'AGENT:DISCONNECT_NONCUSTOMER': 2 }, Active: {}, Armed: [] });
      await advanceTo(t, T + 10 * MINUTE);
      assert.deepEqual(await timerEvents(customer.socket), []);
      assert.equal((await timersOf(env, contactId)).Armed.length, 0);
    } finally {
      await finish(env, contactId, customer.socket, agent.socket);
    }
  });

  test('Unset before the join removes that timer: only the other one runs', async () => {
    const env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    await setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 2), timer('AGENT', 'IDLE', 2));
    await setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 'Unset'));
    const agent = await agentJoins(t, env, chat.contactId);
    try {
      const T = agent.joinedAt;
      const view = await timersOf(env, chat.contactId);
      assert.deepEqual(view.Active, { 'AGENT:IDLE': 2 });
      await assertArmed(env, chat.contactId, [['AGENT', 'IDLE', T + 2 * MINUTE, false]]);
      await timerEvents(chat.customer.socket);
      await advanceTo(t, T + 5 * MINUTE);
      const events = await timerEvents(chat.customer.socket);
      assert.equal(events.length, 1, JSON.stringify(events));
      names(events[0], agent, 'AGENT');
    } finally {
      await finish(env, chat.contactId, chat.customer.socket, agent.socket);
    }
  });
});
