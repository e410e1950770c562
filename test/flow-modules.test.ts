// Contact flow modules over the SDK: the resource operations and their errors, and
// InvokeFlowModule in a chat's flow (flows.md §3.3): the module runs for the contact with flow
// attributes of its own, and EndFlowModuleExecution gives the contact back to the caller's
// NextAction; a module's Wait parks and resumes into the caller; a module that cannot be run
// takes the caller's error branch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateContactFlowModuleCommand,
  DeleteContactFlowModuleCommand,
  DescribeContactFlowModuleCommand,
  ListContactFlowModulesCommand,
  ListTagsForResourceCommand,
  UpdateContactFlowModuleContentCommand,
  UpdateContactFlowModuleMetadataCommand,
  type ContactFlowModuleSummary,
  type InvalidContactFlowModuleException,
} from '@aws-sdk/client-connect';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { randomUUID } from 'node:crypto';
import { advance, chatServerPerFile, type ChatTestServer } from './support/chat.js';
import { withRestarts } from './support/restarts.js';
import { expectError } from './support/errors.js';
import { attributes, basicQueue, chatInFlow, describe, doc, mark, queued, say, systemTexts, to, when, type Act } from './support/flow-tests.js';

const t = chatServerPerFile();
const q = async () => queued((await basicQueue(t)).Arn);
const end: Act = { Identifier: 'done', Type: 'EndFlowModuleExecution' };
const setAttrs = (id: string, attrs: Record<string, string>, next: string): Act => ({
  Identifier: id,
  Type: 'UpdateContactAttributes',
  Parameters: { Attributes: attrs, TargetContact: 'Current' },
  Transitions: to(next),
});
const setFlowAttrs = (id: string, attrs: Record<string, string>, next: string): Act => ({
  Identifier: id,
  Type: 'UpdateFlowAttributes',
  Parameters: { FlowAttributes: attrs },
  Transitions: { NextAction: next },
});
const invoke = (id: string, module: string, next: string, err: string): Act => ({
  Identifier: id,
  Type: 'InvokeFlowModule',
  Parameters: { FlowModuleId: module },
  Transitions: to(next, err),
});

async function createModule(actions: Act[], name = `module-${randomUUID().slice(0, 8)}`, on: ChatTestServer = t): Promise<{ Id: string; Arn: string }> {
  const { Id, Arn } = await on.client.send(new CreateContactFlowModuleCommand({ InstanceId: on.instanceId, Name: name, Content: doc(actions) }));
  assert.ok(Id && Arn);
  return { Id, Arn };
}

test('CreateContactFlowModule, DescribeContactFlowModule by id and by ARN, tags on the ARN', async () => {
  const content = doc([say('hi', 'from a module', 'done'), end]);
  const name = `greeting-${randomUUID().slice(0, 8)}`;
  const { Id, Arn } = await t.client.send(
    new CreateContactFlowModuleCommand({ InstanceId: t.instanceId, Name: name, Description: 'says hi', Content: content, Tags: { team: 'blue' } }),
  );
  assert.ok(Id);
  assert.equal(Arn, `arn:aws:connect:us-east-1:${Arn!.split(':')[4]}:instance/${t.instanceId}/flow-module/${Id}`);
  for (const ref of [Id, Arn!]) {
    const { ContactFlowModule: m } = await t.client.send(new DescribeContactFlowModuleCommand({ InstanceId: t.instanceId, ContactFlowModuleId: ref }));
    assert.deepEqual(
      { Id: m?.Id, Arn: m?.Arn, Name: m?.Name, Description: m?.Description, Content: m?.Content, State: m?.State, Status: m?.Status, Tags: m?.Tags },
      { Id, Arn, Name: name, Description: 'says hi', Content: content, State: 'ACTIVE', Status: 'PUBLISHED', Tags: { team: 'blue' } },
    );
  }
  const { tags } = await t.client.send(new ListTagsForResourceCommand({ resourceArn: Arn }));
  assert.deepEqual(tags, { team: 'blue' });
});

