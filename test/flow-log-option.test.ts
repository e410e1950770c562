// `--log flows`: every flow action is printed as it runs, with the contact, the flow, the action
// and its result; without the option nothing is printed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListContactFlowsCommand, StartChatContactCommand } from '@aws-sdk/client-connect';
import { connectClient, defaultInstanceId, startServer, type TestServer } from './support/server.js';

const SAMPLE = 'Sample inbound flow (first contact experience)';

/** Resolves once the server's stdout holds `text` (the lines go out on a pipe of their own, apart from the answer). */
function printed(server: TestServer, text: string): Promise<string> {
  if (server.stdout().includes(text)) return Promise.resolve(server.stdout());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stdout never showed ${text}: ${server.stdout()}`)), 5000);
    const onData = () => {
      if (!server.stdout().includes(text)) return;
      clearTimeout(timer);
      server.child.stdout!.off('data', onData);
      resolve(server.stdout());
    };
    server.child.stdout!.on('data', onData);
  });
}

async function chatThroughSample(server: TestServer): Promise<string> {
  const client = connectClient(server.url);
  const instanceId = await defaultInstanceId(client);
  const { ContactFlowSummaryList } = await client.send(new ListContactFlowsCommand({ InstanceId: instanceId, MaxResults: 1000 }));
  const flowId = ContactFlowSummaryList!.find((f) => f.Name === SAMPLE)!.Id!;
  const out = await client.send(new StartChatContactCommand({ InstanceId: instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Jane' } }));
  return out.ContactId!;
}

describe('--log flows', () => {
  let logging: TestServer;
  let quiet: TestServer;
  before(async () => {
    [logging, quiet] = await Promise.all([startServer({ inMemory: true, args: ['--log', 'flows'] }), startServer({ inMemory: true })]);
  });
  after(async () => {
    await Promise.all([logging.stop(), quiet.stop()]);
  });

  test('prints one line per action of the sample flows, in order, through the transfer to BasicQueue and into the customer queue flow', async () => {
    const contactId = await chatThroughSample(logging);
    const out = await printed(logging, `contact ${contactId} "Default customer queue" loop prompts`);
    const lines = out.split('\n').filter((l) => l.includes(`contact ${contactId} `));
    const steps = lines.map((l) => l.slice(l.indexOf('"')));
    assert.deepEqual(steps, [
      `"${SAMPLE}" set disconnect flow UpdateContactEventHooks: Success`,
      `"${SAMPLE}" check channel Compare: Value CHAT`,
      `"${SAMPLE}" greeting MessageParticipant: Success`,
      `"${SAMPLE}" to queue configurations TransferToFlow: Transfer to flow Sample queue configurations flow`,
      '"Sample queue configurations flow" set customer queue flow UpdateContactEventHooks: Success',
      '"Sample queue configurations flow" set queue UpdateContactTargetQueue: Success',
      '"Sample queue configurations flow" check hours CheckHoursOfOperation: Value True',
      '"Sample queue configurations flow" transfer TransferContactToQueue: Queued; the flow ends',
      // the customer-queue flow starts once the contact waits: on a chat its loop prompts say nothing
      '"Default customer queue" loop prompts MessageParticipantIteratively: Error NoMatchingError: loop prompts are voice-only',
    ]);
    assert.match(lines[0], /^flow \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z contact /);
  });

  test('without the option, a chat through the same flows prints nothing but the ready line', async () => {
    await chatThroughSample(quiet);
    assert.equal(quiet.stdout().trim().split('\n').length, 1, quiet.stdout());
    assert.match(quiet.stdout(), /^connect-local listening on /);
  });
});
