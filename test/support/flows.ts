// Flow-language documents for tests: small flows that publish.

/** A flow that sends a message and disconnects; for queue-side flow types, one that ends. */
export function flow(opts: { text?: string; type?: string } = {}): string {
  const end = opts.type && opts.type !== 'CONTACT_FLOW' ? 'EndFlowExecution' : 'DisconnectParticipant';
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'greet',
    Metadata: { entryPointPosition: { x: 20, y: 20 } },
    Actions: [
      {
        Identifier: 'greet',
        Type: 'MessageParticipant',
        Parameters: { Text: opts.text ?? 'Hello' },
        Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      },
      { Identifier: 'end', Type: end, Parameters: {}, Transitions: {} },
    ],
  });
}

/** A CONTACT_FLOW that sets the working queue to `queue` (an id or ARN) and transfers to it. */
export function queueFlow(queue: string): string {
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'set queue',
    Actions: [
      {
        Identifier: 'set queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: queue },
        Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      },
      {
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          NextAction: 'end',
          Errors: [
            { ErrorType: 'QueueAtCapacity', NextAction: 'end' },
            { ErrorType: 'NoMatchingError', NextAction: 'end' },
          ],
        },
      },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  });
}
