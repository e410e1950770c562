// Queues: CreateQueue with everything it takes, the UpdateQueue* operations, DescribeQueue and
// ListQueues (filters, pages), tags by ARN, and instances that do not see each other's queues.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  CreateUserCommand,
  DescribeInstanceCommand,
  DescribeQueueCommand,
  ListHoursOfOperationsCommand,
  ListQueuesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateQueueHoursOfOperationCommand,
  UpdateQueueMaxContactsCommand,
  UpdateQueueNameCommand,
  UpdateQueueOutboundCallerConfigCommand,
  UpdateQueueStatusCommand,
  type CreateQueueCommandInput,
  type QueueSummary,
} from '@aws-sdk/client-connect';
import { advance, chatServerPerFile } from './support/chat.js';
import { expectError, rejects } from './support/errors.js';
import { allPages } from './support/pages.js';
import { connectClient, createTestInstance } from './support/server.js';

const t = chatServerPerFile();

async function basicHoursId(instanceId: string): Promise<string> {
  const { HoursOfOperationSummaryList } = await t.client.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId }));
  return HoursOfOperationSummaryList!.find((h) => h.Name === 'Basic Hours')!.Id!;
}

async function allQueues(instanceId: string, QueueTypes?: ('STANDARD' | 'AGENT')[]): Promise<QueueSummary[]> {
  const { QueueSummaryList } = await t.client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes, MaxResults: 1000 }));
  return QueueSummaryList ?? [];
}

const describeQueue = async (instanceId: string, queueId: string) =>
  (await t.client.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: queueId }))).Queue!;

describe('CreateQueue', () => {
  let instanceId: string;
  let instanceArn: string;
  let hoursId: string;
  const create = (input: Partial<CreateQueueCommandInput> = {}) =>
    t.client.send(new CreateQueueCommand({ InstanceId: instanceId, Name: `q-${randomUUID().slice(0, 8)}`, HoursOfOperationId: hoursId, ...input }));

  before(async () => {
    instanceId = await createTestInstance(t.client, { prefix: 'queues' });
    instanceArn = (await t.client.send(new DescribeInstanceCommand({ InstanceId: instanceId }))).Instance!.Arn!;
    hoursId = await basicHoursId(instanceId);
  });

  test('every member is kept; Describe and ListQueues show the new STANDARD queue', async () => {
    const now = await advance(t.server.url, 10);
    const out = await create({
      Name: 'Support',
      Description: 'first line',
      MaxContacts: 25,
      OutboundCallerConfig: { OutboundCallerIdName: 'ACME support', OutboundFlowId: randomUUID() },
      QuickConnectIds: [randomUUID()],
      Tags: { team: 'support' },
    });
    assert.ok(out.QueueId);
    assert.equal(out.QueueArn, `${instanceArn}/queue/${out.QueueId}`);

    const queue = await describeQueue(instanceId, out.QueueId);
    assert.equal(queue.QueueId, out.QueueId);
    assert.equal(queue.QueueArn, out.QueueArn);
    assert.equal(queue.Name, 'Support');
    assert.equal(queue.Description, 'first line');
    assert.equal(queue.HoursOfOperationId, hoursId);
    assert.equal(queue.MaxContacts, 25);
    assert.equal(queue.Status, 'ENABLED');
    assert.equal(queue.OutboundCallerConfig?.OutboundCallerIdName, 'ACME support');
    assert.deepEqual(queue.Tags, { team: 'support' });
    assert.equal(queue.LastModifiedTime?.getTime(), now, 'stamped with the emulator clock');
    assert.equal(queue.LastModifiedRegion, 'us-east-1');

    const summary = (await allQueues(instanceId)).find((q) => q.Id === out.QueueId);
    assert.deepEqual(
      { ...summary, LastModifiedTime: summary?.LastModifiedTime?.getTime() },
      { Id: out.QueueId, Arn: out.QueueArn, Name: 'Support', QueueType: 'STANDARD', LastModifiedTime: now, LastModifiedRegion: 'us-east-1' },
    );
    assert.ok((await allQueues(instanceId, ['STANDARD'])).some((q) => q.Id === out.QueueId));
    assert.ok(!(await allQueues(instanceId, ['AGENT'])).some((q) => q.Id === out.QueueId), 'not an agent queue');
  });

  test('a name already taken in the instance -> DuplicateResourceException 409, nothing created', async () => {
    const before = (await allQueues(instanceId)).length;
    const err = await expectError(create({ Name: 'BasicQueue' }), 'DuplicateResourceException', 'BasicQueue');
    assert.equal(err.$metadata?.httpStatusCode, 409);
    assert.equal((await allQueues(instanceId)).length, before);
  });

  test('the same name in another instance is fine', async () => {
    const other = await createTestInstance(t.client, { prefix: 'queues' });
    await create({ Name: 'Shared name' });
    const out = await t.client.send(new CreateQueueCommand({ InstanceId: other, Name: 'Shared name', HoursOfOperationId: await basicHoursId(other) }));
    assert.equal((await describeQueue(other, out.QueueId!)).Name, 'Shared name');
  });

  test('unknown hours of operation, or those of another instance -> ResourceNotFoundException', async () => {
    await expectError(create({ HoursOfOperationId: randomUUID() }), 'ResourceNotFoundException', 'Hours of operation');
    const other = await createTestInstance(t.client, { prefix: 'queues' });
    await expectError(create({ HoursOfOperationId: await basicHoursId(other) }), 'ResourceNotFoundException');
  });

  test('unknown instance -> ResourceNotFoundException', async () => {
    await expectError(t.client.send(new CreateQueueCommand({ InstanceId: randomUUID(), Name: 'x', HoursOfOperationId: hoursId })), 'ResourceNotFoundException');
  });

  test('model constraints -> InvalidParameterException 400', async () => {
    await rejects(() => create({ MaxContacts: -1 }), 'InvalidParameterException', 400);
    await rejects(() => create({ Name: 'n'.repeat(128) }), 'InvalidParameterException', 400);
    await rejects(() => create({ Name: '' }), 'InvalidParameterException', 400);
    await rejects(() => create({ Description: 'd'.repeat(251) }), 'InvalidParameterException', 400);
    await rejects(() => create({ QuickConnectIds: Array.from({ length: 51 }, () => randomUUID()) }), 'InvalidParameterException', 400);
  });

  test('tags: given at creation, then TagResource, UntagResource, ListTagsForResource by QueueArn', async () => {
    const { QueueId, QueueArn } = await create({ Tags: { a: '1' } });
    const tags = async () => (await t.client.send(new ListTagsForResourceCommand({ resourceArn: QueueArn }))).tags;
    assert.deepEqual(await tags(), { a: '1' });
    await t.client.send(new TagResourceCommand({ resourceArn: QueueArn, tags: { b: '2' } }));
    await t.client.send(new UntagResourceCommand({ resourceArn: QueueArn, tagKeys: ['a'] }));
    assert.deepEqual(await tags(), { b: '2' });
    assert.deepEqual((await describeQueue(instanceId, QueueId!)).Tags, { b: '2' });
  });
});

