// Participant timers in tests (spec timers.md): UpdateParticipantRoleConfig in one line, the
// /_local/ view of the stored, active and armed timers, and a chat with a connected customer
// (and its socket) that an agent joins.
import assert from 'node:assert/strict';
import { StopContactCommand, UpdateParticipantRoleConfigCommand, type ParticipantTimerConfiguration } from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { accept, createAgent, goAvailable, type AgentEnv } from './agents.js';
import { advance, clockNow, connectCustomer, EVENT, local, startChat, TestSocket, type ChatTestServer, type SocketItem } from './chat.js';

export const IDLE = `${EVENT}participant.idle`;
export const RETURNED = `${EVENT}participant.returned`;
export const AUTODISCONNECTION = `${EVENT}participant.autodisconnection`;
/** the three timer events, which only travel on sockets */
export const TIMER_EVENTS = [IDLE, RETURNED, AUTODISCONNECTION];

export type Role = 'CUSTOMER' | 'AGENT';
export type TimerType = 'IDLE' | 'DISCONNECT_NONCUSTOMER';
export const MINUTE = 60_000;

/** One entry of ParticipantTimerConfigList: minutes, or 'Unset'. */
export const timer = (role: Role, type: TimerType, value: number | 'Unset'): ParticipantTimerConfiguration => ({
  ParticipantRole: role,
  TimerType: type,
  TimerValue: value === 'Unset' ? { ParticipantTimerAction: 'Unset' } : { ParticipantTimerDurationInMinutes: value },
});

/** UpdateParticipantRoleConfig with the given entries. */
export const setTimers = (env: AgentEnv, contactId: string, ...list: ParticipantTimerConfiguration[]) =>
  env.client.send(
    new UpdateParticipantRoleConfigCommand({ InstanceId: env.instanceId, ContactId: contactId, ChannelConfiguration: { Chat: { ParticipantTimerConfigList: list } } }),
  );

export interface Armed {
  ParticipantRole: Role;
  TimerType: TimerType;
  DueTimestamp: string;
  Idle: boolean;
}
export interface TimersView {
  Stored: Record<string, number>;
  Active: Record<string, number>;
  Armed: Armed[];
}

/** GET /_local/instances/{InstanceId}/contacts/{ContactId}/timers */
export async function timersOf(env: AgentEnv, contactId: string): Promise<TimersView> {
  const r = await local(env.url, `/_local/instances/${env.instanceId}/contacts/${contactId}/timers`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as TimersView;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The armed timers must be exactly these (role, type, due epoch ms, idle). */
export async function assertArmed(env: AgentEnv, contactId: string, expected: [Role, TimerType, number, boolean][], why = ''): Promise<void> {
  const { Armed } = await timersOf(env, contactId);
  const want = expected.map(([ParticipantRole, TimerType, due, Idle]) => ({ ParticipantRole, TimerType, DueTimestamp: iso(due), Idle }));
  assert.deepEqual(Armed, want, why);
}

export interface Member {
  participantId: string;
  displayName: string;
  /** the participant's ConnectionToken */
  token: string;
  socket: TestSocket;
}

export interface TimedChat {
  contactId: string;
  customer: Member & { participantToken: string };
}

/** A chat on the env's instance whose customer (DisplayName Customer) is connected, with a subscribed socket. */
export async function customerChat(t: ChatTestServer, env: AgentEnv): Promise<TimedChat> {
  const chat = await startChat(t.client, env.instanceId);
  const conn = await connectCustomer(t.pc, chat.ParticipantToken);
  const socket = await TestSocket.subscribed(conn.url);
  return { contactId: chat.ContactId, customer: { participantId: chat.ParticipantId, participantToken: chat.ParticipantToken, displayName: 'Customer', token: conn.connectionToken, socket } };
}

/**
 * A new agent (Ada Agent) goes Available and accepts the chat: it joins then (the returned
 * `joinedAt`); its ParticipantToken from /_local/ gives it a connection and a socket.
 */
export async function agentJoins(t: ChatTestServer, env: AgentEnv, contactId: string): Promise<Member & { userId: string; joinedAt: number }> {
  const userId = await createAgent(env, { first: 'Ada', last: 'Agent' });
  await goAvailable(env, userId);
  const joinedAt = await clockNow(env.url);
  const accepted = await accept(env, userId, contactId);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const { Participants } = (await local(env.url, `/_local/instances/${env.instanceId}/contacts/${contactId}/participants`)).body;
  const agent = (Participants as { ParticipantRole: string; ParticipantId: string; ParticipantToken: string; DisplayName: string }[]).find(
    (p) => p.ParticipantRole === 'AGENT',
  );
  assert.ok(agent, JSON.stringify(Participants));
  const conn = await connectCustomer(t.pc, agent.ParticipantToken);
  const socket = await TestSocket.subscribed(conn.url);
  return { userId, joinedAt, participantId: agent.ParticipantId, displayName: agent.DisplayName, token: conn.connectionToken, socket };
}

/** SendMessage text/plain as the holder of the ConnectionToken. */
export const say = (t: ChatTestServer, who: Member, text: string) =>
  t.pc.send(new SendMessageCommand({ ConnectionToken: who.token, ContentType: 'text/plain', Content: text }));

/** Moves the clock to exactly `at` (epoch ms) from `now`. */
export async function advanceTo(t: ChatTestServer, at: number): Promise<number> {
  const now = await clockNow(t.server.url);
  assert.ok(at >= now, `cannot go back from ${iso(now)} to ${iso(at)}`);
  const reached = await advance(t.server.url, (at - now) / 1000);
  assert.equal(reached, at);
  return reached;
}

/** Waits until everything the server sent is in, then the timer events buffered on the socket (all other items are dropped). */
export async function timerEvents(socket: TestSocket): Promise<SocketItem[]> {
  await socket.sync();
  return socket.takeItems().filter((i) => TIMER_EVENTS.includes(i.ContentType!));
}

/** The item names this participant (id, name, role) as timer events do. */
export function names(item: SocketItem, who: { participantId: string; displayName: string }, role: Role): void {
  assert.equal(item.Type, 'EVENT');
  assert.deepEqual(
    { ParticipantId: item.ParticipantId, DisplayName: item.DisplayName, ParticipantRole: item.ParticipantRole },
    { ParticipantId: who.participantId, DisplayName: who.displayName, ParticipantRole: role },
  );
}

/** End of a test: the chat stops (if it still goes on) so its timers do not fire in later tests, and the sockets close. */
export async function finish(env: AgentEnv, contactId: string, ...sockets: (TestSocket | undefined)[]): Promise<void> {
  await env.client.send(new StopContactCommand({ InstanceId: env.instanceId, ContactId: contactId })).catch(() => undefined);
  for (const s of sockets) await s?.close();
}
