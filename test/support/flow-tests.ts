// Helpers for the flow-runner tests: a flow made of a few actions, published, and a chat
// started in it; what the contact shows (DescribeContact, the transcript, its attributes).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CreateContactFlowCommand, DescribeContactCommand, GetContactAttributesCommand, ListContactFlowsCommand, ListQueuesCommand, type Contact } from '@aws-sdk/client-connect';
import { GetTranscriptCommand, type Item } from '@aws-sdk/client-connectparticipant';
import { connectCustomer, startChat, type ChatTestServer } from './chat.js';

export interface Act {
  Identifier: string;
  Type: string;
  Parameters?: Record<string, unknown>;
  Transitions?: Record<string, unknown>;
}

/** A flow document: the first action starts it. */
export const doc = (actions: Act[]): string =>
  JSON.stringify({ Version: '2019-10-30', StartAction: actions[0].Identifier, Actions: actions.map((a) => ({ Parameters: {}, Transitions: {}, ...a })) });

/** Transitions to `next`, every error to `err` (default: next too). */
export const to = (next: string, err = next, errors: string[] = ['NoMatchingError']) => ({
  NextAction: next,
  Errors: errors.map((ErrorType) => ({ ErrorType, NextAction: err })),
});

/** Conditions on a value: [[operator, operand, next], ...] and NoMatchingCondition to `none`. */
export const when = (conds: [string, string, string][], none: string, errors = ['NoMatchingCondition']) => ({
  NextAction: none,
  Conditions: conds.map(([Operator, operand, NextAction]) => ({ NextAction, Condition: { Operator, Operands: [operand] } })),
  Errors: errors.map((ErrorType) => ({ ErrorType, NextAction: none })),
});

export const say = (id: string, text: string, next: string): Act => ({ Identifier: id, Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: to(next) });
export const disconnect = (id = 'end'): Act => ({ Identifier: id, Type: 'DisconnectParticipant' });

/** Publishes a CONTACT_FLOW (or another type) with a unique name; returns its id. */
export async function publish(t: ChatTestServer, content: string, type = 'CONTACT_FLOW', name = `flow-${randomUUID().slice(0, 8)}`): Promise<string> {
  const { ContactFlowId } = await t.client
    .send(new CreateContactFlowCommand({ InstanceId: t.instanceId, Name: name, Type: type as never, Content: content }))
    .catch((e: { problems?: unknown; message: string }) => {
      throw new Error(`${e.message} ${JSON.stringify(e.problems)}`);
    });
  assert.ok(ContactFlowId);
  return ContactFlowId;
}

export async function flowIdByName(t: ChatTestServer, name: string): Promise<string> {
  const { ContactFlowSummaryList } = await t.client.send(new ListContactFlowsCommand({ InstanceId: t.instanceId, MaxResults: 1000 }));
  const id = ContactFlowSummaryList?.find((f) => f.Name === name)?.Id;
  assert.ok(id, `the flow ${name} exists`);
  return id;
}

export async function basicQueue(t: ChatTestServer): Promise<{ Id: string; Arn: string }> {
  const { QueueSummaryList } = await t.client.send(new ListQueuesCommand({ InstanceId: t.instanceId, QueueTypes: ['STANDARD'] }));
  const q = QueueSummaryList?.find((x) => x.Name === 'BasicQueue');
  assert.ok(q?.Id && q.Arn);
  return { Id: q.Id, Arn: q.Arn };
}

/** A chat started in the flow, its customer connected. */
export async function chatIn(t: ChatTestServer, flowId: string, attributes?: Record<string, string>) {
  const chat = await startChat(t.client, t.instanceId, { ContactFlowId: flowId, ...(attributes ? { Attributes: attributes } : {}) });
  const conn = await connectCustomer(t.pc, chat.ParticipantToken);
  return { ...chat, token: conn.connectionToken, url: conn.url };
}

/** A chat started in a flow made of `actions`. */
export async function chatInFlow(t: ChatTestServer, actions: Act[], attributes?: Record<string, string>) {
  return chatIn(t, await publish(t, doc(actions)), attributes);
}

export const describe = async (t: ChatTestServer, contactId: string): Promise<Contact> =>
  (await t.client.send(new DescribeContactCommand({ InstanceId: t.instanceId, ContactId: contactId }))).Contact!;

export const attributes = async (t: ChatTestServer, contactId: string): Promise<Record<string, string>> =>
  (await t.client.send(new GetContactAttributesCommand({ InstanceId: t.instanceId, InitialContactId: contactId }))).Attributes ?? {};

export async function transcript(t: ChatTestServer, token: string): Promise<Item[]> {
  const { Transcript } = await t.pc.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING', MaxResults: 100 }));
  return Transcript ?? [];
}

/** The SYSTEM messages of the chat, in order. */
export const systemTexts = async (t: ChatTestServer, token: string): Promise<string[]> =>
  (await transcript(t, token)).filter((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM').map((i) => i.Content ?? '');

/** Sets the contact attribute `result` (what a branch came to) and goes on. */
export const mark = (id: string, value: string, next: string): Act => ({
  Identifier: id,
  Type: 'UpdateContactAttributes',
  Parameters: { Attributes: { result: value }, TargetContact: 'Current' },
  Transitions: to(next),
});

/** The tail of a flow that keeps the contact: BasicQueue and into it. */
export const queued = (queueArn: string, id = 'q'): Act[] => [
  { Identifier: id, Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: to(`${id} transfer`, 'end') },
  { Identifier: `${id} transfer`, Type: 'TransferContactToQueue', Transitions: to('end', 'end', ['QueueAtCapacity', 'NoMatchingError']) },
  disconnect(),
];
