// What a chat is made of: its session on the contact (participants, content types, duration),
// the tokens that name a participant, and the transcript items everyone sees.
import { createHash, randomBytes } from 'node:crypto';
import { ServiceError } from '../protocol/errors.js';
import type { Partition, StoredRecord } from '../store/store.js';
import { chatKey, currentSegment, findContact, isEnded, type ContactData } from './contacts.js';
import type { ChatItem } from './events.js';
import { timeOrderedId } from './resources.js';
import type { ChatTimers } from './participant-timers.js';
import type { Work } from './work.js';

export type ParticipantRole = 'CUSTOMER' | 'AGENT' | 'SYSTEM' | 'CUSTOM_BOT' | 'SUPERVISOR';

export interface ChatParticipant {
  ParticipantId: string;
  ParticipantRole: ParticipantRole;
  DisplayName: string;
  /** what it calls CreateParticipantConnection with (handed out again by /_local/) */
  ParticipantToken: string;
  /** when it first connected */
  ConnectedAt?: number;
  LeftAt?: number;
}

export interface ChatSession {
  /** participant timers (UpdateParticipantRoleConfig) */
  Timers?: ChatTimers;
  /** the chats this one continues (persistent chat), the nearest first; their transcripts are copied into this one's */
  Sources: string[];
  DurationMinutes: number;
  SupportedMessagingContentTypes: string[];
  Participants: ChatParticipant[];
}

/** The log stream that holds a chat's transcript. */
export const transcriptOf = (contactId: string): string => `transcript/${contactId}`;

/** Tokens are looked up across accounts and regions: the token alone finds its chat. */
export const TOKEN_PARTITION: Partition = { account: '', region: '' };
export const PARTICIPANT_TOKEN = 'participant-token';
export const CONNECTION_TOKEN = 'connection-token';
export type TokenKind = typeof PARTICIPANT_TOKEN | typeof CONNECTION_TOKEN;

interface TokenData extends Partition {
  instanceId: string;
  contactId: string;
  participantId: string;
  expiresAt?: number;
}

/** 256 random bits: unguessable. */
export const newToken = (): string => randomBytes(32).toString('base64url');
/** Tokens are stored by their hash, so the store never holds a usable connection token. */
export const tokenKey = (token: string): string => createHash('sha256').update(token).digest('base64url');

export async function saveToken(w: Work, kind: TokenKind, token: string, data: TokenData): Promise<void> {
  await w.tx.put(TOKEN_PARTITION, { kind, scope: '', id: tokenKey(token), data });
}

/** The participant a token names, in its chat. */
export interface Caller {
  partition: Partition;
  contact: StoredRecord<ContactData>;
  chat: ChatSession;
  participant: ChatParticipant;
  /** the stored key of the token used */
  tokenKey: string;
}

const accessDenied = (): ServiceError => new ServiceError('AccessDeniedException', 'Access denied');

/**
 * The participant behind a token of a chat that is still going, or 403 AccessDeniedException
 * as AWS answers for a wrong, expired or ended token.
 */
export async function resolveToken(w: Work, kind: TokenKind, token: string): Promise<Caller> {
  return resolveTokenKey(w, kind, tokenKey(token));
}

/** The same, for a token known by its stored key (a websocket ticket carries that). */
export async function resolveTokenKey(w: Work, kind: TokenKind, key: string): Promise<Caller> {
  const rec = await w.tx.get<TokenData>(TOKEN_PARTITION, kind, '', key);
  if (!rec || (rec.data.expiresAt !== undefined && rec.data.expiresAt <= w.now)) throw accessDenied();
  const { account, region, instanceId, contactId, participantId } = rec.data;
  const partition = { account, region };
  const first = await findContact(w, partition, instanceId, contactId);
  // a chat that went on in another segment of its chain (a disconnect flow) keeps its tokens
  const contact = first && (await currentSegment(w, partition, first));
  const chat = contact?.data.Chat;
  const participant = chat?.Participants.find((x) => x.ParticipantId === participantId);
  if (!contact || !chat || !participant || isEnded(contact.data) || participant.LeftAt !== undefined) throw accessDenied();
  return { partition, contact, chat, participant, tokenKey: key };
}

/** AWS writes participant-service times as ISO 8601 with milliseconds. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

export type NewItem = Omit<ChatItem, 'AbsoluteTime' | 'Id' | 'ContactId' | 'InitialContactId'>;

export const fromParticipant = (p: ChatParticipant): Pick<ChatItem, 'ParticipantId' | 'DisplayName' | 'ParticipantRole'> => ({
  ParticipantId: p.ParticipantId,
  DisplayName: p.DisplayName,
  ParticipantRole: p.ParticipantRole,
});

/**
 * Adds an item to the chat: kept in the transcript unless `ephemeral` (typing, idle), and
 * announced to every participant's socket once committed.
 */
export async function addItem(
  w: Work,
  p: Partition,
  contact: StoredRecord<ContactData>,
  item: NewItem,
  ephemeral = false,
  /** a participant id: the item goes to that participant's sockets alone (always ephemeral) */
  only?: string,
): Promise<ChatItem> {
  const full: ChatItem = {
    AbsoluteTime: isoTime(w.now),
    Id: timeOrderedId(w.now),
    ...item,
    ContactId: contact.id,
    InitialContactId: contact.data.InitialContactId!,
  };
  if (!ephemeral && !only) {
    await w.tx.appendLog(p, { scope: contact.scope, stream: transcriptOf(chatKey(contact)), id: full.Id!, at: w.now, data: full });
  }
  w.emit({ type: 'chat', chat: chatKey(contact), item: full, ...(only ? { only } : {}) });
  return full;
}

export const EVENT = 'application/vnd.amazonaws.connect.event.';
export const PARTICIPANT_JOINED = `${EVENT}participant.joined`;
export const PARTICIPANT_LEFT = `${EVENT}participant.left`;
export const CHAT_ENDED = `${EVENT}chat.ended`;
export const TYPING = `${EVENT}typing`;
export const CONNECTION_ACKNOWLEDGED = `${EVENT}connection.acknowledged`;
export const MESSAGE_DELIVERED = `${EVENT}message.delivered`;
export const MESSAGE_READ = `${EVENT}message.read`;
export const DISPLAY_NAME_UPDATED = `${EVENT}participant.displayname.updated`;

/** The participant whose name system messages (a flow's MessageParticipant) carry. */
export function systemSender(contact: StoredRecord<ContactData>): Pick<ChatItem, 'ParticipantId' | 'DisplayName' | 'ParticipantRole'> {
  // one stable id per chat, derived rather than stored
  const h = createHash('sha256').update(`system:${chatKey(contact)}`).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return { ParticipantId: id, DisplayName: 'SYSTEM_MESSAGE', ParticipantRole: 'SYSTEM' };
}
