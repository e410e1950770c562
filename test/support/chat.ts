// Chats for tests: starting one with StartChatContact, connecting its customer, the /_local/
// control plane, and a raw websocket that buffers what the server sends (spec chat.md §4).
import assert from 'node:assert/strict';
import { CreateContactFlowCommand, ListContactFlowsCommand, ListQueuesCommand, StartChatContactCommand, type ConnectClient, type StartChatContactRequest, type StartChatContactResponse } from '@aws-sdk/client-connect';
import { CreateParticipantConnectionCommand, type ConnectParticipantClient, type Item } from '@aws-sdk/client-connectparticipant';
import { WebSocket } from 'ws';
import { queueFlow } from './flows.js';
import { connectClient, defaultInstanceId, participantClient, serverPerFile, type TestServer } from './server.js';

/**
 * The flow StartChatContact runs in the chat tests: straight into BasicQueue, made once per
 * instance. The sample inbound flow greets and sets a disconnect flow, which the flow tests test;
 * the chat tests look at the chat alone.
 */
export const CHAT_FLOW = 'Test chat flow';
export const EVENT = 'application/vnd.amazonaws.connect.event.';
export const JOINED = `${EVENT}participant.joined`;
export const LEFT = `${EVENT}participant.left`;
export const ENDED = `${EVENT}chat.ended`;
export const TYPING = `${EVENT}typing`;
export const READ = `${EVENT}message.read`;
export const DELIVERED = `${EVENT}message.delivered`;

/** How long a test waits for a frame or a close before failing. */
const FRAME_TIMEOUT_MS = 5000;

const flowIds = new Map<string, string>();

async function chatFlowId(client: ConnectClient, instanceId: string): Promise<string> {
  let id = flowIds.get(instanceId);
  if (!id) {
    const { ContactFlowSummaryList } = await client.send(
      new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CONTACT_FLOW'], MaxResults: 1000 }),
    );
    id = ContactFlowSummaryList?.find((f) => f.Name === CHAT_FLOW)?.Id;
    if (!id) {
      const { QueueSummaryList } = await client.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }));
      const basic = QueueSummaryList?.find((q) => q.Name === 'BasicQueue');
      if (!basic) throw new Error(`the instance ${instanceId} has no BasicQueue`);
      ({ ContactFlowId: id } = await client.send(
        new CreateContactFlowCommand({ InstanceId: instanceId, Name: CHAT_FLOW, Type: 'CONTACT_FLOW', Content: queueFlow(basic.Arn!) }),
      ));
    }
    flowIds.set(instanceId, id!);
  }
  return id!;
}

/** StartChatContact with the test chat flow inbound flow and a customer called Customer, unless overridden. */
export async function startChat(
  client: ConnectClient,
  instanceId: string,
  overrides: Partial<StartChatContactRequest> = {},
): Promise<Required<Pick<StartChatContactResponse, 'ContactId' | 'ParticipantId' | 'ParticipantToken'>> & StartChatContactResponse> {
  const out = await client.send(
    new StartChatContactCommand({
      InstanceId: instanceId,
      ContactFlowId: await chatFlowId(client, instanceId),
      ParticipantDetails: { DisplayName: 'Customer' },
      ...overrides,
    }),
  );
  assert.ok(out.ContactId && out.ParticipantId && out.ParticipantToken, 'StartChatContact answers ContactId, ParticipantId, ParticipantToken');
  return out as Awaited<ReturnType<typeof startChat>>;
}

export interface Connection {
  connectionToken: string;
  /** the websocket URL, valid for 100 s */
  url: string;
  connectionExpiry: string;
  expiry: string;
}

export interface ChatTestServer {
  server: TestServer;
  client: ConnectClient;
  pc: ConnectParticipantClient;
  instanceId: string;
}

/**
 * One in-memory server for the tests of a file, with a manual clock (expiries and timestamps
 * can be checked to the millisecond, time moves only by advance), its clients and the default
 * instance; filled in before the tests run.
 */
export function chatServerPerFile(): ChatTestServer {
  const t = {} as ChatTestServer;
  serverPerFile(
    async (server) => {
      t.server = server;
      t.client = connectClient(server.url);
      t.pc = participantClient(server.url);
      t.instanceId = await defaultInstanceId(t.client);
    },
    { clock: 'manual' },
  );
  return t;
}

/** A started chat whose customer is connected: its ConnectionToken and websocket URL too. */
export async function connectedChat(t: ChatTestServer, overrides: Partial<StartChatContactRequest> = {}) {
  const chat = await startChat(t.client, t.instanceId, overrides);
  const conn = await connectCustomer(t.pc, chat.ParticipantToken);
  return { ...chat, token: conn.connectionToken, url: conn.url, conn };
}