describe('UpdateQueue*', () => {
  let instanceId: string;
  let hoursId: string;
  let queueId: string;

  before(async () => {
    instanceId = await createTestInstance(t.client, { prefix: 'queues' });
    hoursId = await basicHoursId(instanceId);
    queueId = (await t.client.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Sales', Description: 'sales', HoursOfOperationId: hoursId }))).QueueId!;
  });

  test('UpdateQueueStatus: DISABLED and back, each change stamped with the emulator clock', async () => {
    const t1 = await advance(t.server.url, 60);
    await t.client.send(new UpdateQueueStatusCommand({ InstanceId: instanceId, QueueId: queueId, Status: 'DISABLED' }));
    let queue = await describeQueue(instanceId, queueId);
    assert.equal(queue.Status, 'DISABLED');
    assert.equal(queue.LastModifiedTime?.getTime(), t1);

    const t2 = await advance(t.server.url, 60);
    await t.client.send(new UpdateQueueStatusCommand({ InstanceId: instanceId, QueueId: queueId, Status: 'ENABLED' }));
    queue = await describeQueue(instanceId, queueId);
    assert.equal(queue.Status, 'ENABLED');
    assert.equal(queue.LastModifiedTime?.getTime(), t2);
    const summary = (await allQueues(instanceId)).find((q) => q.Id === queueId);
    assert.equal(summary?.LastModifiedTime?.getTime(), t2, 'ListQueues shows the same time');
  });

  test('UpdateQueueStatus with a status outside the enum -> InvalidParameterException', async () => {
    await rejects(
      () => t.client.send(new UpdateQueueStatusCommand({ InstanceId: instanceId, QueueId: queueId, Status: 'PAUSED' as 'ENABLED' })),
      'InvalidParameterException',
      400,
    );
  });

  test('UpdateQueueMaxContacts: set, changed, and lifted when omitted', async () => {
    await t.client.send(new UpdateQueueMaxContactsCommand({ InstanceId: instanceId, QueueId: queueId, MaxContacts: 10 }));
    assert.equal((await describeQueue(instanceId, queueId)).MaxContacts, 10);
    await t.client.send(new UpdateQueueMaxContactsCommand({ InstanceId: instanceId, QueueId: queueId, MaxContacts: 0 }));
    assert.equal((await describeQueue(instanceId, queueId)).MaxContacts, 0);
    await t.client.send(new UpdateQueueMaxContactsCommand({ InstanceId: instanceId, QueueId: queueId }));
    assert.equal((await describeQueue(instanceId, queueId)).MaxContacts, undefined);
    await rejects(() => t.client.send(new UpdateQueueMaxContactsCommand({ InstanceId: instanceId, QueueId: queueId, MaxContacts: -5 })), 'InvalidParameterException', 400);
  });

  test('UpdateQueueName: name and description, each alone; the old name is free afterwards', async () => {
    await t.client.send(new UpdateQueueNameCommand({ InstanceId: instanceId, QueueId: queueId, Name: 'Sales EMEA' }));
    let queue = await describeQueue(instanceId, queueId);
    assert.equal(queue.Name, 'Sales EMEA');
    assert.equal(queue.Description, 'sales', 'the description stays');
    await t.client.send(new UpdateQueueNameCommand({ InstanceId: instanceId, QueueId: queueId, Description: 'sales in Europe' }));
    queue = await describeQueue(instanceId, queueId);
    assert.equal(queue.Name, 'Sales EMEA');
    assert.equal(queue.Description, 'sales in Europe');
    // its own name again is no clash
    await t.client.send(new UpdateQueueNameCommand({ InstanceId: instanceId, QueueId: queueId, Name: 'Sales EMEA' }));
    // the old name can be used by a new queue
    const reuse = await t.client.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Sales', HoursOfOperationId: hoursId }));
    assert.equal((await describeQueue(instanceId, reuse.QueueId!)).Name, 'Sales');
    const names = (await allQueues(instanceId)).map((q) => q.Name);
    assert.ok(names.includes('Sales EMEA') && names.includes('Sales'), JSON.stringify(names));
  });

  test('UpdateQueueName to a name another queue has -> DuplicateResourceException, name unchanged', async () => {
    await expectError(
      t.client.send(new UpdateQueueNameCommand({ InstanceId: instanceId, QueueId: queueId, Name: 'BasicQueue' })),
      'DuplicateResourceException',
      'BasicQueue',
    );
    assert.notEqual((await describeQueue(instanceId, queueId)).Name, 'BasicQueue');
  });

  test('UpdateQueueName with neither Name nor Description -> InvalidRequestException', async () => {
    await rejects(() => t.client.send(new UpdateQueueNameCommand({ InstanceId: instanceId, QueueId: queueId })), 'InvalidRequestException', 400);
  });

  test('UpdateQueueHoursOfOperation: to hours of the instance; unknown ones or another instance\'s -> ResourceNotFoundException', async () => {
    await t.client.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: instanceId, QueueId: queueId, HoursOfOperationId: hoursId }));
    assert.equal((await describeQueue(instanceId, queueId)).HoursOfOperationId, hoursId);
    const other = await createTestInstance(t.client, { prefix: 'queues' });
    for (const id of [randomUUID(), await basicHoursId(other)]) {
      await expectError(
        t.client.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: instanceId, QueueId: queueId, HoursOfOperationId: id })),
        'ResourceNotFoundException',
      );
    }
    assert.equal((await describeQueue(instanceId, queueId)).HoursOfOperationId, hoursId);
  });

  test('UpdateQueueOutboundCallerConfig replaces the config', async () => {
    const flowId = randomUUID();
    await t.client.send(
      new UpdateQueueOutboundCallerConfigCommand({ InstanceId: instanceId, QueueId: queueId, OutboundCallerConfig: { OutboundCallerIdName: 'Sales', OutboundFlowId: flowId } }),
    );
    assert.deepEqual((await describeQueue(instanceId, queueId)).OutboundCallerConfig, { OutboundCallerIdName: 'Sales', OutboundFlowId: flowId });
  });

  test('every update of an unknown queue -> ResourceNotFoundException', async () => {
    const QueueId = randomUUID();
    const base = { InstanceId: instanceId, QueueId };
    await expectError(t.client.send(new UpdateQueueStatusCommand({ ...base, Status: 'DISABLED' })), 'ResourceNotFoundException', QueueId);
    await expectError(t.client.send(new UpdateQueueMaxContactsCommand({ ...base, MaxContacts: 1 })), 'ResourceNotFoundException', QueueId);
    await expectError(t.client.send(new UpdateQueueNameCommand({ ...base, Name: 'x' })), 'ResourceNotFoundException', QueueId);
    await expectError(t.client.send(new UpdateQueueHoursOfOperationCommand({ ...base, HoursOfOperationId: hoursId })), 'ResourceNotFoundException', QueueId);
    await expectError(t.client.send(new UpdateQueueOutboundCallerConfigCommand({ ...base, OutboundCallerConfig: {} })), 'ResourceNotFoundException', QueueId);
    await expectError(t.client.send(new DescribeQueueCommand(base)), 'ResourceNotFoundException', QueueId);
  });
});

