// Flows that run while the contact waits or while the chat goes on without them (flows.md §3.1,
// §3.3, §3.5, §5): a customer-queue flow of one's own (UpdateContactEventHooks CustomerQueue)
// that runs once the contact is queued, parks in a Wait and stops when an agent accepts; one that
// moves the contact to another queue; a Wait for a custom bot to leave; the chat ending under a
// parked Wait; restarts under a parked customer-queue flow; TransferToFlow to an archived flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateParticipantCommand, DescribeContactFlowCommand, CreateQueueCommand, CreateRoutingProfileCommand, ListHoursOfOperationsCommand, StopContactCommand, UpdateContactFlowMetadataCommand } from '@aws-sdk/client-connect';
import { DisconnectParticipantCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { accept, agentEnv, createAgent, goAvailable, notOffered } from './support/agents.js';
import { advance, chatServerPerFile, connectCustomer, type ChatTestServer } from './support/chat.js';
import { attributes, basicQueue, chatInFlow, describe, doc, mark, publish, queued, say, systemTexts, to, transcript, when, type Act } from './support/flow-tests.js';
import { queueConfig } from './support/routing-profiles.js';
import { withRestarts } from './support/restarts.js';
import { createTestInstance } from './support/server.js';
import { setTimers, timer } from './support/timers.js';

const shared = chatServerPerFile();
/** a fresh instance: its queues and agents are this test's alone */
const fresh = async (): Promise<ChatTestServer> => ({ ...shared, instanceId: await createTestInstance(shared.client) });
/** the server wrote no error (a deadline that fired on a stopped run would) */
const noErrors = (t: ChatTestServer) => assert.doesNotMatch(t.server.stderr(), /error|exception|fail/i, t.server.stderr());

/** A Wait of `seconds` listing `events`: each outcome goes to `<outcome>` marks, the time limit to `timed out`. */
const wait = (seconds: number, events: string[], next: (outcome: string) => string): Act => ({
  Identifier: 'wait',
  Type: 'Wait',
  Parameters: { TimeLimitSeconds: String(seconds), ...(events.length ? { Events: events } : {}) },
  Transitions: when([['Equals', 'WaitCompleted', next('WaitCompleted')], ...events.map((e): [string, string, string] => ['Equals', e, next(e)])], next('error'), ['NoMatchingError']),
});

/**
 * A CUSTOMER_QUEUE flow: it reads the queue's metrics (so its first message says how many wait
 * in it), then waits 60 s and says so, then ends.
 */
async function waitingQueueFlow(t: ChatTestServer): Promise<string> {
  return publish(
    t,
    doc([
      { Identifier: 'metrics', Type: 'GetMetricData', Parameters: { QueueChannel: 'Chat' }, Transitions: to('hello', 'hello') },
      say('hello', 'In the queue flow: $.Metrics.Queue.Size waiting', 'wait'),
      wait(60, [], () => 'waited'),
      say('waited', 'The queue flow waited 60 s', 'end'),
      { Identifier: 'end', Type: 'EndFlowExecution' },
    ]),
    'CUSTOMER_QUEUE',
  );
}

/** A chat whose inbound flow sets `hook` as its customer-queue flow, says so, and queues it in BasicQueue. */
async function chatWithQueueFlow(t: ChatTestServer, hook: string) {
  return chatInFlow(t, [
    { Identifier: 'hook', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { CustomerQueue: hook } }, Transitions: to('said', 'end') },
    say('said', 'Queueing you', 'q'),
    ...queued((await basicQueue(t)).Arn),
  ]);
}

test('a custom customer-queue flow (set by id) runs once the contact is queued; its Wait parks; without an agent the Wait completes', async () => {
  const t = await fresh();
  const chat = await chatWithQueueFlow(t, await waitingQueueFlow(t));
  // the queue flow ran after the contact was queued: the queue counted it
  assert.deepEqual(await systemTexts(t, chat.token), ['Queueing you', 'In the queue flow: 1 waiting']);
  const c = await describe(t, chat.ContactId);
  assert.equal(c.QueueInfo?.Id, (await basicQueue(t)).Id);
  assert.equal(c.DisconnectTimestamp, undefined);
  await advance(t.server.url, 59);
  assert.equal((await systemTexts(t, chat.token)).length, 2, 'still waiting at 59 s');
  await advance(t.server.url, 1);
  assert.deepEqual((await systemTexts(t, chat.token)).slice(2), ['The queue flow waited 60 s']);
  // the queue flow ended; the contact still waits in its queue
  const after = await describe(t, chat.ContactId);
  assert.equal(after.QueueInfo?.Id, (await basicQueue(t)).Id);
  assert.equal(after.DisconnectTimestamp, undefined);
  noErrors(t);
});

