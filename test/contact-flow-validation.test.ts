// Publishing a flow (spec flows.md §1.1, §7): every problem form InvalidContactFlowException
// carries in its `problems` list, on CreateContactFlow and UpdateContactFlowContent, the wire
// body, the aliases that publish and the action types that do not.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CreateContactFlowCommand, UpdateContactFlowContentCommand, type ContactFlowType } from '@aws-sdk/client-connect';
import { chatServerPerFile } from './support/chat.js';
import { rejects } from './support/errors.js';
import { createTestInstance } from './support/server.js';

const t = chatServerPerFile();

type Action = { Identifier: string; Type: string; Parameters?: unknown; Transitions?: unknown };

const END: Action = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const onError = (...types: string[]) => types.map((ErrorType) => ({ ErrorType, NextAction: 'end' }));

/** A document whose actions are `actions` then the disconnect `end`, starting at the first. */
const doc = (actions: Action[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2019-10-30', StartAction: actions[0]?.Identifier ?? 'end', Metadata: {}, Actions: [...actions, END], ...extra });

/** An action that goes on to `end` with the given error branches. */
const step = (Identifier: string, Type: string, Parameters: unknown = {}, errors: string[] = ['NoMatchingError']): Action => ({
  Identifier,
  Type,
  Parameters,
  Transitions: { NextAction: 'end', Errors: onError(...errors) },
});
const message = (id = 'say') => step(id, 'MessageParticipant', { Text: 'Hi' });

describe('publishing validates the content', () => {
  let instanceId: string;
  const create = (Content: string, Type: ContactFlowType = 'CONTACT_FLOW', Status?: 'SAVED' | 'PUBLISHED') =>
    t.client.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: `v-${randomUUID().slice(0, 8)}`, Type, Content, Status }));

  /** Creating refuses `content` with exactly these problem messages. */
  async function refused(content: string, messages: string[], type?: ContactFlowType): Promise<void> {
    const err = await rejects(() => create(content, type), 'InvalidContactFlowException', 400);
    const problems = (err as unknown as { problems?: { message?: string }[] }).problems;
    assert.deepEqual(problems?.map((p) => p.message), messages);
  }

  before(async () => {
    instanceId = await createTestInstance(t.client, { prefix: 'flow-check' });
  });

  test('a valid flow publishes; the same flow SAVED publishes nothing and is not checked', async () => {
    await create(doc([message()]));
    await create(doc([{ Identifier: 'x', Type: 'PlayPrompt' }]), 'CONTACT_FLOW', 'SAVED');
  });

  test('the wire body: x-amzn-ErrorType, Message and a lower-case problems list of {message}', async () => {
    const res = await fetch(`${t.server.url}/contact-flows/${instanceId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'raw', Type: 'CONTACT_FLOW', Content: doc([{ ...message(), Type: 'PlayPrompt' }]) }),
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype')?.split(':')[0], 'InvalidContactFlowException');
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.Message, 'The contact flow is not valid.');
    assert.deepEqual(body.problems, [{ message: 'Invalid Action type' }]);
  });

  test('Invalid Action type, for made-up types and the refused names seen in the wild (§7)', async () => {
    await refused(doc([step('a', 'NoSuchThing')]), ['Invalid Action type']);
    for (const type of ['TransferToQueue', 'SetWorkingQueue', 'PlayPrompt', 'CheckAttribute', 'TransferToAgent', 'CheckQueueStatus', 'CheckStaffing', 'UpdateContactRoutingData']) {
      await refused(doc([step('a', type)]), ['Invalid Action type']);
    }
  });

  test('Invalid Action property name: a key the type does not take', async () => {
    await refused(doc([step('q', 'TransferContactToQueue', { QueueId: 'x' }, ['QueueAtCapacity', 'NoMatchingError'])]), ['Invalid Action property name']);
    await refused(doc([step('say', 'MessageParticipant', { Text: 'Hi', Colour: 'red' })]), ['Invalid Action property name']);
  });

  test('Invalid Action property value. Path: Actions[N]', async () => {
    await refused(doc([message(), step('set', 'UpdateContactAttributes', { Attributes: { a: '1' }, TargetContact: 'Somebody' })]), [
      'Invalid Action property value. Path: Actions[1]',
    ]);
    await refused(doc([step('q', 'UpdateContactTargetQueue', { QueueId: 'a', AgentId: 'b' })]), ['Invalid Action property value. Path: Actions[0]']);
    await refused(doc([step('loop', 'Loop', { LoopCount: '101' }, [])]), ['Invalid Action property value. Path: Actions[0]']);
    await refused(doc([step('m', 'CheckMetricData', { MetricType: 'NumberOfCats' }, [])]), ['Invalid Action property value. Path: Actions[0]']);
    // an unknown JSONPath root in a single-path parameter
    await refused(doc([step('q', 'UpdateContactTargetQueue', { QueueId: '$.BadValue' })]), ['Invalid Action property value. Path: Actions[0]']);
    await create(doc([step('q', 'UpdateContactTargetQueue', { QueueId: '$.Attributes.queue' })]));
  });

  test('Action is missing required property. Path: Actions[N].Transitions.NextAction', async () => {
    const noNext = { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: 'Hi' }, Transitions: { Errors: onError('NoMatchingError') } };
    await refused(doc([message('first'), noNext]), ['Action is missing required property. Path: Actions[1].Transitions.NextAction']);
    // MessageParticipantIteratively is excepted
    await create(
      doc([{ Identifier: 'loop', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ Text: 'Wait' }] }, Transitions: { Errors: onError('NoMatchingError') } }]),
      'CUSTOMER_QUEUE',
    );
  });

  test('Action does not support transitions: a terminal action with transitions', async () => {
    const content = JSON.stringify({
      Version: '2019-10-30',
      StartAction: 'bye',
      Actions: [{ Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: { NextAction: 'bye' } }],
    });
    await refused(content, ['Action does not support transitions']);
  });

  test('the document: Version, StartAction, Actions, JSON itself, the old modules format', async () => {
    await refused(doc([message()], { Version: '2020-01-01' }), ['Invalid Version: only 2019-10-30 is supported. Path: Version']);
    await refused(doc([message()], { StartAction: 'nowhere' }), ['StartAction does not match the Identifier of any action. Path: StartAction']);
    await refused(doc([message()], { Metadata: 'x' }), ['Metadata must be an object. Path: Metadata']);
    await refused('{"Version": ', ['Content is not a JSON object. Path: $']);
    await refused('[]', ['Content is not a JSON object. Path: $']);
    // a pre-2019 export (aws/aws-sdk-js#3461)
    await refused(JSON.stringify({ modules: [{ id: 'a', type: 'PlayPrompt', branches: [] }], version: '1', start: 'a' }), [
      'Invalid Version: only 2019-10-30 is supported. Path: Version',
      'Flow is missing required property. Path: Actions',
      'Flow is missing required property. Path: StartAction',
    ]);
  });

  test('identifiers: unique, at most 50 characters, none of the forbidden characters or names', async () => {
    await refused(doc([message('same'), message('same')]), ['Duplicate Action identifier "same". Path: Actions[1].Identifier']);
    await create(doc([message('a name with spaces and ünïcödé')]));
    for (const [i, id] of ['x'.repeat(51), 'a:b', 'a$b', 'a/b', 'x{y}', 'toString', '__proto__'].entries()) {
      await refused(doc([message(`ok${i}`), message(id)]), ['Invalid Action identifier. Path: Actions[1].Identifier']);
    }
  });

  test('at most 250 actions', async () => {
    const actions = Array.from({ length: 250 }, (_, i) => message(`m${i}`));
    await refused(doc(actions), ['A flow has at most 250 actions, this one has 251. Path: Actions']);
    await create(doc(actions.slice(1)));
  });

  test('every transition lands on an action', async () => {
    const lost = { ...message(), Transitions: { NextAction: 'gone', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'lost' }] } };
    await refused(doc([lost]), [
      'Transition does not match the Identifier of any action. Path: Actions[0].Transitions.NextAction',
      'Transition does not match the Identifier of any action. Path: Actions[0].Transitions.Errors[0].NextAction',
    ]);
    const compare = {
      Identifier: 'cmp',
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Channel' },
      Transitions: {
        NextAction: 'end',
        Errors: onError('NoMatchingCondition'),
        Conditions: [{ NextAction: 'elsewhere', Condition: { Operator: 'Equals', Operands: ['CHAT'] } }],
      },
    };
    await refused(doc([compare]), ['Transition does not match the Identifier of any action. Path: Actions[0].Transitions.Conditions[0].NextAction']);
    const badOperator = { ...compare, Transitions: { ...compare.Transitions, Conditions: [{ NextAction: 'end', Condition: { Operator: 'Like', Operands: ['x'] } }] } };
    await refused(doc([badOperator]), ['Invalid condition operator. Path: Actions[0].Transitions.Conditions[0].Condition.Operator']);
  });

  test('required and refused error branches', async () => {
    await refused(doc([step('cmp', 'Compare', { ComparisonValue: '$.Channel' }, [])]), [
      'Action is missing required error NoMatchingCondition. Path: Actions[0].Transitions.Errors',
    ]);
    await refused(doc([step('cmp', 'Compare', { ComparisonValue: '$.Channel' }, ['NoMatchingCondition', 'NoMatchingError'])]), [
      'Action does not support error NoMatchingError. Path: Actions[0].Transitions.Errors[1].ErrorType',
    ]);
    await refused(doc([step('q', 'TransferContactToQueue', {}, ['NoMatchingError'])]), [
      'Action is missing required error QueueAtCapacity. Path: Actions[0].Transitions.Errors',
    ]);
    await refused(doc([step('attrs', 'UpdateContactAttributes', { Attributes: { a: '1' }, TargetContact: 'Current' }, [])]), [
      'Action is missing required error NoMatchingError. Path: Actions[0].Transitions.Errors',
    ]);
    await refused(doc([step('hours', 'CheckHoursOfOperation', {}, ['NoMatchingError', 'NoMatchingCondition'])]), [
      'Action does not support error NoMatchingCondition. Path: Actions[0].Transitions.Errors[1].ErrorType',
    ]);
    await refused(doc([step('prio', 'UpdateContactRoutingBehavior', { QueuePriority: '1' }, ['NoMatchingError'])]), [
      'Action does not support error NoMatchingError. Path: Actions[0].Transitions.Errors[0].ErrorType',
    ]);
    await create(doc([step('prio', 'UpdateContactRoutingBehavior', { QueuePriority: '1' }, [])]));
    await refused(doc([step('auth', 'AuthenticateParticipant', {}, ['NoMatchingError'])]), [
      'Action is missing required error TimeLimitExceeded. Path: Actions[0].Transitions.Errors',
    ]);
  });

  test('an action type the flow type does not allow', async () => {
    await refused(doc([step('q', 'UpdateContactTargetQueue', { QueueId: 'x' })]), [
      'Action type UpdateContactTargetQueue is not supported in flow type CUSTOMER_QUEUE. Path: Actions[0]',
    ], 'CUSTOMER_QUEUE');
    await refused(doc([message()]), ['Action type MessageParticipant is not supported in flow type AGENT_HOLD. Path: Actions[0]'], 'AGENT_HOLD');
    const endFlow = JSON.stringify({ Version: '2019-10-30', StartAction: 'stop', Actions: [{ Identifier: 'stop', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} }] });
    await refused(endFlow, ['Action type EndFlowExecution is not supported in flow type CONTACT_FLOW. Path: Actions[0]']);
    await create(endFlow, 'CUSTOMER_WHISPER');
  });

  test('problems add up, at most 50 of them', async () => {
    await refused(doc([step('a', 'Nope'), { ...message('b'), Transitions: {} }], { Version: 'x' }), [
      'Invalid Version: only 2019-10-30 is supported. Path: Version',
      'Invalid Action type',
      'Action is missing required property. Path: Actions[1].Transitions.NextAction',
    ]);
    const many = Array.from({ length: 80 }, (_, i) => step(`n${i}`, 'Nope'));
    const err = await rejects(() => create(doc(many)), 'InvalidContactFlowException', 400);
    assert.equal((err as unknown as { problems: unknown[] }).problems.length, 50);
  });

  test('aliases of §7 publish: UpdateRoutingCriteria, UntagContact, Wait TimeoutSeconds, EntryPointPosition', async () => {
    const criteria = { Steps: [{ Expression: { AttributeCondition: { Name: 'Technology', Value: 'Connect', ProficiencyLevel: 3, ComparisonOperator: 'NumberGreaterOrEqualTo' } } }] };
    await create(doc([step('rc', 'UpdateRoutingCriteria', { RoutingCriteria: criteria })]));
    await create(doc([step('rc', 'UpdateContactRoutingCriteria', { RoutingCriteria: criteria })]));
    await create(doc([step('untag', 'UntagContact', { TagKeys: ['a'] }, [])]));
    await create(doc([step('untag', 'UnTagContact', { TagKeys: ['a'] }, [])]));
    const wait = (params: Record<string, unknown>) => ({
      Identifier: 'wait',
      Type: 'Wait',
      Parameters: params,
      Transitions: { NextAction: 'end', Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }], Errors: onError('NoMatchingError') },
    });
    await create(doc([wait({ TimeLimitSeconds: '900', Events: ['CustomerReturned'] })]));
    await create(doc([wait({ TimeoutSeconds: '60' })]));
    await refused(doc([wait({ TimeLimitSeconds: '0' })]), ['Invalid Action property value. Path: Actions[0]']);
    await create(doc([message()], { Metadata: { EntryPointPosition: { x: 1, y: 2 }, ActionMetadata: { say: { Position: { x: 3, y: 4 } } } } }));
  });

  test('UpdateContactFlowContent refuses the same problems on a published flow', async () => {
    const { ContactFlowId } = await create(doc([message()]));
    const err = await rejects(
      () => t.client.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId, Content: doc([step('a', 'PlayPrompt')]) })),
      'InvalidContactFlowException',
      400,
    );
    assert.deepEqual((err as unknown as { problems: unknown }).problems, [{ message: 'Invalid Action type' }]);
  });
});
