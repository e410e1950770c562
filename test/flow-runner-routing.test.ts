// Flow actions that queue and route, and how a flow ends (flows.md §3.1, §3.3, §3.4, §5): queue
// metrics, a full queue, priority and routing criteria set by the flow and honoured by the
// router, the end of a flow before queueing, the step guard, and the voice-only input actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AssociateUserProficienciesCommand, CreatePredefinedAttributeCommand, CreateRoutingProfileCommand, UpdateQueueMaxContactsCommand } from '@aws-sdk/client-connect';
import { accept, agentEnv, createAgent, goAvailable, notOffered } from './support/agents.js';
import { advance, chatServerPerFile, startChat, type ChatTestServer } from './support/chat.js';
import { attributes, basicQueue, chatInFlow, describe, disconnect, doc, mark, publish, queued, say, systemTexts, to, when } from './support/flow-tests.js';
import { queueConfig } from './support/routing-profiles.js';
import { createTestInstance } from './support/server.js';

const shared = chatServerPerFile();
/** a fresh instance: its queues hold only this test's contacts */
const fresh = async (): Promise<ChatTestServer> => ({ ...shared, instanceId: await createTestInstance(shared.client) });

test('CheckMetricData and GetMetricData see the queue: $.Metrics.Queue.Size counts the contacts waiting', async () => {
  const t = await fresh();
  await startChat(t.client, t.instanceId);
  await startChat(t.client, t.instanceId);
  const { Arn } = await basicQueue(t);
  const chat = await chatInFlow(t, [
    { Identifier: 'set queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: Arn }, Transitions: to('check', 'end') },
    { Identifier: 'check', Type: 'CheckMetricData', Parameters: { MetricType: 'NumberOfContactsInQueue' }, Transitions: when([['NumberGreaterOrEqualTo', '2', 'busy']], 'quiet', ['NoMatchingCondition', 'NoMatchingError']) },
    mark('busy', 'at least 2 waiting', 'metrics'),
    mark('quiet', 'fewer than 2', 'metrics'),
    { Identifier: 'metrics', Type: 'GetMetricData', Parameters: { QueueChannel: 'Chat' }, Transitions: to('copy', 'end') },
    { Identifier: 'copy', Type: 'UpdateContactAttributes', Parameters: { Attributes: { size: '$.Metrics.Queue.Size', queue: '$.Metrics.Queue.Name', available: '$.Metrics.Agents.Available.Count' } }, Transitions: to('q') },
    ...queued(Arn),
  ]);
  assert.deepEqual(await attributes(t, chat.ContactId), { result: 'at least 2 waiting', size: '2', queue: 'BasicQueue', available: '0' });
});

test('TransferContactToQueue into a full queue (UpdateQueueMaxContacts) takes the QueueAtCapacity branch', async () => {
  const t = await fresh();
  const queue = await basicQueue(t);
  await t.client.send(new UpdateQueueMaxContactsCommand({ InstanceId: t.instanceId, QueueId: queue.Id, MaxContacts: 1 }));
  await startChat(t.client, t.instanceId);
  const flow = doc([
    { Identifier: 'set queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queue.Arn }, Transitions: to('transfer', 'end') },
    { Identifier: 'transfer', Type: 'TransferContactToQueue', Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'full' }, { ErrorType: 'NoMatchingError', NextAction: 'failed' }] } },
    mark('full', 'QueueAtCapacity', 'sorry'),
    mark('failed', 'NoMatchingError', 'sorry'),
    say('sorry', 'The queue is full.', 'end'),
    disconnect(),
  ]);
  const chat = await startChat(t.client, t.instanceId, { ContactFlowId: await publish(t, flow) });
  assert.equal((await attributes(t, chat.ContactId)).result, 'QueueAtCapacity');
  const c = await describe(t, chat.ContactId);
  assert.equal(c.QueueInfo, undefined);
  assert.equal(c.DisconnectReason, 'CONTACT_FLOW_DISCONNECT');
});

