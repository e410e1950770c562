// Agent statuses: CreateAgentStatus (always CUSTOM), UpdateAgentStatus (name, description,
// state, display order and its reset), the built-in Available and Offline, Describe and List
// with their filter and pages, the per-instance quota, tags, and instances kept apart.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateAgentStatusCommand,
  DescribeAgentStatusCommand,
  ListAgentStatusesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAgentStatusCommand,
  type AgentStatusSummary,
  type AgentStatusType,
  type CreateAgentStatusCommandInput,
} from '@aws-sdk/client-connect';
import { advance, chatServerPerFile } from './support/chat.js';
import { expectError, rejects } from './support/errors.js';
import { allPages } from './support/pages.js';
import { createTestInstance } from './support/server.js';

const t = chatServerPerFile();

async function statuses(InstanceId: string, AgentStatusTypes?: AgentStatusType[]): Promise<AgentStatusSummary[]> {
  const { AgentStatusSummaryList } = await t.client.send(new ListAgentStatusesCommand({ InstanceId, AgentStatusTypes, MaxResults: 1000 }));
  return AgentStatusSummaryList ?? [];
}

const describeStatus = async (InstanceId: string, AgentStatusId: string) =>
  (await t.client.send(new DescribeAgentStatusCommand({ InstanceId, AgentStatusId }))).AgentStatus!;

describe('CreateAgentStatus', () => {
  let instanceId: string;
  const create = (input: Partial<CreateAgentStatusCommandInput> = {}) =>
    t.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: `s-${randomUUID().slice(0, 8)}`, State: 'ENABLED', ...input }));

  before(async () => {
    instanceId = await createTestInstance(t.client, { prefix: 'status' });
  });

  test('a CUSTOM status with everything given; Describe and List show it', async () => {
    const now = await advance(t.server.url, 3);
    const out = await create({ Name: 'Lunch', Description: 'out for lunch', State: 'ENABLED', DisplayOrder: 3, Tags: { kind: 'break' } });
    assert.equal(out.AgentStatusARN, `arn:aws:connect:us-east-1:000000000000:instance/${instanceId}/agent-state/${out.AgentStatusId}`);

    const status = await describeStatus(instanceId, out.AgentStatusId!);
    assert.equal(status.AgentStatusId, out.AgentStatusId);
    assert.equal(status.AgentStatusARN, out.AgentStatusARN);
    assert.equal(status.Name, 'Lunch');
    assert.equal(status.Description, 'out for lunch');
    assert.equal(status.Type, 'CUSTOM');
    assert.equal(status.State, 'ENABLED');
    assert.equal(status.DisplayOrder, 3);
    assert.deepEqual(status.Tags, { kind: 'break' });
    assert.equal(status.LastModifiedTime?.getTime(), now);
    assert.equal(status.LastModifiedRegion, 'us-east-1');

    const custom = await statuses(instanceId, ['CUSTOM']);
    const summary = custom.find((s) => s.Id === out.AgentStatusId);
    assert.equal(summary?.Name, 'Lunch');
    assert.equal(summary?.Arn, out.AgentStatusARN);
    assert.equal(summary?.Type, 'CUSTOM');
    assert.ok(custom.every((s) => s.Type === 'CUSTOM'));
    assert.deepEqual((await statuses(instanceId, ['ROUTABLE'])).map((s) => s.Name), ['Available'], 'the filter leaves custom ones out');
  });

  test('a DISABLED status without description or display order', async () => {
    const out = await create({ Name: 'Training', State: 'DISABLED' });
    const status = await describeStatus(instanceId, out.AgentStatusId!);
    assert.equal(status.State, 'DISABLED');
    assert.equal(status.Type, 'CUSTOM');
    assert.equal(status.Description, undefined);
    assert.equal(status.DisplayOrder, undefined);
  });

  test('a name already taken, built-in ones included -> DuplicateResourceException 409', async () => {
    await create({ Name: 'Meeting' });
    for (const Name of ['Meeting', 'Available', 'Offline']) {
      const err = await expectError(create({ Name }), 'DuplicateResourceException', Name);
      assert.equal(err.$metadata?.httpStatusCode, 409);
    }
    assert.equal((await statuses(instanceId)).filter((s) => s.Name === 'Meeting').length, 1);
  });

  test('model constraints: DisplayOrder 0 or 51, a State outside the enum, no Name -> InvalidParameterException', async () => {
    for (const DisplayOrder of [0, 51]) await rejects(() => create({ DisplayOrder }), 'InvalidParameterException', 400);
    await rejects(() => create({ State: 'PAUSED' as 'ENABLED' }), 'InvalidParameterException', 400);
    await rejects(() => create({ Name: '' }), 'InvalidParameterException', 400);
    await rejects(() => create({ Name: 'n'.repeat(128) }), 'InvalidParameterException', 400);
  });

  test('unknown instance -> ResourceNotFoundException', async () => {
    await expectError(t.client.send(new CreateAgentStatusCommand({ InstanceId: randomUUID(), Name: 'x', State: 'ENABLED' })), 'ResourceNotFoundException');
  });

  test('tags through TagResource, UntagResource and ListTagsForResource by AgentStatusARN', async () => {
    const { AgentStatusId, AgentStatusARN } = await create({ Tags: { a: '1' } });
    await t.client.send(new TagResourceCommand({ resourceArn: AgentStatusARN, tags: { b: '2' } }));
    await t.client.send(new UntagResourceCommand({ resourceArn: AgentStatusARN, tagKeys: ['a'] }));
    assert.deepEqual((await t.client.send(new ListTagsForResourceCommand({ resourceArn: AgentStatusARN }))).tags, { b: '2' });
    assert.deepEqual((await describeStatus(instanceId, AgentStatusId!)).Tags, { b: '2' });
  });
});

