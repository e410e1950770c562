// Each flow action in a small flow of its own, run by a chat started in it over the SDK
// (flows.md §2, §3): what it writes shows in GetContactAttributes, DescribeContact and the
// transcript; which branch it took is written into the attribute `result` by the branch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { advance, chatServerPerFile, startChat } from './support/chat.js';
import { attributes, basicQueue, chatInFlow, describe, disconnect, mark, publish, doc, queued, say, systemTexts, to, when, type Act } from './support/flow-tests.js';

const t = chatServerPerFile();
const q = async () => queued((await basicQueue(t)).Arn);

test('UpdateContactAttributes: static values, whole paths, bracket keys and text with paths inside', async () => {
  const chat = await chatInFlow(
    t,
    [
      {
        Identifier: 'set',
        Type: 'UpdateContactAttributes',
        Parameters: {
          Attributes: { fixed: 'static', copy: '$.Attributes.in', spaced: "$.Attributes.['1st']", dashed: '$.Attributes.my-key', text: "in=$.Attributes.in key=$.Attributes.['1st'] none=[$.Attributes.nothing]", channel: '$.Channel' },
          TargetContact: 'Current',
        },
        Transitions: to('q'),
      },
      ...(await q()),
    ],
    { in: 'v1', '1st': 'v 2', 'my-key': 'd' },
  );
  assert.deepEqual(await attributes(t, chat.ContactId), { in: 'v1', '1st': 'v 2', 'my-key': 'd', fixed: 'static', copy: 'v1', spaced: 'v 2', dashed: 'd', text: 'in=v1 key=v 2 none=[]', channel: 'CHAT' });
  assert.equal((await describe(t, chat.ContactId)).Attributes?.spaced, 'v 2');
});

test('UpdateContactAttributes on the Related contact, and its error branch when there is none', async () => {
  const first = await startChat(t.client, t.instanceId, { Attributes: { mine: 'first' } });
  const flow = await publish(
    t,
    doc([
      { Identifier: 'related', Type: 'UpdateContactAttributes', Parameters: { Attributes: { fromRelated: 'yes $.Attributes.mine' }, TargetContact: 'Related' }, Transitions: to('ok', 'failed') },
      mark('ok', 'related set', 'q'),
      mark('failed', 'no related', 'q'),
      ...(await q()),
    ]),
  );
  const second = await startChat(t.client, t.instanceId, { ContactFlowId: flow, RelatedContactId: first.ContactId });
  assert.equal((await attributes(t, first.ContactId)).fromRelated, 'yes first', 'written on the related contact');
  assert.equal((await attributes(t, second.ContactId)).result, 'related set');
  assert.equal((await attributes(t, second.ContactId)).fromRelated, undefined, 'not on the current one');
  const alone = await startChat(t.client, t.instanceId, { ContactFlowId: flow });
  assert.equal((await attributes(t, alone.ContactId)).result, 'no related');
});

test('UpdateFlowAttributes: readable as $.FlowAttributes in the flow, not after TransferToFlow, never in the contact', async () => {
  const target = await publish(
    t,
    doc([{ Identifier: 'after', Type: 'UpdateContactAttributes', Parameters: { Attributes: { afterTransfer: '[$.FlowAttributes.k]' } }, Transitions: to('q') }, ...(await q())]),
  );
  const chat = await chatInFlow(
    t,
    [
      { Identifier: 'flow attrs', Type: 'UpdateFlowAttributes', Parameters: { FlowAttributes: { k: 'is $.Attributes.in' } }, Transitions: to('copy') },
      { Identifier: 'copy', Type: 'UpdateContactAttributes', Parameters: { Attributes: { seen: '$.FlowAttributes.k' } }, Transitions: to('go') },
      { Identifier: 'go', Type: 'TransferToFlow', Parameters: { ContactFlowId: target }, Transitions: to('end') },
      disconnect(),
    ],
    { in: 'x' },
  );
  const attrs = await attributes(t, chat.ContactId);
  assert.equal(attrs.seen, 'is x');
  assert.equal(attrs.afterTransfer, '[]');
  assert.equal(attrs.k, undefined);
});

test('UpdateContactData: Name and Description (interpolated) in DescribeContact', async () => {
  const chat = await chatInFlow(
    t,
    [{ Identifier: 'data', Type: 'UpdateContactData', Parameters: { Name: 'Chat of $.Attributes.who', Description: 'from the flow' }, Transitions: to('q') }, ...(await q())],
    { who: 'Jane' },
  );
  const c = await describe(t, chat.ContactId);
  assert.equal(c.Name, 'Chat of Jane');
  assert.equal(c.Description, 'from the flow');
});

