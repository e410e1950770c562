// StartChatContact and the contact it makes (spec chat.md §1 and §5): the answer, DescribeContact,
// input rules, related and persistent chats, ClientToken replay, StopContact and the end of a
// chat's duration. The server runs a manual clock, so every timestamp is known exactly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  ConnectClient,
  DescribeContactCommand,
  DescribeInstanceCommand,
  GetContactAttributesCommand,
  ListContactFlowsCommand,
  ListQueuesCommand,
  SearchContactsCommand,
  StartChatContactCommand,
  StopContactCommand,
  TransferContactCommand,
  CreateContactFlowCommand,
  UpdateContactFlowMetadataCommand,
  type Contact,
  type StartChatContactCommandInput,
} from '@aws-sdk/client-connect';
import { advance as advanceBy, clockNow as clockAt } from './support/chat.js';
import { expectError } from './support/errors.js';
import { flow } from './support/flows.js';
import { connectClient, createTestInstance, defaultInstanceId, startServer, type TestServer } from './support/server.js';

const SAMPLE_FLOW = 'Sample inbound flow (first contact experience)';
const INTERACTIVE = 'application/vnd.amazonaws.connect.message.interactive';
const INTERACTIVE_RESPONSE = `${INTERACTIVE}.response`;
const GUIDE = { 'connect:Subtype': { ValueString: 'connect:Guide' } };

let server: TestServer;
let client: ConnectClient;
let instanceId: string;
let flowId: string;

/** The sample inbound flow of an instance (a CONTACT_FLOW flow puts chats in BasicQueue). */
async function sampleFlow(instance: string): Promise<{ Id: string; Arn: string }> {
  const { ContactFlowSummaryList } = await client.send(new ListContactFlowsCommand({ InstanceId: instance, ContactFlowTypes: ['CONTACT_FLOW'] }));
  const flow = ContactFlowSummaryList?.find((f) => f.Name === SAMPLE_FLOW);
  assert.ok(flow?.Id && flow.Arn, `${SAMPLE_FLOW} is missing`);
  return { Id: flow.Id, Arn: flow.Arn };
}

/** the emulator clock, and moving it, on this file's server */
const clockNow = (): Promise<number> => clockAt(server.url);
const advance = (seconds: number): Promise<number> => advanceBy(server.url, seconds);

