// Participant timers over a chat's life (spec timers.md §2-§4): the disconnect countdown (after
// idleness, or at once when alone) ends the chat; timers run only while a connected customer and
// an agent are both in; the configuration is latched when an agent or custom participant joins;
// the timer events stay out of the transcript; the AWS CLI v1 sets timers. Manual clock;
// nothing sleeps.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateParticipantCommand } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand, GetTranscriptCommand } from '@aws-sdk/client-connectparticipant';
import { describeContact, freshAgentEnv, type AgentEnv } from './support/agents.js';
import { advance, chatServerPerFile, connectCustomer, ENDED, JOINED, LEFT, startChat, TestSocket, type SocketItem } from './support/chat.js';
import { rejects } from './support/errors.js';
import { removeDir, tempDir } from './support/server.js';
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
  RETURNED,
  say,
  setTimers,
  timer,
  TIMER_EVENTS,
  timerEvents,
  timersOf,
  type Member,
} from './support/timers.js';

const t = chatServerPerFile();

/** The items a socket got, in order, once everything sent is in. */
async function itemsOn(socket: TestSocket): Promise<SocketItem[]> {
  await socket.sync();
  return socket.takeItems();
}

/** The items a socket got up to its close: the server closes the sockets of an ended chat (so no sync() then). */
async function itemsUntilClosed(socket: TestSocket): Promise<SocketItem[]> {
  await socket.waitClosed();
  return socket.takeItems();
}

/** The end of an auto-disconnected chat as the customer's socket shows it: autodisconnection, the agent leaves, the chat ends. */
function assertAutoDisconnected(items: SocketItem[], named: Member, role: 'CUSTOMER' | 'AGENT', agent: Member, at: number): void {
  const kinds = items.map((i) => `${i.ContentType}:${i.ParticipantRole ?? ''}`);
  const auto = items.findIndex((i) => i.ContentType === AUTODISCONNECTION);
  const agentLeft = items.findIndex((i) => i.ContentType === LEFT && i.ParticipantRole === 'AGENT');
  const customerLeft = items.findIndex((i) => i.ContentType === LEFT && i.ParticipantRole === 'CUSTOMER');
  const ended = items.findIndex((i) => i.ContentType === ENDED);
  assert.ok(auto >= 0 && agentLeft > auto && ended > agentLeft, `autodisconnection, then the agent leaves, then chat.ended: ${kinds.join(', ')}`);
  assert.ok(customerLeft === -1 || customerLeft > agentLeft, `the customer is never the one auto-disconnected: ${kinds.join(', ')}`);
  assert.equal(items.filter((i) => i.ContentType === AUTODISCONNECTION).length, 1, kinds.join(', '));
  names(items[auto], named, role);
  assert.equal(items[agentLeft].ParticipantId, agent.participantId);
  for (const i of [items[auto], items[agentLeft], items[ended]]) assert.equal(i.AbsoluteTime, new Date(at).toISOString());
}

async function assertEndedByTimer(env: AgentEnv, contactId: string, at: number): Promise<void> {
  const contact = await describeContact(env, contactId);
  assert.equal(contact.DisconnectReason, 'IDLE_DISCONNECT');
  assert.equal(contact.DisconnectTimestamp?.getTime(), at);
  // the agent leaving stops every timer: nothing is left armed
  await assertArmed(env, contactId, []);
}