test('TagContact and UnTagContact: DescribeContact Tags, and $.Tags in a Compare', async () => {
  const chat = await chatInFlow(
    t,
    [
      { Identifier: 'tag', Type: 'TagContact', Parameters: { Tags: { dept: '$.Attributes.dept', temp: '1', other: 'o' } }, Transitions: to('untag') },
      { Identifier: 'untag', Type: 'UnTagContact', Parameters: { TagKeys: ['temp'] }, Transitions: to('check') },
      { Identifier: 'check', Type: 'Compare', Parameters: { ComparisonValue: '$.Tags.dept' }, Transitions: when([['Equals', 'sales', 'yes']], 'no') },
      mark('yes', 'tag is sales', 'q'),
      mark('no', 'tag is not sales', 'q'),
      ...(await q()),
    ],
    { dept: 'sales' },
  );
  assert.deepEqual((await describe(t, chat.ContactId)).Tags, { dept: 'sales', other: 'o' });
  assert.equal((await attributes(t, chat.ContactId)).result, 'tag is sales');
});

test('Compare: each operator, on text and numbers, and a missing value matching nothing', async () => {
  const cases: [string, string, string, boolean][] = [
    ['Equals', '$.Attributes.s', 'abc', true],
    ['Equals', '$.Attributes.s', 'ABC', false],
    ['TextStartsWith', '$.Attributes.s', 'ab', true],
    ['TextStartsWith', '$.Attributes.s', 'bc', false],
    ['TextEndsWith', '$.Attributes.s', 'bc', true],
    ['TextContains', '$.Attributes.s', 'b', true],
    ['TextContains', '$.Attributes.s', 'x', false],
    ['NumberGreaterThan', '$.Attributes.n', '4', true],
    ['NumberGreaterThan', '$.Attributes.n', '5', false],
    ['NumberGreaterOrEqualTo', '$.Attributes.n', '5', true],
    ['NumberLessThan', '$.Attributes.n', '10', true],
    ['NumberLessThan', '$.Attributes.n', '5', false],
    ['NumberLessOrEqualTo', '$.Attributes.n', '5.0', true],
    ['NumberLessOrEqualTo', '$.Attributes.n', '4.5', false],
    ['NumberGreaterThan', '$.Attributes.s', '1', false],
    ['Equals', '$.Attributes.missing', '', false],
  ];
  const actions: Act[] = cases.flatMap(([op, value, operand], i): Act[] => {
    const next = i + 1 < cases.length ? `c${i + 1}` : 'q';
    return [
      { Identifier: `c${i}`, Type: 'Compare', Parameters: { ComparisonValue: value }, Transitions: when([[op, operand, `y${i}`]], `n${i}`) },
      { Identifier: `y${i}`, Type: 'UpdateContactAttributes', Parameters: { Attributes: { [`r${i}`]: 'true' } }, Transitions: to(next) },
      { Identifier: `n${i}`, Type: 'UpdateContactAttributes', Parameters: { Attributes: { [`r${i}`]: 'false' } }, Transitions: to(next) },
    ];
  });
  const chat = await chatInFlow(t, [...actions, ...(await q())], { s: 'abc', n: '5' });
  const attrs = await attributes(t, chat.ContactId);
  cases.forEach(([op, value, operand, expected], i) => assert.equal(attrs[`r${i}`], String(expected), `${value} ${op} ${operand}`));
});

test('DistributeByPercentage: each run takes one of the branches, and more than one branch over runs', async () => {
  const flow = await publish(
    t,
    doc([
      { Identifier: 'split', Type: 'DistributeByPercentage', Transitions: when([['NumberLessThan', '34', 'a'], ['NumberLessThan', '67', 'b']], 'c') },
      mark('a', 'A', 'q'),
      mark('b', 'B', 'q'),
      mark('c', 'C', 'q'),
      ...(await q()),
    ]),
  );
  const seen = new Set<string>();
  for (let i = 0; i < 24; i++) {
    const chat = await startChat(t.client, t.instanceId, { ContactFlowId: flow });
    const r = (await attributes(t, chat.ContactId)).result;
    assert.ok(['A', 'B', 'C'].includes(r), `a branch was taken: ${r}`);
    seen.add(r);
  }
  assert.ok(seen.size >= 2, `24 draws over three thirds took more than one branch: ${[...seen]}`);
});

test('Loop: the body runs LoopCount times (static and from an attribute), then DoneLooping', async () => {
  const chat = await chatInFlow(
    t,
    [
      { Identifier: 'loop', Type: 'Loop', Parameters: { LoopCount: '$.Attributes.times' }, Transitions: when([['Equals', 'ContinueLooping', 'tick'], ['Equals', 'DoneLooping', 'loop2']], 'end') },
      say('tick', 'tick', 'loop'),
      { Identifier: 'loop2', Type: 'Loop', Parameters: { LoopCount: '2' }, Transitions: when([['Equals', 'ContinueLooping', 'tock'], ['Equals', 'DoneLooping', 'q']], 'end') },
      say('tock', 'tock', 'loop2'),
      ...(await q()),
    ],
    { times: '3' },
  );
  assert.deepEqual(await systemTexts(t, chat.token), ['tick', 'tick', 'tick', 'tock', 'tock']);
  assert.ok((await describe(t, chat.ContactId)).QueueInfo?.Id, 'queued after the loops');
});