/** StartChatContact on the default instance with the sample flow; `extra` overrides. */
const start = (extra: Partial<StartChatContactCommandInput> = {}) =>
  client.send(
    new StartChatContactCommand({ InstanceId: instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Jane' }, ...extra }),
  );

async function describeContact(contactId: string, instance = instanceId): Promise<Contact> {
  const { Contact } = await client.send(new DescribeContactCommand({ InstanceId: instance, ContactId: contactId }));
  assert.ok(Contact);
  return Contact;
}

const stop = (contactId: string) => client.send(new StopContactCommand({ InstanceId: instanceId, ContactId: contactId }));

before(async () => {
  server = await startServer({ inMemory: true, clock: 'manual' });
  client = connectClient(server.url);
  instanceId = await defaultInstanceId(client);
  flowId = (await sampleFlow(instanceId)).Id;
});

after(async () => {
  await server?.stop();
});

describe('StartChatContact', () => {
  test('answers ids and a random token; DescribeContact shows the new CHAT contact', async () => {
    const t0 = await clockNow();
    const out = await start({
      Attributes: { order: '42' },
      SegmentAttributes: { tier: { ValueString: 'gold' } },
      CustomerId: 'customer-7',
    });
    assert.ok(out.ContactId && out.ParticipantId && out.ParticipantToken);
    assert.notEqual(out.ParticipantId, out.ContactId);
    // 32 random bytes at least: a token nobody can guess
    assert.ok(out.ParticipantToken.length >= 43, `token of ${out.ParticipantToken.length} chars`);
    assert.equal(out.ContinuedFromContactId, undefined, 'only a persistent chat continues another');
    const other = await start();
    assert.notEqual(other.ContactId, out.ContactId);
    assert.notEqual(other.ParticipantToken, out.ParticipantToken);

    const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: instanceId }));
    const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }));
    const basicQueue = QueueSummaryList?.find((q) => q.Name === 'BasicQueue');
    assert.ok(basicQueue?.Id);

    const c = await describeContact(out.ContactId);
    assert.equal(c.Arn, `${Instance?.Arn}/contact/${out.ContactId}`);
    assert.equal(c.Id, out.ContactId);
    assert.equal(c.InitialContactId, out.ContactId, 'a new chat starts its own chain');
    assert.equal(c.Channel, 'CHAT');
    assert.equal(c.InitiationMethod, 'API');
    assert.equal(c.InitiationTimestamp?.getTime(), t0);
    assert.equal(c.LastUpdateTimestamp?.getTime(), t0);
    // the sample flow transfers to BasicQueue at once
    assert.equal(c.QueueInfo?.Id, basicQueue.Id);
    assert.equal(c.QueueInfo?.EnqueueTimestamp?.getTime(), t0);
    assert.equal(c.QueuePriority, 5);
    assert.equal(c.QueueTimeAdjustmentSeconds, 0);
    assert.deepEqual(c.Attributes, { order: '42' });
    assert.deepEqual(c.SegmentAttributes, { tier: { ValueString: 'gold' } });
    assert.equal(c.CustomerId, 'customer-7');
    assert.equal(c.DisconnectTimestamp, undefined, 'the chat goes on');
    assert.equal(c.DisconnectReason, undefined);
    assert.equal(c.PreviousContactId, undefined);
    assert.equal(c.RelatedContactId, undefined);
  });

  test('unknown instance or flow: ResourceNotFoundException; a flow ARN works', async () => {
    await expectError(start({ InstanceId: randomUUID() }), 'ResourceNotFoundException');
    await expectError(start({ ContactFlowId: randomUUID() }), 'ResourceNotFoundException');
    // a flow of another instance is not a flow of this one
    const otherInstance = await createTestInstance(client, { prefix: 'chat' });
    await expectError(start({ ContactFlowId: (await sampleFlow(otherInstance)).Id }), 'ResourceNotFoundException');

    const { Arn } = await sampleFlow(instanceId);
    const { ContactId } = await start({ ContactFlowId: Arn });
    assert.ok((await describeContact(ContactId!)).QueueInfo?.Id, 'the flow named by its ARN ran');
  });

  test(
    'a ContactFlowId ARN must name a contact flow of this instance',
    async () => {
      const flow = await sampleFlow(instanceId);
      const other = await createTestInstance(client, { prefix: 'arn' });
      const { Instance } = await client.send(new DescribeInstanceCommand({ InstanceId: other }));
      // the right flow id inside an ARN of another instance, of another resource type, or no ARN at all
      for (const arn of [`${Instance?.Arn}/contact-flow/${flow.Id}`, flow.Arn.replace('/contact-flow/', '/queue/'), `arn:nope/${flow.Id}`]) {
        await expectError(start({ ContactFlowId: arn }), 'ResourceNotFoundException', arn);
      }
    },
  );

  test('ParticipantDetails and ChatDurationInMinutes: the model constraints', async () => {
    await expectError(start({ ParticipantDetails: undefined }), 'InvalidParameterException', 'ParticipantDetails');
    await expectError(start({ ParticipantDetails: { DisplayName: '' } }), 'InvalidParameterException', 'DisplayName');
    for (const minutes of [59, 10081]) {
      await expectError(start({ ChatDurationInMinutes: minutes }), 'InvalidParameterException', 'ChatDurationInMinutes');
    }
    for (const minutes of [60, 10080]) {
      assert.ok((await start({ ChatDurationInMinutes: minutes })).ContactId, `${minutes} minutes`);
    }
  });

  test('SupportedMessagingContentTypes: text/plain required, known types only; connect:Guide needs both interactive types', async () => {
    await expectError(start({ SupportedMessagingContentTypes: ['text/markdown'] }), 'InvalidParameterException', 'text/plain');
    await expectError(start({ SupportedMessagingContentTypes: ['text/plain', 'text/html'] }), 'InvalidParameterException', 'text/html');
    await expectError(
      start({ SegmentAttributes: GUIDE, SupportedMessagingContentTypes: ['text/plain', INTERACTIVE] }),
      'InvalidRequestException',
      'connect:Guide',
    );
    await expectError(start({ SegmentAttributes: GUIDE }), 'InvalidRequestException', 'connect:Guide');
    // order does not matter
    const out = await start({ SegmentAttributes: GUIDE, SupportedMessagingContentTypes: [INTERACTIVE_RESPONSE, INTERACTIVE, 'text/plain'] });
    assert.deepEqual((await describeContact(out.ContactId!)).SegmentAttributes, GUIDE);
  });

  test('InitialMessage: a message type, declared by the chat, within its length', async () => {
    const message = (ContentType: string, Content: string) => ({ InitialMessage: { ContentType, Content } });
    await expectError(start(message('text/html', '<b>hi</b>')), 'InvalidParameterException', 'text/html');
    // text/markdown is a message type, but this chat supports text/plain only
    await expectError(start(message('text/markdown', '*hi*')), 'InvalidParameterException', 'text/markdown');
    await expectError(start(message('text/plain', 'x'.repeat(1025))), 'InvalidParameterException', '1024');
    assert.ok((await start(message('text/plain', 'x'.repeat(1024)))).ContactId);
    const json = await start({ ...message('application/json', '{"a":1}'), SupportedMessagingContentTypes: ['text/plain', 'application/json'] });
    assert.ok(json.ContactId);
  });

  test('Attributes: keys of letters, digits, - and _, at most 32768 UTF-8 bytes in all', async () => {
    await expectError(start({ Attributes: { 'my key': 'v' } }), 'InvalidParameterException', 'my key');
    // 'é' is 2 bytes: 16383 of them are 32766 bytes, so the count is of bytes, not characters
    const value = 'é'.repeat(16383);
    await expectError(start({ Attributes: { abc: value } }), 'InvalidParameterException', '32768');
    const { ContactId } = await start({ Attributes: { ab: value } });
    const { Attributes } = await client.send(new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: ContactId }));
    assert.equal(Attributes?.ab, value);
  });

  test('RelatedContactId: must exist, excludes PersistentChat, lends its attributes', async () => {
    await expectError(start({ RelatedContactId: randomUUID() }), 'ResourceNotFoundException');
    const related = await start({ Attributes: { a: '1', shared: 'related' } });
    await stop(related.ContactId!);
    await expectError(
      start({ RelatedContactId: related.ContactId, PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: related.ContactId } }),
      'InvalidRequestException',
      'PersistentChat',
    );

    const { ContactId } = await start({ RelatedContactId: related.ContactId, Attributes: { shared: 'own', b: '2' } });
    const c = await describeContact(ContactId!);
    assert.equal(c.RelatedContactId, related.ContactId);
    assert.equal(c.InitialContactId, ContactId, 'a related contact is not part of the chain');
    assert.equal(c.PreviousContactId, undefined);
    // the request's own attributes win over the copied ones
    assert.deepEqual(c.Attributes, { a: '1', shared: 'own', b: '2' });
  });

  test('ClientToken: the same request is answered again, other input with that token refused', async () => {
    const instance = await createTestInstance(client, { prefix: 'idem' });
    const flow = (await sampleFlow(instance)).Id;
    const input = { InstanceId: instance, ContactFlowId: flow, ParticipantDetails: { DisplayName: 'Jane' }, ClientToken: randomUUID() };
    const first = await client.send(new StartChatContactCommand(input));
    const again = await client.send(new StartChatContactCommand(input));
    assert.equal(again.ContactId, first.ContactId);
    assert.equal(again.ParticipantId, first.ParticipantId);
    assert.equal(again.ParticipantToken, first.ParticipantToken);
    const t = await clockNow();
    const found = await client.send(
      new SearchContactsCommand({ InstanceId: instance, TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(t - 60_000), EndTime: new Date(t + 60_000) } }),
    );
    assert.deepEqual(found.Contacts?.map((c) => c.Id), [first.ContactId], 'one contact, not two');

    // StartChatContact declares no IdempotencyException: its plain 400
    await expectError(
      client.send(new StartChatContactCommand({ ...input, ParticipantDetails: { DisplayName: 'John' } })),
      'InvalidRequestException',
      input.ClientToken,
    );
  });
});

