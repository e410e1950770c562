// One node:http server for everything on the port: the AWS services, /_local/, and the chat
// websocket upgrades.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from './engine/clock.js';
import { Engine } from './engine/engine.js';
import { connectModel, connectparticipantModel } from './generated/index.js';
import { AwsDispatcher, IDEMPOTENCY_WINDOW_MS, malformedHttpAnswer, type HandlerRegistry } from './protocol/dispatch.js';
import { compileApi } from './protocol/operations.js';
import { connectHandlers } from './services/connect/index.js';
import { handleAttachment } from './services/local/attachments.js';
import { handleConsole, redirectToConsole, wantsConsole } from './services/local/console.js';
import { EVENTS_PATH, handleEvents } from './services/local/events.js';
import { handleLocal } from './services/local/index.js';
import { handleSignIn, SIGN_IN_PATH } from './services/local/sign-in.js';
import { participantHandlers } from './services/participant/index.js';
import { WebsocketGateway } from './realtime/gateway.js';
import { ATTACHMENT_PATH } from './realtime/urls.js';
import type { Handler } from './services/handler.js';
import type { Config } from './config.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { EVENTS_PARTITION, EVENTS_STREAM } from './engine/contact-events.js';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

export interface RunningServer {
  server: Server;
  engine: Engine;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const store = new SqliteStore({ file: config.dataFile });
  const engine = new Engine(store, new Clock(config.clock), {
    offerTimeoutMs: config.offerTimeoutMs,
    lambdaEndpoint: config.lambdaEndpoint,
    eventBridgeEndpoint: config.eventBridgeEndpoint,
    eventBridgeMaxBackoffMs: config.eventBridgeMaxBackoffMs,
    logFlows: config.log.has('flows'),
    authUsers: config.authUsers,
    seed: config.seed,
  });
  await engine.start();
  // ClientTokens older than the window are forgotten now and then, so the table stays small
  // and so are contact events past their retention (emulator time)
  const prune = async () => {
    await store.pruneIdempotency(engine.clock.now() - IDEMPOTENCY_WINDOW_MS);
    await store.pruneLog(EVENTS_PARTITION, EVENTS_STREAM, engine.clock.now() - config.eventRetentionMs);
  };
  await prune();
  const pruneTimer = setInterval(() => void prune().catch((e) => console.error('connect-local: pruning ClientTokens and old events failed:', e)), PRUNE_EVERY_MS);
  pruneTimer.unref();

  const api = compileApi([connectModel, connectparticipantModel]);
  const handlers: HandlerRegistry = new Map([
    ['connect', connectHandlers as Record<string, Handler<never, unknown>>],
    ['connectparticipant', participantHandlers as Record<string, Handler<never, unknown>>],
  ]);
  const aws = new AwsDispatcher(api, handlers, engine);

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path.startsWith(ATTACHMENT_PATH)) {
      handleAttachment(engine, req, res, path.slice(ATTACHMENT_PATH.length)).catch((e) => {
        console.error('connect-local: an attachment transfer failed:', e);
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    if (path.startsWith(SIGN_IN_PATH)) {
      handleSignIn(engine, req, res, path).catch((e) => {
        console.error('connect-local: the sign-in page failed:', e);
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    if (path === '/_local/console' || path.startsWith('/_local/console/')) {
      handleConsole(req, res, path).catch((e) => {
        console.error('connect-local: the console failed:', e);
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    if (wantsConsole(req, path)) {
      req.resume();
      return redirectToConsole(res);
    }
    if (path === EVENTS_PATH) {
      handleEvents(engine, req, res, new URLSearchParams(q < 0 ? '' : url.slice(q + 1))).catch((e) => {
        console.error('connect-local: the event stream failed:', e);
        if (!res.headersSent) res.writeHead(500).end();
        else res.end();
      });
      return;
    }
    if (path.startsWith('/_local/')) {
      void handleLocal(engine, req, res, path);
      return;
    }
    aws.handle(req, res, path, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
  });
  const websockets = new WebsocketGateway(engine);
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (websockets.handles(url.pathname)) websockets.upgrade(req, socket, head, url.searchParams);
    else socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && err.code !== 'ECONNRESET') socket.end(malformedHttpAnswer(err));
    else socket.destroy();
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // the URLs handed out name this server; chatjs accepts ws:// only on 127.0.0.1, and a
  // wildcard address is reached there too
  const wsHost = ['0.0.0.0', '::', 'localhost'].includes(config.host) ? '127.0.0.1' : host;
  engine.tickets.base = `http://${wsHost}:${port}`;
  return {
    server,
    engine,
    url: `http://${host}:${port}`,
    async close() {
      clearInterval(pruneTimer);
      websockets.close();
      await engine.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}
