// Routing profiles: CreateRoutingProfile and its rules, concurrency, name, default outbound
// queue, availability timer, tags, and instances kept apart. The queue associations are in
// routing-profile-queues.test.ts.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AssociateRoutingProfileQueuesCommand,
  CreateRoutingProfileCommand,
  CreateUserCommand,
  DeleteUserCommand,
  DescribeRoutingProfileCommand,
  DisassociateRoutingProfileQueuesCommand,
  ListRoutingProfileManualAssignmentQueuesCommand,
  ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand,
  ListSecurityProfilesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateRoutingProfileAgentAvailabilityTimerCommand,
  UpdateRoutingProfileConcurrencyCommand,
  UpdateRoutingProfileDefaultOutboundQueueCommand,
  UpdateRoutingProfileNameCommand,
  UpdateRoutingProfileQueuesCommand,
  UpdateUserRoutingProfileCommand,
  type CreateRoutingProfileCommandInput,
  type MediaConcurrency,
} from '@aws-sdk/client-connect';
import { advance, chatServerPerFile } from './support/chat.js';
import { expectError, rejects } from './support/errors.js';
import { createProfile, describeProfile, pairs, profileQueues, queueConfig, routingSetup, type RoutingSetup } from './support/routing-profiles.js';

const t = chatServerPerFile();

