// GET /_local/events beyond one chat's life: routing criteria and their step expiry, flow-made
// changes, the filters, resuming with Last-Event-ID (nothing lost, nothing twice), events going
// with their instance, and the retention time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreatePredefinedAttributeCommand,
  DeleteInstanceCommand,
  StopContactCommand,
  UpdateContactAttributesCommand,
  UpdateContactRoutingDataCommand,
} from '@aws-sdk/client-connect';
import { advance, chatServerPerFile, connectCustomer, startChat, type ChatTestServer } from './support/chat.js';
import { EventStream } from './support/events.js';
import { basicQueue, chatInFlow, mark, queued } from './support/flow-tests.js';
import { connectClient, createTestInstance, defaultInstanceId, removeDir, startServer, tempDir } from './support/server.js';

const shared = chatServerPerFile();
const fresh = async (): Promise<ChatTestServer> => ({ ...shared, instanceId: await createTestInstance(shared.client) });
const iso = (ms: number): string => new Date(ms).toISOString();
const stop = (t: ChatTestServer, contactId: string) => t.client.send(new StopContactCommand({ InstanceId: t.instanceId, ContactId: contactId }));
const update = (t: ChatTestServer, contactId: string, Attributes: Record<string, string>) =>
  t.client.send(new UpdateContactAttributesCommand({ InstanceId: t.instanceId, InitialContactId: contactId, Attributes }));

test('routing criteria: UpdateContactRoutingData is CONTACT_DATA_UPDATED [RoutingCriteria]; a step expiring is [RoutingCriteria.Step.Status]; lowerCamelCase steps', async () => {
  const t = await fresh();
  await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: t.instanceId, Name: 'Language', Values: { StringList: ['French', 'German'] } }));
  const events = await EventStream.open(t.server.url, { instance: t.instanceId });
  const { ContactId } = await startChat(t.client, t.instanceId);
  assert.deepEqual(await events.types(2), ['INITIATED', 'QUEUED']);
  const condition = (Value: string) => ({ AttributeCondition: { Name: 'Language', Value, ProficiencyLevel: 3, ComparisonOperator: 'NumberGreaterOrEqualTo' } });
  const at = await advance(t.server.url, 1);
  await t.client.send(
    new UpdateContactRoutingDataCommand({
      InstanceId: t.instanceId,
      ContactId,
      RoutingCriteria: { Steps: [{ Expiry: { DurationInSeconds: 60 }, Expression: condition('German') }, { Expression: condition('French') }] },
    }),
  );
  const [set] = await events.take(1);
  assert.equal(set.event.detail.eventType, 'CONTACT_DATA_UPDATED');
  assert.deepEqual(set.event.detail.updatedProperties, ['RoutingCriteria']);
  const expression = (value: string) => ({ attributeCondition: { name: 'Language', value, proficiencyLevel: 3, comparisonOperator: 'NumberGreaterOrEqualTo' } });
  assert.deepEqual(set.event.detail.routingCriteria, {
    steps: [
      { expiry: { durationInSeconds: 60, expiryTimestamp: iso(at + 60_000) }, expression: expression('German'), status: 'ACTIVE' },
      { expression: expression('French'), status: 'INACTIVE' },
    ],
    activationTimestamp: iso(at),
    index: 0,
  });
  await advance(t.server.url, 60);
  const [expired] = await events.take(1);
  assert.equal(expired.event.detail.eventType, 'CONTACT_DATA_UPDATED');
  assert.deepEqual(expired.event.detail.updatedProperties, ['RoutingCriteria.Step.Status']);
  assert.deepEqual(
    expired.event.detail.routingCriteria.steps.map((s: { status: string }) => s.status),
    ['EXPIRED', 'ACTIVE'],
  );
  events.close();
  await stop(t, ContactId);
});

test("a flow's UpdateContactAttributes is CONTACT_DATA_UPDATED [UserDefinedAttributes] before QUEUED", async () => {
  const t = await fresh();
  const events = await EventStream.open(t.server.url, { instance: t.instanceId });
  const chat = await chatInFlow(t, [mark('m', 'set', 'q'), ...queued((await basicQueue(t)).Arn)]);
  const got = await events.take(4);
  assert.deepEqual(
    got.map((r) => r.event.detail.eventType),
    ['INITIATED', 'CONTACT_DATA_UPDATED', 'QUEUED', 'CONNECTED_TO_SYSTEM'],
  );
  assert.deepEqual(got[1].event.detail.updatedProperties, ['UserDefinedAttributes']);
  events.close();
  await stop(t, chat.ContactId);
});

