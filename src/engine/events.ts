// The event bus: what happened to contacts, announced after it was committed, in commit order
// (so in order per contact). The websocket gateway listens to one chat at a time; the event
// stream and the console will listen to everything. An interface, so that several nodes can
// later share one bus (PostgreSQL LISTEN/NOTIFY) without changing who publishes or listens.
import type { Partition } from '../store/store.js';
import type { LoggedContactEvent } from './contact-events.js';

/** A transcript item as the participant service and the websocket carry it. */
export interface ChatItem {
  AbsoluteTime: string;
  Id?: string;
  Type: string;
  ContentType?: string;
  Content?: string;
  ParticipantId?: string;
  DisplayName?: string;
  ParticipantRole?: string;
  Attachments?: { ContentType: string; AttachmentId: string; AttachmentName: string; Status: string }[];
  MessageMetadata?: {
    MessageId: string;
    Receipts?: { DeliveredTimestamp?: string; ReadTimestamp?: string; RecipientParticipantId: string }[];
  };
  ContactId: string;
  InitialContactId: string;
}

export type ContactChange = 'INITIATED' | 'CONNECTED_TO_SYSTEM' | 'QUEUED' | 'CONNECTED_TO_AGENT' | 'CONTACT_DATA_UPDATED' | 'DISCONNECTED';

export type BusEvent =
  /** something every participant of a chat sees: a transcript item or an ephemeral event */
  | { type: 'chat'; chat: string; item: ChatItem; only?: string }
  /** a chat ended: its sockets may go */
  | { type: 'chat-ended'; chat: string }
  /** a contact changed: `logged` holds the contact events it made, as logged (GET /_local/events) */
  | { type: 'contact'; partition: Partition; instanceId: string; contactId: string; change: ContactChange; updated?: string[]; logged: LoggedContactEvent[] };

export type Listener = (e: BusEvent) => void;

export interface EventBus {
  publish(e: BusEvent): void;
  /** every event of one chat (`chat` is its key: the chat's first contact id); returns the unsubscribe */
  subscribeChat(chat: string, l: Listener): () => void;
  /** every event */
  subscribe(l: Listener): () => void;
}

/** The bus of one process. */
export class LocalEventBus implements EventBus {
  private readonly byChat = new Map<string, Set<Listener>>();
  private readonly all = new Set<Listener>();

  publish(e: BusEvent): void {
    if (e.type !== 'contact') this.byChat.get(e.chat)?.forEach((l) => deliver(l, e));
    this.all.forEach((l) => deliver(l, e));
  }

  subscribeChat(chat: string, l: Listener): () => void {
    let set = this.byChat.get(chat);
    if (!set) this.byChat.set(chat, (set = new Set()));
    set.add(l);
    return () => {
      set.delete(l);
      if (set.size === 0) this.byChat.delete(chat);
    };
  }

  subscribe(l: Listener): () => void {
    this.all.add(l);
    return () => void this.all.delete(l);
  }
}

/** One listener's failure is its own: the others still hear the event. */
function deliver(l: Listener, e: BusEvent): void {
  try {
    l(e);
  } catch (err) {
    console.error('connect-local: an event listener failed:', err);
  }
}