describe('the disconnect countdown', () => {
  test('idle then disconnect add up: idle I minutes after the last message, autodisconnection I + D minutes after it; the agent leaves and the chat ends', async () => {
    const env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    await setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 3), timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 2));
    const agent = await agentJoins(t, env, chat.contactId);
    const { customer } = chat;
    try {
      const last = await advanceTo(t, agent.joinedAt + MINUTE);
      await say(t, customer, 'one moment');
      await itemsOn(customer.socket);
      await itemsOn(agent.socket);
      await assertArmed(env, chat.contactId, [['CUSTOMER', 'IDLE', last + 3 * MINUTE, false]], 'only the idle countdown runs first');

      await advanceTo(t, last + 3 * MINUTE);
      for (const socket of [customer.socket, agent.socket]) {
        const events = await timerEvents(socket);
        assert.deepEqual(events.map((i) => i.ContentType), [IDLE]);
        names(events[0], customer, 'CUSTOMER');
      }
      await assertArmed(env, chat.contactId, [['CUSTOMER', 'DISCONNECT_NONCUSTOMER', last + 5 * MINUTE, true]], 'idle: now the disconnect countdown');
      await advanceTo(t, last + 5 * MINUTE - 1);
      assert.deepEqual(await itemsOn(customer.socket), [], 'nothing a millisecond before');
      assert.equal((await describeContact(env, chat.contactId)).DisconnectTimestamp, undefined);

      await advanceTo(t, last + 5 * MINUTE);
      // the customer's countdown ran out: the agent is disconnected, the customer never is
      assertAutoDisconnected(await itemsUntilClosed(customer.socket), customer, 'CUSTOMER', agent, last + 5 * MINUTE);
      await assertEndedByTimer(env, chat.contactId, last + 5 * MINUTE);
    } finally {
      await finish(env, chat.contactId, customer.socket, agent.socket);
    }
  });

  test('a disconnect timer alone runs from the join at once, a message of its role restarts it, and no idle event comes first', async () => {
    const env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    await setTimers(env, chat.contactId, timer('AGENT', 'DISCONNECT_NONCUSTOMER', 2));
    const agent = await agentJoins(t, env, chat.contactId);
    const { customer } = chat;
    try {
      const T = agent.joinedAt;
      await assertArmed(env, chat.contactId, [['AGENT', 'DISCONNECT_NONCUSTOMER', T + 2 * MINUTE, false]]);
      const spoke = await advanceTo(t, T + 90_000);
      await say(t, agent, 'let me check');
      await assertArmed(env, chat.contactId, [['AGENT', 'DISCONNECT_NONCUSTOMER', spoke + 2 * MINUTE, false]]);
      await advanceTo(t, spoke + MINUTE);
      await say(t, customer, 'ok');
      await assertArmed(env, chat.contactId, [['AGENT', 'DISCONNECT_NONCUSTOMER', spoke + 2 * MINUTE, false]], 'the customer does not restart the agent countdown');
      await itemsOn(customer.socket);
      await advanceTo(t, spoke + 2 * MINUTE - 1);
      assert.deepEqual(await itemsOn(customer.socket), []);

      await advanceTo(t, spoke + 2 * MINUTE);
      const items = await itemsUntilClosed(customer.socket);
      assert.ok(!items.some((i) => i.ContentType === IDLE), 'no idle timer, no idle event');
      assertAutoDisconnected(items, agent, 'AGENT', agent, spoke + 2 * MINUTE);
      await assertEndedByTimer(env, chat.contactId, spoke + 2 * MINUTE);
    } finally {
      await finish(env, chat.contactId, customer.socket, agent.socket);
    }
  });
});

