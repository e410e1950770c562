// Chat behaviour: starting a chat contact, participants connecting, messages and events,
// leaving, and the end of a chat (by a participant, StopContact, or its duration running out).
import type * as C from '../generated/connect.types.js';
import { BadRequest, notFound, ServiceError } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { checkAttributes, checkMessage, checkSupportedTypes, TEXT_PLAIN } from './chat-content.js';
import {
  addItem,
  CHAT_ENDED,
  CONNECTION_TOKEN,
  fromParticipant,
  isoTime,
  newToken,
  PARTICIPANT_JOINED,
  PARTICIPANT_LEFT,
  PARTICIPANT_TOKEN,
  saveToken,
  transcriptOf,
  type Caller,
  type ChatParticipant,
  type ChatSession,
} from './chat-session.js';
import { chatKey, CONTACT, contactArn, currentSegment, DEFAULT_QUEUE_PRIORITY, findContact, getContact, isEnded, saveContact, type ContactData } from './contacts.js';
import { runnableFlow } from './contact-flows.js';
import { parkedRuns, resumeFlow, startFlow, stopAllFlows } from './flow-runner.js';
import { continueInDisconnectFlow } from './segments.js';
import { getInstance } from './instances.js';
import { releaseContact } from './offers.js';
import { registerTimerDeadlines, startTimers, stopTimersIfAlone } from './participant-timers.js';
import { newId } from './resources.js';
import { displayName, type UserData } from './users.js';
import type { Work } from './work.js';

/** A chat lasts 25 hours unless StartChatContact says otherwise. */
export const DEFAULT_CHAT_MINUTES = 25 * 60;
/** ConnectionTokens live a day (AWS API reference, CreateParticipantConnection). */
export const CONNECTION_TOKEN_MS = 24 * 60 * 60 * 1000;

const CHAT_DURATION = 'chat-duration';

interface ContactRef extends Partition {
  instanceId: string;
  contactId: string;
}

export interface StartedChat {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
  ContinuedFromContactId?: string;
}

