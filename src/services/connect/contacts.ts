// Contacts: StartChatContact, DescribeContact, StopContact, attributes, tags, references and
// SearchContacts.
import type * as C from '../../generated/connect.types.js';
import { checkAttributes } from '../../engine/chat-content.js';
import { addParticipant, startChat, stopContact } from '../../engine/chat.js';
import { CONTACT, getContact, isEnded, priorityOut, saveContact, type ContactData } from '../../engine/contacts.js';
import { getInstance } from '../../engine/instances.js';
import { updateRoleConfig } from '../../engine/participant-timers.js';
import { updateRoutingData } from '../../engine/router.js';
import { asOutput } from '../../engine/resources.js';
import { BadRequest, notImplemented } from '../../protocol/errors.js';
import type { HandlerTable, RequestContext } from '../handler.js';
import { pageOfArray } from '../pagination.js';

/** AWS keeps at most this many user tags on a contact. */
const MAX_CONTACT_TAGS = 6;

async function contactOf(ctx: RequestContext, instance: string, contactId: string) {
  const { id } = await getInstance(ctx.tx, ctx, instance);
  return getContact(ctx.work, ctx, id, contactId);
}

/** Stored contact field that each SearchContacts time range and sort field reads. */
const TIME_FIELDS: Record<C.SearchContactsTimeRangeType, string> = {
  INITIATION_TIMESTAMP: 'InitiationTimestamp',
  SCHEDULED_TIMESTAMP: 'ScheduledTimestamp',
  CONNECTED_TO_AGENT_TIMESTAMP: 'AgentInfo.ConnectedToAgentTimestamp',
  DISCONNECT_TIMESTAMP: 'DisconnectTimestamp',
  ENQUEUE_TIMESTAMP: 'QueueInfo.EnqueueTimestamp',
};

const SORT_FIELDS: Record<C.SortableFieldName, string> = {
  INITIATION_TIMESTAMP: 'InitiationTimestamp',
  SCHEDULED_TIMESTAMP: 'ScheduledTimestamp',
  CONNECTED_TO_AGENT_TIMESTAMP: 'AgentInfo.ConnectedToAgentTimestamp',
  DISCONNECT_TIMESTAMP: 'DisconnectTimestamp',
  INITIATION_METHOD: 'InitiationMethod',
  CHANNEL: 'Channel',
  EXPIRY_TIMESTAMP: 'ExpiryTimestamp',
};

const fieldOf = (data: ContactData, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);