describe('when timers run', () => {
  test('a configuration set before the agent joins is stored, not active, and arms nothing; the join makes it active and arms it', async () => {
    const env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    await setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 2), timer('AGENT', 'IDLE', 4));
    let agent: Awaited<ReturnType<typeof agentJoins>> | undefined;
    try {
      assert.deepEqual(await timersOf(env, chat.contactId), { Stored: { 'CUSTOMER:IDLE': 2, 'AGENT:IDLE': 4 }, Active: {}, Armed: [] });
      await advance(t.server.url, 10 * 60);
      assert.deepEqual(await timerEvents(chat.customer.socket), [], 'no one is idle in the queue');
      agent = await agentJoins(t, env, chat.contactId);
      const T = agent.joinedAt;
      assert.deepEqual(await timersOf(env, chat.contactId), {
        Stored: { 'CUSTOMER:IDLE': 2, 'AGENT:IDLE': 4 },
        Active: { 'CUSTOMER:IDLE': 2, 'AGENT:IDLE': 4 },
        Armed: [
          { ParticipantRole: 'CUSTOMER', TimerType: 'IDLE', DueTimestamp: new Date(T + 2 * MINUTE).toISOString(), Idle: false },
          { ParticipantRole: 'AGENT', TimerType: 'IDLE', DueTimestamp: new Date(T + 4 * MINUTE).toISOString(), Idle: false },
        ],
      });
      await advanceTo(t, T + 2 * MINUTE);
      assert.deepEqual((await timerEvents(chat.customer.socket)).map((i) => `${i.ContentType}:${i.ParticipantRole}`), [`${IDLE}:CUSTOMER`]);
    } finally {
      await finish(env, chat.contactId, chat.customer.socket, agent?.socket);
    }
  });

  test('an agent in with a customer not yet connected arms nothing; the customer connecting starts the countdowns', async () => {
    const env = await freshAgentEnv(t);
    const chat = await startChat(t.client, env.instanceId);
    await setTimers(env, chat.ContactId, timer('CUSTOMER', 'IDLE', 2));
    const agent = await agentJoins(t, env, chat.ContactId);
    let socket: TestSocket | undefined;
    try {
      const view = await timersOf(env, chat.ContactId);
      assert.deepEqual(view.Active, { 'CUSTOMER:IDLE': 2 }, 'the join made it active');
      assert.deepEqual(view.Armed, [], 'but the customer is not connected');
      const connectedAt = await advanceTo(t, agent.joinedAt + 5 * MINUTE);
      assert.deepEqual(await timerEvents(agent.socket), []);
      const conn = await connectCustomer(t.pc, chat.ParticipantToken);
      socket = await TestSocket.subscribed(conn.url);
      await assertArmed(env, chat.ContactId, [['CUSTOMER', 'IDLE', connectedAt + 2 * MINUTE, false]]);
      // a second connection of the customer is no new start
      await advanceTo(t, connectedAt + MINUTE);
      await connectCustomer(t.pc, chat.ParticipantToken);
      await assertArmed(env, chat.ContactId, [['CUSTOMER', 'IDLE', connectedAt + 2 * MINUTE, false]]);
      await advanceTo(t, connectedAt + 2 * MINUTE);
      const [idle] = await timerEvents(socket);
      names(idle, { participantId: chat.ParticipantId, displayName: 'Customer' }, 'CUSTOMER');
    } finally {
      await finish(env, chat.ContactId, socket, agent.socket);
    }
  });

  test('a change while customer and agent are in is stored, the old countdown still fires, and the next join (a custom participant) applies it', async () => {
    const env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    await setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 2));
    const agent = await agentJoins(t, env, chat.contactId);
    const T = agent.joinedAt;
    try {
      await advanceTo(t, T + MINUTE);
      await setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 10), timer('AGENT', 'IDLE', 3));
      assert.deepEqual(await timersOf(env, chat.contactId), {
        Stored: { 'CUSTOMER:IDLE': 10, 'AGENT:IDLE': 3 },
        Active: { 'CUSTOMER:IDLE': 2 },
        Armed: [{ ParticipantRole: 'CUSTOMER', TimerType: 'IDLE', DueTimestamp: new Date(T + 2 * MINUTE).toISOString(), Idle: false }],
      });
      await timerEvents(chat.customer.socket);
      await advanceTo(t, T + 2 * MINUTE);
      const [idle] = await timerEvents(chat.customer.socket);
      assert.equal(idle?.ContentType, IDLE, 'the old two minutes still count');
      names(idle, chat.customer, 'CUSTOMER');
      // an Unset while both are in changes the stored configuration only, too
      await setTimers(env, chat.contactId, timer('AGENT', 'IDLE', 'Unset'), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 5));
      assert.deepEqual((await timersOf(env, chat.contactId)).Active, { 'CUSTOMER:IDLE': 2 });

      const joined = await advanceTo(t, T + 4 * MINUTE);
      const bot = await t.client.send(
        new CreateParticipantCommand({ InstanceId: env.instanceId, ContactId: chat.contactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Helper bot' } }),
      );
      await t.pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: bot.ParticipantCredentials!.ParticipantToken!, Type: ['CONNECTION_CREDENTIALS'] }));
      assert.deepEqual(await timersOf(env, chat.contactId), {
        Stored: { 'CUSTOMER:IDLE': 10, 'AGENT:DISCONNECT_NONCUSTOMER': 5 },
        Active: { 'CUSTOMER:IDLE': 10, 'AGENT:DISCONNECT_NONCUSTOMER': 5 },
        Armed: [
          { ParticipantRole: 'CUSTOMER', TimerType: 'IDLE', DueTimestamp: new Date(joined + 10 * MINUTE).toISOString(), Idle: false },
          { ParticipantRole: 'AGENT', TimerType: 'DISCONNECT_NONCUSTOMER', DueTimestamp: new Date(joined + 5 * MINUTE).toISOString(), Idle: false },
        ],
      });
    } finally {
      await finish(env, chat.contactId, chat.customer.socket, agent.socket);
    }
  });

  test('a chat that ended otherwise (the agent left) has no timer armed, and nothing fires later', async () => {
    const env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    await setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 2), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 3));
    const agent = await agentJoins(t, env, chat.contactId);
    try {
      await assertArmed(env, chat.contactId, [
        ['CUSTOMER', 'IDLE', agent.joinedAt + 2 * MINUTE, false],
        ['AGENT', 'DISCONNECT_NONCUSTOMER', agent.joinedAt + 3 * MINUTE, false],
      ]);
      await advanceTo(t, agent.joinedAt + MINUTE);
      await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: agent.token }));
      await assertArmed(env, chat.contactId, []);
      const items = await itemsUntilClosed(chat.customer.socket);
      assert.deepEqual(items.map((i) => i.ContentType), [JOINED, LEFT, LEFT, ENDED]);
      await advanceTo(t, agent.joinedAt + 10 * MINUTE);
      await assertArmed(env, chat.contactId, []);
      const contact = await describeContact(env, chat.contactId);
      assert.equal(contact.DisconnectReason, 'AGENT_DISCONNECT');
      assert.equal(contact.DisconnectTimestamp?.getTime(), agent.joinedAt + MINUTE);
      // the configuration can no longer be changed either
      await rejects(() => setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 5)), 'InvalidRequestException', 400);
    } finally {
      await finish(env, chat.contactId, chat.customer.socket, agent.socket);
    }
  });
});

