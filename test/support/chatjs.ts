// Loads the real Amazon Connect chat client library (amazon-connect-chatjs, a browser bundle)
// inside Node, so tests can drive the emulator with the same code a chat widget runs.
//
// The bundle is one webpack script with no exports: evaluating it builds a namespace object
// and stores it as `self.connect` (ChatSession, WebSocketManager, LogManager, LogLevel,
// csmService, ChatJS). Inside, it uses a copy of the AWS SDK v3 ConnectParticipant client,
// which sends its requests with the global `fetch` (present in Node 20).
//
// Browser globals it needs, found by trying (Node 20):
// - `self`: the bundle's root object; without it loading throws ReferenceError.
// - `window`: read at runtime as `window.connect` and `window.navigator.userAgent` when a
//   session is created. Without it ChatSession.create() swallows the error and returns a
//   session whose controller is undefined. It must be the same object as `self`.
// - `navigator`: `userAgent` (session creation, mobile sniffing) and `onLine` (the websocket
//   manager connects only while it is true). Node 21+ has a navigator without `onLine`, so
//   we also hand chatjs its documented `webSocketManagerConfig.isNetworkOnline` hook.
// - `WebSocket`: created with `new WebSocket(url)` plus addEventListener; `ws` provides the
//   same class, and Node 20 has no global one.
// Deliberately not provided: `document`. With a customer session chatjs tries to inject a
// client-side-metrics script and a SharedWorker that post to an AWS metrics endpoint; without
// `document` that fails inside a try/catch and every metric call becomes a no-op.
// `localStorage`, `Blob`, `URL.createObjectURL` are used only by that metrics code.
//
// Pointing chatjs at the emulator: ChatSession.setGlobalConfig({ endpoint }) (undocumented in
// its typings, but read by its client factory) replaces the default
// `https://participant.connect.<region>.amazonaws.com` base URL of the ConnectParticipant
// client; requests go to `<endpoint>/participant/...`. The client is built once per region,
// on the first ChatSession.create() for that region, and cached in module state, so the
// endpoint has to be set before that. The websocket URL is whatever CreateParticipantConnection
// returns; chatjs only accepts `wss://...` or `ws://127.0.0.1:...` (literally 127.0.0.1).
//
// Each loadChatJs() call evaluates a fresh copy of the bundle: chatjs keeps module-level
// singletons (global config, the per-region client cache, one customer websocket shared by
// every session on the same ContactId), and a fresh copy keeps tests from seeing each other.
//
// A connected session keeps timers alive (a 250 ms network check, heartbeats, token refresh)
// until a chat.ended item arrives on its websocket; a test that leaves a chat open must call
// disposeSession() or its process will not exit.
import { createRequire } from 'node:module';
import { WebSocket } from 'ws';

/** The handler argument chatjs passes to onMessage, onTyping, onConnectionEstablished, ... */
export interface ChatJsEvent {
  /**
   * the parsed websocket item (Id, Type, ContentType, Content, ParticipantRole, ...); null for
   * onEnded; absent on the onConnectionEstablished that connect() itself fires
   */
  data?: Record<string, unknown> | null;
  chatDetails: Record<string, unknown>;
}

/** A response as chatjs resolves it: the SDK output (with $metadata) under `data`. */
export interface ChatJsResponse {
  data: Record<string, unknown>;
  metadata?: unknown;
}

type Handler = (event: ChatJsEvent) => void;

/** The part of chatjs's ChatSession (customer flavour) the tests use. */
export interface ChatJsSession {
  connect(args?: { metadata?: unknown }): Promise<Record<string, unknown>>;
  sendMessage(args: { message: string; contentType: string; clientToken?: string }): Promise<ChatJsResponse>;
  sendEvent(args: { contentType: string; content?: string; clientToken?: string }): Promise<ChatJsResponse>;
  getTranscript(args?: {
    maxResults?: number;
    nextToken?: string;
    scanDirection?: 'FORWARD' | 'BACKWARD';
    sortOrder?: 'ASCENDING' | 'DESCENDING';
    startPosition?: { id?: string; absoluteTime?: string; mostRecent?: number };
    contactId?: string;
  }): Promise<ChatJsResponse>;
  disconnectParticipant(): Promise<Record<string, unknown>>;
  sendAttachment(args: { attachment: Blob & { name: string }; metadata?: unknown }): Promise<ChatJsResponse>;
  downloadAttachment(args: { attachmentId: string }): Promise<Blob>;
  getAttachmentURL(args: { attachmentId: string }): Promise<string>;
  getChatDetails(): Record<string, unknown>;
  onMessage(cb: Handler): void;
  onTyping(cb: Handler): void;
  onReadReceipt(cb: Handler): void;
  onDeliveredReceipt(cb: Handler): void;
  onConnectionEstablished(cb: Handler): void;
  onConnectionBroken(cb: Handler): void;
  onConnectionLost(cb: Handler): void;
  onEnded(cb: Handler): void;
  onParticipantIdle(cb: Handler): void;
  onParticipantReturned(cb: Handler): void;
  onAutoDisconnection(cb: Handler): void;
  onDeepHeartbeatSuccess(cb: Handler): void;
  onDeepHeartbeatFailure(cb: Handler): void;
  onTranscriptUpdated(cb: Handler): void;
  // customer authentication (the Authenticate Customer flow block)
  getAuthenticationUrl(args: { sessionId: string; redirectUri: string }): Promise<ChatJsResponse>;
  cancelParticipantAuthentication(args: { sessionId: string }): Promise<ChatJsResponse>;
  onAuthenticationInitiated(cb: Handler): void;
  onAuthenticationSuccessful(cb: Handler): void;
  onAuthenticationFailed(cb: Handler): void;
  onAuthenticationTimeout(cb: Handler): void;
  onAuthenticationExpired(cb: Handler): void;
  onAuthenticationCanceled(cb: Handler): void;
  onParticipantDisplayNameUpdated(cb: Handler): void;
}