/** CreateParticipantConnection as chatjs calls it: both types, bearer = the ParticipantToken. */
export async function connectCustomer(pc: ConnectParticipantClient, participantToken: string): Promise<Connection> {
  const out = await pc.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }));
  const { Websocket, ConnectionCredentials } = out;
  assert.ok(Websocket?.Url && Websocket.ConnectionExpiry, 'a Websocket member');
  assert.ok(ConnectionCredentials?.ConnectionToken && ConnectionCredentials.Expiry, 'a ConnectionCredentials member');
  return {
    connectionToken: ConnectionCredentials.ConnectionToken,
    url: Websocket.Url,
    connectionExpiry: Websocket.ConnectionExpiry,
    expiry: ConnectionCredentials.Expiry,
  };
}

/** A /_local/ call: GET without a body, POST with one. */
export async function local(baseUrl: string, path: string, body?: unknown): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(baseUrl + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Moves a manual clock forward; returns the new now (epoch ms). */
export async function advance(baseUrl: string, seconds: number): Promise<number> {
  const r = await local(baseUrl, '/_local/clock/advance', { seconds });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.now as number;
}

export async function clockNow(baseUrl: string): Promise<number> {
  return (await local(baseUrl, '/_local/clock')).body.now as number;
}

/** Transcript items as they travel on the socket: Item plus the chat's ids. */
export type SocketItem = Omit<Item, 'Type'> & { InitialContactId: string; ContactId: string; Type: string };
export type Frame = Record<string, unknown>;

/** A raw websocket to the emulator that keeps every frame until a test takes it. */
export class TestSocket {
  private readonly buffered: Frame[] = [];
  private waiter: (() => void) | undefined;
  /** resolves with the close code once the socket is closed, by either side */
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      assert.equal(isBinary, false, 'the server sends text frames (chatjs parses them as strings)');
      this.buffered.push(JSON.parse(data.toString()) as Frame);
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }

  /** Opens the URL; fails if the server refuses the upgrade. */
  static async open(url: string): Promise<TestSocket> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new TestSocket(ws);
  }

  /** Opens and subscribes to aws/chat as chatjs does right after open. */
  static async subscribed(url: string): Promise<TestSocket> {
    const s = await TestSocket.open(url);
    s.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
    const answer = await s.take((f) => f.topic === 'aws/subscribe');
    assert.deepEqual(answer, { topic: 'aws/subscribe', content: { status: 'success', topics: ['aws/chat'] } });
    return s;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame not taken yet that matches, waiting for it up to a bound. */
  async take(match: (f: Frame) => boolean = () => true, timeoutMs = FRAME_TIMEOUT_MS): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.buffered.findIndex(match);
      if (i >= 0) return this.buffered.splice(i, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) assert.fail(`no matching frame within ${timeoutMs} ms; buffered: ${JSON.stringify(this.buffered).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  /** The next chat item (parsed from its frame's content) matching, waiting up to a bound. */
  async item(match: (i: SocketItem) => boolean = () => true): Promise<SocketItem> {
    const frame = await this.take((f) => f.topic === 'aws/chat' && match(JSON.parse(f.content as string) as SocketItem));
    return parseChatFrame(frame);
  }

  /**
   * A barrier: the server answers a ping after every frame it queued on this socket before,
   * so after it everything sent earlier is buffered here.
   */
  async sync(): Promise<void> {
    this.send({ topic: 'aws/ping' });
    await this.take((f) => f.topic === 'aws/ping');
  }

  /** Takes every chat item buffered so far, in arrival order. */
  takeItems(): SocketItem[] {
    const items: SocketItem[] = [];
    for (let i = 0; i < this.buffered.length; ) {
      if (this.buffered[i].topic === 'aws/chat') items.push(parseChatFrame(this.buffered.splice(i, 1)[0]));
      else i++;
    }
    return items;
  }

  /** Waits for the close, bounded. */
  async waitClosed(timeoutMs = FRAME_TIMEOUT_MS): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the socket was not closed within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes from this side (no-op once closed) and waits for it. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.terminate();
    await this.closed;
  }
}

/** A chat frame as chatjs reads it: topic, contentType, and the item as a JSON string. */
export function parseChatFrame(frame: Frame): SocketItem {
  assert.equal(frame.topic, 'aws/chat');
  assert.equal(frame.contentType, 'application/json');
  assert.equal(typeof frame.content, 'string', 'content is a JSON string, not an object');
  return JSON.parse(frame.content as string) as SocketItem;
}

/** The HTTP status a refused websocket upgrade got (fails if the upgrade succeeds). */
export async function refusedUpgrade(url: string): Promise<number> {
  const ws = new WebSocket(url);
  return new Promise<number>((resolve, reject) => {
    ws.once('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error(`the upgrade of ${url} was accepted`));
    });
    // after the request is destroyed ws reports an error too: nothing to learn from it
    ws.on('error', () => undefined);
  });
}