describe('CreateRoutingProfile', () => {
  let s: RoutingSetup;
  const create = (input: Partial<CreateRoutingProfileCommandInput> = {}) => createProfile(t.client, s, input);

  before(async () => {
    s = await routingSetup(t.client);
  });

  test('Describe shows what was given, the counts, the defaults; List and ListRoutingProfileQueues show it', async () => {
    const now = await advance(t.server.url, 5);
    const out = await create({
      Name: 'Front line',
      MediaConcurrencies: [
        { Channel: 'VOICE', Concurrency: 1, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
        { Channel: 'CHAT', Concurrency: 4 },
      ],
      QueueConfigs: [queueConfig(s.sales, 'VOICE', 1, 0), queueConfig(s.sales, 'CHAT', 2, 30), queueConfig(s.support, 'CHAT', 5, 120)],
      Tags: { tier: 'one' },
    });
    const instanceArn = `arn:aws:connect:us-east-1:000000000000:instance/${s.instanceId}`;
    assert.equal(out.RoutingProfileArn, `${instanceArn}/routing-profile/${out.RoutingProfileId}`);

    const rp = await describeProfile(t.client, s.instanceId, out.RoutingProfileId!);
    assert.equal(rp.Name, 'Front line');
    assert.equal(rp.Description, 'a profile');
    assert.equal(rp.InstanceId, s.instanceId);
    assert.equal(rp.RoutingProfileId, out.RoutingProfileId);
    assert.equal(rp.RoutingProfileArn, out.RoutingProfileArn);
    assert.equal(rp.DefaultOutboundQueueId, s.basicQueue);
    assert.deepEqual(rp.MediaConcurrencies, [
      { Channel: 'VOICE', Concurrency: 1, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
      { Channel: 'CHAT', Concurrency: 4, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
    ]);
    assert.equal(rp.NumberOfAssociatedQueues, 2, 'two queues, three pairs');
    assert.deepEqual([...(rp.AssociatedQueueIds ?? [])].sort(), [s.sales, s.support].sort());
    assert.equal(rp.NumberOfAssociatedUsers, 0);
    assert.equal(rp.IsDefault, false);
    assert.equal(rp.AgentAvailabilityTimer, 'TIME_SINCE_LAST_ACTIVITY');
    assert.deepEqual(rp.Tags, { tier: 'one' });
    assert.equal(rp.LastModifiedTime?.getTime(), now);
    assert.equal(rp.LastModifiedRegion, 'us-east-1');

    const { RoutingProfileSummaryList } = await t.client.send(new ListRoutingProfilesCommand({ InstanceId: s.instanceId }));
    const summary = RoutingProfileSummaryList!.find((r) => r.Id === out.RoutingProfileId);
    assert.equal(summary?.Name, 'Front line');
    assert.equal(summary?.Arn, out.RoutingProfileArn);

    const queues = await profileQueues(t.client, s.instanceId, out.RoutingProfileId!);
    assert.deepEqual(pairs(queues), ['Sales/CHAT/2/30', 'Sales/VOICE/1/0', 'Support/CHAT/5/120']);
    const support = queues.find((q) => q.QueueName === 'Support')!;
    assert.equal(support.QueueId, s.support);
    assert.equal(support.QueueArn, `${instanceArn}/queue/${s.support}`);
  });

  test('without QueueConfigs: no queues; a given AgentAvailabilityTimer is kept', async () => {
    const out = await create({ AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND' });
    const rp = await describeProfile(t.client, s.instanceId, out.RoutingProfileId!);
    assert.equal(rp.NumberOfAssociatedQueues, 0);
    assert.deepEqual(rp.AssociatedQueueIds ?? [], []);
    assert.equal(rp.AgentAvailabilityTimer, 'TIME_SINCE_LAST_INBOUND');
    assert.deepEqual(await profileQueues(t.client, s.instanceId, out.RoutingProfileId!), []);
  });

  test('a name already taken -> DuplicateResourceException 409', async () => {
    const err = await expectError(create({ Name: 'Basic Routing Profile' }), 'DuplicateResourceException', 'Basic Routing Profile');
    assert.equal(err.$metadata?.httpStatusCode, 409);
  });

  test('unknown DefaultOutboundQueueId or queue in QueueConfigs -> ResourceNotFoundException', async () => {
    const missing = randomUUID();
    await expectError(create({ DefaultOutboundQueueId: missing }), 'ResourceNotFoundException', missing);
    await expectError(create({ QueueConfigs: [queueConfig(s.sales, 'CHAT'), queueConfig(missing, 'CHAT')] }), 'ResourceNotFoundException', missing);
  });

  test('the same (queue, channel) twice, or a channel twice in MediaConcurrencies -> InvalidRequestException', async () => {
    await expectError(create({ QueueConfigs: [queueConfig(s.sales, 'CHAT', 1), queueConfig(s.sales, 'CHAT', 2)] }), 'InvalidRequestException', s.sales);
    await expectError(
      create({ MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }, { Channel: 'CHAT', Concurrency: 2 }] }),
      'InvalidRequestException',
      'CHAT',
    );
    await expectError(create({ MediaConcurrencies: [] }), 'InvalidRequestException', 'MediaConcurrencies');
  });

  test('out of range: Concurrency 0 or 11, VOICE above 1, Priority 0 or 100, Delay 10000 -> InvalidParameterException', async () => {
    for (const MediaConcurrencies of [[{ Channel: 'CHAT' as const, Concurrency: 0 }], [{ Channel: 'TASK' as const, Concurrency: 11 }], [{ Channel: 'VOICE' as const, Concurrency: 2 }]]) {
      await rejects(() => create({ MediaConcurrencies }), 'InvalidParameterException', 400);
    }
    for (const c of [queueConfig(s.sales, 'CHAT', 0), queueConfig(s.sales, 'CHAT', 100), queueConfig(s.sales, 'CHAT', 1, 10000), queueConfig(s.sales, 'CHAT', 1, -1)]) {
      await rejects(() => create({ QueueConfigs: [c] }), 'InvalidParameterException', 400);
    }
    await rejects(() => create({ QueueConfigs: Array.from({ length: 11 }, (_, i) => queueConfig(s.sales, 'CHAT', i + 1)) }), 'InvalidParameterException', 400);
    await rejects(() => create({ Description: '' }), 'InvalidParameterException', 400);
  });

  test('ManualAssignmentQueueConfigs: kept and counted apart; VOICE -> InvalidRequestException', async () => {
    const out = await create({
      QueueConfigs: [queueConfig(s.sales, 'CHAT')],
      ManualAssignmentQueueConfigs: [{ QueueReference: { QueueId: s.billing, Channel: 'TASK' } }],
    });
    const rp = await describeProfile(t.client, s.instanceId, out.RoutingProfileId!);
    assert.equal(rp.NumberOfAssociatedQueues, 1);
    assert.equal(rp.NumberOfAssociatedManualAssignmentQueues, 1);
    assert.deepEqual(rp.AssociatedManualAssignmentQueueIds, [s.billing]);
    const manual = await t.client.send(new ListRoutingProfileManualAssignmentQueuesCommand({ InstanceId: s.instanceId, RoutingProfileId: out.RoutingProfileId }));
    assert.deepEqual(
      manual.RoutingProfileManualAssignmentQueueConfigSummaryList?.map((m) => [m.QueueName, m.Channel]),
      [['Billing', 'TASK']],
    );
    assert.deepEqual(pairs(await profileQueues(t.client, s.instanceId, out.RoutingProfileId!)), ['Sales/CHAT/1/0'], 'manual queues are not routed queues');
    await expectError(
      create({ ManualAssignmentQueueConfigs: [{ QueueReference: { QueueId: s.billing, Channel: 'VOICE' } }] }),
      'InvalidRequestException',
      'VOICE',
    );
  });

  test('tags through TagResource and ListTagsForResource by RoutingProfileArn', async () => {
    const { RoutingProfileId, RoutingProfileArn } = await create({ Tags: { a: '1' } });
    await t.client.send(new TagResourceCommand({ resourceArn: RoutingProfileArn, tags: { b: '2' } }));
    assert.deepEqual((await t.client.send(new ListTagsForResourceCommand({ resourceArn: RoutingProfileArn }))).tags, { a: '1', b: '2' });
    assert.deepEqual((await describeProfile(t.client, s.instanceId, RoutingProfileId!)).Tags, { a: '1', b: '2' });
  });
});

describe('routing profile settings', () => {
  let s: RoutingSetup;
  let rpId: string;

  before(async () => {
    s = await routingSetup(t.client);
    rpId = (await createProfile(t.client, s, { Name: 'Settings', Description: 'before', MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }] })).RoutingProfileId!;
  });

  test('UpdateRoutingProfileConcurrency replaces the channels', async () => {
    const setConcurrency = (MediaConcurrencies: MediaConcurrency[]) =>
      t.client.send(new UpdateRoutingProfileConcurrencyCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, MediaConcurrencies }));
    await setConcurrency([
      { Channel: 'TASK', Concurrency: 10 },
      { Channel: 'VOICE', Concurrency: 1 },
    ]);
    const rp = await describeProfile(t.client, s.instanceId, rpId);
    assert.deepEqual(
      rp.MediaConcurrencies?.map((m) => [m.Channel, m.Concurrency]),
      [
        ['TASK', 10],
        ['VOICE', 1],
      ],
    );
    await expectError(
      setConcurrency([
        { Channel: 'TASK', Concurrency: 1 },
        { Channel: 'TASK', Concurrency: 2 },
      ]),
      'InvalidRequestException',
    );
    await rejects(() => setConcurrency([{ Channel: 'VOICE', Concurrency: 3 }]), 'InvalidParameterException', 400);
    assert.equal((await describeProfile(t.client, s.instanceId, rpId)).MediaConcurrencies?.length, 2, 'refused updates changed nothing');
  });

  test('UpdateRoutingProfileName: name, description, a taken name -> DuplicateResourceException, neither -> InvalidRequestException', async () => {
    await t.client.send(new UpdateRoutingProfileNameCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, Name: 'Renamed' }));
    await t.client.send(new UpdateRoutingProfileNameCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, Description: 'after' }));
    const rp = await describeProfile(t.client, s.instanceId, rpId);
    assert.equal(rp.Name, 'Renamed');
    assert.equal(rp.Description, 'after');
    await expectError(
      t.client.send(new UpdateRoutingProfileNameCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, Name: 'Basic Routing Profile' })),
      'DuplicateResourceException',
    );
    await expectError(t.client.send(new UpdateRoutingProfileNameCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId })), 'InvalidRequestException');
    // the old name is free again
    const again = await createProfile(t.client, s, { Name: 'Settings', Description: 'x', MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }] });
    assert.equal((await describeProfile(t.client, s.instanceId, again.RoutingProfileId!)).Name, 'Settings');
  });

  test('UpdateRoutingProfileDefaultOutboundQueue: to a queue of the instance; unknown -> ResourceNotFoundException', async () => {
    await t.client.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, DefaultOutboundQueueId: s.sales }));
    assert.equal((await describeProfile(t.client, s.instanceId, rpId)).DefaultOutboundQueueId, s.sales);
    await expectError(
      t.client.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, DefaultOutboundQueueId: randomUUID() })),
      'ResourceNotFoundException',
    );
    assert.equal((await describeProfile(t.client, s.instanceId, rpId)).DefaultOutboundQueueId, s.sales);
  });

  test('UpdateRoutingProfileAgentAvailabilityTimer', async () => {
    await t.client.send(new UpdateRoutingProfileAgentAvailabilityTimerCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, AgentAvailabilityTimer: 'TIME_SINCE_LAST_INBOUND' }));
    assert.equal((await describeProfile(t.client, s.instanceId, rpId)).AgentAvailabilityTimer, 'TIME_SINCE_LAST_INBOUND');
  });

  test('every operation on an unknown routing profile -> ResourceNotFoundException', async () => {
    const base = { InstanceId: s.instanceId, RoutingProfileId: randomUUID() };
    const calls = [
      () => t.client.send(new DescribeRoutingProfileCommand(base)),
      () => t.client.send(new ListRoutingProfileQueuesCommand(base)),
      () => t.client.send(new AssociateRoutingProfileQueuesCommand({ ...base, QueueConfigs: [queueConfig(s.sales, 'CHAT')] })),
      () => t.client.send(new DisassociateRoutingProfileQueuesCommand({ ...base, QueueReferences: [{ QueueId: s.sales, Channel: 'CHAT' }] })),
      () => t.client.send(new UpdateRoutingProfileQueuesCommand({ ...base, QueueConfigs: [queueConfig(s.sales, 'CHAT')] })),
      () => t.client.send(new UpdateRoutingProfileConcurrencyCommand({ ...base, MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }] })),
      () => t.client.send(new UpdateRoutingProfileNameCommand({ ...base, Name: 'x' })),
      () => t.client.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ ...base, DefaultOutboundQueueId: s.sales })),
    ];
    for (const call of calls) await expectError(call(), 'ResourceNotFoundException', base.RoutingProfileId);
  });
});