export const contactHandlers: HandlerTable<C.Operations> = {
  async StartChatContact(input, ctx) {
    return startChat(ctx.work, ctx, input);
  },

  async CreateParticipant(input, ctx) {
    const { id } = await getInstance(ctx.tx, ctx, input.InstanceId);
    const { ParticipantId, ParticipantToken, Expiry } = await addParticipant(ctx.work, ctx, id, input.ContactId, input.ParticipantDetails);
    return { ParticipantId, ParticipantCredentials: { ParticipantToken, Expiry } };
  },

  async DescribeContact(input, ctx) {
    const { data } = await contactOf(ctx, input.InstanceId, input.ContactId);
    const { QueuePriority, ...rest } = data;
    // the output writer keeps only the members of Contact
    return { Contact: { ...asOutput<Omit<C.Contact, 'QueuePriority'>>(rest), QueuePriority: priorityOut(QueuePriority) } };
  },

  async UpdateContactRoutingData(input, ctx) {
    await updateRoutingData(ctx.work, ctx, await contactOf(ctx, input.InstanceId, input.ContactId), input);
    return {};
  },

  async TransferContact(input, ctx) {
    // the model's rules, in its order; chats are moved by flows, not by this operation
    if (input.QueueId && input.UserId) throw new BadRequest('QueueId and UserId cannot both be given: transfer to a queue or to an agent');
    const contact = await contactOf(ctx, input.InstanceId, input.ContactId);
    if (isEnded(contact.data)) throw new BadRequest(`Contact ${input.ContactId} has ended: only active contacts can be transferred`);
    if (contact.data.Channel !== 'TASK' && contact.data.Channel !== 'EMAIL') {
      throw new BadRequest(`TransferContact supports TASK and EMAIL contacts only; contact ${input.ContactId} is a ${contact.data.Channel} contact`);
    }
    throw notImplemented('connect', 'TransferContact of TASK and EMAIL contacts');
  },

  async UpdateParticipantRoleConfig(input, ctx) {
    const contact = await contactOf(ctx, input.InstanceId, input.ContactId);
    await updateRoleConfig(ctx.work, ctx, contact, input.ChannelConfiguration.Chat!.ParticipantTimerConfigList);
    return {};
  },

  async StopContact(input, ctx) {
    const { id } = await getInstance(ctx.tx, ctx, input.InstanceId);
    await stopContact(ctx.work, ctx, id, input.ContactId);
    return {};
  },

  async UpdateContactAttributes(input, ctx) {
    // allowed on ended contacts too: attributes outlive the contact
    const contact = await contactOf(ctx, input.InstanceId, input.InitialContactId);
    const attributes = { ...contact.data.Attributes, ...input.Attributes };
    checkAttributes(attributes);
    contact.data.Attributes = attributes;
    await saveContact(ctx.work, ctx, contact, 'CONTACT_DATA_UPDATED', ['UserDefinedAttributes']);
    return {};
  },

  async GetContactAttributes(input, ctx) {
    const { data } = await contactOf(ctx, input.InstanceId, input.InitialContactId);
    return { Attributes: data.Attributes ?? {} };
  },

  async TagContact(input, ctx) {
    const contact = await contactOf(ctx, input.InstanceId, input.ContactId);
    const tags = { ...contact.data.Tags, ...input.Tags };
    const count = Object.keys(tags).length;
    if (count > MAX_CONTACT_TAGS) throw new BadRequest(`Tags: the contact would have ${count} tags, more than the ${MAX_CONTACT_TAGS} allowed`);
    contact.data.Tags = tags;
    await saveContact(ctx.work, ctx, contact, 'CONTACT_DATA_UPDATED', ['Tags']);
    return {};
  },

  async UntagContact(input, ctx) {
    const contact = await contactOf(ctx, input.InstanceId, input.ContactId);
    const tags = { ...contact.data.Tags };
    for (const k of input.TagKeys) delete tags[k];
    contact.data.Tags = tags;
    await saveContact(ctx.work, ctx, contact, 'CONTACT_DATA_UPDATED', ['Tags']);
    return {};
  },

  async ListContactReferences(input, ctx) {
    // chats started through the API carry no references
    await contactOf(ctx, input.InstanceId, input.ContactId);
    return { ReferenceSummaryList: [] };
  },

  async SearchContacts(input, ctx) {
    const { id: instanceId } = await getInstance(ctx.tx, ctx, input.InstanceId);
    const { Type, StartTime, EndTime } = input.TimeRange;
    if (StartTime.getTime() > EndTime.getTime()) throw new BadRequest('TimeRange: StartTime is after EndTime');
    const c = input.SearchCriteria ?? {};
    const where: Record<string, string[]> = {};
    if (c.Channels?.length) where.Channel = c.Channels;
    if (c.QueueIds?.length) where['QueueInfo.Id'] = c.QueueIds;
    if (c.InitiationMethods?.length) where.InitiationMethod = c.InitiationMethods;
    if (c.AgentIds?.length) where['AgentInfo.Id'] = c.AgentIds;
    // the matching contacts of one instance, ordered in memory: a search reads only its matches
    const found = await ctx.tx.list<ContactData>(ctx, {
      kind: CONTACT,
      scope: instanceId,
      where,
      range: { field: TIME_FIELDS[Type], min: StartTime.getTime(), max: EndTime.getTime() },
      limit: Number.MAX_SAFE_INTEGER,
    });
    const sortField = SORT_FIELDS[input.Sort?.FieldName ?? 'INITIATION_TIMESTAMP'];
    const descending = (input.Sort?.Order ?? 'DESCENDING') === 'DESCENDING';
    const contacts = found.map((r) => r.data);
    contacts.sort((a, b) => {
      const x = fieldOf(a, sortField) as string | number | undefined;
      const y = fieldOf(b, sortField) as string | number | undefined;
      const order = x === y ? 0 : x === undefined ? 1 : y === undefined ? -1 : x < y ? -1 : 1;
      return descending ? -order : order;
    });
    const page = pageOfArray(ctx, `${instanceId}:${JSON.stringify(input.TimeRange)}`, contacts, input.NextToken, input.MaxResults);
    return {
      Contacts: page.items.map((d) => asOutput<C.ContactSearchSummary>(d)),
      NextToken: page.NextToken,
      TotalCount: contacts.length,
    };
  },
};