test('CreateContactFlowModule refuses invalid content with its Problems, and a name already taken', async () => {
  const bad = doc([{ Identifier: 'hi', Type: 'MessageParticipant', Parameters: { Text: 'x' }, Transitions: { NextAction: 'nowhere' } }]);
  const err = (await expectError(
    t.client.send(new CreateContactFlowModuleCommand({ InstanceId: t.instanceId, Name: 'broken', Content: bad })),
    'InvalidContactFlowModuleException',
  )) as InvalidContactFlowModuleException;
  assert.equal(err.$metadata.httpStatusCode, 400);
  assert.deepEqual(err.Problems, [{ message: 'Transition does not match the Identifier of any action. Path: Actions[0].Transitions.NextAction' }]);
  // EndFlowModuleExecution is terminal: transitions on it are refused
  const withTransitions = JSON.stringify({ Version: '2019-10-30', StartAction: 'done', Actions: [{ Identifier: 'done', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: { NextAction: 'done' } }] });
  const err2 = (await expectError(
    t.client.send(new CreateContactFlowModuleCommand({ InstanceId: t.instanceId, Name: 'broken', Content: withTransitions })),
    'InvalidContactFlowModuleException',
  )) as InvalidContactFlowModuleException;
  assert.deepEqual(err2.Problems, [{ message: 'Action does not support transitions' }]);

  const { Id } = await createModule([end], 'taken name');
  await expectError(t.client.send(new CreateContactFlowModuleCommand({ InstanceId: t.instanceId, Name: 'taken name', Content: doc([end]) })), 'DuplicateResourceException', Id);
  await expectError(
    t.client.send(new DescribeContactFlowModuleCommand({ InstanceId: t.instanceId, ContactFlowModuleId: randomUUID() })),
    'ResourceNotFoundException',
  );
});

test('UpdateContactFlowModuleContent and UpdateContactFlowModuleMetadata; DeleteContactFlowModule', async () => {
  const { Id } = await createModule([end], `changing-${randomUUID().slice(0, 8)}`);
  const describeIt = async () => (await t.client.send(new DescribeContactFlowModuleCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id }))).ContactFlowModule!;
  const content = doc([say('hi', 'changed', 'done'), end]);
  await t.client.send(new UpdateContactFlowModuleContentCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id, Content: content }));
  assert.equal((await describeIt()).Content, content);
  const err = (await expectError(
    t.client.send(new UpdateContactFlowModuleContentCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id, Content: '{"Version":"2019-10-30"}' })),
    'InvalidContactFlowModuleException',
  )) as InvalidContactFlowModuleException;
  assert.ok(err.Problems?.some((p) => p.message === 'Flow is missing required property. Path: Actions'));
  assert.equal((await describeIt()).Content, content, 'refused content changes nothing');

  const name = `renamed-${randomUUID().slice(0, 8)}`;
  await t.client.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id, Name: name, Description: 'new', State: 'ARCHIVED' }));
  assert.deepEqual((({ Name, Description, State }) => ({ Name, Description, State }))(await describeIt()), { Name: name, Description: 'new', State: 'ARCHIVED' });
  await expectError(t.client.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id })), 'InvalidRequestException', 'At least one');
  const other = await createModule([end]);
  await expectError(
    t.client.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: t.instanceId, ContactFlowModuleId: other.Id, Name: name })),
    'DuplicateResourceException',
  );

  await t.client.send(new DeleteContactFlowModuleCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id }));
  await expectError(t.client.send(new DescribeContactFlowModuleCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id })), 'ResourceNotFoundException');
  await expectError(t.client.send(new DeleteContactFlowModuleCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id })), 'ResourceNotFoundException');
  await expectError(t.client.send(new UpdateContactFlowModuleContentCommand({ InstanceId: t.instanceId, ContactFlowModuleId: Id, Content: content })), 'ResourceNotFoundException');
});

