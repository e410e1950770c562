// Routing deadlines survive a restart (contract.md: state lives in the data dir and a request
// that got a 2xx is never lost; spec routing.md §3.4, §5): a routing step's expiry, an offer's
// time-out and a queue's Delay, armed before the server stops (SIGTERM or kill -9), fire on the
// emulator clock afterwards at exactly their time. The manual clock is first moved an hour
// ahead of the wall clock so that a restart, which never moves time backwards, resumes it
// exactly where it stood.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateUserProficienciesCommand,
  CreatePredefinedAttributeCommand,
  CreateRoutingProfileCommand,
  DescribeContactCommand,
  ListQueuesCommand,
  UpdateContactRoutingDataCommand,
  type Expression,
} from '@aws-sdk/client-connect';
import { agentEnv, agentInfo, createAgent, goAvailable, notOffered, takes, type AgentEnv } from './support/agents.js';
import { advance, clockNow, startChat } from './support/chat.js';
import { queueConfig } from './support/routing-profiles.js';
import { connectClient, createTestInstance, removeDir, startServer, tempDir, type TestServer } from './support/server.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

type How = 'stop' | 'kill -9';

/** A server on a fresh data dir with a manual clock an hour ahead, a fresh instance, and a restart. */
async function withRestarts(body: (env: AgentEnv, restart: (how: How) => Promise<AgentEnv>) => Promise<void>): Promise<void> {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let server: TestServer = await startServer({ dataDir, clock: 'manual' });
  try {
    await advance(server.url, 3600);
    const client = connectClient(server.url);
    let env = await agentEnv(client, server.url, await createTestInstance(client, { prefix: 'restart' }));
    await body(env, async (how) => {
      const before = await clockNow(server.url);
      if (how === 'stop') await server.stop();
      else await server.kill9();
      server = await startServer({ dataDir, clock: 'manual' });
      env = { ...env, client: connectClient(server.url), url: server.url };
      assert.equal(await clockNow(server.url), before, 'the manual clock resumes where it stood');
      return env;
    });
  } finally {
    await server.stop();
  }
}

const speaks = (language: string): Expression => ({
  AttributeCondition: { Name: 'Language', Value: language, ProficiencyLevel: 3, ComparisonOperator: 'NumberGreaterOrEqualTo' },
});

const describeContact = (env: AgentEnv, ContactId: string) =>
  env.client.send(new DescribeContactCommand({ InstanceId: env.instanceId, ContactId })).then((o) => o.Contact!);

test('a routing step keeps its state and expiry across a restart (kill -9): at 60 s the next step is ACTIVE and routes', async () => {
  await withRestarts(async (first, restart) => {
    await first.client.send(new CreatePredefinedAttributeCommand({ InstanceId: first.instanceId, Name: 'Language', Values: { StringList: ['French', 'German'] } }));
    const french = await createAgent(first);
    await first.client.send(
      new AssociateUserProficienciesCommand({ InstanceId: first.instanceId, UserId: french, UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'French', Level: 4 }] }),
    );
    const { ContactId } = await startChat(first.client, first.instanceId);
    const activatedAt = await clockNow(first.url);
    await first.client.send(
      new UpdateContactRoutingDataCommand({
        InstanceId: first.instanceId,
        ContactId,
        RoutingCriteria: { Steps: [{ Expiry: { DurationInSeconds: 60 }, Expression: speaks('German') }, { Expression: speaks('French') }] },
      }),
    );
    // Available once the criteria are set (as a flow sets them before the queue): the German step keeps it waiting
    await goAvailable(first, french);
    await notOffered(first, french, [ContactId]);
    await advance(first.url, 20);
    const before = (await describeContact(first, ContactId)).RoutingCriteria!;

    const env = await restart('kill -9');
    const kept = (await describeContact(env, ContactId)).RoutingCriteria!;
    assert.deepEqual(kept, before, 'DescribeContact shows the same criteria after the restart');
    assert.deepEqual(kept.Steps!.map((s) => s.Status), ['ACTIVE', 'INACTIVE']);
    assert.equal(kept.Steps![0].Expiry!.ExpiryTimestamp!.getTime(), activatedAt + 60_000);
    await notOffered(env, french, [ContactId]);
    await advance(env.url, 39.999);
    await notOffered(env, french, [ContactId]);
    assert.deepEqual((await describeContact(env, ContactId)).RoutingCriteria!.Steps!.map((s) => s.Status), ['ACTIVE', 'INACTIVE']);
    await advance(env.url, 0.001);
    assert.deepEqual((await describeContact(env, ContactId)).RoutingCriteria!.Steps!.map((s) => s.Status), ['EXPIRED', 'ACTIVE']);
    await takes(env, french, [ContactId]);
    const joined = await describeContact(env, ContactId);
    assert.deepEqual(joined.RoutingCriteria!.Steps!.map((s) => s.Status), ['EXPIRED', 'JOINED']);
    assert.equal(joined.AgentInfo?.Id, french);
  });
});

for (const how of ['stop', 'kill -9'] as const) {
  test(`an offer keeps its time-out across a restart (${how}): at 30 s it is missed and goes to the next agent`, async () => {
    await withRestarts(async (first, restart) => {
      const a = await createAgent(first);
      const b = await createAgent(first);
      await goAvailable(first, a);
      await advance(first.url, 1);
      await goAvailable(first, b);
      await advance(first.url, 1);
      const { ContactId } = await startChat(first.client, first.instanceId); // offered to a, idle longest
      await advance(first.url, 10);

      const env = await restart(how);
      await notOffered(env, b, [ContactId]);
      await advance(env.url, 19.999);
      await notOffered(env, b, [ContactId]);
      await advance(env.url, 0.001);
      await notOffered(env, a, [ContactId]);
      await takes(env, b, [ContactId]);
      assert.equal((await agentInfo(env, ContactId))?.Id, b);
      // a missed its offer: with two free slots it is still not routed to until it sets a status
      const c2 = (await startChat(env.client, env.instanceId)).ContactId;
      await notOffered(env, a, [c2]);
      await takes(env, b, [c2]);
      const c3 = (await startChat(env.client, env.instanceId)).ContactId;
      await notOffered(env, a, [c3]);
      await goAvailable(env, a);
      await takes(env, a, [c3]);
    });
  });
}

test('a queue Delay keeps its deadline across a restart (stop): the chat is offered when it has waited 30 s', async () => {
  await withRestarts(async (first, restart) => {
    const { QueueSummaryList } = await first.client.send(new ListQueuesCommand({ InstanceId: first.instanceId, QueueTypes: ['STANDARD'] }));
    const basicQueue = QueueSummaryList!.find((q) => q.Name === 'BasicQueue')!.Id!;
    const profile = await first.client.send(
      new CreateRoutingProfileCommand({
        InstanceId: first.instanceId,
        Name: 'Delayed',
        Description: 'BasicQueue after 30 s',
        DefaultOutboundQueueId: basicQueue,
        MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }],
        QueueConfigs: [queueConfig(basicQueue, 'CHAT', 1, 30)],
      }),
    );
    const agent = await createAgent(first, { RoutingProfileId: profile.RoutingProfileId });
    await goAvailable(first, agent);
    const { ContactId } = await startChat(first.client, first.instanceId);
    await advance(first.url, 10);

    const env = await restart('stop');
    await notOffered(env, agent, [ContactId]);
    await advance(env.url, 19.999);
    await notOffered(env, agent, [ContactId]);
    await advance(env.url, 0.001);
    await takes(env, agent, [ContactId]);
  });
});
