// InvokeLambdaFunction (spec flows.md §3.5) against a Lambda Invoke API stand-in: the event
// Amazon Connect sends, $.External from the answer, and every way to the error branch (a
// STRING_MAP answer that nests, a function error, the time limit on the emulator clock, no
// endpoint configured); an asynchronous call that does not hold the flow.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateContactFlowCommand, DescribeContactCommand, ListQueuesCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { GetTranscriptCommand, type ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import { advance, connectCustomer, startChat, TestSocket, type SocketItem } from './support/chat.js';
import { connectClient, defaultInstanceId, participantClient, startServer, type TestServer } from './support/server.js';

/** What the stand-in got: one Invoke call. */
interface Call {
  path: string;
  functionName: string;
  headers: IncomingHttpHeaders;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A Lambda Invoke API on 127.0.0.1: records each call and answers with what the test queued for
 * it (a promise: the test holds the answer until it released it; a never-settling one: no answer).
 */
class LambdaStandIn {
  readonly calls: Call[] = [];
  /** resolves with a call's index once its connection was closed before the stand-in answered */
  readonly abandoned: Promise<number>[] = [];
  private readonly answers: Promise<Answer>[] = [];
  private readonly waiters: ((c: Call) => void)[] = [];
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
        const call: Call = { path: req.url ?? '', functionName: m ? decodeURIComponent(m[1]) : '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
        this.calls.push(call);
        const index = this.calls.length - 1;
        this.abandoned[index] = new Promise((r) => res.once('close', () => !res.writableEnded && r(index)));
        if (this.waiters.length) {
          this.waited = Math.max(this.waited, this.calls.length);
          this.waiters.shift()!(call);
        }
        const answer: Answer = await (this.answers.shift() ?? Promise.resolve({ body: {} }));
        const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(payload);
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next call gets this answer (once it settles). */
  answer(a: Promise<Answer> | Answer): void {
    this.answers.push(Promise.resolve(a));
  }

  /** The next call not waited for yet (it may have arrived already). */
  nextCall(): Promise<Call> {
    const i = this.waited++;
    return i < this.calls.length ? Promise.resolve(this.calls[i]) : new Promise((resolve) => this.waiters.push(resolve));
  }
  private waited = 0;

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A promise the test settles when it wants. */
function held<T>(): { promise: Promise<T>; release: (v: T) => void } {
  let release!: (v: T) => void;
  const promise = new Promise<T>((r) => (release = r));
  return { promise, release };
}

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:greeter';

/** InvokeLambdaFunction → "lambda said <successText>" → BasicQueue; its error branch → "lambda failed" → disconnect. */
function lambdaFlow(basicArn: string, params: Record<string, unknown>, successText = 'lambda said $.External.greeting'): string {
  return JSON.stringify({
    Version: '2019-10-30',
    StartAction: 'invoke',
    Actions: [
      {
        Identifier: 'invoke',
        Type: 'InvokeLambdaFunction',
        Parameters: { LambdaFunctionARN: FN, InvocationTimeLimitSeconds: '3', ...params },
        Transitions: { NextAction: 'said', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'failed' }] },
      },
      { Identifier: 'said', Type: 'MessageParticipant', Parameters: { Text: successText }, Transitions: { NextAction: 'queue', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'queue' }] } },
      { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: basicArn }, Transitions: { NextAction: 'transfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] } },
      {
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'QueueAtCapacity', NextAction: 'end' }, { ErrorType: 'NoMatchingError', NextAction: 'end' }] },
      },
      { Identifier: 'failed', Type: 'MessageParticipant', Parameters: { Text: 'lambda failed' }, Transitions: { NextAction: 'end', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'end' }] } },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  });
}

interface Env {
  server: TestServer;
  client: ConnectClient;
  pc: ConnectParticipantClient;
  instanceId: string;
  basicArn: string;
}

async function envFor(server: TestServer): Promise<Env> {
  const client = connectClient(server.url);
  const instanceId = await defaultInstanceId(client);
  const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }));
  return { server, client, pc: participantClient(server.url), instanceId, basicArn: QueueSummaryList!.find((q) => q.Name === 'BasicQueue')!.Arn! };
}

let flowCount = 0;
/**
 * Publishes a lambda flow and starts a chat in it; the stand-in's answer (`answer`; null: none
 * ever) is held until the customer is connected and subscribed, so the socket sees what follows.
 * Returns the Invoke call the stand-in got too.
 */
