// --eventbridge-endpoint against moto's server (`python3 -m moto.server`): a rule on
// `source: aws.connect` on the default bus delivers to an SQS queue, which the tests read. The
// waits here are real ones (ReceiveMessage long polls an external service).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startChat } from './support/chat.js';
import { connectClient, defaultInstanceId, removeDir, startServer, tempDir, type TestServer } from './support/server.js';

const aws = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startMoto(port: number): Promise<ChildProcess> {
  const child = spawn('python3', ['-m', 'moto.server', '-p', String(port)], { stdio: 'ignore' });
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto.server exited with ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch {
      if (Date.now() > until) throw new Error('moto.server did not answer within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

interface Delivered {
  source: string;
  'detail-type': string;
  resources: string[];
  detail: { contactId: string; eventType: string };
}

const moto: { child?: ChildProcess; url: string; queueUrl: string; sqs?: SQSClient } = { url: '', queueUrl: '' };
const received: Delivered[] = [];
const servers: TestServer[] = [];
let proxy: Server | undefined;

/** Reads the queue until `want` (eventType list) arrived for `contactId`; returns those events. */
async function eventsOf(contactId: string, want: string[], timeoutMs = 20_000): Promise<Delivered[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mine = received.filter((e) => e.detail.contactId === contactId);
    if (want.every((t) => mine.some((e) => e.detail.eventType === t))) return mine;
    if (Date.now() > until) assert.fail(`only ${mine.map((e) => e.detail.eventType).join(', ') || 'nothing'} arrived for ${contactId}`);
    const out = await moto.sqs!.send(new ReceiveMessageCommand({ QueueUrl: moto.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of out.Messages ?? []) received.push(JSON.parse(m.Body!) as Delivered);
    if (out.Messages?.length) {
      await moto.sqs!.send(new DeleteMessageBatchCommand({ QueueUrl: moto.queueUrl, Entries: out.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
  }
}

function assertDeliveredShape(events: Delivered[], contactId: string): void {
  for (const e of events) {
    assert.equal(e.source, 'aws.connect');
    assert.equal(e['detail-type'], 'Amazon Connect Contact Event');
    assert.equal(e.detail.contactId, contactId);
    assert.ok(e.resources.some((r) => r.endsWith(`/contact/${contactId}`)), JSON.stringify(e.resources));
  }
  const types = events.map((e) => e.detail.eventType);
  assert.ok(types.indexOf('INITIATED') < types.indexOf('QUEUED'), `log order: ${types.join(', ')}`);
}

describe('--eventbridge-endpoint (moto)', { timeout: 120_000 }, () => {
  before(async () => {
    const port = await freePort();
    moto.url = `http://127.0.0.1:${port}`;
    moto.child = await startMoto(port);
    moto.sqs = new SQSClient({ ...aws, endpoint: moto.url });
    const { QueueUrl } = await moto.sqs.send(new CreateQueueCommand({ QueueName: 'connect-events' }));
    moto.queueUrl = QueueUrl!;
    const { Attributes } = await moto.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    const events = new EventBridgeClient({ ...aws, endpoint: moto.url });
    await events.send(new PutRuleCommand({ Name: 'connect-contact-events', EventPattern: JSON.stringify({ source: ['aws.connect'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'connect-contact-events', Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn! }] }));
    events.destroy();
  });

  after(async () => {
    for (const s of servers) await s.stop();
    proxy?.close();
    moto.sqs?.destroy();
    if (moto.child && moto.child.exitCode === null) {
      const exited = new Promise((r) => moto.child!.once('exit', r));
      moto.child.kill('SIGTERM');
      await exited;
    }
  });

  it('sends each contact event with PutEvents: a rule on source aws.connect delivers it in EventBridge shape', async () => {
    const server = await startServer({ inMemory: true, clock: 'manual', args: ['--eventbridge-endpoint', moto.url] });
    servers.push(server);
    const client = connectClient(server.url);
    const chat = await startChat(client, await defaultInstanceId(client));
    assertDeliveredShape(await eventsOf(chat.ContactId, ['INITIATED', 'QUEUED']), chat.ContactId);
    assert.doesNotMatch(server.stderr(), /cannot be delivered/);
  });

  it('a failing endpoint holds up no request, is reported once, and gets every event once it answers', async () => {
    // nothing listens on `port` at first; later a proxy to moto does (so that moto's rule is in
    // place before the first delivery can succeed)
    const port = await freePort();
    // the hidden knob: the back-off is capped at 200 ms instead of 60 s, so the test waits little
    process.env.CONNECT_LOCAL_EVENTBRIDGE_MAX_BACKOFF_MS = '200';
    let server: TestServer;
    try {
      server = await startServer({ inMemory: true, clock: 'manual', args: ['--eventbridge-endpoint', `http://127.0.0.1:${port}`] });
    } finally {
      delete process.env.CONNECT_LOCAL_EVENTBRIDGE_MAX_BACKOFF_MS;
    }
    servers.push(server);
    const client = connectClient(server.url);
    const instanceId = await defaultInstanceId(client);
    const contacts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      contacts.push((await startChat(client, instanceId)).ContactId);
      assert.ok(Date.now() - started < 2000, `StartChatContact took ${Date.now() - started} ms`);
    }
    // several retries happen meanwhile; the failure is reported once
    const until = Date.now() + 10_000;
    while (!/cannot be delivered/.test(server.stderr())) {
      assert.ok(Date.now() < until, `no report on stderr: ${server.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(server.stderr().match(/cannot be delivered/g)?.length, 1, server.stderr());
    assert.match(server.stderr(), new RegExp(`--eventbridge-endpoint http://127.0.0.1:${port}`));

    const motoPort = Number(new URL(moto.url).port);
    proxy = createServer((socket) => {
      const upstream = connect(motoPort, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy!.listen(port, '127.0.0.1', () => r()));
    for (const id of contacts) assertDeliveredShape(await eventsOf(id, ['INITIATED', 'QUEUED']), id);
    for (const id of contacts) {
      const mine = received.filter((e) => e.detail.contactId === id).map((e) => e.detail.eventType);
      assert.equal(new Set(mine).size, mine.length, `each event once: ${mine.join(', ')}`);
    }
    assert.match(server.stderr(), /delivered to .* again/);
  });

  it('what was not delivered before a stop is delivered after the start, and what was is not sent again', async () => {
    const dataDir = tempDir();
    try {
      const first = await startServer({ dataDir, clock: 'manual', args: ['--eventbridge-endpoint', moto.url] });
      let client = connectClient(first.url);
      const instanceId = await defaultInstanceId(client);
      const early = (await startChat(client, instanceId)).ContactId;
      await eventsOf(early, ['INITIATED', 'QUEUED']);
      await first.stop();
      // down: the endpoint is a port nothing listens on
      const down = await startServer({ dataDir, clock: 'manual', args: ['--eventbridge-endpoint', `http://127.0.0.1:${await freePort()}`] });
      client = connectClient(down.url);
      const late = (await startChat(client, instanceId)).ContactId;
      await down.stop();
      const again = await startServer({ dataDir, clock: 'manual', args: ['--eventbridge-endpoint', moto.url] });
      servers.push(again);
      assertDeliveredShape(await eventsOf(late, ['INITIATED', 'QUEUED']), late);
      const earlyTypes = received.filter((e) => e.detail.contactId === early).map((e) => e.detail.eventType);
      assert.equal(new Set(earlyTypes).size, earlyTypes.length, `sent once: ${earlyTypes.join(', ')}`);
    } finally {
      removeDir(dataDir);
    }
  });
});
