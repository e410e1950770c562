// The default and sample flows of a new instance (spec instance.md for names and types,
// flows.md §4 for what they do on a chat), as Flow-language content that publishes.
import type * as C from '../generated/connect.types.js';

interface Action {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: Record<string, unknown>;
}

export interface DefaultFlow {
  name: string;
  type: C.ContactFlowType;
  description: string;
  /** the content, given the ARNs of BasicQueue and of the other flows by name */
  content: (queueArn: string, flowArn: (name: string) => string) => string;
}

const errorsTo = (next: string, ...types: string[]) => types.map((ErrorType) => ({ ErrorType, NextAction: next }));
const message = (id: string, text: string, next: string): Action => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: next, Errors: errorsTo(next, 'NoMatchingError') },
});
const disconnect = (id = 'disconnect'): Action => ({ Identifier: id, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} });
const endFlow = (id = 'end'): Action => ({ Identifier: id, Type: 'EndFlowExecution', Parameters: {}, Transitions: {} });
/** CheckHoursOfOperation: True to `open`, False to `closed`, an error to `error`. */
const checkHours = (open: string, closed: string, error: string): Action => ({
  Identifier: 'check hours',
  Type: 'CheckHoursOfOperation',
  Parameters: {},
  Transitions: {
    NextAction: closed,
    Conditions: [
      { NextAction: open, Condition: { Operator: 'Equals', Operands: ['True'] } },
      { NextAction: closed, Condition: { Operator: 'Equals', Operands: ['False'] } },
    ],
    Errors: errorsTo(error, 'NoMatchingError'),
  },
});
/** TransferContactToQueue; it goes on at `fail` only when the transfer failed. */
const transfer = (fail: string): Action => ({
  Identifier: 'transfer',
  Type: 'TransferContactToQueue',
  Parameters: {},
  Transitions: { NextAction: fail, Errors: errorsTo(fail, 'QueueAtCapacity', 'NoMatchingError') },
});
const doc = (actions: Action[]): string => JSON.stringify({ Version: '2019-10-30', StartAction: actions[0].Identifier, Metadata: {}, Actions: actions });

const SORRY = "We're sorry, an error occurred. Goodbye.";
const GREETING = 'Hello, thanks for contacting us. This is an example of what the Amazon Connect virtual contact center can enable you to do.';

/** Set the working queue to BasicQueue and transfer there; on error apologise and disconnect. */
const toBasicQueue = (queueArn: string, first = 'set queue'): Action[] => [
  {
    Identifier: first,
    Type: 'UpdateContactTargetQueue',
    Parameters: { QueueId: queueArn },
    Transitions: { NextAction: 'transfer', Errors: errorsTo('error message', 'NoMatchingError') },
  },
  transfer('error message'),
  message('error message', SORRY, 'disconnect'),
  disconnect(),
];

/** Loop prompts: on a chat they take the error path at once, so nothing is said (flows.md §4). */
const loopPrompts = (text: string) => (): string =>
  doc([{ Identifier: 'loop prompts', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ Text: text }] }, Transitions: {} }]);

const whisper = (text: string) => (): string => doc([message('whisper', text, 'end'), endFlow()]);

const SAMPLE_QUEUEING = [
  'Sample AB test',
  'Sample Lambda integration',
  'Sample note for screenpop',
  'Sample queue customer',
  'Sample recording behavior',
  'Sample secure input with no agent',
  'Sample secure input with agent',
  'Sample queued callback',
];