test('filters: type (a comma list), contact, instance (id or ARN); an unknown type or a bad Last-Event-ID is a 400', async () => {
  const t = await fresh();
  const other = await fresh();
  const byType = await EventStream.open(t.server.url, { type: 'QUEUED,COMPLETED', instance: t.instanceId });
  const byInstance = await EventStream.open(t.server.url, { instance: `arn:aws:connect:us-east-1:000000000000:instance/${other.instanceId}` });
  const a = await startChat(t.client, t.instanceId);
  const b = await startChat(other.client, other.instanceId);
  const c = await startChat(t.client, t.instanceId);
  await stop(t, a.ContactId);
  await stop(other, b.ContactId);
  await stop(t, c.ContactId);
  const typed = (await byType.take(4)).map((r) => [r.event.detail.eventType, r.event.detail.contactId]);
  assert.deepEqual(typed, [
    ['QUEUED', a.ContactId],
    ['QUEUED', c.ContactId],
    ['COMPLETED', a.ContactId],
    ['COMPLETED', c.ContactId],
  ]);
  const mine = (await byInstance.take(4)).map((r) => [r.event.detail.eventType, r.event.detail.contactId]);
  assert.deepEqual(mine, ['INITIATED', 'QUEUED', 'DISCONNECTED', 'COMPLETED'].map((type) => [type, b.ContactId]));
  // one contact, replayed from the start of the log
  const byContact = await EventStream.open(t.server.url, { contact: c.ContactId }, 0);
  assert.deepEqual(await byContact.types(4), ['INITIATED', 'QUEUED', 'DISCONNECTED', 'COMPLETED']);
  for (const s of [byType, byInstance, byContact]) s.close();

  // account and region: every partition's events are in one stream unless these choose
  const elsewhere = await EventStream.open(t.server.url, { account: '111111111111', region: 'eu-west-2' });
  await startChat(t.client, t.instanceId);
  const client = connectClient(t.server.url, { accessKeyId: '111111111111', region: 'eu-west-2' });
  const instanceId = await createTestInstance(client);
  const far = await startChat(client, instanceId);
  const [first] = await elsewhere.take(1);
  assert.deepEqual([first.event.account, first.event.region, first.event.detail.contactId], ['111111111111', 'eu-west-2', far.ContactId]);
  assert.equal(first.event.detail.instanceArn, `arn:aws:connect:eu-west-2:111111111111:instance/${instanceId}`);
  elsewhere.close();
  await client.send(new StopContactCommand({ InstanceId: instanceId, ContactId: far.ContactId }));

  for (const [query, headers, message] of [
    ['?type=QUEUED,PAUSED', {}, /type: PAUSED is not one of/],
    ['', { 'last-event-id': 'abc' }, /Last-Event-ID: abc/],
    ['?lastEventId=-1', {}, /Last-Event-ID: -1/],
  ] as const) {
    const res = await fetch(`${t.server.url}/_local/events${query}`, { headers });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { message: string }).message, message);
  }
  assert.equal((await fetch(`${t.server.url}/_local/events`, { method: 'POST' })).status, 405);
});

test('Last-Event-ID resumes: what happened while nobody listened comes once, in order, then the stream goes on live', async () => {
  const t = await fresh();
  const first = await EventStream.open(t.server.url, { instance: t.instanceId });
  const chat = await startChat(t.client, t.instanceId);
  const seen = await first.take(2);
  first.close();
  await connectCustomer(t.pc, chat.ParticipantToken);
  await update(t, chat.ContactId, { step: '1' });
  await update(t, chat.ContactId, { step: '2' });

  const last = seen[1].position;
  const [header, query] = await Promise.all([
    EventStream.open(t.server.url, { instance: t.instanceId }, last),
    EventStream.open(t.server.url, { instance: t.instanceId, lastEventId: String(last) }),
  ]);
  for (const s of [header, query]) {
    const replayed = await s.take(3);
    assert.deepEqual(
      replayed.map((r) => r.event.detail.eventType),
      ['CONNECTED_TO_SYSTEM', 'CONTACT_DATA_UPDATED', 'CONTACT_DATA_UPDATED'],
    );
    assert.ok(replayed[0].position > last);
  }
  await stop(t, chat.ContactId);
  for (const s of [header, query]) assert.deepEqual(await s.types(2), ['DISCONNECTED', 'COMPLETED']);
  header.close();
  query.close();
});