describe('routing profiles belong to one instance', () => {
  test("a profile is invisible from another instance, whose queues it cannot take", async () => {
    const a = await routingSetup(t.client);
    const b = await routingSetup(t.client);
    const { RoutingProfileId } = await createProfile(t.client, a, { Name: 'A only', Description: 'a', MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }] });
    await expectError(t.client.send(new DescribeRoutingProfileCommand({ InstanceId: b.instanceId, RoutingProfileId })), 'ResourceNotFoundException');
    await expectError(t.client.send(new ListRoutingProfileQueuesCommand({ InstanceId: b.instanceId, RoutingProfileId })), 'ResourceNotFoundException');
    const { RoutingProfileSummaryList } = await t.client.send(new ListRoutingProfilesCommand({ InstanceId: b.instanceId }));
    assert.ok(!RoutingProfileSummaryList!.some((r) => r.Id === RoutingProfileId || r.Name === 'A only'));
    // B's queue is not a queue of A
    await expectError(
      t.client.send(new AssociateRoutingProfileQueuesCommand({ InstanceId: a.instanceId, RoutingProfileId, QueueConfigs: [queueConfig(b.sales, 'CHAT')] })),
      'ResourceNotFoundException',
    );
    await expectError(
      t.client.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ InstanceId: a.instanceId, RoutingProfileId, DefaultOutboundQueueId: b.basicQueue })),
      'ResourceNotFoundException',
    );
    // the same name is free in B
    await createProfile(t.client, b, { Name: 'A only', Description: 'b', MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }] });
  });
});