describe('ListQueues', () => {
  test('pages of MaxResults cover every queue once, in creation order', async () => {
    const instanceId = await createTestInstance(t.client, { prefix: 'queues' });
    const hoursId = await basicHoursId(instanceId);
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      created.push((await t.client.send(new CreateQueueCommand({ InstanceId: instanceId, Name: `page-${i}`, HoursOfOperationId: hoursId }))).QueueId!);
    }
    const pages = await allPages((NextToken) => t.client.send(new ListQueuesCommand({ InstanceId: instanceId, MaxResults: 3, NextToken })));
    for (const out of pages) assert.ok((out.QueueSummaryList ?? []).length <= 3);
    const seen = pages.flatMap((out) => (out.QueueSummaryList ?? []).map((q) => q.Id!));
    assert.equal(pages.length, 3, '8 queues (BasicQueue + 7) in pages of 3');
    assert.equal(seen.length, 8);
    assert.deepEqual(seen.slice(1), created, 'BasicQueue first, then in creation order');
  });
});

describe('queues belong to one instance', () => {
  test("another instance does not see or change a queue by its id; its ListQueues doesn't hold it", async () => {
    const a = await createTestInstance(t.client, { prefix: 'queues' });
    const b = await createTestInstance(t.client, { prefix: 'queues' });
    const { QueueId } = await t.client.send(new CreateQueueCommand({ InstanceId: a, Name: 'Private', HoursOfOperationId: await basicHoursId(a) }));
    await expectError(t.client.send(new DescribeQueueCommand({ InstanceId: b, QueueId })), 'ResourceNotFoundException');
    await expectError(t.client.send(new UpdateQueueStatusCommand({ InstanceId: b, QueueId, Status: 'DISABLED' })), 'ResourceNotFoundException');
    assert.ok(!(await allQueues(b)).some((q) => q.Id === QueueId || q.Name === 'Private'));
    assert.equal((await describeQueue(a, QueueId!)).Status, 'ENABLED');
  });

  test('another account does not see the queue even with the right instance id', async () => {
    const a = await createTestInstance(t.client, { prefix: 'queues' });
    const { QueueId } = await t.client.send(new CreateQueueCommand({ InstanceId: a, Name: 'Mine', HoursOfOperationId: await basicHoursId(a) }));
    const other = connectClient(t.server.url, { accessKeyId: '777777777777' });
    await expectError(other.send(new DescribeQueueCommand({ InstanceId: a, QueueId })), 'ResourceNotFoundException');
  });
});