describe('the transcript', () => {
  test('idle, returned and autodisconnection reach the sockets but never GetTranscript, not even of a chat that continues it', async () => {
    const env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    await setTimers(env, chat.contactId, timer('AGENT', 'IDLE', 2), timer('AGENT', 'DISCONNECT_NONCUSTOMER', 2));
    const agent = await agentJoins(t, env, chat.contactId);
    const { customer } = chat;
    const transcript = async (token: string) =>
      (await t.pc.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING', MaxResults: 100 }))).Transcript ?? [];
    const noTimerEvents = (items: { ContentType?: string }[], why: string) =>
      assert.deepEqual(items.filter((i) => TIMER_EVENTS.includes(i.ContentType!)), [], why);
    try {
      await advanceTo(t, agent.joinedAt + 2 * MINUTE);
      const back = await advanceTo(t, agent.joinedAt + 3 * MINUTE);
      await say(t, agent, 'back');
      await advanceTo(t, back + 4 * MINUTE);
      const seen = (await itemsUntilClosed(customer.socket)).map((i) => i.ContentType);
      assert.deepEqual(seen.filter((c) => TIMER_EVENTS.includes(c!)), [IDLE, RETURNED, IDLE, AUTODISCONNECTION], 'every one on the socket');
      await assertEndedByTimer(env, chat.contactId, back + 4 * MINUTE);

      // the ended chat's tokens are refused; a persistent chat shows its whole transcript
      await rejects(() => transcript(customer.token), 'AccessDeniedException', 403);
      const next = await startChat(t.client, env.instanceId, { PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: chat.contactId } });
      const items = await transcript((await connectCustomer(t.pc, next.ParticipantToken)).connectionToken);
      const past = items.filter((i) => i.ContactId === undefined);
      // the past chat is all there, without the timer events
      assert.deepEqual(
        past.map((i) => `${i.ContentType}:${i.ParticipantRole ?? ''}`),
        [`${JOINED}:CUSTOMER`, `${JOINED}:AGENT`, 'text/plain:AGENT', `${LEFT}:AGENT`, `${LEFT}:CUSTOMER`, `${ENDED}:`],
      );
      noTimerEvents(items, 'no timer event in the transcript');
      await finish(env, next.ContactId);
    } finally {
      await finish(env, chat.contactId, customer.socket, agent.socket);
    }
  });

  test('while the chat goes on, GetTranscript of customer and agent holds the messages but no idle or returned', async () => {
    const env = await freshAgentEnv(t);
    const chat = await customerChat(t, env);
    await setTimers(env, chat.contactId, timer('CUSTOMER', 'IDLE', 2), timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 10));
    const agent = await agentJoins(t, env, chat.contactId);
    try {
      await advanceTo(t, agent.joinedAt + 2 * MINUTE);
      await say(t, chat.customer, 'sorry');
      assert.deepEqual((await timerEvents(agent.socket)).map((i) => i.ContentType), [IDLE, RETURNED]);
      for (const who of [chat.customer, agent]) {
        const items = (await t.pc.send(new GetTranscriptCommand({ ConnectionToken: who.token, SortOrder: 'ASCENDING', MaxResults: 100 }))).Transcript ?? [];
        assert.deepEqual(items.map((i) => i.ContentType), [JOINED, JOINED, 'text/plain']);
      }
    } finally {
      await finish(env, chat.contactId, chat.customer.socket, agent.socket);
    }
  });
});

