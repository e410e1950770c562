// The queues of a routing profile: AssociateRoutingProfileQueues, UpdateRoutingProfileQueues
// (priority and delay), DisassociateRoutingProfileQueues, ListRoutingProfileQueues pages, and
// DescribeRoutingProfile's counts kept in step.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AssociateRoutingProfileQueuesCommand,
  DisassociateRoutingProfileQueuesCommand,
  ListRoutingProfileQueuesCommand,
  UpdateRoutingProfileQueuesCommand,
  type Channel,
} from '@aws-sdk/client-connect';
import { advance, chatServerPerFile } from './support/chat.js';
import { expectError, rejects } from './support/errors.js';
import { allPages } from './support/pages.js';
import { createProfile, describeProfile, pairs, profileQueues, queueConfig, routingSetup, type RoutingSetup } from './support/routing-profiles.js';

const t = chatServerPerFile();

describe('routing profile queues', () => {
  let s: RoutingSetup;
  let rpId: string;

  before(async () => {
    s = await routingSetup(t.client);
    rpId = (
      await createProfile(t.client, s, {
        Name: 'Team',
        Description: 'team',
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }],
        QueueConfigs: [queueConfig(s.sales, 'CHAT', 1, 0)],
      })
    ).RoutingProfileId!;
  });

  test('Associate adds pairs; NumberOfAssociatedQueues and AssociatedQueueIds follow; LastModifiedTime moves', async () => {
    const now = await advance(t.server.url, 30);
    await t.client.send(
      new AssociateRoutingProfileQueuesCommand({
        InstanceId: s.instanceId,
        RoutingProfileId: rpId,
        QueueConfigs: [queueConfig(s.sales, 'TASK', 3, 10), queueConfig(s.support, 'CHAT', 2, 5)],
      }),
    );
    const rp = await describeProfile(t.client, s.instanceId, rpId);
    assert.equal(rp.NumberOfAssociatedQueues, 2);
    assert.deepEqual([...rp.AssociatedQueueIds!].sort(), [s.sales, s.support].sort());
    assert.equal(rp.LastModifiedTime?.getTime(), now);
    assert.deepEqual(pairs(await profileQueues(t.client, s.instanceId, rpId)), ['Sales/CHAT/1/0', 'Sales/TASK/3/10', 'Support/CHAT/2/5']);
  });

  test('Associate: a pair already associated -> InvalidRequestException; an unknown queue -> ResourceNotFoundException; nothing -> InvalidRequestException', async () => {
    const base = { InstanceId: s.instanceId, RoutingProfileId: rpId };
    await expectError(t.client.send(new AssociateRoutingProfileQueuesCommand({ ...base, QueueConfigs: [queueConfig(s.sales, 'CHAT', 9)] })), 'InvalidRequestException', 'already');
    await expectError(t.client.send(new AssociateRoutingProfileQueuesCommand({ ...base, QueueConfigs: [queueConfig(randomUUID(), 'CHAT')] })), 'ResourceNotFoundException');
    await expectError(t.client.send(new AssociateRoutingProfileQueuesCommand(base)), 'InvalidRequestException');
    assert.ok(!pairs(await profileQueues(t.client, s.instanceId, rpId)).includes('Sales/CHAT/9/0'), 'the refused request changed nothing');
  });

  test('UpdateRoutingProfileQueues changes Priority and Delay of pairs it has; another pair -> InvalidRequestException', async () => {
    await t.client.send(new UpdateRoutingProfileQueuesCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, QueueConfigs: [queueConfig(s.support, 'CHAT', 7, 60)] }));
    assert.ok(pairs(await profileQueues(t.client, s.instanceId, rpId)).includes('Support/CHAT/7/60'));
    await expectError(
      t.client.send(new UpdateRoutingProfileQueuesCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, QueueConfigs: [queueConfig(s.support, 'TASK', 1, 0)] })),
      'InvalidRequestException',
      'not associated',
    );
    await expectError(
      t.client.send(new UpdateRoutingProfileQueuesCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, QueueConfigs: [queueConfig(randomUUID(), 'CHAT')] })),
      'ResourceNotFoundException',
    );
    await rejects(
      () => t.client.send(new UpdateRoutingProfileQueuesCommand({ InstanceId: s.instanceId, RoutingProfileId: rpId, QueueConfigs: [queueConfig(s.support, 'CHAT', 100)] })),
      'InvalidParameterException',
      400,
    );
  });

  test('Disassociate removes pairs; a queue leaves the counts with its last pair; a pair not there -> InvalidRequestException', async () => {
    const base = { InstanceId: s.instanceId, RoutingProfileId: rpId };
    await t.client.send(new DisassociateRoutingProfileQueuesCommand({ ...base, QueueReferences: [{ QueueId: s.sales, Channel: 'TASK' }] }));
    let rp = await describeProfile(t.client, s.instanceId, rpId);
    assert.equal(rp.NumberOfAssociatedQueues, 2, 'Sales still has CHAT');
    await t.client.send(new DisassociateRoutingProfileQueuesCommand({ ...base, QueueReferences: [{ QueueId: s.support, Channel: 'CHAT' }] }));
    rp = await describeProfile(t.client, s.instanceId, rpId);
    assert.equal(rp.NumberOfAssociatedQueues, 1);
    assert.deepEqual(rp.AssociatedQueueIds, [s.sales]);
    assert.deepEqual(pairs(await profileQueues(t.client, s.instanceId, rpId)), ['Sales/CHAT/1/0']);
    await expectError(
      t.client.send(new DisassociateRoutingProfileQueuesCommand({ ...base, QueueReferences: [{ QueueId: s.support, Channel: 'CHAT' }] })),
      'InvalidRequestException',
      'not associated',
    );
  });

  test('ListRoutingProfileQueues: pages of MaxResults cover every pair once; the profile\'s LastModifiedTime comes along', async () => {
    const channels: Channel[] = ['VOICE', 'CHAT', 'TASK', 'EMAIL'];
    const rp = await createProfile(t.client, s, {
      Name: 'Many queues',
      Description: 'many',
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
      QueueConfigs: [s.sales, s.support].flatMap((q) => channels.map((c, i) => queueConfig(q, c, i + 1))),
    });
    await t.client.send(
      new AssociateRoutingProfileQueuesCommand({ InstanceId: s.instanceId, RoutingProfileId: rp.RoutingProfileId, QueueConfigs: channels.map((c) => queueConfig(s.billing, c)) }),
    );
    const pages = await allPages((NextToken) =>
      t.client.send(new ListRoutingProfileQueuesCommand({ InstanceId: s.instanceId, RoutingProfileId: rp.RoutingProfileId, MaxResults: 5, NextToken })),
    );
    for (const page of pages) {
      assert.ok(page.RoutingProfileQueueConfigSummaryList!.length <= 5);
      assert.ok(page.LastModifiedTime instanceof Date);
      assert.equal(page.LastModifiedRegion, 'us-east-1');
    }
    const seen = pages.flatMap((page) => page.RoutingProfileQueueConfigSummaryList!.map((c) => `${c.QueueId}/${c.Channel}`));
    assert.equal(pages.length, 3, '12 pairs in pages of 5');
    assert.equal(new Set(seen).size, 12);
    assert.equal((await describeProfile(t.client, s.instanceId, rp.RoutingProfileId!)).NumberOfAssociatedQueues, 3);
  });

  test('the Basic Routing Profile takes queues too', async () => {
    const before = await describeProfile(t.client, s.instanceId, s.basicProfile);
    assert.equal(before.NumberOfAssociatedQueues, 1);
    await t.client.send(new AssociateRoutingProfileQueuesCommand({ InstanceId: s.instanceId, RoutingProfileId: s.basicProfile, QueueConfigs: [queueConfig(s.billing, 'CHAT', 2, 0)] }));
    const after = await describeProfile(t.client, s.instanceId, s.basicProfile);
    assert.equal(after.NumberOfAssociatedQueues, 2);
    assert.ok(after.AssociatedQueueIds?.includes(s.billing));
    assert.ok(pairs(await profileQueues(t.client, s.instanceId, s.basicProfile)).includes('Billing/CHAT/2/0'));
  });
});
