// A chat survives its server: after a restart (and a kill -9) its transcript, its tokens and
// its websocket URLs still work, and a chat whose duration ran out meanwhile is ended.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { startChat } from './support/chat.js';
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from '@aws-sdk/client-connectparticipant';
import { WebSocket } from 'ws';
import { connectClient, defaultInstanceId, participantClient, removeDir, startServer, tempDir } from './support/server.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

/** A chat on the default instance, lasting `minutes` (or the default 25 hours). */
async function chatOnDefault(client: ConnectClient, minutes?: number) {
  const instanceId = await defaultInstanceId(client);
  return { instanceId, ...(await startChat(client, instanceId, { ChatDurationInMinutes: minutes })) };
}

/** Opens the URL and subscribes; resolves with the subscribe answer. */
function subscribe(url: string): Promise<{ ws: WebSocket; answer: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    ws.once('open', () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } })));
    ws.once('message', (d) => resolve({ ws, answer: JSON.parse(String(d)) }));
  });
}

for (const how of ['stop', 'kill -9'] as const) {
  test(`after a restart (${how}) a chat keeps its transcript, tokens and websocket URL`, async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    let server = await startServer({ dataDir });
    const chat = await chatOnDefault(connectClient(server.url));
    const connection = await participantClient(server.url).send(
      new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }),
    );
    const token = connection.ConnectionCredentials!.ConnectionToken!;
    const before = await participantClient(server.url).send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'before' }));
    if (how === 'stop') await server.stop();
    else await server.kill9();

    server = await startServer({ dataDir });
    try {
      const participant = participantClient(server.url);
      await participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: 'text/plain', Content: 'after' }));
      const transcript = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING' }));
      const messages = transcript.Transcript!.filter((i) => i.Type === 'MESSAGE');
      assert.deepEqual(messages.map((m) => m.Content), ['before', 'after']);
      assert.equal(messages[0].Id, before.Id);
      // the ParticipantToken still connects, and the new server accepts a URL for its own port
      const again = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ['WEBSOCKET'] }));
      const { ws, answer } = await subscribe(again.Websocket!.Url!);
      ws.close();
      assert.deepEqual(answer, { topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } });
    } finally {
      await server.stop();
    }
  });
}

test('a chat whose duration ran out while the server was down is ended when it comes back', async () => {
  const dataDir = tempDir();
  dirs.push(dataDir);
  let server = await startServer({ dataDir });
  const chat = await chatOnDefault(connectClient(server.url), 60);
  const started = await connectClient(server.url).send(new DescribeContactCommand({ InstanceId: chat.instanceId, ContactId: chat.ContactId! }));
  const due = started.Contact!.InitiationTimestamp!.getTime() + 60 * 60_000;
  // 50 ms before the end, then the server dies at once: the end comes due while it is down
  const advanced = await fetch(`${server.url}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 3599.95 }) });
  await server.kill9();
  assert.equal(advanced.status, 200);

  server = await startServer({ dataDir });
  try {
    const after = await connectClient(server.url).send(new DescribeContactCommand({ InstanceId: chat.instanceId, ContactId: chat.ContactId! }));
    assert.equal(after.Contact!.DisconnectTimestamp?.getTime(), due, 'ended at the moment its duration ran out');
    assert.equal(after.Contact!.DisconnectReason, 'EXPIRED');
    await assert.rejects(
      participantClient(server.url).send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken!, Type: ['WEBSOCKET'] })),
      (e: Error) => e.name === 'AccessDeniedException',
    );
  } finally {
    await server.stop();
  }
});