test('ListContactFlowModules: pages of MaxResults, the ContactFlowModuleState filter', async () => {
  const active = await createModule([end]);
  const archived = await createModule([end]);
  await t.client.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: t.instanceId, ContactFlowModuleId: archived.Id, State: 'ARCHIVED' }));
  const all = async (state?: 'ACTIVE' | 'ARCHIVED') => {
    const out: ContactFlowModuleSummary[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await t.client.send(new ListContactFlowModulesCommand({ InstanceId: t.instanceId, MaxResults: 2, NextToken, ContactFlowModuleState: state }));
      assert.ok((page.ContactFlowModulesSummaryList ?? []).length <= 2);
      out.push(...(page.ContactFlowModulesSummaryList ?? []));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    return { out, pages };
  };
  const { out: everything, pages } = await all();
  assert.ok(pages > 1, 'more than one page');
  assert.equal(new Set(everything.map((m) => m.Id)).size, everything.length, 'no module twice');
  const a = everything.find((m) => m.Id === active.Id);
  assert.deepEqual(a && { Arn: a.Arn, State: a.State }, { Arn: active.Arn, State: 'ACTIVE' });
  assert.ok(everything.some((m) => m.Id === archived.Id));
  const { out: onlyArchived } = await all('ARCHIVED');
  assert.ok(onlyArchived.length >= 1 && onlyArchived.every((m) => m.State === 'ARCHIVED'));
  assert.ok(onlyArchived.some((m) => m.Id === archived.Id) && !onlyArchived.some((m) => m.Id === active.Id));
  const { out: onlyActive } = await all('ACTIVE');
  assert.ok(onlyActive.some((m) => m.Id === active.Id) && !onlyActive.some((m) => m.Id === archived.Id));
});

test('InvokeFlowModule: the module sets an attribute and sends a message, then the caller goes on at NextAction; flow attributes stay apart', async () => {
  const module = await createModule([
    setAttrs('set', { fromModule: 'set in the module', callerFlowAttr: '[$.FlowAttributes.secret]' }, 'mine'),
    setFlowAttrs('mine', { own: 'module value' }, 'hi'),
    say('hi', 'module says $.Attributes.fromModule', 'done'),
    end,
  ]);
  const chat = await chatInFlow(t, [
    setFlowAttrs('secret', { secret: 'caller value' }, 'before'),
    say('before', 'caller before', 'invoke'),
    invoke('invoke', module.Id, 'after', 'failed'),
    say('after', 'caller after: $.Attributes.fromModule', 'back'),
    setAttrs('back', { afterModule: '$.FlowAttributes.secret/[$.FlowAttributes.own]' }, 'ok'),
    mark('ok', 'returned', 'q'),
    mark('failed', 'error branch', 'q'),
    ...(await q()),
  ]);
  assert.deepEqual(await systemTexts(t, chat.token), ['caller before', 'module says set in the module', 'caller after: set in the module']);
  const attrs = await attributes(t, chat.ContactId);
  assert.deepEqual(
    { fromModule: attrs.fromModule, callerFlowAttr: attrs.callerFlowAttr, afterModule: attrs.afterModule, result: attrs.result },
    { fromModule: 'set in the module', callerFlowAttr: '[]', afterModule: 'caller value/[]', result: 'returned' },
  );
  assert.ok((await describe(t, chat.ContactId)).QueueInfo?.Id, 'the caller queued the contact after the module');
});

test('InvokeFlowModule: a module invoking a module returns through both; the module named by a JSONPath to its ARN', async () => {
  const inner = await createModule([say('inner', 'inner module', 'done'), end]);
  const outer = await createModule([say('o1', 'outer before', 'call'), invoke('call', inner.Arn, 'o2', 'o2'), say('o2', 'outer after', 'done'), end]);
  const chat = await chatInFlow(
    t,
    [invoke('invoke', '$.Attributes.module', 'after', 'failed'), say('after', 'caller after', 'ok'), mark('ok', 'returned', 'q'), mark('failed', 'error branch', 'q'), ...(await q())],
    { module: outer.Arn },
  );
  assert.deepEqual(await systemTexts(t, chat.token), ['outer before', 'inner module', 'outer after', 'caller after']);
  assert.equal((await attributes(t, chat.ContactId)).result, 'returned');
});