describe('AWS CLI v1', () => {
  const run = promisify(execFile);
  /** an empty HOME, so no ~/.aws of the machine leaks in (as test/cli.test.ts does) */
  let home: string;
  let awsVersion: string | undefined;
  const env = (): NodeJS.ProcessEnv => ({
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
  });
  /** `aws connect <args> --endpoint-url <server>`: exit code and output, never throwing for a non-zero exit */
  const aws = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run('aws', ['connect', ...args, '--endpoint-url', t.server.url, '--output', 'json'], { env: env(), timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number | string; stdout?: string; stderr?: string };
      if (typeof err.code !== 'number') throw e;
      return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
    }
  };
  const config = (role: string, type: string, value: string) =>
    `{"Chat":{"ParticipantTimerConfigList":[{"ParticipantRole":"${role}","TimerType":"${type}","TimerValue":${value}}]}}`;

  before(async () => {
    home = tempDir('connect-local-cli-');
    writeFileSync(join(home, 'config'), '[default]\ncli_follow_urlparam = false\n');
    try {
      const { stdout, stderr } = await run('aws', ['--version'], { env: env(), timeout: 60_000 });
      awsVersion = (stdout || stderr).trim();
    } catch {
      awsVersion = undefined;
    }
  });
  after(() => removeDir(home));

  test('update-participant-role-config sets a timer that runs once the agent joins; a duplicate shows InvalidRequestException', async (tc) => {
    if (awsVersion === undefined) return tc.skip('the AWS CLI (`aws`) is not installed');
    tc.diagnostic(`using ${awsVersion}`);
    const agentEnv = await freshAgentEnv(t);
    const chat = await customerChat(t, agentEnv);
    let agent: Awaited<ReturnType<typeof agentJoins>> | undefined;
    try {
      const ids = ['--instance-id', agentEnv.instanceId, '--contact-id', chat.contactId];
      const ok = await aws(['update-participant-role-config', ...ids, '--channel-configuration', config('CUSTOMER', 'IDLE', '{"ParticipantTimerDurationInMinutes":2}')]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.ok(ok.stdout.trim() === '' || ok.stdout.trim() === '{}', `an empty answer: ${ok.stdout}`);
      assert.deepEqual(await timersOf(agentEnv, chat.contactId), { Stored: { 'CUSTOMER:IDLE': 2 }, Active: {}, Armed: [] });

      // botocore checks the range itself; a duplicate only the server sees
      const twice = '{"Chat":{"ParticipantTimerConfigList":[' + ['3', '4'].map((m) => `{"ParticipantRole":"AGENT","TimerType":"IDLE","TimerValue":{"ParticipantTimerDurationInMinutes":${m}}}`).join(',') + ']}}';
      const bad = await aws(['update-participant-role-config', ...ids, '--channel-configuration', twice]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /InvalidRequestException/);
      const unset = await aws(['update-participant-role-config', ...ids, '--channel-configuration', config('AGENT', 'IDLE', '{"ParticipantTimerAction":"Unset"}')]);
      assert.equal(unset.code, 0, unset.stderr);
      assert.deepEqual((await timersOf(agentEnv, chat.contactId)).Stored, { 'CUSTOMER:IDLE': 2 });

      agent = await agentJoins(t, agentEnv, chat.contactId);
      await assertArmed(agentEnv, chat.contactId, [['CUSTOMER', 'IDLE', agent.joinedAt + 2 * MINUTE, false]]);
    } finally {
      await finish(agentEnv, chat.contactId, chat.customer.socket, agent?.socket);
    }
  });
});