test('an agent accepting stops the customer-queue flow (set by ARN): its parked Wait does nothing when its time comes', async () => {
  const t = await fresh();
  const env = await agentEnv(t.client, t.server.url, t.instanceId);
  const { ContactFlow } = await t.client.send(new DescribeContactFlowCommand({ InstanceId: t.instanceId, ContactFlowId: await waitingQueueFlow(t) }));
  const chat = await chatWithQueueFlow(t, ContactFlow!.Arn!);
  assert.deepEqual(await systemTexts(t, chat.token), ['Queueing you', 'In the queue flow: 1 waiting']);
  await advance(t.server.url, 30);
  const agent = await createAgent(env);
  await goAvailable(env, agent);
  assert.equal((await accept(env, agent, chat.ContactId)).status, 200);
  assert.equal((await describe(t, chat.ContactId)).AgentInfo?.Id, agent);
  const before = await transcript(t, chat.token);
  await advance(t.server.url, 60);
  assert.deepEqual(await transcript(t, chat.token), before, 'nothing new in the transcript after the Wait\'s time');
  assert.equal((await describe(t, chat.ContactId)).DisconnectTimestamp, undefined);
  noErrors(t);
});

test('DequeueContactAndTransferToQueue in a customer-queue flow moves the waiting contact to another queue; an agent of that queue gets it', async () => {
  const t = await fresh();
  const env = await agentEnv(t.client, t.server.url, t.instanceId);
  const basic = await basicQueue(t);
  const { HoursOfOperationSummaryList } = await t.client.send(new ListHoursOfOperationsCommand({ InstanceId: t.instanceId }));
  const { QueueId: otherId, QueueArn: otherArn } = await t.client.send(
    new CreateQueueCommand({ InstanceId: t.instanceId, Name: 'Overflow', HoursOfOperationId: HoursOfOperationSummaryList![0].Id! }),
  );
  const queueFlow = await publish(
    t,
    doc([
      { Identifier: 'move', Type: 'DequeueContactAndTransferToQueue', Parameters: { QueueId: otherArn }, Transitions: to('end', 'failed', ['QueueAtCapacity', 'NoMatchingError']) },
      say('failed', 'the move failed', 'end'),
      { Identifier: 'end', Type: 'EndFlowExecution' },
    ]),
    'CUSTOMER_QUEUE',
  );
  const chat = await chatWithQueueFlow(t, queueFlow);
  assert.deepEqual(await systemTexts(t, chat.token), ['Queueing you']);
  const c = await describe(t, chat.ContactId);
  assert.equal(c.QueueInfo?.Id, otherId, 'the contact waits in Overflow');
  assert.equal(c.DisconnectTimestamp, undefined);
  assert.equal((await attributes(t, chat.ContactId)).result, undefined);

  // an agent of BasicQueue only is not offered it; one of Overflow is
  const basicAgent = await createAgent(env);
  await goAvailable(env, basicAgent);
  await notOffered(env, basicAgent, [chat.ContactId]);
  const { RoutingProfileId } = await t.client.send(
    new CreateRoutingProfileCommand({
      InstanceId: t.instanceId,
      Name: 'overflow',
      Description: 'Overflow chats',
      DefaultOutboundQueueId: basic.Id,
      MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
      QueueConfigs: [queueConfig(otherId!, 'CHAT')],
    }),
  );
  const overflowAgent = await createAgent(env, { RoutingProfileId });
  await goAvailable(env, overflowAgent);
  assert.equal((await accept(env, overflowAgent, chat.ContactId)).status, 200);
  assert.equal((await describe(t, chat.ContactId)).AgentInfo?.Id, overflowAgent);
  noErrors(t);
});