describe('routing profiles and users', () => {
  test('NumberOfAssociatedUsers follows CreateUser, UpdateUserRoutingProfile and DeleteUser', async () => {
    const s = await routingSetup(t.client);
    const { SecurityProfileSummaryList } = await t.client.send(new ListSecurityProfilesCommand({ InstanceId: s.instanceId }));
    const other = await createProfile(t.client, s, { Name: 'Other', Description: 'o', MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }] });
    const user = (Username: string) =>
      t.client.send(
        new CreateUserCommand({ InstanceId: s.instanceId, Username, Password: 'Passw0rd!', RoutingProfileId: s.basicProfile, SecurityProfileIds: [SecurityProfileSummaryList![0].Id!] }),
      );
    const users = async () => [(await describeProfile(t.client, s.instanceId, s.basicProfile)).NumberOfAssociatedUsers, (await describeProfile(t.client, s.instanceId, other.RoutingProfileId!)).NumberOfAssociatedUsers];
    assert.deepEqual(await users(), [0, 0]);
    const { UserId: first } = await user('first');
    const { UserId: second } = await user('second');
    assert.deepEqual(await users(), [2, 0]);
    await t.client.send(new UpdateUserRoutingProfileCommand({ InstanceId: s.instanceId, UserId: first, RoutingProfileId: other.RoutingProfileId }));
    assert.deepEqual(await users(), [1, 1]);
    await t.client.send(new DeleteUserCommand({ InstanceId: s.instanceId, UserId: second }));
    assert.deepEqual(await users(), [0, 1]);
  });

  test("an agent queue cannot be a profile's queue or default outbound queue -> InvalidRequestException", async () => {
    const s = await routingSetup(t.client);
    const { SecurityProfileSummaryList } = await t.client.send(new ListSecurityProfilesCommand({ InstanceId: s.instanceId }));
    const { UserId } = await t.client.send(
      new CreateUserCommand({ InstanceId: s.instanceId, Username: 'owner', Password: 'Passw0rd!', RoutingProfileId: s.basicProfile, SecurityProfileIds: [SecurityProfileSummaryList![0].Id!] }),
    );
    const base = { InstanceId: s.instanceId, Name: 'With agent queue', Description: 'x', MediaConcurrencies: [{ Channel: 'CHAT' as const, Concurrency: 1 }] };
    await expectError(t.client.send(new CreateRoutingProfileCommand({ ...base, DefaultOutboundQueueId: UserId })), 'InvalidRequestException', 'STANDARD');
    await expectError(
      t.client.send(new CreateRoutingProfileCommand({ ...base, DefaultOutboundQueueId: s.basicQueue, QueueConfigs: [queueConfig(UserId!, 'CHAT')] })),
      'InvalidRequestException',
      'STANDARD',
    );
    await expectError(
      t.client.send(new UpdateRoutingProfileDefaultOutboundQueueCommand({ InstanceId: s.instanceId, RoutingProfileId: s.basicProfile, DefaultOutboundQueueId: UserId })),
      'InvalidRequestException',
    );
  });
});
