// Contact flows as resources (spec flows.md §1, §1.2): CreateContactFlow, Describe (published
// and `:$SAVED`), List, the UpdateContactFlow* operations, Delete, tags, duplicates, instances
// that do not see each other's flows, and a chat that lands in the queue its new flow names.
// The validation problems of §1.1 are in contact-flow-validation.test.ts.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateContactFlowCommand,
  CreateQueueCommand,
  DeleteContactFlowCommand,
  DescribeContactCommand,
  DescribeContactFlowCommand,
  DescribeInstanceCommand,
  ListContactFlowsCommand,
  ListHoursOfOperationsCommand,
  ListTagsForResourceCommand,
  StartChatContactCommand,
  TagResourceCommand,
  UpdateContactFlowContentCommand,
  UpdateContactFlowMetadataCommand,
  UpdateContactFlowNameCommand,
  type ContactFlowSummary,
  type CreateContactFlowCommandInput,
} from '@aws-sdk/client-connect';
import { chatServerPerFile } from './support/chat.js';
import { expectError, rejects } from './support/errors.js';
import { createTestInstance } from './support/server.js';
import { flow, queueFlow } from './support/flows.js';

const t = chatServerPerFile();

const newName = (prefix = 'flow') => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('contact flows', () => {
  let instanceId: string;
  let instanceArn: string;
  const create = (input: Partial<CreateContactFlowCommandInput> = {}) =>
    t.client.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: newName(), Type: 'CONTACT_FLOW', Content: flow(), ...input }));
  const describeFlow = async (id: string) => (await t.client.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: id }))).ContactFlow!;
  const allFlows = async (id = instanceId): Promise<ContactFlowSummary[]> =>
    (await t.client.send(new ListContactFlowsCommand({ InstanceId: id, MaxResults: 1000 }))).ContactFlowSummaryList ?? [];

  before(async () => {
    instanceId = await createTestInstance(t.client, { prefix: 'flows' });
    instanceArn = (await t.client.send(new DescribeInstanceCommand({ InstanceId: instanceId }))).Instance!.Arn!;
  });

  test('CreateContactFlow publishes by default; Describe and List show every member', async () => {
    const content = flow();
    const out = await create({ Name: 'Greeting', Description: 'says hello', Content: content, Tags: { team: 'cx' } });
    assert.ok(out.ContactFlowId);
    assert.equal(out.ContactFlowArn, `${instanceArn}/contact-flow/${out.ContactFlowId}`);

    const f = await describeFlow(out.ContactFlowId);
    assert.equal(f.Id, out.ContactFlowId);
    assert.equal(f.Arn, out.ContactFlowArn);
    assert.equal(f.Name, 'Greeting');
    assert.equal(f.Description, 'says hello');
    assert.equal(f.Type, 'CONTACT_FLOW');
    assert.equal(f.State, 'ACTIVE');
    assert.equal(f.Status, 'PUBLISHED');
    assert.equal(f.Content, content, 'the content comes back as written');
    assert.deepEqual(f.Tags, { team: 'cx' });
    assert.ok(f.LastModifiedTime instanceof Date);

    // by ARN too
    assert.equal((await describeFlow(out.ContactFlowArn!)).Id, out.ContactFlowId);

    const summary = (await allFlows()).find((s) => s.Id === out.ContactFlowId);
    assert.deepEqual(
      { ...summary },
      { Id: out.ContactFlowId, Arn: out.ContactFlowArn, Name: 'Greeting', ContactFlowType: 'CONTACT_FLOW', ContactFlowState: 'ACTIVE', ContactFlowStatus: 'PUBLISHED' },
    );
  });

  test('ListContactFlows: the type filter and pages include created flows', async () => {
    const cq = await create({ Type: 'CUSTOMER_QUEUE', Content: flow({ type: 'CUSTOMER_QUEUE' }) });
    const inbound = await create();
    const queueFlows = (await t.client.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CUSTOMER_QUEUE'] })))
      .ContactFlowSummaryList!;
    assert.ok(queueFlows.every((f) => f.ContactFlowType === 'CUSTOMER_QUEUE'));
    assert.ok(queueFlows.some((f) => f.Id === cq.ContactFlowId));
    assert.ok(!queueFlows.some((f) => f.Id === inbound.ContactFlowId));

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.client.send(new ListContactFlowsCommand({ InstanceId: instanceId, MaxResults: 7, NextToken: token }));
      assert.ok((page.ContactFlowSummaryList ?? []).length <= 7);
      seen.push(...(page.ContactFlowSummaryList ?? []).map((f) => f.Id!));
      token = page.NextToken;
    } while (token);
    assert.equal(new Set(seen).size, seen.length, 'no flow twice');
    assert.deepEqual(seen.sort(), (await allFlows()).map((f) => f.Id!).sort());
  });

  test('a name is unique in the instance: Create, UpdateContactFlowName and UpdateContactFlowMetadata refuse a taken one', async () => {
    const name = newName('dup');
    const first = await create({ Name: name });
    await rejects(() => create({ Name: name }), 'DuplicateResourceException', 409);
    await expectError(create({ Name: 'Sample inbound flow (first contact experience)' }), 'DuplicateResourceException');
    const other = await create();
    await rejects(() => t.client.send(new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId: other.ContactFlowId, Name: name })), 'DuplicateResourceException', 409);
    await rejects(
      () => t.client.send(new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId: other.ContactFlowId, Name: name })),
      'DuplicateResourceException',
      409,
    );
    // its own name is no conflict
    await t.client.send(new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId: first.ContactFlowId, Name: name }));
  });

  test('UpdateContactFlowName and UpdateContactFlowMetadata: name, description, state', async () => {
    const { ContactFlowId } = await create({ Description: 'before' });
    await t.client.send(new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId, Name: 'Renamed flow', Description: 'after' }));
    let f = await describeFlow(ContactFlowId!);
    assert.equal(f.Name, 'Renamed flow');
    assert.equal(f.Description, 'after');

    await t.client.send(new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId, ContactFlowState: 'ARCHIVED' }));
    f = await describeFlow(ContactFlowId!);
    assert.equal(f.State, 'ARCHIVED');
    assert.equal(f.Name, 'Renamed flow');
    assert.equal((await allFlows()).find((s) => s.Id === ContactFlowId)?.ContactFlowState, 'ARCHIVED');

    await t.client.send(new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId, Name: 'Metadata name', Description: 'meta', ContactFlowState: 'ACTIVE' }));
    f = await describeFlow(ContactFlowId!);
    assert.deepEqual([f.Name, f.Description, f.State], ['Metadata name', 'meta', 'ACTIVE']);

    await expectError(t.client.send(new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId })), 'InvalidRequestException');
    await expectError(t.client.send(new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId })), 'InvalidRequestException');
  });

  test('UpdateContactFlowContent on a published flow validates and publishes', async () => {
    const { ContactFlowId } = await create();
    const next = flow({ text: 'second version' });
    await t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: next }));
    const f = await describeFlow(ContactFlowId!);
    assert.equal(f.Content, next);
    assert.equal(f.Status, 'PUBLISHED');

    const err = await rejects(
      () => t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: JSON.stringify({ Version: '2019-10-30' }) })),
      'InvalidContactFlowException',
      400,
    );
    assert.ok(((err as unknown as { problems?: unknown[] }).problems ?? []).length > 0);
    assert.equal((await describeFlow(ContactFlowId!)).Content, next, 'a refused content changes nothing');
  });

  test('SAVED: stored unvalidated, not published, visible under :$SAVED; publishing content is separate', async () => {
    const draft = JSON.stringify({ Version: '2019-10-30', Actions: [{ Identifier: 'x', Type: 'NoSuchAction' }] });
    const { ContactFlowId, ContactFlowArn } = await create({ Status: 'SAVED', Content: draft });
    const summary = (await allFlows()).find((s) => s.Id === ContactFlowId);
    assert.equal(summary?.ContactFlowStatus, 'SAVED');

    const e = await rejects(() => describeFlow(ContactFlowId!), 'ContactFlowNotPublishedException', 404);
    assert.match(e.message, /not been published/);

    const saved = await describeFlow(`${ContactFlowId}:$SAVED`);
    assert.equal(saved.Content, draft);
    assert.equal(saved.Status, 'SAVED');
    assert.equal(saved.Id, ContactFlowId);
    assert.equal((await describeFlow(`${ContactFlowArn}:$SAVED`)).Content, draft, 'the ARN form takes the alias too');

    // a flow never published takes new saved content without validation
    const draft2 = JSON.stringify({ Version: 'whatever' });
    await t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: draft2 }));
    assert.equal((await describeFlow(`${ContactFlowId}:$SAVED`)).Content, draft2);
    await rejects(() => describeFlow(ContactFlowId!), 'ContactFlowNotPublishedException', 404);

    // content that is not even JSON is refused when saved too (flows.md §1.1)
    const bad = await rejects(() => create({ Status: 'SAVED', Content: 'not json' }), 'InvalidContactFlowException', 400);
    assert.deepEqual((bad as unknown as { problems?: unknown }).problems, [{ message: 'Content is not a JSON object. Path: $' }]);
  });

  test(':$SAVED on a published flow: the published content until a draft is saved; publishing replaces the draft', async () => {
    const published = flow({ text: 'published' });
    const { ContactFlowId } = await create({ Content: published });
    let saved = await describeFlow(`${ContactFlowId}:$SAVED`);
    assert.equal(saved.Content, published);
    assert.equal(saved.Status, 'PUBLISHED');

    const draft = JSON.stringify({ Version: '2019-10-30', StartAction: 'nowhere', Actions: [] });
    await t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId: `${ContactFlowId}:$SAVED`, Content: draft }));
    saved = await describeFlow(`${ContactFlowId}:$SAVED`);
    assert.equal(saved.Content, draft);
    assert.equal(saved.Status, 'SAVED');
    const live = await describeFlow(ContactFlowId!);
    assert.equal(live.Content, published, 'the published content is what runs');
    assert.equal(live.Status, 'PUBLISHED');

    const again = flow({ text: 'republished' });
    await t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: again }));
    assert.equal((await describeFlow(ContactFlowId!)).Content, again);
    assert.equal((await describeFlow(`${ContactFlowId}:$SAVED`)).Content, again);
  });

  test('content size: empty or over 256000 characters is InvalidParameterException', async () => {
    await rejects(() => create({ Content: '' }), 'InvalidParameterException', 400);
    const big = JSON.stringify({ Version: '2019-10-30', Metadata: { pad: 'x'.repeat(256000) } });
    await expectError(create({ Status: 'SAVED', Content: big }), 'InvalidParameterException', /256000/);
    const { ContactFlowId } = await create();
    await expectError(
      t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: big })),
      'InvalidParameterException',
      /256000/,
    );
  });

  test('tags: TagResource and ListTagsForResource on the flow ARN', async () => {
    const { ContactFlowArn } = await create({ Tags: { a: '1' } });
    await t.client.send(new TagResourceCommand({ resourceArn: ContactFlowArn, tags: { b: '2' } }));
    const { tags } = await t.client.send(new ListTagsForResourceCommand({ resourceArn: ContactFlowArn }));
    assert.deepEqual(tags, { a: '1', b: '2' });
  });

  test('DeleteContactFlow: gone from Describe and List, the name is free again; default flows can be deleted', async () => {
    const name = newName('del');
    const { ContactFlowId } = await create({ Name: name });
    await t.client.send(new DeleteContactFlowCommand({ InstanceId: instanceId, ContactFlowId }));
    await rejects(() => describeFlow(ContactFlowId!), 'ResourceNotFoundException', 404);
    assert.ok(!(await allFlows()).some((f) => f.Id === ContactFlowId));
    await rejects(() => t.client.send(new DeleteContactFlowCommand({ InstanceId: instanceId, ContactFlowId })), 'ResourceNotFoundException', 404);
    await rejects(
      () => t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: flow() })),
      'ResourceNotFoundException',
      404,
    );
    await create({ Name: name });

    const outbound = (await allFlows()).find((f) => f.Name === 'Default outbound')!;
    await t.client.send(new DeleteContactFlowCommand({ InstanceId: instanceId, ContactFlowId: outbound.Id }));
    assert.ok(!(await allFlows()).some((f) => f.Name === 'Default outbound'));
  });

  test('instances do not see each other\'s flows', async () => {
    const name = newName('mine');
    const { ContactFlowId, ContactFlowArn } = await create({ Name: name });
    const other = await createTestInstance(t.client, { prefix: 'flows-other' });
    await rejects(() => t.client.send(new DescribeContactFlowCommand({ InstanceId: other, ContactFlowId })), 'ResourceNotFoundException', 404);
    await rejects(() => t.client.send(new DescribeContactFlowCommand({ InstanceId: other, ContactFlowId: ContactFlowArn })), 'ResourceNotFoundException', 404);
    await rejects(
      () => t.client.send(new UpdateContactFlowNameCommand({ InstanceId: other, ContactFlowId, Name: 'x' })),
      'ResourceNotFoundException',
      404,
    );
    await rejects(() => t.client.send(new DeleteContactFlowCommand({ InstanceId: other, ContactFlowId })), 'ResourceNotFoundException', 404);
    assert.ok(!(await allFlows(other)).some((f) => f.Id === ContactFlowId));
    // the same name is free there
    await t.client.send(new CreateContactFlowCommand({ InstanceId: other, Name: name, Type: 'CONTACT_FLOW', Content: flow() }));
  });

  test('a chat started with a new flow lands in the queue its UpdateContactTargetQueue names', async () => {
    const hours = (await t.client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId }))).HoursOfOperationSummaryList!;
    const { QueueId, QueueArn } = await t.client.send(
      new CreateQueueCommand({ InstanceId: instanceId, Name: newName('q'), HoursOfOperationId: hours.find((h) => h.Name === 'Basic Hours')!.Id }),
    );
    const { ContactFlowId } = await create({ Content: queueFlow(QueueArn!) });
    const chat = await t.client.send(
      new StartChatContactCommand({ InstanceId: instanceId, ContactFlowId, ParticipantDetails: { DisplayName: 'Customer' } }),
    );
    const { Contact } = await t.client.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: chat.ContactId }));
    assert.equal(Contact?.QueueInfo?.Id, QueueId);

    // by id as well as by ARN
    const byId = await create({ Content: queueFlow(QueueId!) });
    const chat2 = await t.client.send(
      new StartChatContactCommand({ InstanceId: instanceId, ContactFlowId: byId.ContactFlowId, ParticipantDetails: { DisplayName: 'Customer' } }),
    );
    const contact2 = (await t.client.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: chat2.ContactId }))).Contact;
    assert.equal(contact2?.QueueInfo?.Id, QueueId);
  });
});