test('priority and routing criteria set by the flow before TransferContactToQueue: DescribeContact shows them and the router honours them', async () => {
  const t = await fresh();
  const env = await agentEnv(t.client, t.server.url, t.instanceId);
  const queue = await basicQueue(t);
  await t.client.send(new CreatePredefinedAttributeCommand({ InstanceId: t.instanceId, Name: 'Language', Values: { StringList: ['English', 'French'] } }));
  const { RoutingProfileId } = await t.client.send(
    new CreateRoutingProfileCommand({
      InstanceId: t.instanceId,
      Name: 'one chat',
      Description: 'one chat at a time',
      DefaultOutboundQueueId: queue.Id,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
      QueueConfigs: [queueConfig(queue.Id, 'CHAT')],
    }),
  );
  const criteria = { Steps: [{ Expression: { AttributeCondition: { Name: 'Language', Value: '$.Attributes.lang', ProficiencyLevel: '3', ComparisonOperator: 'NumberGreaterOrEqualTo' } }, Expiry: { DurationInSeconds: '60' } }] };
  const flow = await publish(
    t,
    doc([
      { Identifier: 'priority', Type: 'UpdateContactRoutingBehavior', Parameters: { QueuePriority: '1' }, Transitions: { NextAction: 'criteria' } },
      { Identifier: 'criteria', Type: 'UpdateContactRoutingCriteria', Parameters: { RoutingCriteria: criteria }, Transitions: to('q', 'failed') },
      mark('failed', 'criteria refused', 'q'),
      ...queued(queue.Arn),
    ]),
  );
  // the first chat waits with the default priority (5); the second comes later with 1
  const early = await startChat(t.client, t.instanceId);
  await advance(t.server.url, 5);
  const urgent = await startChat(t.client, t.instanceId, { ContactFlowId: flow, Attributes: { lang: 'English' } });
  const c = await describe(t, urgent.ContactId);
  assert.equal((await attributes(t, urgent.ContactId)).result, undefined, 'the criteria were taken');
  assert.equal(c.QueuePriority, 1);
  assert.equal(c.QueueInfo?.Id, queue.Id);
  const step = c.RoutingCriteria?.Steps?.[0];
  assert.equal(step?.Status, 'ACTIVE');
  assert.equal(step?.Expiry?.DurationInSeconds, 60);
  assert.deepEqual(step?.Expression?.AttributeCondition, { Name: 'Language', Value: 'English', ProficiencyLevel: 3, ComparisonOperator: 'NumberGreaterOrEqualTo' });

  const agent = await createAgent(env, { RoutingProfileId });
  await t.client.send(new AssociateUserProficienciesCommand({ InstanceId: t.instanceId, UserId: agent, UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'English', Level: 4 }] }));
  await goAvailable(env, agent);
  await notOffered(env, agent, [early.ContactId]);
  assert.equal((await accept(env, agent, urgent.ContactId)).status, 200, 'priority 1 goes first, though it came later');
  assert.equal((await describe(t, urgent.ContactId)).AgentInfo?.Id, agent);

  // criteria the agent does not meet: a second agent without French is not offered it
  const french = await startChat(t.client, t.instanceId, { ContactFlowId: flow, Attributes: { lang: 'French' } });
  const other = await createAgent(env, { RoutingProfileId });
  await t.client.send(new AssociateUserProficienciesCommand({ InstanceId: t.instanceId, UserId: other, UserProficiencies: [{ AttributeName: 'Language', AttributeValue: 'English', Level: 5 }] }));
  await goAvailable(env, other);
  await notOffered(env, other, [french.ContactId]);
  assert.equal((await accept(env, other, early.ContactId)).status, 200);
});

