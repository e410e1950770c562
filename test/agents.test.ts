// Users as an administrator sees them (spec routing.md §5, §6; contract.md "Routing as an agent
// sees it"): CreateUser and its validations, DescribeUser, ListUsers, DeleteUser, the updates
// of routing profile, phone config and identity, PutUserStatus, and the agent queue each user
// gets. How agents get contacts is in routing-order.test.ts and routing-offers.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateInstanceCommand,
  CreateUserCommand,
  DeleteUserCommand,
  DescribeUserCommand,
  ListQueuesCommand,
  ListUsersCommand,
  PutUserStatusCommand,
  UpdateUserIdentityInfoCommand,
  UpdateUserPhoneConfigCommand,
  UpdateUserRoutingProfileCommand,
  type UserSummary,
} from '@aws-sdk/client-connect';
import { agentEnv, agentInfo, createAgent, freshAgentEnv, goAvailable, PASSWORD, type AgentEnv } from './support/agents.js';
import { advance, chatServerPerFile, clockNow, startChat } from './support/chat.js';
import { rejects } from './support/errors.js';
import { allPages } from './support/pages.js';

const t = chatServerPerFile();

const describeUser = (env: AgentEnv, userId: string) =>
  t.client.send(new DescribeUserCommand({ InstanceId: env.instanceId, UserId: userId })).then((o) => o.User!);

async function allUsers(env: AgentEnv, MaxResults?: number): Promise<{ users: UserSummary[]; pages: number }> {
  const pages = await allPages((NextToken) => t.client.send(new ListUsersCommand({ InstanceId: env.instanceId, MaxResults, NextToken })));
  if (MaxResults) for (const out of pages) assert.ok((out.UserSummaryList ?? []).length <= MaxResults, 'a page holds at most MaxResults');
  return { users: pages.flatMap((out) => out.UserSummaryList ?? []), pages: pages.length };
}

describe('CreateUser', () => {
  test('a user with its routing profile and security profiles; DescribeUser shows it as created', async () => {
    const env = await freshAgentEnv(t);
    const now = await clockNow(t.server.url);
    const out = await t.client.send(
      new CreateUserCommand({
        InstanceId: env.instanceId,
        Username: 'jane.doe',
        Password: PASSWORD,
        IdentityInfo: { FirstName: 'Jane', LastName: 'Doe', Email: 'jane@example.com' },
        PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30 },
        RoutingProfileId: env.routingProfileId,
        SecurityProfileIds: [env.securityProfileId],
        Tags: { team: 'blue' },
      }),
    );
    assert.ok(out.UserId);
    assert.equal(out.UserArn, `arn:aws:connect:us-east-1:000000000000:instance/${env.instanceId}/agent/${out.UserId}`);
    const user = await describeUser(env, out.UserId);
    assert.equal(user.Id, out.UserId);
    assert.equal(user.Arn, out.UserArn);
    assert.equal(user.Username, 'jane.doe');
    assert.deepEqual(user.IdentityInfo, { FirstName: 'Jane', LastName: 'Doe', Email: 'jane@example.com' });
    assert.deepEqual(user.PhoneConfig, { PhoneType: 'SOFT_PHONE', AutoAccept: true, AfterContactWorkTimeLimit: 30 });
    assert.equal(user.RoutingProfileId, env.routingProfileId);
    assert.deepEqual(user.SecurityProfileIds, [env.securityProfileId]);
    assert.deepEqual(user.Tags, { team: 'blue' });
    assert.equal(user.LastModifiedTime?.getTime(), now);
    assert.equal(user.LastModifiedRegion, 'us-east-1');
    // a password is never given back
    assert.equal(JSON.stringify(user).includes(PASSWORD), false);
  });

  test('without PhoneConfig a user gets a soft phone that does not auto-accept', async () => {
    const env = await freshAgentEnv(t);
    const user = await describeUser(env, await createAgent(env));
    assert.equal(user.PhoneConfig?.PhoneType, 'SOFT_PHONE');
    assert.equal(user.PhoneConfig?.AutoAccept, false);
  });

  test('a Username already taken in the instance is DuplicateResourceException (409); another instance may use it', async () => {
    const env = await freshAgentEnv(t);
    await createAgent(env, { Username: 'taken' });
    await rejects(() => createAgent(env, { Username: 'taken' }), 'DuplicateResourceException', 409);
    assert.equal((await allUsers(env)).users.length, 1, 'the refused user was not created');
    const other = await freshAgentEnv(t);
    assert.ok(await createAgent(other, { Username: 'taken' }));
  });

  test('no Password on a CONNECT_MANAGED instance is InvalidRequestException (400)', async () => {
    const env = await freshAgentEnv(t);
    await rejects(() => createAgent(env, { Password: undefined }), 'InvalidRequestException', 400);
    assert.equal((await allUsers(env)).users.length, 0);
  });

  test('a Password on a SAML instance is InvalidRequestException (400); without one the user is created', async () => {
    const saml = await t.client.send(
      new CreateInstanceCommand({
        IdentityManagementType: 'SAML',
        InstanceAlias: `saml-${randomUUID().slice(0, 13)}`,
        InboundCallsEnabled: true,
        OutboundCallsEnabled: true,
      }),
    );
    const env = await agentEnv(t.client, t.server.url, saml.Id!);
    await rejects(() => createAgent(env), 'InvalidRequestException', 400);
    assert.ok(await createAgent(env, { Password: undefined }));
  });

  test('an unknown RoutingProfileId or SecurityProfileId is ResourceNotFoundException (404)', async () => {
    const env = await freshAgentEnv(t);
    await rejects(() => createAgent(env, { RoutingProfileId: randomUUID() }), 'ResourceNotFoundException', 404);
    await rejects(() => createAgent(env, { SecurityProfileIds: [env.securityProfileId, randomUUID()] }), 'ResourceNotFoundException', 404);
    // the ids of another instance are unknown here too
    const other = await freshAgentEnv(t);
    await rejects(() => createAgent(env, { RoutingProfileId: other.routingProfileId }), 'ResourceNotFoundException', 404);
    await rejects(() => createAgent(env, { SecurityProfileIds: [other.securityProfileId] }), 'ResourceNotFoundException', 404);
    assert.equal((await allUsers(env)).users.length, 0, 'nothing was created');
  });
});