export interface ChatJsCreateArgs {
  type: 'CUSTOMER' | 'AGENT';
  /** ContactId/contactId, ParticipantId/participantId, ParticipantToken/participantToken */
  chatDetails: Record<string, unknown>;
  /** options.region picks (and keys the cache of) the ConnectParticipant client */
  options?: { region?: string };
  disableCSM?: boolean;
}

export interface ChatSessionStatic {
  create(args: ChatJsCreateArgs): ChatJsSession;
  /** region, endpoint, loggerConfig, features, webSocketManagerConfig, ... */
  setGlobalConfig(config: Record<string, unknown>): void;
}

export interface ChatJs {
  /** the namespace this copy of the bundle built (what a page sees as window.connect) */
  connect: { ChatSession: ChatSessionStatic; ChatJS: { version: string } } & Record<string, unknown>;
  ChatSession: ChatSessionStatic;
  /**
   * setGlobalConfig plus what Node needs. `endpoint` is the participant service base URL,
   * e.g. http://127.0.0.1:4570; set it before the first create() for a region.
   */
  configure(config: { endpoint?: string; region?: string } & Record<string, unknown>): void;
}

const require = createRequire(import.meta.url);

function installBrowserGlobals(): void {
  const g = globalThis as Record<string, unknown>;
  g.self ??= globalThis;
  g.window ??= globalThis;
  if (g.navigator === undefined) {
    // defineProperty: on Node 21+ `navigator` is a getter-only global.
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: `Node.js/${process.version}`, onLine: true },
      configurable: true,
      writable: true,
    });
  }
  // Always ws: one behaviour across Node versions (Node 22's built-in WebSocket would also do).
  g.WebSocket = WebSocket;
}

export async function loadChatJs(
  config: { endpoint?: string; region?: string } & Record<string, unknown> = {},
): Promise<ChatJs> {
  installBrowserGlobals();
  const path = require.resolve('amazon-connect-chatjs');
  const g = globalThis as Record<string, unknown>;
  // The bundle reuses an existing `connect` namespace (it shares it with Amazon Connect
  // Streams), so both it and the module cache have to go for a fresh copy.
  delete require.cache[path];
  delete g.connect;
  require(path);
  const connect = g.connect as ChatJs['connect'];
  const ChatSession = connect.ChatSession;
  const configure: ChatJs['configure'] = (c) =>
    ChatSession.setGlobalConfig({ webSocketManagerConfig: { isNetworkOnline: () => true }, ...c });
  configure(config);
  return { connect, ChatSession, configure };
}

/**
 * Closes a session's websocket and stops its timers without telling the server (test
 * teardown). chatjs has no public call for this; its controller's breakConnection() is what
 * it runs itself when a chat.ended item arrives.
 */
export function disposeSession(session: ChatJsSession): void {
  const controller = (session as unknown as { controller?: { breakConnection(): unknown } }).controller;
  controller?.breakConnection();
}

/** Resolves with the first event a chatjs callback delivers that matches, or fails after 5 s. */
export function nextEvent(
  register: (cb: (e: ChatJsEvent) => void) => void,
  what: string,
  match: (e: ChatJsEvent) => boolean = () => true,
): Promise<ChatJsEvent> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => !done && reject(new Error(`chatjs did not deliver ${what} within 5 s`)), 5000);
    register((e) => {
      if (done || !match(e)) return;
      done = true;
      clearTimeout(timer);
      resolve(e);
    });
  });
}