const waitingModule = (): Act[] => [
  {
    Identifier: 'wait',
    Type: 'Wait',
    Parameters: { TimeLimitSeconds: '30', Events: ['CustomerReturned'] },
    Transitions: when([['Equals', 'WaitCompleted', 'timed out'], ['Equals', 'CustomerReturned', 'returned']], 'failed', ['NoMatchingError']),
  },
  setAttrs('timed out', { waited: 'WaitCompleted' }, 'bye'),
  setAttrs('returned', { waited: 'CustomerReturned' }, 'bye'),
  setAttrs('failed', { waited: 'error' }, 'bye'),
  say('bye', 'module done waiting', 'done'),
  end,
];
const callerOf = (module: string, tail: Act[]): Act[] => [
  invoke('invoke', module, 'after', 'failed'),
  say('after', 'back in the caller', 'ok'),
  mark('ok', 'returned', 'q'),
  mark('failed', 'error branch', 'q'),
  ...tail,
];

test("InvokeFlowModule: a module's Wait parks the contact; its time-out resumes in the module and returns into the caller", async () => {
  const module = await createModule(waitingModule());
  const caller = callerOf(module.Id, await q());
  const chat = await chatInFlow(t, caller);
  await advance(t.server.url, 29);
  assert.equal((await attributes(t, chat.ContactId)).waited, undefined, 'still waiting at 29 s');
  assert.equal((await describe(t, chat.ContactId)).QueueInfo, undefined);
  await advance(t.server.url, 1);
  const attrs = await attributes(t, chat.ContactId);
  assert.deepEqual({ waited: attrs.waited, result: attrs.result }, { waited: 'WaitCompleted', result: 'returned' });
  assert.deepEqual(await systemTexts(t, chat.token), ['module done waiting', 'back in the caller']);
  assert.ok((await describe(t, chat.ContactId)).QueueInfo?.Id, 'queued by the caller');

  // the customer's message ends the module's wait the same way
  const other = await chatInFlow(t, caller);
  await advance(t.server.url, 5);
  await t.pc.send(new SendMessageCommand({ ConnectionToken: other.token, ContentType: 'text/plain', Content: 'here' }));
  const otherAttrs = await attributes(t, other.ContactId);
  assert.deepEqual({ waited: otherAttrs.waited, result: otherAttrs.result }, { waited: 'CustomerReturned', result: 'returned' });
  await advance(t.server.url, 30);
  assert.deepEqual(await systemTexts(t, other.token), ['module done waiting', 'back in the caller'], 'the time limit went with the wait');
});

test('InvokeFlowModule: an unknown, archived or deleted module takes the error branch', async () => {
  const archived = await createModule([say('hi', 'archived module ran', 'done'), end]);
  await t.client.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId: t.instanceId, ContactFlowModuleId: archived.Id, State: 'ARCHIVED' }));
  const deleted = await createModule([say('hi', 'deleted module ran', 'done'), end]);
  await t.client.send(new DeleteContactFlowModuleCommand({ InstanceId: t.instanceId, ContactFlowModuleId: deleted.Id }));
  const flowArn = (await createModule([end])).Arn.replace('/flow-module/', '/contact-flow/');
  for (const ref of [randomUUID(), archived.Id, deleted.Arn, flowArn]) {
    const chat = await chatInFlow(t, [invoke('invoke', ref, 'ok', 'failed'), mark('ok', 'returned', 'q'), mark('failed', 'error branch', 'q'), ...(await q())]);
    assert.equal((await attributes(t, chat.ContactId)).result, 'error branch', ref);
    assert.deepEqual(await systemTexts(t, chat.token), [], ref);
  }
});

test('InvokeFlowModule: a Wait in a module survives kill -9; after the restart it times out at its time and returns into the caller', async () => {
  await withRestarts(async (first, restart) => {
    const module = await createModule(waitingModule(), undefined, first);
    const chat = await chatInFlow(first, callerOf(module.Id, queued((await basicQueue(first)).Arn)));
    await advance(first.server.url, 10);
    const t2 = await restart('kill -9');
    await advance(t2.server.url, 19);
    assert.equal((await attributes(t2, chat.ContactId)).waited, undefined, 'still waiting at 29 s');
    await advance(t2.server.url, 1);
    const attrs = await attributes(t2, chat.ContactId);
    assert.deepEqual({ waited: attrs.waited, result: attrs.result }, { waited: 'WaitCompleted', result: 'returned' });
    assert.deepEqual(await systemTexts(t2, chat.token), ['module done waiting', 'back in the caller']);
    assert.ok((await describe(t2, chat.ContactId)).QueueInfo?.Id);
  }, 'flow-modules');
});