async function chatIn(
  env: Env,
  lambda: LambdaStandIn | undefined,
  params: Record<string, unknown>,
  opts: { answer?: Answer | null; attributes?: Record<string, string>; successText?: string } = {},
) {
  const { ContactFlowId } = await env.client.send(
    new CreateContactFlowCommand({ InstanceId: env.instanceId, Name: `lambda flow ${++flowCount}`, Type: 'CONTACT_FLOW', Content: lambdaFlow(env.basicArn, params, opts.successText) }),
  );
  const gate = held<Answer>();
  lambda?.answer(gate.promise);
  const arrived = lambda?.nextCall();
  const chat = await startChat(env.client, env.instanceId, { ContactFlowId, Attributes: opts.attributes });
  const conn = await connectCustomer(env.pc, chat.ParticipantToken);
  const socket = await TestSocket.subscribed(conn.url);
  const call = await arrived;
  const release = () => {
    if (opts.answer !== null) gate.release(opts.answer ?? { body: {} });
  };
  return { chat, socket, call, release, token: conn.connectionToken };
}

const systemMessage = (socket: TestSocket): Promise<SocketItem> => socket.item((i) => i.Type === 'MESSAGE' && i.ParticipantRole === 'SYSTEM');

async function queueOf(env: Env, contactId: string): Promise<string | undefined> {
  const { Contact } = await env.client.send(new DescribeContactCommand({ InstanceId: env.instanceId, ContactId: contactId }));
  return Contact?.QueueInfo?.Id;
}