describe('persistent chat', () => {
  test('the source must have ended, and RehydrationType is required', async () => {
    const source = await start();
    await expectError(
      start({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: source.ContactId } }),
      'InvalidRequestException',
      'ended',
    );
    await stop(source.ContactId!);
    await expectError(start({ PersistentChat: { SourceContactId: source.ContactId } }), 'InvalidRequestException', 'RehydrationType');
    await expectError(start({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: randomUUID() } }), 'ResourceNotFoundException');
  });

  test('FROM_SEGMENT resumes that contact; ENTIRE_PAST_SESSION the latest ended contact of the session; each starts a session of its own', async () => {
    const first = await start();
    await stop(first.ContactId!);
    const second = await start({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: first.ContactId } });
    assert.equal(second.ContinuedFromContactId, first.ContactId);
    const c2 = await describeContact(second.ContactId!);
    assert.equal(c2.InitialContactId, second.ContactId, 'a persistent chat is a new session');
    assert.equal(c2.PreviousContactId, undefined);
    assert.equal(c2.RelatedContactId, first.ContactId);

    // ENTIRE_PAST_SESSION takes a session's initial contact and resumes its latest ended chat
    await stop(second.ContactId!);
    const third = await start({ PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: second.ContactId } });
    assert.equal(third.ContinuedFromContactId, second.ContactId);
    const c3 = await describeContact(third.ContactId!);
    assert.equal(c3.InitialContactId, third.ContactId);
    assert.equal(c3.RelatedContactId, second.ContactId);
  });

  test(
    "a persistent chat's RelatedContactId is the contact it was rehydrated from",
    async () => {
      // AWS admin guide, "Enable persistent chat": for persistent chat, the RelatedContactId
      // depicts the contactId used to source chat rehydration
      const source = await start();
      await stop(source.ContactId!);
      const next = await start({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: source.ContactId } });
      assert.equal((await describeContact(next.ContactId!)).RelatedContactId, source.ContactId);
    },
  );

  test('ENTIRE_PAST_SESSION of a one-contact session resumes that contact', async () => {
    const only = await start();
    await stop(only.ContactId!);
    const next = await start({ PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: only.ContactId } });
    assert.equal(next.ContinuedFromContactId, only.ContactId);
    const c = await describeContact(next.ContactId!);
    assert.equal(c.RelatedContactId, only.ContactId);
    assert.equal(c.InitialContactId, next.ContactId);
  });
});

