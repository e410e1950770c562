// Which contact an agent gets, and which agent gets a contact (spec routing.md §1, §2, §5;
// contract.md "Routing as an agent sees it"): queue order by QueuePriority then routing age
// (EnqueueTimestamp − QueueTimeAdjustmentSeconds), the routing profile's chat concurrency, the
// longest idle agent first, UpdateContactRoutingData, and queue order across a restart.
// Offers themselves (time-out, reject, AutoAccept, the agent in the chat) are in
// routing-offers.test.ts. Each test has an instance of its own: no contact or agent of another
// test can take part. The clock is manual; contacts are started a second apart so that their
// ages differ.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { UpdateContactRoutingDataCommand, type UpdateContactRoutingDataRequest } from '@aws-sdk/client-connect';
import { agentEnv, agentInfo, createAgent, describeContact, freshAgentEnv, goAvailable, goOffline, notOffered, stop, takes, twoAgentsAvailable, type AgentEnv } from './support/agents.js';
import { advance, chatServerPerFile, startChat } from './support/chat.js';
import { rejects } from './support/errors.js';
import { connectClient, defaultInstanceId, removeDir, startServer, tempDir } from './support/server.js';

const t = chatServerPerFile();

/** `n` chats queued in BasicQueue one second apart, oldest first. */
async function queued(env: AgentEnv, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i) await advance(env.url, 1);
    ids.push((await startChat(env.client, env.instanceId)).ContactId);
  }
  return ids;
}

const routingData = (env: AgentEnv, ContactId: string, data: Omit<UpdateContactRoutingDataRequest, 'InstanceId' | 'ContactId'>) =>
  env.client.send(new UpdateContactRoutingDataCommand({ InstanceId: env.instanceId, ContactId, ...data }));

describe('queue order', () => {
  test('priority: of three chats the last, given QueuePriority 1, is offered first', async () => {
    const env = await freshAgentEnv(t);
    const [c1, c2, c3] = await queued(env, 3);
    await routingData(env, c3, { QueuePriority: 1 });
    assert.equal((await describeContact(env, c3)).QueuePriority, 1);
    assert.equal((await describeContact(env, c1)).QueuePriority, 5, 'the default priority');
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    // two chats at once: the priority-1 chat and the oldest of the others; c2 waits
    await takes(env, agent, [c3, c1], [c2]);
    await stop(env, c3);
    await takes(env, agent, [c2]);
  });

  test('age: a younger chat adjusted by +600 s goes before older ones', async () => {
    const env = await freshAgentEnv(t);
    const [c1, c2, c3] = await queued(env, 3);
    await routingData(env, c3, { QueueTimeAdjustmentSeconds: 600 });
    const d = await describeContact(env, c3);
    assert.equal(d.QueueTimeAdjustmentSeconds, 600);
    // the adjustment changes the routing age only, not the time it was queued
    assert.ok(d.QueueInfo!.EnqueueTimestamp!.getTime() > (await describeContact(env, c1)).QueueInfo!.EnqueueTimestamp!.getTime());
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    await takes(env, agent, [c3, c1], [c2]);
  });

  test('a negative adjustment makes a chat look younger', async () => {
    const env = await freshAgentEnv(t);
    const [c1, c2, c3] = await queued(env, 3);
    await routingData(env, c1, { QueueTimeAdjustmentSeconds: -10 });
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    await takes(env, agent, [c2, c3], [c1]);
  });

  test('priority first, then adjusted age, across six chats taken one slot at a time', async () => {
    const env = await freshAgentEnv(t);
    // started at T, T+1, ..., T+5
    const [c0, c1, c2, c3, c4, c5] = await queued(env, 6);
    await routingData(env, c0, { QueuePriority: 1 }); // priority 1, age T
    await routingData(env, c2, { QueuePriority: 1 }); // priority 1, age T+2
    await routingData(env, c3, { QueuePriority: 3 }); // priority 3
    await routingData(env, c4, { QueuePriority: 1 }); // priority 1 ...
    await routingData(env, c4, { QueueTimeAdjustmentSeconds: 3 }); // ... age T+1: before c2, after c0
    await routingData(env, c5, { QueueTimeAdjustmentSeconds: 600 }); // priority 5, age T-595: before c1, after every better priority
    const c4d = await describeContact(env, c4);
    assert.equal(c4d.QueuePriority, 1, 'an adjustment keeps the priority set before');
    assert.equal(c4d.QueueTimeAdjustmentSeconds, 3);
    const order = [c0, c4, c2, c3, c5, c1];

    const agent = await createAgent(env);
    await goAvailable(env, agent);
    // the first two at once (2 chats), then one for each chat that ends
    await takes(env, agent, order.slice(0, 2), order.slice(2));
    for (let i = 2; i < order.length; i++) {
      await stop(env, order[i - 2]);
      await takes(env, agent, [order[i]], order.slice(i + 1));
    }
  });

  test('equal priority and age: still one contact per slot, each offered once', async () => {
    const env = await freshAgentEnv(t);
    // same second: ties are broken somehow, but every contact is offered exactly once
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await startChat(env.client, env.instanceId)).ContactId);
    const agent = await createAgent(env, { autoAccept: true });
    await goAvailable(env, agent);
    const taken: string[] = [];
    for (const id of ids) if ((await agentInfo(env, id))?.Id === agent) taken.push(id);
    assert.equal(taken.length, 2);
    for (const id of taken) await stop(env, id);
    for (const id of ids.filter((x) => !taken.includes(x))) assert.equal((await agentInfo(env, id))?.Id, agent);
  });
});

