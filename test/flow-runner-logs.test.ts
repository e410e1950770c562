// Flow logs (flows.md; README /_local/): with the instance attribute CONTACTFLOW_LOGS "true"
// every action a contact runs is recorded with its parameters as resolved and what it came
// to, a parked action's answer too; with "false" nothing is, unless the flow turns logging on
// (UpdateFlowLoggingBehavior).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpdateInstanceAttributeCommand } from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { advance, chatServerPerFile, clockNow, local, type ChatTestServer } from './support/chat.js';
import { basicQueue, chatIn, doc, mark, publish, queued, say, to, when } from './support/flow-tests.js';
import { createTestInstance } from './support/server.js';

const shared = chatServerPerFile();
const fresh = async (): Promise<ChatTestServer> => ({ ...shared, instanceId: await createTestInstance(shared.client) });
const logsOf = async (t: ChatTestServer, contactId: string) => {
  const r = await local(t.server.url, `/_local/instances/${t.instanceId}/contacts/${contactId}/flow-logs`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.FlowLogs as Record<string, unknown>[];
};

async function loggedFlow(t: ChatTestServer): Promise<{ main: string; second: string }> {
  const { Arn } = await basicQueue(t);
  const second = await publish(t, doc([say('thanks', 'Thanks $.Attributes.who', 'q'), ...queued(Arn)]), 'CONTACT_FLOW', 'second flow');
  const main = await publish(
    t,
    doc([
      { Identifier: 'set', Type: 'UpdateContactAttributes', Parameters: { Attributes: { greeting: 'hi $.Attributes.who' } }, Transitions: to('wait') },
      { Identifier: 'wait', Type: 'Wait', Parameters: { TimeLimitSeconds: '60', Events: ['CustomerReturned'] }, Transitions: when([['Equals', 'CustomerReturned', 'back'], ['Equals', 'WaitCompleted', 'back']], 'back', ['NoMatchingError']) },
      mark('back', 'back', 'go'),
      { Identifier: 'go', Type: 'TransferToFlow', Parameters: { ContactFlowId: second }, Transitions: to('end') },
      { Identifier: 'end', Type: 'DisconnectParticipant' },
    ]),
    'CONTACT_FLOW',
    'main flow',
  );
  return { main, second };
}

test('CONTACTFLOW_LOGS true: each action with resolved parameters and results, the Wait resumed, across TransferToFlow', async () => {
  const t = await fresh();
  await t.client.send(new UpdateInstanceAttributeCommand({ InstanceId: t.instanceId, AttributeType: 'CONTACTFLOW_LOGS', Value: 'true' }));
  const { main, second } = await loggedFlow(t);
  const startedAt = await clockNow(t.server.url);
  const chat = await chatIn(t, main, { who: 'Jane' });
  await advance(t.server.url, 7);
  await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'back' }));
  const logs = await logsOf(t, chat.ContactId);
  assert.deepEqual(
    logs.map((l) => [l.ContactFlowName, l.Identifier, l.ContactFlowModuleType, l.Results, l.Resumed ?? false]),
    [
      ['main flow', 'set', 'UpdateContactAttributes', 'Success', false],
      ['main flow', 'wait', 'Wait', 'Waiting (wait)', false],
      ['main flow', 'wait', 'Wait', 'Value CustomerReturned', true],
      ['main flow', 'back', 'UpdateContactAttributes', 'Success', false],
      ['main flow', 'go', 'TransferToFlow', 'Transfer to flow second flow', false],
      ['second flow', 'thanks', 'MessageParticipant', 'Success', false],
      ['second flow', 'q', 'UpdateContactTargetQueue', 'Success', false],
      ['second flow', 'q transfer', 'TransferContactToQueue', 'Queued; the flow ends', false],
      // the default customer-queue flow: loop prompts take the error path on a chat, and it ends
      ['Default customer queue', 'loop prompts', 'MessageParticipantIteratively', 'Error NoMatchingError: loop prompts are voice-only', false],
    ],
  );
  assert.deepEqual(logs[0].Parameters, { Attributes: { greeting: 'hi Jane' } }, 'parameters as resolved');
  assert.deepEqual(logs[5].Parameters, { Text: 'Thanks Jane' });
  for (const l of logs) assert.equal(l.ContactId, chat.ContactId);
  assert.equal(logs[0].ContactFlowId, main);
  assert.equal(logs[5].ContactFlowId, second);
  assert.equal(logs[0].Timestamp, new Date(startedAt).toISOString());
  assert.equal(logs[2].Timestamp, new Date(startedAt + 7000).toISOString(), 'the resumption at its time');
});

test('CONTACTFLOW_LOGS false (the default): nothing is logged; UpdateFlowLoggingBehavior Enabled logs from there on', async () => {
  const t = await fresh();
  const { main } = await loggedFlow(t);
  const chat = await chatIn(t, main, { who: 'Jane' });
  await advance(t.server.url, 60);
  assert.deepEqual(await logsOf(t, chat.ContactId), []);

  const { Arn } = await basicQueue(t);
  const flow = await publish(
    t,
    doc([
      say('quiet', 'not logged', 'on'),
      { Identifier: 'on', Type: 'UpdateFlowLoggingBehavior', Parameters: { FlowLoggingBehavior: 'Enabled' }, Transitions: { NextAction: 'loud' } },
      say('loud', 'logged', 'q'),
      ...queued(Arn),
    ]),
  );
  const other = await chatIn(t, flow);
  const logs = await logsOf(t, other.ContactId);
  assert.deepEqual(
    logs.map((l) => l.Identifier),
    ['on', 'loud', 'q', 'q transfer', 'loop prompts'],
  );
});