describe('ListUsers, DescribeUser, DeleteUser', () => {
  test('ListUsers pages through every user once, at most MaxResults a page', async () => {
    const env = await freshAgentEnv(t);
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(await createAgent(env, { Username: `user-${i}` }));
    const { users, pages } = await allUsers(env, 2);
    assert.equal(pages, 3);
    assert.deepEqual(new Set(users.map((u) => u.Id)), ids);
    assert.equal(users.length, 5, 'no user twice');
    for (const u of users) {
      assert.equal(u.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${env.instanceId}/agent/${u.Id}`);
      assert.match(u.Username!, /^user-\d$/);
      assert.ok(u.LastModifiedTime instanceof Date);
      assert.equal(u.LastModifiedRegion, 'us-east-1');
    }
    assert.equal((await allUsers(env)).pages, 1, 'without MaxResults the five fit on one page');
  });

  test('DescribeUser of an unknown user, or of a user of another instance, is ResourceNotFoundException', async () => {
    const env = await freshAgentEnv(t);
    const other = await freshAgentEnv(t);
    const userId = await createAgent(other);
    await rejects(() => describeUser(env, userId), 'ResourceNotFoundException', 404);
    await rejects(() => describeUser(env, randomUUID()), 'ResourceNotFoundException', 404);
  });

  test('DeleteUser removes the user, its agent queue and its name; deleting again is ResourceNotFoundException', async () => {
    const env = await freshAgentEnv(t);
    const keep = await createAgent(env);
    const gone = await createAgent(env, { Username: 'leaving' });
    await t.client.send(new DeleteUserCommand({ InstanceId: env.instanceId, UserId: gone }));
    await rejects(() => describeUser(env, gone), 'ResourceNotFoundException', 404);
    assert.deepEqual((await allUsers(env)).users.map((u) => u.Id), [keep]);
    const agentQueues = await t.client.send(new ListQueuesCommand({ InstanceId: env.instanceId, QueueTypes: ['AGENT'] }));
    assert.deepEqual(agentQueues.QueueSummaryList?.map((q) => q.Id), [keep]);
    await rejects(() => t.client.send(new PutUserStatusCommand({ InstanceId: env.instanceId, UserId: gone, AgentStatusId: env.available })), 'ResourceNotFoundException', 404);
    await rejects(() => t.client.send(new DeleteUserCommand({ InstanceId: env.instanceId, UserId: gone })), 'ResourceNotFoundException', 404);
    // the name is free again
    assert.ok(await createAgent(env, { Username: 'leaving' }));
  });

  test('a deleted agent that was Available is offered nothing', async () => {
    const env = await freshAgentEnv(t);
    const userId = await createAgent(env);
    await goAvailable(env, userId);
    await t.client.send(new DeleteUserCommand({ InstanceId: env.instanceId, UserId: userId }));
    const chat = await startChat(t.client, env.instanceId);
    assert.equal(await agentInfo(env, chat.ContactId), undefined);
    // another agent gets it
    const next = await createAgent(env, { autoAccept: true });
    await goAvailable(env, next);
    assert.equal((await agentInfo(env, chat.ContactId))?.Id, next);
  });
});

describe('updates of a user', () => {
  test('UpdateUserRoutingProfile: an existing profile is kept, an unknown one is ResourceNotFoundException and changes nothing', async () => {
    const env = await freshAgentEnv(t);
    const userId = await createAgent(env);
    await t.client.send(new UpdateUserRoutingProfileCommand({ InstanceId: env.instanceId, UserId: userId, RoutingProfileId: env.routingProfileId }));
    assert.equal((await describeUser(env, userId)).RoutingProfileId, env.routingProfileId);
    const update = (UserId: string, RoutingProfileId: string) => () =>
      t.client.send(new UpdateUserRoutingProfileCommand({ InstanceId: env.instanceId, UserId, RoutingProfileId }));
    await rejects(update(userId, randomUUID()), 'ResourceNotFoundException', 404);
    await rejects(update(randomUUID(), env.routingProfileId), 'ResourceNotFoundException', 404);
    assert.equal((await describeUser(env, userId)).RoutingProfileId, env.routingProfileId);
  });

  test('UpdateUserPhoneConfig replaces the phone config, and AutoAccept takes effect for the next offer', async () => {
    const env = await freshAgentEnv(t);
    const userId = await createAgent(env);
    const PhoneConfig = { PhoneType: 'DESK_PHONE' as const, AutoAccept: true, AfterContactWorkTimeLimit: 60, DeskPhoneNumber: '+12065550100' };
    await t.client.send(new UpdateUserPhoneConfigCommand({ InstanceId: env.instanceId, UserId: userId, PhoneConfig }));
    assert.deepEqual((await describeUser(env, userId)).PhoneConfig, PhoneConfig);
    await goAvailable(env, userId);
    const chat = await startChat(t.client, env.instanceId);
    assert.equal((await agentInfo(env, chat.ContactId))?.Id, userId, 'accepted at once');
    await rejects(
      () => t.client.send(new UpdateUserPhoneConfigCommand({ InstanceId: env.instanceId, UserId: randomUUID(), PhoneConfig })),
      'ResourceNotFoundException',
      404,
    );
  });

  test('UpdateUserIdentityInfo replaces the identity; LastModifiedTime moves with it', async () => {
    const env = await freshAgentEnv(t);
    const userId = await createAgent(env, { first: 'Old', last: 'Name' });
    const created = (await describeUser(env, userId)).LastModifiedTime!.getTime();
    const now = await advance(t.server.url, 5);
    const IdentityInfo = { FirstName: 'New', LastName: 'Person', Email: 'new@example.com', Mobile: '+12065550123' };
    await t.client.send(new UpdateUserIdentityInfoCommand({ InstanceId: env.instanceId, UserId: userId, IdentityInfo }));
    const user = await describeUser(env, userId);
    assert.deepEqual(user.IdentityInfo, IdentityInfo);
    assert.equal(user.LastModifiedTime!.getTime(), now);
    assert.equal(now - created, 5000);
    await rejects(
      () => t.client.send(new UpdateUserIdentityInfoCommand({ InstanceId: env.instanceId, UserId: randomUUID(), IdentityInfo })),
      'ResourceNotFoundException',
      404,
    );
  });
});

describe('PutUserStatus', () => {
  test('an unknown status or user is ResourceNotFoundException (404)', async () => {
    const env = await freshAgentEnv(t);
    const userId = await createAgent(env);
    const put = (UserId: string, AgentStatusId: string) => () => t.client.send(new PutUserStatusCommand({ InstanceId: env.instanceId, UserId, AgentStatusId }));
    await rejects(put(userId, randomUUID()), 'ResourceNotFoundException', 404);
    await rejects(put(randomUUID(), env.available), 'ResourceNotFoundException', 404);
    // a status of another instance is unknown here
    const other = await freshAgentEnv(t);
    await rejects(put(userId, other.available), 'ResourceNotFoundException', 404);
    // the refused calls left the agent Offline: a chat is not offered to it
    const chat = await startChat(t.client, env.instanceId);
    await t.client.send(new UpdateUserPhoneConfigCommand({ InstanceId: env.instanceId, UserId: userId, PhoneConfig: { PhoneType: 'SOFT_PHONE', AutoAccept: true } }));
    assert.equal(await agentInfo(env, chat.ContactId), undefined);
    await put(userId, env.available)();
    assert.equal((await agentInfo(env, chat.ContactId))?.Id, userId);
  });
});

describe('agent queues', () => {
  test('ListQueues with QueueTypes AGENT lists one queue per user, its ARN ending /queue/agent/{UserId}', async () => {
    const env = await freshAgentEnv(t);
    const users = [await createAgent(env), await createAgent(env), await createAgent(env)];
    const out = await t.client.send(new ListQueuesCommand({ InstanceId: env.instanceId, QueueTypes: ['AGENT'] }));
    const queues = out.QueueSummaryList ?? [];
    assert.equal(queues.length, 3);
    assert.deepEqual(new Set(queues.map((q) => q.Id)), new Set(users));
    for (const q of queues) {
      assert.equal(q.QueueType, 'AGENT');
      assert.equal(q.Arn, `arn:aws:connect:us-east-1:000000000000:instance/${env.instanceId}/queue/agent/${q.Id}`);
      assert.ok(q.Arn!.endsWith(`/queue/agent/${q.Id}`));
    }
    // the standard queues are listed apart: BasicQueue alone on a fresh instance
    const standard = await t.client.send(new ListQueuesCommand({ InstanceId: env.instanceId, QueueTypes: ['STANDARD'] }));
    assert.deepEqual(standard.QueueSummaryList?.map((q) => q.Name), ['BasicQueue']);
  });
});