export const DEFAULT_FLOWS: DefaultFlow[] = [
  {
    name: 'Default queue transfer',
    type: 'QUEUE_TRANSFER',
    description: 'Default flow used when transferring to a queue',
    content: () =>
      doc([
        checkHours('check staffing', 'closed', 'closed'),
        {
          Identifier: 'check staffing',
          Type: 'CheckMetricData',
          Parameters: { MetricType: 'NumberOfAgentsStaffed' },
          Transitions: {
            NextAction: 'closed',
            Conditions: [{ NextAction: 'transfer', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
            Errors: errorsTo('closed', 'NoMatchingError', 'NoMatchingCondition'),
          },
        },
        transfer('closed'),
        message('closed', 'The queue is closed or nobody is there to take this contact. Goodbye.', 'disconnect'),
        disconnect(),
      ]),
  },
  { name: 'Default agent hold', type: 'AGENT_HOLD', description: 'Default flow played to the agent on hold', content: loopPrompts('You have a customer on hold.') },
  { name: 'Default customer hold', type: 'CUSTOMER_HOLD', description: 'Default flow played to the customer on hold', content: loopPrompts('Please hold.') },
  {
    name: 'Default agent transfer',
    type: 'AGENT_TRANSFER',
    description: 'Default flow used when transferring to an agent',
    content: () => doc([message('transferring', 'Transferring now.', 'transfer'), { Identifier: 'transfer', Type: 'TransferContactToAgent', Parameters: {}, Transitions: {} }]),
  },
  { name: 'Default agent whisper', type: 'AGENT_WHISPER', description: 'Default whisper played to the agent', content: whisper('$.Queue.Name') },
  {
    name: 'Default customer queue',
    type: 'CUSTOMER_QUEUE',
    description: 'Default flow played to a customer waiting in queue',
    content: loopPrompts('Thank you for calling. Your call is very important to us and will be answered in the order it was received.'),
  },
  { name: 'Default customer whisper', type: 'CUSTOMER_WHISPER', description: 'Default whisper played to the customer', content: whisper('You are now connected.') },
  { name: 'Default outbound', type: 'OUTBOUND_WHISPER', description: 'Default whisper for outbound contacts', content: whisper('This call is not being recorded.') },
  {
    name: 'Sample inbound flow (first contact experience)',
    type: 'CONTACT_FLOW',
    description: 'Greets the customer, sets the disconnect flow, and goes on in the sample queue configurations flow',
    content: (_queue, flow) =>
      doc([
        {
          Identifier: 'set disconnect flow',
          Type: 'UpdateContactEventHooks',
          Parameters: { EventHooks: { CustomerRemaining: flow('Sample disconnect flow') } },
          Transitions: { NextAction: 'check channel', Errors: errorsTo('check channel', 'NoMatchingError') },
        },
        {
          Identifier: 'check channel',
          Type: 'Compare',
          Parameters: { ComparisonValue: '$.Channel' },
          Transitions: {
            NextAction: 'greeting',
            Conditions: [
              { NextAction: 'greeting', Condition: { Operator: 'Equals', Operands: ['CHAT'] } },
              { NextAction: 'greeting', Condition: { Operator: 'Equals', Operands: ['TASK'] } },
            ],
            Errors: errorsTo('greeting', 'NoMatchingCondition'),
          },
        },
        message('greeting', GREETING, 'to queue configurations'),
        {
          Identifier: 'to queue configurations',
          Type: 'TransferToFlow',
          Parameters: { ContactFlowId: flow('Sample queue configurations flow') },
          Transitions: { NextAction: 'error message', Errors: errorsTo('error message', 'NoMatchingError') },
        },
        message('error message', SORRY, 'disconnect'),
        disconnect(),
      ]),
  },
  {
    name: 'Sample queue configurations flow',
    type: 'CONTACT_FLOW',
    description: 'Sets the customer queue flow and BasicQueue, checks its hours, and transfers the contact to it',
    content: (queue, flow) =>
      doc([
        {
          Identifier: 'set customer queue flow',
          Type: 'UpdateContactEventHooks',
          Parameters: { EventHooks: { CustomerQueue: flow('Default customer queue') } },
          Transitions: { NextAction: 'set queue', Errors: errorsTo('set queue', 'NoMatchingError') },
        },
        {
          Identifier: 'set queue',
          Type: 'UpdateContactTargetQueue',
          Parameters: { QueueId: queue },
          Transitions: { NextAction: 'check hours', Errors: errorsTo('error message', 'NoMatchingError') },
        },
        checkHours('transfer', 'closed', 'transfer'),
        transfer('error message'),
        message('closed', 'We are closed at the moment. Please contact us again during our opening hours.', 'disconnect'),
        message('error message', SORRY, 'disconnect'),
        disconnect(),
      ]),
  },
  {
    name: 'Sample disconnect flow',
    type: 'CONTACT_FLOW',
    description: 'After the agent leaves a chat: waits for the customer to come back, and queues them again',
    content: (queue) =>
      doc([
        message('agent left', 'The agent has left the chat. Send a message within 15 minutes to be connected to another agent.', 'wait'),
        {
          Identifier: 'wait',
          Type: 'Wait',
          Parameters: { TimeLimitSeconds: '900', Events: ['CustomerReturned'] },
          Transitions: {
            NextAction: 'disconnect',
            Conditions: [
              { NextAction: 'set queue', Condition: { Operator: 'Equals', Operands: ['CustomerReturned'] } },
              { NextAction: 'disconnect', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } },
            ],
            Errors: errorsTo('disconnect', 'NoMatchingError'),
          },
        },
        ...toBasicQueue(queue),
      ]),
  },
  ...SAMPLE_QUEUEING.map(
    (name): DefaultFlow => ({ name, type: 'CONTACT_FLOW', description: `${name}: a sample flow of a new instance; on a chat it queues in BasicQueue`, content: (queue) => doc(toBasicQueue(queue)) }),
  ),
  {
    name: 'Sample interruptible queue flow with callback',
    type: 'CUSTOMER_QUEUE',
    description: 'Sample customer queue flow that offers a callback',
    content: loopPrompts('Thank you for waiting. Press 1 at any time to be called back.'),
  },
];