describe('UpdateAgentStatus', () => {
  let instanceId: string;
  let statusId: string;
  let available: string;
  let offline: string;

  before(async () => {
    instanceId = await createTestInstance(t.client, { prefix: 'status' });
    statusId = (await t.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Break', Description: 'a break', State: 'ENABLED', DisplayOrder: 4 })))
      .AgentStatusId!;
    const all = await statuses(instanceId);
    available = all.find((s) => s.Name === 'Available')!.Id!;
    offline = all.find((s) => s.Name === 'Offline')!.Id!;
  });

  const update = (input: Omit<ConstructorParameters<typeof UpdateAgentStatusCommand>[0], 'InstanceId' | 'AgentStatusId'>, id = statusId) =>
    t.client.send(new UpdateAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: id, ...input }));

  test('name, description, state and display order, each stamped with the emulator clock', async () => {
    const now = await advance(t.server.url, 120);
    await update({ Name: 'Coffee', Description: 'coffee break', State: 'DISABLED', DisplayOrder: 9 });
    const status = await describeStatus(instanceId, statusId);
    assert.equal(status.Name, 'Coffee');
    assert.equal(status.Description, 'coffee break');
    assert.equal(status.State, 'DISABLED');
    assert.equal(status.DisplayOrder, 9);
    assert.equal(status.Type, 'CUSTOM');
    assert.equal(status.LastModifiedTime?.getTime(), now);
    assert.equal((await statuses(instanceId)).find((s) => s.Id === statusId)?.Name, 'Coffee');

    await update({ State: 'ENABLED' });
    const again = await describeStatus(instanceId, statusId);
    assert.equal(again.State, 'ENABLED');
    assert.equal(again.Name, 'Coffee', 'what is not given stays');
  });

  test('an empty Description clears it', async () => {
    await update({ Description: '' });
    assert.equal((await describeStatus(instanceId, statusId)).Description, undefined);
  });

  test('ResetOrderNumber takes the status out of the display order; with DisplayOrder -> InvalidRequestException', async () => {
    await update({ DisplayOrder: 2 });
    await expectError(update({ DisplayOrder: 3, ResetOrderNumber: true }), 'InvalidRequestException');
    assert.equal((await describeStatus(instanceId, statusId)).DisplayOrder, 2);
    await update({ ResetOrderNumber: true });
    assert.equal((await describeStatus(instanceId, statusId)).DisplayOrder, undefined);
  });

  test('a name another status has -> DuplicateResourceException; its own name is fine', async () => {
    await expectError(update({ Name: 'Available' }), 'DuplicateResourceException', 'Available');
    const { Name } = await describeStatus(instanceId, statusId);
    await update({ Name: Name! });
    assert.equal((await describeStatus(instanceId, statusId)).Name, Name);
  });

  test('nothing to update -> InvalidRequestException', async () => {
    await expectError(update({}), 'InvalidRequestException');
    await expectError(update({ ResetOrderNumber: false }), 'InvalidRequestException');
  });

  test('Available and Offline can be renamed, not disabled', async () => {
    await update({ Name: 'Ready' }, available);
    const ready = await describeStatus(instanceId, available);
    assert.equal(ready.Name, 'Ready');
    assert.equal(ready.Type, 'ROUTABLE');
    for (const id of [available, offline]) {
      await expectError(update({ State: 'DISABLED' }, id), 'InvalidRequestException', 'cannot be disabled');
      assert.equal((await describeStatus(instanceId, id)).State, 'ENABLED');
    }
    // the old name is free for a status of its own
    const { AgentStatusId } = await t.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'Available', State: 'ENABLED' }));
    assert.equal((await describeStatus(instanceId, AgentStatusId!)).Type, 'CUSTOM');
  });

  test('unknown status -> ResourceNotFoundException; out-of-range DisplayOrder -> InvalidParameterException', async () => {
    const missing = randomUUID();
    await expectError(update({ Name: 'x' }, missing), 'ResourceNotFoundException', missing);
    await expectError(t.client.send(new DescribeAgentStatusCommand({ InstanceId: instanceId, AgentStatusId: missing })), 'ResourceNotFoundException', missing);
    await rejects(() => update({ DisplayOrder: 51 }), 'InvalidParameterException', 400);
  });
});

