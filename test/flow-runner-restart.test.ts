// A flow parked in a Wait survives a restart (SIGTERM and kill -9): its time limit is a durable
// deadline that fires at its original emulator time, and a customer message after the restart
// still resumes CustomerReturned (flows.md §3.3; contract: a 2xx answer is never lost). The
// manual clock is moved an hour ahead first so that a restart resumes it where it stood.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { advance, type ChatTestServer } from './support/chat.js';
import { attributes, basicQueue, chatInFlow, describe, mark, queued, when } from './support/flow-tests.js';
import { withRestarts } from './support/restarts.js';

const waitingChat = async (t: ChatTestServer) =>
  chatInFlow(t, [
    {
      Identifier: 'wait',
      Type: 'Wait',
      Parameters: { TimeLimitSeconds: '120', Events: ['CustomerReturned'] },
      Transitions: when([['Equals', 'WaitCompleted', 'timed out'], ['Equals', 'CustomerReturned', 'returned']], 'failed', ['NoMatchingError']),
    },
    mark('timed out', 'WaitCompleted', 'q'),
    mark('returned', 'CustomerReturned', 'q'),
    mark('failed', 'error', 'q'),
    ...queued((await basicQueue(t)).Arn),
  ]);

for (const how of ['stop', 'kill -9'] as const) {
  test(`a Wait's time limit fires at its original time after a restart (${how})`, async () => {
    await withRestarts(async (first, restart) => {
      const chat = await waitingChat(first);
      await advance(first.server.url, 50);
      const t = await restart(how);
      await advance(t.server.url, 69);
      assert.equal((await attributes(t, chat.ContactId)).result, undefined, 'still waiting at 119 s');
      await advance(t.server.url, 1);
      assert.equal((await attributes(t, chat.ContactId)).result, 'WaitCompleted');
      assert.ok((await describe(t, chat.ContactId)).QueueInfo?.Id, 'the flow went on into BasicQueue');
    });
  });

  test(`a customer message after a restart (${how}) resumes the Wait with CustomerReturned; its time limit is gone`, async () => {
    await withRestarts(async (first, restart) => {
      const chat = await waitingChat(first);
      await advance(first.server.url, 10);
      const t = await restart(how);
      await t.pc.send(new SendMessageCommand({ ConnectionToken: chat.token, ContentType: 'text/plain', Content: 'I am back' }));
      assert.equal((await attributes(t, chat.ContactId)).result, 'CustomerReturned');
      await advance(t.server.url, 200);
      assert.equal((await attributes(t, chat.ContactId)).result, 'CustomerReturned');
      assert.equal((await describe(t, chat.ContactId)).DisconnectTimestamp, undefined);
    });
  });
}