export async function startChat(w: Work, caller: Partition, input: C.StartChatContactRequest): Promise<StartedChat> {
  // only the partition itself: it goes into stored data
  const p: Partition = { account: caller.account, region: caller.region };
  const { id: instanceId } = await getInstance(w.tx, p, input.InstanceId);
  const flow = await runnableFlow(w, p, instanceId, input.ContactFlowId);
  const segment = input.SegmentAttributes ?? {};
  const guide = segment['connect:Subtype']?.ValueString === 'connect:Guide';
  const supported = input.SupportedMessagingContentTypes ?? [TEXT_PLAIN];
  checkSupportedTypes(supported, guide);
  for (const key of Object.keys(segment)) {
    if (!/^[A-Za-z0-9_:-]+$/.test(key)) throw new BadRequest(`SegmentAttributes: the key ${JSON.stringify(key)} may hold only letters, digits, -, _ and :`, 'constraint');
  }
  if (input.Attributes) checkAttributes(input.Attributes);
  if (input.InitialMessage) checkMessage('InitialMessage', input.InitialMessage.ContentType, input.InitialMessage.Content, supported);

  const related = input.RelatedContactId ? await relatedContact(w, p, instanceId, input) : undefined;
  const source = input.PersistentChat ? await persistentSource(w, p, instanceId, input.PersistentChat) : undefined;

  const id = newId();
  const customer: ChatParticipant = {
    ParticipantId: newId(),
    ParticipantRole: 'CUSTOMER',
    DisplayName: input.ParticipantDetails.DisplayName,
    ParticipantToken: newToken(),
  };
  const chat: ChatSession = {
    Sources: source ? [source.id, ...source.data.Chat!.Sources] : [],
    DurationMinutes: input.ChatDurationInMinutes ?? DEFAULT_CHAT_MINUTES,
    SupportedMessagingContentTypes: supported,
    Participants: [customer],
    // a continued chat keeps the timer configuration of the one it resumes (timers.md §2)
    ...(source?.data.Chat?.Timers ? { Timers: { Stored: { ...source.data.Chat.Timers.Stored }, Running: {} } } : {}),
  };
  const contact: StoredRecord<ContactData> = {
    ...p,
    seq: 0,
    kind: CONTACT,
    scope: instanceId,
    id,
    data: {
      Id: id,
      Arn: contactArn(p, instanceId, id),
      // a persistent chat is a new session, related to the chat it resumes (admin guide,
      // "Enable persistent chat": RelatedContactId is the contact the chat was rehydrated from)
      InitialContactId: id,
      RelatedContactId: input.RelatedContactId ?? source?.id,
      Channel: 'CHAT',
      InitiationMethod: 'API',
      InitiationTimestamp: w.now,
      QueuePriority: DEFAULT_QUEUE_PRIORITY,
      QueueTimeAdjustmentSeconds: 0,
      CustomerId: input.CustomerId,
      SegmentAttributes: input.SegmentAttributes,
      // a related contact lends its attributes; the request's own win
      Attributes: { ...related?.data.Attributes, ...input.Attributes },
      ContactFlowId: flow.id,
      Chat: chat,
    },
  };
  await saveContact(w, p, contact, 'INITIATED');
  if (source) await copyTranscript(w, p, source, contact);
  await saveToken(w, PARTICIPANT_TOKEN, customer.ParticipantToken, { ...p, instanceId, contactId: id, participantId: customer.ParticipantId });
  if (input.InitialMessage) {
    await addItem(w, p, contact, {
      Type: 'MESSAGE',
      ContentType: input.InitialMessage.ContentType,
      Content: input.InitialMessage.Content,
      ...fromParticipant(customer),
    });
  }
  const ref: ContactRef = { ...p, instanceId, contactId: id };
  await w.arm(CHAT_DURATION, id, w.now + chat.DurationMinutes * 60_000, ref);
  await startFlow(w, p, contact, flow, 'main');
  return {
    ContactId: id,
    ParticipantId: customer.ParticipantId,
    ParticipantToken: customer.ParticipantToken,
    ContinuedFromContactId: source?.id,
  };
}

/** A persistent chat shows what was said before: the source's transcript, copied in page by page. */
async function copyTranscript(w: Work, p: Partition, from: StoredRecord<ContactData>, to: StoredRecord<ContactData>): Promise<void> {
  const stream = transcriptOf(chatKey(to));
  for (let after = 0; ; ) {
    const page = await w.tx.readLog(p, { stream: transcriptOf(chatKey(from)), direction: 'forward', after, limit: 500 });
    for (const e of page) await w.tx.appendLog(p, { scope: to.scope, stream, id: e.id, at: e.at, data: e.data });
    if (page.length < 500) return;
    after = page[page.length - 1].seq;
  }
}

async function relatedContact(w: Work, p: Partition, instanceId: string, input: C.StartChatContactRequest): Promise<StoredRecord<ContactData>> {
  if (input.PersistentChat) throw new BadRequest('RelatedContactId cannot be combined with PersistentChat');
  return getContact(w, p, instanceId, input.RelatedContactId!);
}

