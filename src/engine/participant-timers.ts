// Participant timers (spec timers.md): UpdateParticipantRoleConfig stores idle and
// auto-disconnect minutes per role; the stored configuration becomes active when an agent (or a
// custom participant) joins; timers run on the emulator clock, as durable deadlines, only while a
// customer and an agent are both in the chat. Per role: idle first, then the disconnect
// countdown; a disconnect timer alone runs at once; a message of the role starts it over.
import type * as C from '../generated/connect.types.js';
import { BadRequest } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { addItem, EVENT, fromParticipant, type ChatParticipant, type ChatSession } from './chat-session.js';
import { isEnded, saveContact, type ContactData } from './contacts.js';
import type { Work } from './work.js';

export const PARTICIPANT_TIMER = 'participant-timer';
export const PARTICIPANT_IDLE = `${EVENT}participant.idle`;
export const PARTICIPANT_RETURNED = `${EVENT}participant.returned`;
export const PARTICIPANT_AUTODISCONNECTION = `${EVENT}participant.autodisconnection`;

export type TimedRole = C.TimerEligibleParticipantRoles;
type TimerType = C.ParticipantTimerType;
/** minutes per role and timer type */
export type TimerConfig = Partial<Record<`${TimedRole}:${TimerType}`, number>>;

/** Where one role's countdown stands: counting to idle, idle and counting to the disconnect, or idle with nothing left to count. */
export interface RoleTimer {
  phase: 'idle-wait' | 'disc-wait' | 'idle';
  /** when the countdown runs out (not in phase idle) */
  due?: number;
  /** the role has become idle: its next message says participant.returned */
  idle: boolean;
}

export interface ChatTimers {
  /** what UpdateParticipantRoleConfig set */
  Stored: TimerConfig;
  /** what was stored when the agent (or custom participant) last joined */
  Active?: TimerConfig;
  Running: Partial<Record<TimedRole, RoleTimer>>;
}

const ROLES: TimedRole[] = ['CUSTOMER', 'AGENT'];

interface TimerRef extends Partition {
  instanceId: string;
  contactId: string;
  role: TimedRole;
}

/** UpdateParticipantRoleConfig: one entry per (role, type); Unset deletes one. */
export async function updateRoleConfig(w: Work, p: Partition, contact: StoredRecord<ContactData>, list: C.ParticipantTimerConfiguration[]): Promise<void> {
  const chat = contact.data.Chat;
  if (!chat) throw new BadRequest(`Contact ${contact.id} is a ${contact.data.Channel} contact: participant timers are for chats`);
  if (isEnded(contact.data)) throw new BadRequest(`Contact ${contact.id} has ended`);
  const seen = new Set<string>();
  for (const t of list) {
    const key = `${t.ParticipantRole}:${t.TimerType}` as const;
    if (seen.has(key)) throw new BadRequest(`ParticipantTimerConfigList names ${t.ParticipantRole} ${t.TimerType} twice`);
    seen.add(key);
  }
  const timers = (chat.Timers ??= { Stored: {}, Running: {} });
  for (const t of list) {
    const key = `${t.ParticipantRole}:${t.TimerType}` as const;
    if (t.TimerValue.ParticipantTimerDurationInMinutes !== undefined) timers.Stored[key] = t.TimerValue.ParticipantTimerDurationInMinutes;
    else delete timers.Stored[key];
  }
  // while customer and agent are both in, the change waits for the next join (timers.md §2)
  await saveContact(w, p, contact);
}

const inChat = (x: ChatParticipant): boolean => x.ConnectedAt !== undefined && x.LeftAt === undefined;
/** the participant timed for a role: the customer, or the agent (or a custom participant) */
const timedParticipant = (chat: ChatSession, role: TimedRole): ChatParticipant | undefined =>
  chat.Participants.find((x) => inChat(x) && (role === 'CUSTOMER' ? x.ParticipantRole === 'CUSTOMER' : x.ParticipantRole === 'AGENT' || x.ParticipantRole === 'CUSTOM_BOT'));
const bothIn = (chat: ChatSession): boolean => ROLES.every((r) => timedParticipant(chat, r));

const ref = (p: Partition, contact: StoredRecord<ContactData>, role: TimedRole): TimerRef => ({
  account: p.account,
  region: p.region,
  instanceId: contact.scope,
  contactId: contact.id,
  role,
});
const key = (contactId: string, role: TimedRole): string => `${contactId}/${role}`;

/** A role's cycle from the start: the idle countdown, or the disconnect one when only that is set. */
async function restart(w: Work, p: Partition, contact: StoredRecord<ContactData>, role: TimedRole): Promise<void> {
  const timers = contact.data.Chat!.Timers!;
  const idle = timers.Active?.[`${role}:IDLE`];
  const disconnect = timers.Active?.[`${role}:DISCONNECT_NONCUSTOMER`];
  const minutes = idle ?? disconnect;
  if (minutes === undefined) {
    delete timers.Running[role];
    await w.cancel(PARTICIPANT_TIMER, key(contact.id, role));
    return;
  }
  const due = w.now + minutes * 60_000;
  timers.Running[role] = { phase: idle !== undefined ? 'idle-wait' : 'disc-wait', due, idle: false };
  await w.arm(PARTICIPANT_TIMER, key(contact.id, role), due, ref(p, contact, role));
}