describe('InvokeLambdaFunction with a Lambda endpoint', () => {
  const lambda = new LambdaStandIn();
  let env: Env;
  before(async () => {
    await lambda.start();
    env = await envFor(await startServer({ inMemory: true, clock: 'manual', args: ['--lambda-endpoint', lambda.url] }));
  });
  after(async () => {
    await env?.server.stop();
    await lambda.stop();
  });

  it('sends the Connect event and puts a STRING_MAP answer in $.External', async () => {
    const { chat, socket, call, release } = await chatIn(
      env,
      lambda,
      { LambdaInvocationAttributes: { customer: '$.Attributes.name', fixed: 'static value', mixed: 'id $.Attributes.account!' } },
      { attributes: { name: 'Ada', account: '42' }, answer: { body: { greeting: 'hello Ada', count: 3 } } },
    );
    assert.ok(call);
    assert.equal(call.functionName, FN, 'the ARN is the FunctionName of the path');
    assert.equal(call.headers['x-amz-invocation-type'] ?? 'RequestResponse', 'RequestResponse');
    assert.equal(call.body.Name, 'ContactFlowEvent');
    const data = call.body.Details.ContactData;
    assert.equal(data.ContactId, chat.ContactId);
    assert.equal(data.InitialContactId, chat.ContactId);
    assert.equal(data.Channel, 'CHAT');
    assert.equal(data.InitiationMethod, 'API');
    assert.match(data.InstanceARN, new RegExp(`^arn:aws:connect:us-east-1:\\d{12}:instance/${env.instanceId}$`));
    assert.deepEqual(data.Attributes, { name: 'Ada', account: '42' });
    assert.deepEqual(call.body.Details.Parameters, { customer: 'Ada', fixed: 'static value', mixed: 'id 42!' });
    // still parked: nothing said, not queued
    await socket.sync();
    assert.deepEqual(socket.takeItems().filter((i) => i.Type === 'MESSAGE'), []);
    assert.equal(await queueOf(env, chat.ContactId), undefined);

    release();
    assert.equal((await systemMessage(socket)).Content, 'lambda said hello Ada');
    // the message and the queueing are one unit of work: once the message is out, the contact is queued
    assert.ok(await queueOf(env, chat.ContactId), 'the success branch went on to BasicQueue');
    await socket.close();
  });

  it('takes the error branch for a nested answer with STRING_MAP, and reads nested paths with JSON', async () => {
    const nested = { body: { greeting: 'hi', customer: { tier: 'gold' } } };
    const strict = await chatIn(env, lambda, { ResponseValidation: { ResponseType: 'STRING_MAP' } }, { answer: nested });
    strict.release();
    assert.equal((await systemMessage(strict.socket)).Content, 'lambda failed');
    assert.equal(await strict.socket.waitClosed(), 1000, 'the error branch disconnects');

    const json = await chatIn(env, lambda, { ResponseValidation: { ResponseType: 'JSON' } }, { answer: nested, successText: 'lambda said $.External.greeting to $.External.customer.tier' });
    json.release();
    assert.equal((await systemMessage(json.socket)).Content, 'lambda said hi to gold');
    await json.socket.close();
  });

  it('takes the error branch for an answer that is not an object', async () => {
    const { socket, release } = await chatIn(env, lambda, {}, { answer: { body: ['a', 'list'] } });
    release();
    assert.equal((await systemMessage(socket)).Content, 'lambda failed');
    await socket.close();
  });

  it('takes the error branch when the function fails (X-Amz-Function-Error)', async () => {
    const { socket, release } = await chatIn(env, lambda, {}, { answer: { headers: { 'X-Amz-Function-Error': 'Unhandled' }, body: { errorMessage: 'boom', errorType: 'Error' } } });
    release();
    assert.equal((await systemMessage(socket)).Content, 'lambda failed');
    await socket.close();
  });

  it('takes the error branch when the time limit passes on the emulator clock, not a millisecond before', async () => {
    const { chat, socket } = await chatIn(env, lambda, { InvocationTimeLimitSeconds: '2' }, { answer: null });
    await advance(env.server.url, 1.999);
    await socket.sync();
    assert.deepEqual(socket.takeItems().filter((i) => i.Type === 'MESSAGE'), [], 'nothing before the limit');
    await advance(env.server.url, 0.001);
    assert.equal((await systemMessage(socket)).Content, 'lambda failed');
    assert.equal(await socket.waitClosed(), 1000);
    const { Contact } = await env.client.send(new DescribeContactCommand({ InstanceId: env.instanceId, ContactId: chat.ContactId }));
    assert.ok(Contact?.DisconnectTimestamp);
    assert.equal(Contact?.QueueInfo, undefined);
  });

  it('leaves the time limit to the manual clock when the call itself gives up in real time', async () => {
    // the invoker gives up after the limit of real time (1 s); the emulator clock has not moved
    const { chat, socket } = await chatIn(env, lambda, { InvocationTimeLimitSeconds: '1' }, { answer: null });
    await lambda.abandoned[lambda.calls.length - 1];
    await socket.sync();
    assert.deepEqual(socket.takeItems().filter((i) => i.Type === 'MESSAGE'), [], 'still parked: time moves only by advance');
    assert.equal((await env.client.send(new DescribeContactCommand({ InstanceId: env.instanceId, ContactId: chat.ContactId }))).Contact?.DisconnectTimestamp, undefined);
    await advance(env.server.url, 1);
    assert.equal((await systemMessage(socket)).Content, 'lambda failed');
    await socket.close();
  });

  it('goes on at once with ASYNCHRONOUS, and the function still gets an Event invocation', async () => {
    const { chat, call, socket, release, token } = await chatIn(
      env,
      lambda,
      { InvocationType: 'ASYNCHRONOUS', LambdaInvocationAttributes: { who: '$.Attributes.name' } },
      { attributes: { name: 'Bo' }, successText: 'went on', answer: { status: 202 } },
    );
    // the flow did not wait for the function: before it answered, the chat was queued after the text
    assert.ok(await queueOf(env, chat.ContactId), 'queued while the call is unanswered');
    const { Transcript } = await env.pc.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: 'ASCENDING' }));
    assert.deepEqual(Transcript?.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content), ['went on']);
    assert.ok(call);
    assert.equal(call.headers['x-amz-invocation-type'], 'Event');
    assert.equal(call.functionName, FN);
    assert.deepEqual(call.body.Details.Parameters, { who: 'Bo' });
    release();
    await socket.close();
  });
});

describe('InvokeLambdaFunction without a Lambda endpoint', () => {
  let env: Env;
  before(async () => {
    env = await envFor(await startServer({ inMemory: true, clock: 'manual' }));
  });
  after(async () => {
    await env?.server.stop();
  });

  it('takes the error branch at once', async () => {
    const { ContactFlowId } = await env.client.send(new CreateContactFlowCommand({ InstanceId: env.instanceId, Name: 'lambda flow', Type: 'CONTACT_FLOW', Content: lambdaFlow(env.basicArn, {}) }));
    const chat = await startChat(env.client, env.instanceId, { ContactFlowId });
    // within StartChatContact itself: the error branch said its text and disconnected (no clock moved)
    const { Contact } = await env.client.send(new DescribeContactCommand({ InstanceId: env.instanceId, ContactId: chat.ContactId }));
    assert.ok(Contact?.DisconnectTimestamp, 'the error branch disconnected the chat');
    assert.equal(Contact?.QueueInfo, undefined, 'the success branch (BasicQueue) was not taken');
  });
});
