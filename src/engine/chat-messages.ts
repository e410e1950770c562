// What participants send: messages (kept in the transcript) and events (typing, receipts).
import { randomUUID } from 'node:crypto';
import { BadRequest, ServiceError } from '../protocol/errors.js';
import { checkMessage } from './chat-content.js';
import {
  addItem,
  CONNECTION_ACKNOWLEDGED,
  fromParticipant,
  isoTime,
  MESSAGE_DELIVERED,
  MESSAGE_READ,
  transcriptOf,
  TYPING,
  type Caller,
} from './chat-session.js';
import { connectParticipant, resumeWaits } from './chat.js';
import { chatKey } from './contacts.js';
import { activity } from './participant-timers.js';
import type { ChatItem } from './events.js';
import type { Work } from './work.js';

export interface Sent {
  Id: string;
  AbsoluteTime: string;
}

export async function sendMessage(w: Work, caller: Caller, contentType: string, content: string): Promise<Sent> {
  checkMessage('', contentType, content, caller.chat.SupportedMessagingContentTypes);
  const item = await addItem(w, caller.partition, caller.contact, {
    Type: 'MESSAGE',
    ContentType: contentType,
    Content: content,
    ...fromParticipant(caller.participant),
  });
  await activity(w, caller.partition, caller.contact, caller.participant);
  // a flow waiting for the customer (Wait with CustomerReturned) goes on
  if (caller.participant.ParticipantRole === 'CUSTOMER') await resumeWaits(w, caller.partition, caller.contact, 'CustomerReturned');
  return { Id: item.Id!, AbsoluteTime: item.AbsoluteTime };
}

const EVENT_TYPES = [TYPING, CONNECTION_ACKNOWLEDGED, MESSAGE_DELIVERED, MESSAGE_READ];

export async function sendEvent(w: Work, caller: Caller, contentType: string, content: string | undefined): Promise<Sent> {
  const { partition: p, contact, participant } = caller;
  let item: ChatItem;
  switch (contentType) {
    case TYPING:
      item = await addItem(w, p, contact, { Type: 'EVENT', ContentType: TYPING, ...fromParticipant(participant) }, true);
      break;
    case CONNECTION_ACKNOWLEDGED:
      // the older way to say what CreateParticipantConnection's ConnectParticipant says
      if (participant.ConnectedAt === undefined) await connectParticipant(w, caller);
      return { Id: randomUUID(), AbsoluteTime: isoTime(w.now) };
    case MESSAGE_DELIVERED:
    case MESSAGE_READ:
      item = await receipt(w, caller, contentType === MESSAGE_READ ? 'ReadTimestamp' : 'DeliveredTimestamp', content);
      break;
    default:
      throw new BadRequest(`ContentType: ${contentType} is not an event a participant can send; use one of ${EVENT_TYPES.join(', ')}`, 'constraint');
  }
  return { Id: item.Id!, AbsoluteTime: item.AbsoluteTime };
}

/**
 * A read or delivered receipt for a message: kept on the message (GetTranscript shows it in
 * MessageMetadata) and sent to every socket as a MESSAGEMETADATA item.
 */
async function receipt(w: Work, caller: Caller, field: 'ReadTimestamp' | 'DeliveredTimestamp', content: string | undefined): Promise<ChatItem> {
  const { partition: p, contact, chat, participant } = caller;
  let messageId: unknown;
  try {
    messageId = (JSON.parse(content ?? '') as { messageId?: unknown }).messageId;
  } catch {
    messageId = undefined;
  }
  if (typeof messageId !== 'string' || !messageId) {
    throw new BadRequest('Content: a receipt names its message as JSON, e.g. {"messageId":"<Id of the message>"}', 'constraint');
  }
  const message = await w.tx.getLog<ChatItem>(p, transcriptOf(chatKey(contact)), messageId);
  if (!message || message.data.Type !== 'MESSAGE') {
    throw new BadRequest(`Content: ${messageId} is not a message of this chat`, 'constraint');
  }
  const active = chat.Participants.filter((x) => x.ConnectedAt !== undefined && x.LeftAt === undefined).length;
  if (active > 2) throw new ServiceError('ConflictException', `Receipts are not supported while ${active} participants are in the chat (at most 2)`);
  const at = isoTime(w.now);
  const metadata = (message.data.MessageMetadata ??= { MessageId: messageId, Receipts: [] });
  const receipts = (metadata.Receipts ??= []);
  let mine = receipts.find((r) => r.RecipientParticipantId === participant.ParticipantId);
  if (!mine) receipts.push((mine = { RecipientParticipantId: participant.ParticipantId }));
  // the first receipt of a kind counts: a repeat tells the same time again
  mine[field] ??= at;
  await w.tx.updateLog(p, transcriptOf(chatKey(contact)), messageId, message.data);
  return addItem(
    w,
    p,
    contact,
    { Type: 'MESSAGEMETADATA', MessageMetadata: { MessageId: messageId, Receipts: [{ [field]: mine[field], RecipientParticipantId: participant.ParticipantId }] } },
    true,
  );
}