describe('agents', () => {
  test('capacity: the Basic Routing Profile takes 2 chats at once; a third is offered as soon as one ends', async () => {
    const env = await freshAgentEnv(t);
    const [c1, c2, c3] = await queued(env, 3);
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    await takes(env, agent, [c1, c2], [c3]);
    assert.equal(await agentInfo(env, c3), undefined);
    await advance(env.url, 60);
    await notOffered(env, agent, [c3]);
    await stop(env, c2);
    await takes(env, agent, [c3]);
    assert.equal((await agentInfo(env, c3))?.Id, agent);
    // full again: a fourth waits
    const [c4] = await queued(env, 1);
    await notOffered(env, agent, [c4]);
  });

  test('a chat arriving while the agent is Available is offered to it at once', async () => {
    const env = await freshAgentEnv(t);
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    const [c1] = await queued(env, 1);
    await takes(env, agent, [c1]);
  });

  test('longest idle first: of two Available agents the one Available first gets the first chat', async () => {
    const env = await freshAgentEnv(t);
    const [a, b] = await twoAgentsAvailable(env);
    const [c1] = await queued(env, 1);
    await notOffered(env, b, [c1]);
    await takes(env, a, [c1]);
  });

  test('longest idle first: becoming Available again restarts the wait', async () => {
    const env = await freshAgentEnv(t);
    const [a, b] = await twoAgentsAvailable(env);
    await advance(env.url, 1);
    await goOffline(env, a);
    await goAvailable(env, a);
    const [c1] = await queued(env, 1);
    await notOffered(env, a, [c1]);
    await takes(env, b, [c1]);
  });

  test('longest idle first: an agent whose chat just ended waits behind one idle for longer', async () => {
    const env = await freshAgentEnv(t);
    const [a, b] = await twoAgentsAvailable(env);
    const [c1] = await queued(env, 1);
    await takes(env, a, [c1]);
    await advance(env.url, 10);
    await stop(env, c1);
    const [c2] = await queued(env, 1);
    await notOffered(env, a, [c2]);
    await takes(env, b, [c2]);
  });
});