test('Wait with BotParticipantDisconnected: the custom bot leaving (DisconnectParticipant) resumes it on that condition', async () => {
  const t = shared;
  const chat = await chatInFlow(t, [
    wait(120, ['BotParticipantDisconnected'], (o) => o),
    mark('WaitCompleted', 'WaitCompleted', 'q'),
    mark('BotParticipantDisconnected', 'BotParticipantDisconnected', 'q'),
    mark('error', 'error', 'q'),
    ...queued((await basicQueue(t)).Arn),
  ]);
  const bot = await t.client.send(
    new CreateParticipantCommand({ InstanceId: t.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Helper bot' } }),
  );
  const botConn = await connectCustomer(t.pc, bot.ParticipantCredentials!.ParticipantToken!);
  await advance(t.server.url, 30);
  assert.equal((await attributes(t, chat.ContactId)).result, undefined, 'waiting while the bot is in');
  await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: botConn.connectionToken }));
  assert.equal((await attributes(t, chat.ContactId)).result, 'BotParticipantDisconnected');
  const c = await describe(t, chat.ContactId);
  assert.ok(c.QueueInfo?.Id, 'the flow went on into BasicQueue');
  assert.equal(c.DisconnectTimestamp, undefined);
  await advance(t.server.url, 120);
  assert.equal((await attributes(t, chat.ContactId)).result, 'BotParticipantDisconnected', 'the time limit went with the Wait');
  noErrors(t);
});

test('a DISCONNECT_NONCUSTOMER timer removing the custom bot resumes a Wait for BotParticipantDisconnected; the chat goes on (timers.md §4)', async () => {
  const t = await fresh();
  const env = await agentEnv(t.client, t.server.url, t.instanceId);
  const chat = await chatInFlow(t, [
    wait(600, ['BotParticipantDisconnected'], (o) => o),
    mark('WaitCompleted', 'WaitCompleted', 'q'),
    mark('BotParticipantDisconnected', 'BotParticipantDisconnected', 'q'),
    mark('error', 'error', 'q'),
    ...queued((await basicQueue(t)).Arn),
  ]);
  await setTimers(env, chat.ContactId, timer('CUSTOMER', 'DISCONNECT_NONCUSTOMER', 2));
  const bot = await t.client.send(
    new CreateParticipantCommand({ InstanceId: t.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'Helper bot' } }),
  );
  await connectCustomer(t.pc, bot.ParticipantCredentials!.ParticipantToken!);
  await advance(t.server.url, 119);
  assert.equal((await attributes(t, chat.ContactId)).result, undefined, 'the bot is in at 119 s');
  await advance(t.server.url, 1);
  assert.equal((await attributes(t, chat.ContactId)).result, 'BotParticipantDisconnected');
  const c = await describe(t, chat.ContactId);
  assert.equal(c.DisconnectTimestamp, undefined, `the chat goes on (${c.DisconnectReason})`);
  assert.equal(c.QueueInfo?.Id, (await basicQueue(t)).Id);
  noErrors(t);
});

for (const how of ['customer DisconnectParticipant', 'StopContact'] as const) {
  for (const slot of ['inbound', 'customer-queue'] as const) {
    test(`${how} while the ${slot} flow waits: the chat ends, and the Wait's time limit changes nothing`, async () => {
      const t = shared;
      const marks: Act[] = [mark('WaitCompleted', 'WaitCompleted', 'after'), mark('CustomerReturned', 'CustomerReturned', 'after'), mark('error', 'error', 'after')];
      const chat =
        slot === 'inbound'
          ? await chatInFlow(t, [wait(60, ['CustomerReturned'], (o) => o), ...marks, ...queued((await basicQueue(t)).Arn, 'after')])
          : await chatWithQueueFlow(t, await publish(t, doc([wait(60, [], (o) => o), ...marks, { Identifier: 'after', Type: 'EndFlowExecution' }]), 'CUSTOMER_QUEUE'));
      await advance(t.server.url, 10);
      if (how === 'StopContact') await t.client.send(new StopContactCommand({ InstanceId: t.instanceId, ContactId: chat.ContactId }));
      else await t.pc.send(new DisconnectParticipantCommand({ ConnectionToken: chat.token }));
      const ended = await describe(t, chat.ContactId);
      const reason = how === 'StopContact' ? 'API' : 'CUSTOMER_DISCONNECT';
      assert.equal(ended.DisconnectReason, reason);
      assert.ok(ended.DisconnectTimestamp);
      await advance(t.server.url, 100);
      const later = await describe(t, chat.ContactId);
      assert.equal(later.DisconnectReason, reason);
      assert.deepEqual(later.DisconnectTimestamp, ended.DisconnectTimestamp);
      assert.equal((await attributes(t, chat.ContactId)).result, undefined, 'no branch of the Wait was taken');
      noErrors(t);
    });
  }
}