const waitFlow = async (events: string[] | undefined, key: 'TimeLimitSeconds' | 'TimeoutSeconds' = 'TimeLimitSeconds'): Promise<Act[]> => [
  {
    Identifier: 'wait',
    Type: 'Wait',
    Parameters: { [key]: '30', ...(events ? { Events: events } : {}) },
    Transitions: when([['Equals', 'WaitCompleted', 'timed out'], ...(events ? [['Equals', 'CustomerReturned', 'returned'] as [string, string, string]] : [])], 'failed', ['NoMatchingError']),
  },
  mark('timed out', 'WaitCompleted', 'q'),
  mark('returned', 'CustomerReturned', 'q'),
  mark('failed', 'error', 'q'),
  ...(await q()),
];

test('Wait: a customer message resumes CustomerReturned', async () => {
  const chat = await chatInFlow(t, await waitFlow(['CustomerReturned']));
  await advance(t.server.url, 10);
  assert.equal((await attributes(t, chat.ContactId)).result, undefined, 'still waiting');
  await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'back' }));
  assert.equal((await attributes(t, chat.ContactId)).result, 'CustomerReturned');
  assert.ok((await describe(t, chat.ContactId)).QueueInfo?.Id);
  // the time limit is gone with the wait: nothing happens at 30 s
  await advance(t.server.url, 30);
  assert.equal((await attributes(t, chat.ContactId)).result, 'CustomerReturned');
});

for (const key of ['TimeLimitSeconds', 'TimeoutSeconds'] as const) {
  test(`Wait (${key}): WaitCompleted at exactly 30 s; a message does not resume it when CustomerReturned is not listed`, async () => {
    const chat = await chatInFlow(t, await waitFlow(undefined, key));
    await advance(t.server.url, 10);
    await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'hello?' }));
    await advance(t.server.url, 19);
    assert.equal((await attributes(t, chat.ContactId)).result, undefined, 'still waiting at 29 s');
    await advance(t.server.url, 1);
    assert.equal((await attributes(t, chat.ContactId)).result, 'WaitCompleted');
  });
}

test('TransferToFlow: goes on in the target; an unknown target takes the error branch', async () => {
  const target = await publish(t, doc([say('hi', 'in the target flow', 'q'), ...(await q())]));
  const chat = await chatInFlow(t, [{ Identifier: 'go', Type: 'TransferToFlow', Parameters: { ContactFlowId: target }, Transitions: to('end') }, disconnect()]);
  assert.deepEqual(await systemTexts(t, chat.token), ['in the target flow']);
  assert.ok((await describe(t, chat.ContactId)).QueueInfo?.Id);

  const unknown = await chatInFlow(
    t,
    [
      { Identifier: 'go', Type: 'TransferToFlow', Parameters: { ContactFlowId: '$.Attributes.target' }, Transitions: to('end', 'failed') },
      mark('failed', 'no such flow', 'q'),
      ...(await q()),
    ],
    { target: '00000000-0000-0000-0000-000000000000' },
  );
  assert.equal((await attributes(t, unknown.ContactId)).result, 'no such flow');
});

test('MessageParticipant: $.Attributes and $.Queue.Name interpolated; nothing sent for empty text', async () => {
  const { Arn } = await basicQueue(t);
  const chat = await chatInFlow(
    t,
    [
      { Identifier: 'set queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: Arn }, Transitions: to('hi') },
      say('hi', 'Hi $.Attributes.name, you wait in $.Queue.Name.', 'empty'),
      say('empty', '$.Attributes.nothing', 'q'),
      ...queued(Arn),
    ],
    { name: 'Jane' },
  );
  assert.deepEqual(await systemTexts(t, chat.token), ['Hi Jane, you wait in BasicQueue.']);
});

test('CheckHoursOfOperation: BasicQueue keeps Basic Hours, 24/7: True', async () => {
  const { Arn } = await basicQueue(t);
  const chat = await chatInFlow(t, [
    { Identifier: 'set queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: Arn }, Transitions: to('hours') },
    { Identifier: 'hours', Type: 'CheckHoursOfOperation', Transitions: { ...when([['Equals', 'True', 'open'], ['Equals', 'False', 'closed']], 'failed', ['NoMatchingError']) } },
    mark('open', 'open', 'q'),
    mark('closed', 'closed', 'q'),
    mark('failed', 'error', 'q'),
    ...queued(Arn),
  ]);
  assert.equal((await attributes(t, chat.ContactId)).result, 'open');
});