describe('UpdateContactRoutingData', () => {
  // `ending`: which of the two chats taken ends, freeing the slot
  const reorders = [
    { name: 'a priority change reorders a waiting chat at once: it is the next one offered', change: { QueuePriority: 2 }, ending: 0 },
    { name: 'an age change reorders a waiting chat at once', change: { QueueTimeAdjustmentSeconds: 2 }, ending: 1 },
  ];
  for (const { name, change, ending } of reorders) {
    test(name, async () => {
      const env = await freshAgentEnv(t);
      const [c1, c2, c3, c4] = await queued(env, 4);
      const agent = await createAgent(env);
      await goAvailable(env, agent);
      await takes(env, agent, [c1, c2], [c3, c4]);
      await routingData(env, c4, change);
      await stop(env, [c1, c2][ending]);
      await takes(env, agent, [c4], [c3]);
    });
  }

  test('QueuePriority and QueueTimeAdjustmentSeconds together, or neither, is InvalidParameterException (400)', async () => {
    const env = await freshAgentEnv(t);
    const [c1] = await queued(env, 1);
    await rejects(() => routingData(env, c1, { QueuePriority: 2, QueueTimeAdjustmentSeconds: 10 }), 'InvalidParameterException', 400);
    await rejects(() => routingData(env, c1, {}), 'InvalidParameterException', 400);
    // below the model's range
    await rejects(() => routingData(env, c1, { QueuePriority: 0 }), 'InvalidParameterException', 400);
    const d = await describeContact(env, c1);
    assert.equal(d.QueuePriority, 5, 'the refused calls changed nothing');
    assert.ok(!d.QueueTimeAdjustmentSeconds);
  });

  test('an unknown contact or instance is ResourceNotFoundException (404)', async () => {
    const env = await freshAgentEnv(t);
    await rejects(() => routingData(env, randomUUID(), { QueuePriority: 1 }), 'ResourceNotFoundException', 404);
    const [c1] = await queued(env, 1);
    await rejects(
      () => env.client.send(new UpdateContactRoutingDataCommand({ InstanceId: randomUUID(), ContactId: c1, QueuePriority: 1 })),
      'ResourceNotFoundException',
      404,
    );
    // a contact of another instance is unknown in this one
    const other = await freshAgentEnv(t);
    await rejects(() => routingData(other, c1, { QueuePriority: 1 }), 'ResourceNotFoundException', 404);
  });

  test('a chat connected to an agent, or ended, is ResourceConflictException (409)', async () => {
    const env = await freshAgentEnv(t);
    const [c1, c2] = await queued(env, 2);
    await stop(env, c2);
    await rejects(() => routingData(env, c2, { QueuePriority: 1 }), 'ResourceConflictException', 409);
    await rejects(() => routingData(env, c2, { QueueTimeAdjustmentSeconds: 1 }), 'ResourceConflictException', 409);
    const agent = await createAgent(env);
    await goAvailable(env, agent);
    await takes(env, agent, [c1]);
    await rejects(() => routingData(env, c1, { QueuePriority: 1 }), 'ResourceConflictException', 409);
    await rejects(() => routingData(env, c1, { QueueTimeAdjustmentSeconds: 1 }), 'ResourceConflictException', 409);
    assert.equal((await describeContact(env, c1)).QueuePriority, 5);
  });
});

describe('restart', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));

  test('queue order survives a restart: an agent Available afterwards gets the chats in order', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    let server = await startServer({ dataDir, clock: 'manual' });
    try {
      let client = connectClient(server.url);
      const instanceId = await defaultInstanceId(client);
      let env = await agentEnv(client, server.url, instanceId);
      const agent = await createAgent(env);
      const [c1, c2, c3, c4] = await queued(env, 4);
      await routingData(env, c4, { QueuePriority: 1 });
      await routingData(env, c3, { QueueTimeAdjustmentSeconds: 600 });
      await server.stop();

      server = await startServer({ dataDir, clock: 'manual' });
      client = connectClient(server.url);
      env = { ...env, client, url: server.url };
      const [c5] = await queued(env, 1);
      await goAvailable(env, agent);
      const order = [c4, c3, c1, c2, c5];
      await takes(env, agent, order.slice(0, 2), order.slice(2));
      for (let i = 2; i < order.length; i++) {
        await stop(env, order[i - 2]);
        await takes(env, agent, [order[i]], order.slice(i + 1));
      }
    } finally {
      await server.stop();
    }
  });
});