test('TransferToFlow to an ARCHIVED flow takes the error branch', async () => {
  const t = shared;
  const target = await publish(t, doc([say('hi', 'in the archived flow', 'q'), ...queued((await basicQueue(t)).Arn)]));
  await t.client.send(new UpdateContactFlowMetadataCommand({ InstanceId: t.instanceId, ContactFlowId: target, ContactFlowState: 'ARCHIVED' }));
  const chat = await chatInFlow(t, [
    { Identifier: 'go', Type: 'TransferToFlow', Parameters: { ContactFlowId: target }, Transitions: to('end', 'failed') },
    mark('failed', 'archived', 'q'),
    ...queued((await basicQueue(t)).Arn),
  ]);
  assert.equal((await attributes(t, chat.ContactId)).result, 'archived');
  assert.deepEqual(await systemTexts(t, chat.token), []);
  assert.ok((await describe(t, chat.ContactId)).QueueInfo?.Id);
});

test('a Wait with CustomerReturned in the customer-queue flow: a customer message while queued resumes it', async () => {
  const t = shared;
  const queueFlow = await publish(
    t,
    doc([wait(300, ['CustomerReturned'], (o) => o), say('CustomerReturned', 'Thanks for writing, still in the queue', 'end'), say('WaitCompleted', 'waited', 'end'), say('error', 'error', 'end'), { Identifier: 'end', Type: 'EndFlowExecution' }]),
    'CUSTOMER_QUEUE',
  );
  const chat = await chatWithQueueFlow(t, queueFlow);
  await advance(t.server.url, 20);
  await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'anyone?' }));
  assert.deepEqual(await systemTexts(t, chat.token), ['Queueing you', 'Thanks for writing, still in the queue']);
  await advance(t.server.url, 300);
  assert.equal((await systemTexts(t, chat.token)).length, 2, 'its time limit went with the Wait');
  assert.equal((await describe(t, chat.ContactId)).QueueInfo?.Id, (await basicQueue(t)).Id);
  noErrors(t);
});

for (const how of ['stop', 'kill -9'] as const) {
  test(`a restart (${how}) while the customer-queue flow waits: its Wait completes at its time; after another, an agent accepting stops it`, async () => {
    await withRestarts(async (first, restart) => {
      const queueFlow = await waitingQueueFlow(first);
      const timed = await chatWithQueueFlow(first, queueFlow);
      await advance(first.server.url, 20);
      let t = await restart(how);
      await advance(t.server.url, 39);
      assert.equal((await systemTexts(t, timed.token)).length, 2, 'still waiting at 59 s');
      await advance(t.server.url, 1);
      assert.deepEqual((await systemTexts(t, timed.token)).slice(2), ['The queue flow waited 60 s']);

      const taken = await chatWithQueueFlow(t, queueFlow);
      assert.deepEqual(await systemTexts(t, taken.token), ['Queueing you', 'In the queue flow: 2 waiting']);
      await advance(t.server.url, 20);
      t = await restart(how);
      // the Basic Routing Profile takes 2 chats at once: the agent gets both
      const env = await agentEnv(t.client, t.server.url, t.instanceId);
      const agent = await createAgent(env, { autoAccept: true });
      await goAvailable(env, agent);
      assert.equal((await describe(t, taken.ContactId)).AgentInfo?.Id, agent);
      await advance(t.server.url, 120);
      assert.deepEqual(await systemTexts(t, taken.token), ['Queueing you', 'In the queue flow: 2 waiting'], 'the stopped Wait said nothing');
      assert.equal((await describe(t, taken.ContactId)).DisconnectTimestamp, undefined);
      noErrors(t);
    }, 'queue-flow-restart');
  });
}