/** The ended chat a persistent chat resumes (spec chat.md §1.1, PersistentChat). */
async function persistentSource(w: Work, p: Partition, instanceId: string, pc: C.PersistentChat): Promise<StoredRecord<ContactData>> {
  if (!pc.RehydrationType) throw new BadRequest('PersistentChat.RehydrationType is required: ENTIRE_PAST_SESSION or FROM_SEGMENT');
  if (!pc.SourceContactId) throw new BadRequest('PersistentChat.SourceContactId is required');
  let source = await getContact(w, p, instanceId, pc.SourceContactId);
  if (pc.RehydrationType === 'ENTIRE_PAST_SESSION') {
    if (source.data.InitialContactId !== source.id) {
      throw new BadRequest(`PersistentChat.SourceContactId: ${pc.SourceContactId} is not the initial contact of a chat session; ENTIRE_PAST_SESSION takes the InitialContactId`);
    }
    // the session's most recent ended chat
    const chain = await w.tx.list<ContactData>(p, { kind: CONTACT, scope: instanceId, where: { InitialContactId: source.id }, limit: 1000 });
    const ended = chain.filter((c) => c.data.Chat && isEnded(c.data));
    source = ended[ended.length - 1] ?? source;
  }
  if (!source.data.Chat) throw new BadRequest(`PersistentChat.SourceContactId: ${source.id} is not a chat contact`);
  if (!isEnded(source.data)) throw new BadRequest(`PersistentChat.SourceContactId: the chat ${source.id} has not ended; only an ended chat can be resumed`);
  return source;
}

/**
 * CreateParticipant: a custom participant (a bot of the customer's own) joins a chat that goes
 * on; it is in the chat once it connects with its token.
 */
export async function addParticipant(
  w: Work,
  caller: Partition,
  instanceId: string,
  contactId: string,
  details: C.ParticipantDetailsToAdd,
): Promise<{ ParticipantId: string; ParticipantToken: string; Expiry: string }> {
  const p: Partition = { account: caller.account, region: caller.region };
  const contact = await getContact(w, p, instanceId, contactId);
  const chat = contact.data.Chat;
  if (!chat) throw new BadRequest(`Contact ${contactId} is not a chat: participants are added to chats`);
  if (isEnded(contact.data)) throw new BadRequest(`Contact ${contactId} has ended`);
  if (details.ParticipantRole !== 'CUSTOM_BOT') {
    throw new BadRequest(`ParticipantDetails.ParticipantRole: a chat takes added participants of the role CUSTOM_BOT, not ${details.ParticipantRole ?? 'none'}`);
  }
  if (!details.DisplayName) throw new BadRequest('ParticipantDetails.DisplayName is required for a CUSTOM_BOT participant');
  const added: ChatParticipant = { ParticipantId: newId(), ParticipantRole: 'CUSTOM_BOT', DisplayName: details.DisplayName, ParticipantToken: newToken() };
  chat.Participants.push(added);
  await saveContact(w, p, contact);
  await saveToken(w, PARTICIPANT_TOKEN, added.ParticipantToken, { ...p, instanceId, contactId, participantId: added.ParticipantId });
  return {
    ParticipantId: added.ParticipantId,
    ParticipantToken: added.ParticipantToken,
    // valid for the participant's life: at most until the chat's duration runs out
    Expiry: isoTime(contact.data.InitiationTimestamp! + chat.DurationMinutes * 60_000),
  };
}

/** An agent accepted the chat: it joins as a participant whose token /_local/ hands out. */
export async function joinAgent(w: Work, p: Partition, contact: StoredRecord<ContactData>, user: StoredRecord<UserData>): Promise<void> {
  const agent: ChatParticipant = {
    ParticipantId: newId(),
    ParticipantRole: 'AGENT',
    DisplayName: displayName(user.data),
    ParticipantToken: newToken(),
    ConnectedAt: w.now,
  };
  contact.data.Chat!.Participants.push(agent);
  await saveToken(w, PARTICIPANT_TOKEN, agent.ParticipantToken, {
    account: p.account,
    region: p.region,
    instanceId: contact.scope,
    contactId: contact.id,
    participantId: agent.ParticipantId,
  });
  await addItem(w, p, contact, { Type: 'EVENT', ContentType: PARTICIPANT_JOINED, ...fromParticipant(agent) });
  await startTimers(w, p, contact, agent);
}

export interface NewConnection {
  /** a fresh ConnectionToken, with its expiry */
  token: string;
  expiresAt: number;
}

/**
 * CreateParticipantConnection: a new ConnectionToken for the participant; its first connection
 * joins it to the chat (for the customer: the contact is connected to the system).
 */