describe('agent status lists and limits', () => {
  test('50 statuses per instance, the built-in two included: the 51st -> LimitExceededException 429', async () => {
    const instanceId = await createTestInstance(t.client, { prefix: 'status' });
    for (let i = 0; i < 48; i++) {
      await t.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: `status ${i}`, State: 'ENABLED' }));
    }
    const err = await expectError(t.client.send(new CreateAgentStatusCommand({ InstanceId: instanceId, Name: 'one too many', State: 'ENABLED' })), 'LimitExceededException');
    assert.equal(err.$metadata?.httpStatusCode, 429);
    assert.equal((await statuses(instanceId)).length, 50);

    // pages of 20 cover all 50 once, the built-in ones first
    const pages = await allPages((NextToken) => t.client.send(new ListAgentStatusesCommand({ InstanceId: instanceId, MaxResults: 20, NextToken })));
    const seen = pages.flatMap((page) => page.AgentStatusSummaryList!.map((s) => s.Name!));
    assert.equal(pages.length, 3);
    assert.equal(new Set(seen).size, 50);
    assert.deepEqual(seen.slice(0, 3), ['Available', 'Offline', 'status 0']);
  });

  test("statuses of one instance are invisible from another", async () => {
    const a = await createTestInstance(t.client, { prefix: 'status' });
    const b = await createTestInstance(t.client, { prefix: 'status' });
    const { AgentStatusId } = await t.client.send(new CreateAgentStatusCommand({ InstanceId: a, Name: 'A only', State: 'ENABLED' }));
    await expectError(t.client.send(new DescribeAgentStatusCommand({ InstanceId: b, AgentStatusId })), 'ResourceNotFoundException');
    await expectError(t.client.send(new UpdateAgentStatusCommand({ InstanceId: b, AgentStatusId, Name: 'stolen' })), 'ResourceNotFoundException');
    assert.deepEqual((await statuses(b)).map((s) => s.Name).sort(), ['Available', 'Offline']);
    // the same name is free in b
    await t.client.send(new CreateAgentStatusCommand({ InstanceId: b, Name: 'A only', State: 'ENABLED' }));
    assert.equal((await describeStatus(a, AgentStatusId!)).Name, 'A only');
  });
});