describe('agent queues', () => {
  test("a user's agent queue: listed as AGENT without a name, described, and not changed by the queue operations", async () => {
    const instanceId = await createTestInstance(t.client, { prefix: 'queues' });
    const { RoutingProfileSummaryList } = await t.client.send(new ListRoutingProfilesCommand({ InstanceId: instanceId }));
    const { SecurityProfileSummaryList } = await t.client.send(new ListSecurityProfilesCommand({ InstanceId: instanceId }));
    const { UserId } = await t.client.send(
      new CreateUserCommand({
        InstanceId: instanceId,
        Username: 'agent-queue-owner',
        Password: 'Passw0rd!',
        RoutingProfileId: RoutingProfileSummaryList![0].Id,
        SecurityProfileIds: [SecurityProfileSummaryList![0].Id!],
      }),
    );
    const agentQueues = await allQueues(instanceId, ['AGENT']);
    assert.equal(agentQueues.length, 1);
    const [agent] = agentQueues;
    assert.equal(agent.QueueType, 'AGENT');
    assert.equal(agent.Name, undefined);
    assert.equal(agent.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${instanceId}/queue/agent/${agent.Id}`);
    assert.ok(agent.Arn?.endsWith(UserId!), 'named after its user');
    assert.deepEqual((await allQueues(instanceId, ['STANDARD'])).map((q) => q.Name), ['BasicQueue']);
    assert.equal((await allQueues(instanceId, ['STANDARD', 'AGENT'])).length, 2);
    assert.equal((await allQueues(instanceId)).length, 2);

    const queue = await describeQueue(instanceId, agent.Id!);
    assert.equal(queue.QueueArn, agent.Arn);
    assert.equal(queue.Status, 'ENABLED');

    const base = { InstanceId: instanceId, QueueId: agent.Id };
    await expectError(t.client.send(new UpdateQueueNameCommand({ ...base, Name: 'mine' })), 'InvalidRequestException', 'agent queue');
    await expectError(t.client.send(new UpdateQueueStatusCommand({ ...base, Status: 'DISABLED' })), 'InvalidRequestException', 'agent queue');
    await expectError(t.client.send(new UpdateQueueMaxContactsCommand({ ...base, MaxContacts: 1 })), 'InvalidRequestException', 'agent queue');
    assert.equal((await describeQueue(instanceId, agent.Id!)).Status, 'ENABLED');
  });
});