test('a flow that ends before queueing ends the chat (CONTACT_FLOW_DISCONNECT): no next action, an error without a branch', async () => {
  const t = shared;
  // errors without a branch (both actions' error entries are optional): SSML on a chat, a flow that is not there
  for (const last of [
    { Identifier: 'last', Type: 'MessageParticipant', Parameters: { SSML: '<speak>voice only</speak>' }, Transitions: { NextAction: 'end' } },
    { Identifier: 'last', Type: 'TransferToFlow', Parameters: { ContactFlowId: '$.Attributes.nope' }, Transitions: { NextAction: 'end' } },
  ]) {
    const chat = await startChat(t.client, t.instanceId, { ContactFlowId: await publish(t, doc([mark('hi', 'before', 'last'), last, mark('end', 'went on', 'bye'), disconnect('bye')])) });
    const c = await describe(t, chat.ContactId);
    assert.equal(c.DisconnectReason, 'CONTACT_FLOW_DISCONNECT', last.Type);
    assert.ok(c.DisconnectTimestamp);
    assert.equal((await attributes(t, chat.ContactId)).result, 'before', `${last.Type}: the flow stopped at the error`);
  }
});

test('a loop without end stops at the step guard: the request answers and the chat ends', async () => {
  const t = shared;
  const chat = await startChat(t.client, t.instanceId, { ContactFlowId: await publish(t, doc([
    { Identifier: 'forever', Type: 'Loop', Parameters: { LoopCount: '100' }, Transitions: when([['Equals', 'ContinueLooping', 'again'], ['Equals', 'DoneLooping', 'forever']], 'forever') },
    { Identifier: 'again', Type: 'UpdateFlowAttributes', Parameters: { FlowAttributes: { x: 'y' } }, Transitions: to('forever') },
  ])) });
  const c = await describe(t, chat.ContactId);
  assert.equal(c.DisconnectReason, 'CONTACT_FLOW_DISCONNECT');
});

test('GetParticipantInput on a chat takes its error branch without sending its prompt', async () => {
  const t = shared;
  const { Arn } = await basicQueue(t);
  const chat = await chatInFlow(t, [
    {
      Identifier: 'input',
      Type: 'GetParticipantInput',
      Parameters: { Text: 'Press 1', StoreInput: 'False', InputTimeLimitSeconds: '5' },
      Transitions: { NextAction: 'ok', Conditions: [{ NextAction: 'ok', Condition: { Operator: 'Equals', Operands: ['1'] } }], Errors: [{ ErrorType: 'InputTimeLimitExceeded', NextAction: 'timeout' }, { ErrorType: 'NoMatchingCondition', NextAction: 'ok' }, { ErrorType: 'NoMatchingError', NextAction: 'error' }] },
    },
    mark('ok', 'input', 'q'),
    mark('timeout', 'timeout', 'q'),
    mark('error', 'error branch', 'q'),
    ...queued(Arn),
  ]);
  assert.equal((await attributes(t, chat.ContactId)).result, 'error branch');
  assert.deepEqual(await systemTexts(t, chat.token), []);
});

test('MessageParticipantIteratively in the customer-queue flow takes its error branch; the contact stays queued', async () => {
  const t = shared;
  const { Arn } = await basicQueue(t);
  const queueFlow = await publish(
    t,
    doc([
      { Identifier: 'loop prompts', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ Text: 'Please hold' }] }, Transitions: to('said', 'error') },
      say('said', 'looped', 'end'),
      say('error', 'loop prompts took the error branch', 'end'),
      { Identifier: 'end', Type: 'EndFlowExecution' },
    ]),
    'CUSTOMER_QUEUE',
  );
  const chat = await chatInFlow(t, [
    { Identifier: 'hook', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerQueue: queueFlow } }, Transitions: to('q') },
    ...queued(Arn),
  ]);
  assert.deepEqual(await systemTexts(t, chat.token), ['loop prompts took the error branch']);
  const c = await describe(t, chat.ContactId);
  assert.equal(c.QueueInfo?.Id, (await basicQueue(t)).Id);
  assert.equal(c.DisconnectTimestamp, undefined);
});

test('the default customer queue sends nothing to a chat; the chat waits', async () => {
  const t = shared;
  const chat = await chatInFlow(t, queued((await basicQueue(t)).Arn));
  assert.deepEqual(await systemTexts(t, chat.token), []);
  assert.equal((await describe(t, chat.ContactId)).DisconnectTimestamp, undefined);
});