describe('the flow a chat starts in', () => {
  test('must be an inbound (CONTACT_FLOW) flow, published and not archived', async () => {
    const create = async (Type: 'CONTACT_FLOW' | 'CUSTOMER_QUEUE', Status?: 'SAVED') =>
      (await client.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: `flow ${randomUUID()}`, Type, Content: flow({ type: Type }), Status }))).ContactFlowId!;
    const queueFlow = await create('CUSTOMER_QUEUE');
    await expectError(start({ ContactFlowId: queueFlow }), 'InvalidRequestException', 'CUSTOMER_QUEUE');
    const draft = await create('CONTACT_FLOW', 'SAVED');
    await expectError(start({ ContactFlowId: draft }), 'InvalidRequestException', 'not published');
    const archived = await create('CONTACT_FLOW');
    await client.send(new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId: archived, ContactFlowState: 'ARCHIVED' }));
    await expectError(start({ ContactFlowId: archived }), 'InvalidRequestException', 'not published');
    await client.send(new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId: archived, ContactFlowState: 'ACTIVE' }));
    assert.ok((await start({ ContactFlowId: archived })).ContactId, 'active again, it starts chats');
  });
});

describe('TransferContact', () => {
  test('refuses chats, as AWS does (TASK and EMAIL only), and both a queue and an agent', async () => {
    const { ContactId } = await start();
    const transfer = (extra: { QueueId?: string; UserId?: string }, contactId = ContactId!) =>
      client.send(new TransferContactCommand({ InstanceId: instanceId, ContactId: contactId, ContactFlowId: flowId, ...extra }));
    const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }));
    const queueId = QueueSummaryList![0].Id!;
    await expectError(transfer({ QueueId: queueId }), 'InvalidRequestException', 'TASK and EMAIL');
    await expectError(transfer({ QueueId: queueId, UserId: randomUUID() }), 'InvalidRequestException', 'QueueId and UserId');
    await expectError(transfer({ QueueId: queueId }, randomUUID()), 'ResourceNotFoundException');
  });
});

describe('StopContact', () => {
  test('ends the chat once; unknown contacts are not found', async () => {
    const { ContactId } = await start();
    await advance(30);
    const t = await clockNow();
    await stop(ContactId!);
    const c = await describeContact(ContactId!);
    assert.equal(c.DisconnectTimestamp?.getTime(), t);
    assert.equal(c.DisconnectReason, 'API');
    assert.equal(c.LastUpdateTimestamp?.getTime(), t);
    await expectError(stop(ContactId!), 'InvalidRequestException', ContactId);
    await expectError(stop(randomUUID()), 'ResourceNotFoundException');
    await expectError(client.send(new StopContactCommand({ InstanceId: randomUUID(), ContactId })), 'ResourceNotFoundException');
  });
});

describe('chat duration', () => {
  // last in the file: it moves the shared clock by more than a day
  test('a chat ends EXPIRED exactly when ChatDurationInMinutes (default 25 h) runs out', async () => {
    const t0 = await clockNow();
    const hour = await start({ ChatDurationInMinutes: 60 });
    const standard = await start();
    // a chat stopped before its time keeps how and when it ended
    const stopped = await start({ ChatDurationInMinutes: 60 });
    await stop(stopped.ContactId!);

    await advance(3599.999);
    assert.equal((await describeContact(hour.ContactId!)).DisconnectTimestamp, undefined, 'one millisecond to go');
    await advance(0.001);
    const ended = await describeContact(hour.ContactId!);
    assert.equal(ended.DisconnectTimestamp?.getTime(), t0 + 60 * 60_000);
    assert.equal(ended.DisconnectReason, 'EXPIRED');
    await expectError(stop(hour.ContactId!), 'InvalidRequestException');
    const stillStopped = await describeContact(stopped.ContactId!);
    assert.equal(stillStopped.DisconnectTimestamp?.getTime(), t0);
    assert.equal(stillStopped.DisconnectReason, 'API');

    assert.equal((await describeContact(standard.ContactId!)).DisconnectTimestamp, undefined);
    await advance(24 * 3600);
    const expired = await describeContact(standard.ContactId!);
    assert.equal(expired.DisconnectTimestamp?.getTime(), t0 + 25 * 3600_000);
    assert.equal(expired.DisconnectReason, 'EXPIRED');
  });
});