/**
 * An agent or custom participant joined, or the customer connected: with both in, the timers
 * start (a join also makes the stored configuration the active one). The caller saves.
 */
export async function startTimers(w: Work, p: Partition, contact: StoredRecord<ContactData>, joiner: ChatParticipant): Promise<void> {
  const chat = contact.data.Chat!;
  if (!chat.Timers) return;
  if (joiner.ParticipantRole !== 'CUSTOMER') chat.Timers.Active = { ...chat.Timers.Stored };
  if (!bothIn(chat)) return;
  for (const role of ROLES) await restart(w, p, contact, role);
}

/** Someone left or the chat ended: without a customer and an agent both in, no timer runs. The caller saves. */
export async function stopTimersIfAlone(w: Work, contact: StoredRecord<ContactData>): Promise<void> {
  const chat = contact.data.Chat!;
  if (!chat.Timers || (bothIn(chat) && !isEnded(contact.data))) return;
  for (const role of ROLES) await w.cancel(PARTICIPANT_TIMER, key(contact.id, role));
  chat.Timers.Running = {};
}

/** A message or attachment from a participant: its role's countdown starts over; an idle role returns. */
export async function activity(w: Work, p: Partition, contact: StoredRecord<ContactData>, who: ChatParticipant): Promise<void> {
  const chat = contact.data.Chat!;
  const role: TimedRole | undefined = who.ParticipantRole === 'CUSTOMER' ? 'CUSTOMER' : who.ParticipantRole === 'AGENT' || who.ParticipantRole === 'CUSTOM_BOT' ? 'AGENT' : undefined;
  // nothing to do (and nothing written) in a chat without running timers
  if (!role || !chat.Timers?.Running[role]) return;
  const wasIdle = chat.Timers.Running[role]!.idle;
  await restart(w, p, contact, role);
  // not kept in the transcript (timers.md §4)
  if (wasIdle) await addItem(w, p, contact, { Type: 'EVENT', ContentType: PARTICIPANT_RETURNED, ...fromParticipant(who) }, true);
  await saveContact(w, p, contact);
}

/** The armed timers of a chat, for /_local/. */
export function armedTimers(chat: ChatSession): { ParticipantRole: TimedRole; TimerType: TimerType; DueTimestamp: string; Idle: boolean }[] {
  return ROLES.flatMap((role) => {
    const r = chat.Timers?.Running[role];
    if (!r || r.due === undefined) return [];
    const TimerType: TimerType = r.phase === 'idle-wait' ? 'IDLE' : 'DISCONNECT_NONCUSTOMER';
    return [{ ParticipantRole: role, TimerType, DueTimestamp: new Date(r.due).toISOString(), Idle: r.idle }];
  });
}

/**
 * A countdown ran out. Idle: the role is idle, and its disconnect countdown starts if set.
 * Disconnect: everyone but the customer is disconnected; `disconnect` does the leaving (and
 * ends the chat where AWS ends it).
 */
export async function timerDue(
  w: Work,
  p: Partition,
  contact: StoredRecord<ContactData>,
  role: TimedRole,
  disconnect: (w: Work, p: Partition, contact: StoredRecord<ContactData>) => Promise<void>,
): Promise<void> {
  const chat = contact.data.Chat!;
  const running = chat.Timers?.Running[role];
  const who = timedParticipant(chat, role);
  if (!running || running.phase === 'idle' || !who || isEnded(contact.data)) return;
  if (running.phase === 'idle-wait') {
    running.idle = true;
    await addItem(w, p, contact, { Type: 'EVENT', ContentType: PARTICIPANT_IDLE, ...fromParticipant(who) }, true);
    const minutes = chat.Timers!.Active?.[`${role}:DISCONNECT_NONCUSTOMER`];
    if (minutes !== undefined) {
      running.phase = 'disc-wait';
      running.due = w.now + minutes * 60_000;
      await w.arm(PARTICIPANT_TIMER, key(contact.id, role), running.due, ref(p, contact, role));
    } else {
      // idle, and it stays so until its next message
      running.phase = 'idle';
      delete running.due;
    }
    await saveContact(w, p, contact);
    return;
  }
  await addItem(w, p, contact, { Type: 'EVENT', ContentType: PARTICIPANT_AUTODISCONNECTION, ...fromParticipant(who) }, true);
  await disconnect(w, p, contact);
}

export function registerTimerDeadlines(
  on: (kind: string, handler: (w: Work, payload: unknown) => Promise<void>) => void,
  load: (w: Work, r: TimerRef) => Promise<StoredRecord<ContactData> | undefined>,
  disconnect: (w: Work, p: Partition, contact: StoredRecord<ContactData>) => Promise<void>,
): void {
  on(PARTICIPANT_TIMER, async (w, payload) => {
    const r = payload as TimerRef;
    const contact = await load(w, r);
    if (contact?.data.Chat) await timerDue(w, r, contact, r.role, disconnect);
  });
}