export async function connectParticipant(w: Work, caller: Caller): Promise<NewConnection> {
  const { partition: p, contact, participant } = caller;
  const token = newToken();
  const expiresAt = w.now + CONNECTION_TOKEN_MS;
  await saveToken(w, CONNECTION_TOKEN, token, {
    ...p,
    instanceId: contact.scope,
    contactId: contact.id,
    participantId: participant.ParticipantId,
    expiresAt,
  });
  if (participant.ConnectedAt === undefined) {
    participant.ConnectedAt = w.now;
    await addItem(w, p, contact, { Type: 'EVENT', ContentType: PARTICIPANT_JOINED, ...fromParticipant(participant) });
    const first = participant.ParticipantRole === 'CUSTOMER' && contact.data.ConnectedToSystemTimestamp === undefined;
    if (first) contact.data.ConnectedToSystemTimestamp = w.now;
    await startTimers(w, p, contact, participant);
    await saveContact(w, p, contact, first ? 'CONNECTED_TO_SYSTEM' : undefined);
  }
  return { token, expiresAt };
}

/**
 * A participant leaves. The customer leaving ends the chat; the agent leaving ends it too,
 * unless a disconnect flow takes the customer on (CustomerRemaining).
 */
export async function leaveChat(w: Work, caller: Caller): Promise<void> {
  const { partition: p, contact, participant } = caller;
  participant.LeftAt = w.now;
  await addItem(w, p, contact, { Type: 'EVENT', ContentType: PARTICIPANT_LEFT, ...fromParticipant(participant) });
  if (participant.ParticipantRole === 'CUSTOMER') return endChat(w, p, contact, 'CUSTOMER_DISCONNECT');
  if (participant.ParticipantRole === 'AGENT') return agentGone(w, p, contact, 'AGENT_DISCONNECT');
  await stopTimersIfAlone(w, contact);
  await saveContact(w, p, contact);
  // a flow may wait for the custom participant to go (Wait with BotParticipantDisconnected)
  if (participant.ParticipantRole === 'CUSTOM_BOT') await resumeWaits(w, p, contact, 'BotParticipantDisconnected');
}

/** Flows waiting for `event` (a Wait block that lists it) go on with it. */
export async function resumeWaits(w: Work, p: Partition, contact: StoredRecord<ContactData>, event: string): Promise<void> {
  for (const { slot, park } of parkedRuns(contact.data)) {
    if (park.Kind === 'wait' && park.Events?.includes(event)) await resumeFlow(w, p, contact, slot, park.Id, { kind: 'value', value: event });
  }
}

/** The agent has left (or was disconnected): a disconnect flow takes the customer on, or the chat ends. */
async function agentGone(w: Work, p: Partition, contact: StoredRecord<ContactData>, reason: string): Promise<void> {
  if (!(await continueInDisconnectFlow(w, p, contact, reason))) await endChat(w, p, contact, reason);
}

/** A flow disconnected the customer, or ended before the contact was queued (flows.md §5). */
export const endChatFromFlow = (w: Work, p: Partition, contact: StoredRecord<ContactData>): Promise<void> => endChat(w, p, contact, 'CONTACT_FLOW_DISCONNECT');

/**
 * Ends a chat as AWS does: everyone still in it leaves, then chat.ended; the contact is
 * disconnected and its tokens stop working.
 */
export async function endChat(w: Work, p: Partition, contact: StoredRecord<ContactData>, reason: string): Promise<void> {
  const chat = contact.data.Chat;
  if (chat) {
    for (const x of chat.Participants) {
      if (x.LeftAt !== undefined) continue;
      x.LeftAt = w.now;
      // only who joined is said to leave
      if (x.ConnectedAt !== undefined) await addItem(w, p, contact, { Type: 'EVENT', ContentType: PARTICIPANT_LEFT, ...fromParticipant(x) });
    }
    await addItem(w, p, contact, { Type: 'EVENT', ContentType: CHAT_ENDED });
    w.emit({ type: 'chat-ended', chat: chatKey(contact) });
  }
  contact.data.DisconnectTimestamp = w.now;
  await stopAllFlows(w, contact);
  if (chat) await stopTimersIfAlone(w, contact);
  contact.data.DisconnectReason = reason;
  await w.cancel(CHAT_DURATION, contact.id);
  await releaseContact(w, p, contact);
  await saveContact(w, p, contact, 'DISCONNECTED');
}

