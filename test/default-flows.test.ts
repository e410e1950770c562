// The default and sample flows of a new instance hold Flow-language content (spec flows.md §4):
// each one publishes again as it is, names the flows and queue of its own instance, and the
// sample inbound flow leads through the queue configurations flow into BasicQueue.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeContactFlowCommand,
  ListContactFlowsCommand,
  ListQueuesCommand,
  UpdateContactFlowContentCommand,
  type ContactFlowSummary,
} from '@aws-sdk/client-connect';
import { chatServerPerFile } from './support/chat.js';
import { createTestInstance } from './support/server.js';

const t = chatServerPerFile();

interface Doc {
  StartAction: string;
  Actions: { Identifier: string; Type: string; Parameters: Record<string, unknown> }[];
}

describe('default and sample flows', () => {
  let instanceId: string;
  let flows: ContactFlowSummary[];
  const content = async (id: string): Promise<string> =>
    (await t.client.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: id }))).ContactFlow!.Content!;
  const byName = (name: string) => flows.find((f) => f.Name === name)!;

  before(async () => {
    instanceId = await createTestInstance(t.client, { prefix: 'defaults' });
    flows = (await t.client.send(new ListContactFlowsCommand({ InstanceId: instanceId, MaxResults: 1000 }))).ContactFlowSummaryList!;
  });

  test('every default and sample flow publishes its own content again', async () => {
    assert.equal(flows.length, 20);
    for (const f of flows) {
      const text = await content(f.Id!);
      // publishing validates (InvalidContactFlowException otherwise)
      await t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId: f.Id!, Content: text }));
      assert.equal(await content(f.Id!), text, f.Name);
    }
  });

  test('the sample inbound flow sets the disconnect flow, greets, and goes on in the queue configurations flow, which queues in BasicQueue', async () => {
    const inbound = JSON.parse(await content(byName('Sample inbound flow (first contact experience)').Id!)) as Doc;
    const types = inbound.Actions.map((a) => a.Type);
    assert.deepEqual(types.slice(0, 4), ['UpdateContactEventHooks', 'Compare', 'MessageParticipant', 'TransferToFlow']);
    assert.deepEqual(inbound.Actions[0].Parameters.EventHooks, { CustomerRemaining: byName('Sample disconnect flow').Arn });
    assert.equal(inbound.Actions[3].Parameters.ContactFlowId, byName('Sample queue configurations flow').Arn);

    const { QueueSummaryList } = await t.client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }));
    const basic = QueueSummaryList!.find((q) => q.Name === 'BasicQueue')!;
    const config = JSON.parse(await content(byName('Sample queue configurations flow').Id!)) as Doc;
    assert.equal(config.Actions.find((a) => a.Type === 'UpdateContactTargetQueue')!.Parameters.QueueId, basic.Arn);
    assert.ok(config.Actions.some((a) => a.Type === 'TransferContactToQueue'));
    assert.deepEqual(config.Actions[0].Parameters.EventHooks, { CustomerQueue: byName('Default customer queue').Arn });
  });

  test('the customer queue flow says nothing to a chat, and the disconnect flow waits 900 s for the customer', async () => {
    const queue = JSON.parse(await content(byName('Default customer queue').Id!)) as Doc;
    assert.deepEqual(queue.Actions.map((a) => a.Type), ['MessageParticipantIteratively']);
    const disconnect = JSON.parse(await content(byName('Sample disconnect flow').Id!)) as Doc;
    const wait = disconnect.Actions.find((a) => a.Type === 'Wait')!;
    assert.deepEqual(wait.Parameters, { TimeLimitSeconds: '900', Events: ['CustomerReturned'] });
  });
});
