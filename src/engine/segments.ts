// Segments of a chat's chain: when the agent leaves and the customer stays, the flow set as the
// contact's disconnect flow (UpdateContactEventHooks CustomerRemaining) takes the customer on in
// a new contact of the same chain (InitiationMethod DISCONNECT, PreviousContactId the one the
// agent left). The chat itself (participants, transcript, sockets, tokens) goes on unchanged.
import type { Partition, StoredRecord } from '../store/store.js';
import { publishedFlow } from './contact-flows.js';
import { CONTACT, contactArn, DEFAULT_QUEUE_PRIORITY, saveContact, type ContactData } from './contacts.js';
import { startFlow, stopAllFlows } from './flow-runner.js';
import { releaseContact } from './offers.js';
import { stopTimersIfAlone } from './participant-timers.js';
import { newId } from './resources.js';
import type { Work } from './work.js';

/**
 * The agent has left `contact`: if a disconnect flow is set and the customer is still in, the
 * chat goes on in a new segment running it (true); otherwise nothing happens here (false).
 */
export async function continueInDisconnectFlow(w: Work, p: Partition, contact: StoredRecord<ContactData>, reason: string): Promise<boolean> {
  const chat = contact.data.Chat;
  const hook = contact.data.Flow?.Hooks.CustomerRemaining;
  const customer = chat?.Participants.find((x) => x.ParticipantRole === 'CUSTOMER');
  if (!chat || !hook || !customer || customer.LeftAt !== undefined) return false;
  const flow = await publishedFlow(w, p, contact.scope, hook, ['CONTACT_FLOW']);
  if (!flow) return false;

  const id = newId();
  const old = contact.data;
  const next: StoredRecord<ContactData> = {
    ...p,
    seq: 0,
    kind: CONTACT,
    scope: contact.scope,
    id,
    data: {
      Id: id,
      Arn: contactArn(p, contact.scope, id),
      InitialContactId: old.InitialContactId,
      PreviousContactId: contact.id,
      RelatedContactId: old.RelatedContactId,
      Channel: old.Channel,
      InitiationMethod: 'DISCONNECT',
      InitiationTimestamp: w.now,
      ConnectedToSystemTimestamp: w.now,
      QueuePriority: DEFAULT_QUEUE_PRIORITY,
      QueueTimeAdjustmentSeconds: 0,
      CustomerId: old.CustomerId,
      SegmentAttributes: old.SegmentAttributes,
      // attributes are the chain's: the next segment starts with them
      Attributes: { ...old.Attributes },
      ContactFlowId: flow.id,
      Chat: chat,
      // UpdateFlowLoggingBehavior is inherited by later segments (flows.md §3.5): without it the
      // disconnect flow went unlogged when only the inbound flow had turned logging on
      ...(old.Flow?.Logging !== undefined ? { Flow: { Runs: {}, Hooks: {}, Logging: old.Flow.Logging } } : {}),
    },
  };
  // the segment the agent left is over; its chat lives on in the next one
  await stopTimersIfAlone(w, contact);
  delete old.Chat;
  old.NextContactId = id;
  old.DisconnectTimestamp = w.now;
  old.DisconnectReason = reason;
  await stopAllFlows(w, contact);
  await releaseContact(w, p, contact);
  await saveContact(w, p, contact, 'DISCONNECTED');
  await saveContact(w, p, next, 'INITIATED');
  await startFlow(w, p, next, flow, 'main');
  return true;
}