/** StopContact: any chat can be stopped while it goes on. */
export async function stopContact(w: Work, p: Partition, instanceId: string, contactId: string): Promise<void> {
  const contact = await getContact(w, p, instanceId, contactId);
  // a segment the chat has moved on from has ended already
  if (isEnded(contact.data)) throw new BadRequest(`Contact ${contactId} has already ended`);
  await endChat(w, p, contact, 'API');
}

/**
 * A DISCONNECT_NONCUSTOMER timer ran out: everyone but the customer leaves; a disconnect flow
 * takes the customer on, or else the chat ends (timers.md §4, chat.md §5).
 */
async function autoDisconnect(w: Work, p: Partition, contact: StoredRecord<ContactData>): Promise<void> {
  let agentRemoved = false;
  for (const x of contact.data.Chat!.Participants) {
    if (x.ParticipantRole === 'CUSTOMER' || x.LeftAt !== undefined) continue;
    x.LeftAt = w.now;
    if (x.ParticipantRole === 'AGENT') agentRemoved = true;
    if (x.ConnectedAt !== undefined) await addItem(w, p, contact, { Type: 'EVENT', ContentType: PARTICIPANT_LEFT, ...fromParticipant(x) });
  }
  if (agentRemoved) return agentGone(w, p, contact, 'IDLE_DISCONNECT');
  // only custom participants were removed (a bot with the customer, no agent): the chat goes on
  // with the customer, and a flow waiting for the bot to go takes its branch (timers.md §4);
  // ending the chat here, as for an agent, cut the customer off mid-flow
  await stopTimersIfAlone(w, contact);
  await saveContact(w, p, contact);
  await resumeWaits(w, p, contact, 'BotParticipantDisconnected');
}

export function registerChatDeadlines(on: (kind: string, handler: (w: Work, payload: unknown) => Promise<void>) => void): void {
  registerTimerDeadlines(on, (w, r) => findContact(w, r, r.instanceId, r.contactId), autoDisconnect);
  on(CHAT_DURATION, async (w, payload) => {
    const ref = payload as ContactRef;
    const first = await findContact(w, ref, ref.instanceId, ref.contactId);
    // the chat's whole chain counts: it ends in whichever segment it has reached
    const contact = first && (await currentSegment(w, ref, first));
    if (contact && !isEnded(contact.data)) await endChat(w, ref, contact, 'EXPIRED');
  });
}

/** The token of a participant as /_local/ hands it out, with the rest of what a test needs. */
export async function listParticipants(w: Work, p: Partition, instanceId: string, contactId: string) {
  const { id } = await getInstance(w.tx, p, instanceId);
  const found = await findContact(w, p, id, contactId);
  if (!found) throw notFound('Contact', contactId);
  const contact = await currentSegment(w, p, found);
  if (!contact.data.Chat) throw new ServiceError('InvalidRequestException', `Contact ${contactId} is not a chat`);
  return contact.data.Chat.Participants.map((x) => ({
    ParticipantId: x.ParticipantId,
    ParticipantRole: x.ParticipantRole,
    DisplayName: x.DisplayName,
    ParticipantToken: x.ParticipantToken,
    ...(x.ConnectedAt !== undefined ? { ConnectedTimestamp: isoTime(x.ConnectedAt) } : {}),
    ...(x.LeftAt !== undefined ? { LeftTimestamp: isoTime(x.LeftAt) } : {}),
  }));
}