test('resuming while changes keep coming: every event exactly once and in order, across the replay and the live part', async () => {
  const t = await fresh();
  const chat = await startChat(t.client, t.instanceId);
  const probe = await EventStream.open(t.server.url, { instance: t.instanceId }, 0);
  const [initiated] = await probe.take(1);
  probe.close();
  for (let i = 0; i < 30; i++) await update(t, chat.ContactId, { before: String(i) });
  // opened while 30 more updates commit
  const [stream] = await Promise.all([
    EventStream.open(t.server.url, { instance: t.instanceId, type: 'CONTACT_DATA_UPDATED' }, initiated.position),
    (async () => {
      for (let i = 0; i < 30; i++) await update(t, chat.ContactId, { during: String(i) });
    })(),
  ]);
  await stop(t, chat.ContactId);
  const got = await stream.take(60);
  const positions = got.map((r) => r.position);
  assert.deepEqual(positions, [...positions].sort((x, y) => x - y));
  assert.equal(new Set(positions).size, 60, 'no event twice');
  assert.equal(new Set(got.map((r) => r.event.id)).size, 60);
  stream.close();
});

test('a deleted instance takes its events with it; another instance keeps its own', async () => {
  const t = await fresh();
  const other = await fresh();
  const live = await EventStream.open(t.server.url, { instance: `${t.instanceId},${other.instanceId}` });
  const gone = await startChat(t.client, t.instanceId);
  await stop(t, gone.ContactId);
  const [, , , lastGone] = await live.take(4);
  await t.client.send(new DeleteInstanceCommand({ InstanceId: t.instanceId }));
  const kept = await startChat(other.client, other.instanceId);
  // the newest events went with the instance: their positions are not given again
  const [next] = await live.take(1);
  assert.equal(next.event.detail.contactId, kept.ContactId);
  assert.ok(next.position > lastGone.position, `${next.position} after ${lastGone.position}`);
  live.close();
  const replay = await EventStream.open(t.server.url, { instance: `${t.instanceId},${other.instanceId}` }, 0);
  const got = await replay.take(2);
  assert.deepEqual(
    got.map((r) => [r.event.detail.eventType, r.event.detail.contactId]),
    [
      ['INITIATED', kept.ContactId],
      ['QUEUED', kept.ContactId],
    ],
  );
  replay.close();
  await stop(other, kept.ContactId);
});

test('--event-retention: events older than it are gone after a restart (pruned at start and periodically); newer ones replay', async () => {
  const dataDir = tempDir();
  try {
    let server = await startServer({ dataDir, clock: 'manual', args: ['--event-retention', '60'] });
    let client = connectClient(server.url);
    let instanceId = await defaultInstanceId(client);
    const old = await startChat(client, instanceId);
    await advance(server.url, 30);
    const recent = await startChat(client, instanceId);
    await advance(server.url, 45); // old is 75 s old, recent 45 s
    await server.stop();
    server = await startServer({ dataDir, clock: 'manual', args: ['--event-retention', '60'] });
    client = connectClient(server.url);
    instanceId = await defaultInstanceId(client);
    const replay = await EventStream.open(server.url, {}, 0);
    const got = await replay.take(2);
    assert.deepEqual(
      got.map((r) => [r.event.detail.eventType, r.event.detail.contactId]),
      [
        ['INITIATED', recent.ContactId],
        ['QUEUED', recent.ContactId],
      ],
    );
    assert.ok(!got.some((r) => r.event.detail.contactId === old.ContactId));
    replay.close();
    await server.stop();
  } finally {
    removeDir(dataDir);
  }
});

test('POST /_local/reset: positions go on growing, so a stream open across the reset hears what comes after it', async () => {
  const live = await EventStream.open(shared.server.url);
  const t = await fresh();
  const before = await startChat(t.client, t.instanceId);
  const [last] = await live.take(2).then((r) => r.slice(-1));
  assert.equal(last.event.detail.contactId, before.ContactId);
  const reset = await fetch(`${shared.server.url}/_local/reset`, { method: 'POST' });
  assert.equal(reset.status, 200);
  shared.instanceId = await defaultInstanceId(shared.client);
  const after = await startChat(shared.client, shared.instanceId);
  const [initiated] = await live.take(1);
  assert.equal(initiated.event.detail.contactId, after.ContactId);
  assert.ok(initiated.position > last.position);
  // and a replay from before the reset finds only what came after it
  const replay = await EventStream.open(shared.server.url, {}, 0);
  assert.deepEqual((await replay.take(1)).map((r) => r.event.detail.contactId), [after.ContactId]);
  replay.close();
  live.close();
  await shared.client.send(new StopContactCommand({ InstanceId: shared.instanceId, ContactId: after.ContactId }));
});
