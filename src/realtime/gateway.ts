// The chat websocket, speaking what amazon-connect-chatjs speaks (spec chat.md §4): the client
// subscribes to `aws/chat`, pings and heartbeats every 10 s, and receives every item of its
// chat as `{"topic":"aws/chat","contentType":"application/json","content":"<item JSON>"}`.
// One bus subscription per chat with open sockets: an item is serialized once, whoever listens.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { CONNECTION_TOKEN, PARTICIPANT_LEFT, resolveTokenKey } from '../engine/chat-session.js';
import { chatKey } from '../engine/contacts.js';
import { AUTH_INITIATED, mayBeOwedInitiated, pendingInitiated } from '../engine/customer-auth.js';
import type { Engine } from '../engine/engine.js';
import type { BusEvent } from '../engine/events.js';
import { WEBSOCKET_PATH } from './urls.js';

const CHAT_TOPIC = 'aws/chat';
/** chat messages are small; anything bigger from a client is not the protocol */
const MAX_CLIENT_FRAME = 64 * 1024;

interface ChatSocket {
  ws: WebSocket;
  /** whose socket it is */
  participantId: string;
  /** the ConnectionToken key it was opened with (what it may still be owed is looked up by it) */
  tokenKey: string;
  /**
   * it may be owed authentication.initiated on subscribing: the chat waited in an authentication
   * block when it opened, or the event went by before it subscribed (most sockets need no look-up)
   */
  owed: boolean;
  connectionId: string;
  subscribed: boolean;
}

/** The sockets of one chat and its one bus subscription. */
interface ChatGroup {
  sockets: Set<ChatSocket>;
  unsubscribe: () => void;
}

export class WebsocketGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME });
  private readonly chats = new Map<string, ChatGroup>();

  constructor(private readonly engine: Engine) {}

  /** Whether an HTTP upgrade is for this gateway. */
  handles(path: string): boolean {
    return path === WEBSOCKET_PATH;
  }

  /** Upgrades a request whose ticket is good and whose chat goes on; refuses the rest with 403. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams): void {
    const ticket = this.engine.tickets.read(query.get('ticket'));
    const refuse = (why: string): void => {
      const body = JSON.stringify({ message: why });
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    };
    if (!ticket) return refuse('This is not a websocket URL that CreateParticipantConnection issued');
    if (ticket.expiresAt <= this.engine.clock.now()) return refuse('The websocket URL has expired; call CreateParticipantConnection for a new one');
    this.engine.run((w) => resolveTokenKey(w, CONNECTION_TOKEN, ticket.subject)).then(
      (caller) => {
        if (socket.destroyed) return;
        this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, chatKey(caller.contact), caller.participant.ParticipantId, ticket.subject, mayBeOwedInitiated(caller)));
      },
      () => refuse('The chat of this websocket URL has ended, or its participant left'),
    );
  }

  private attach(ws: WebSocket, chat: string, participantId: string, tokenKey: string, owed: boolean): void {
    const s: ChatSocket = { ws, participantId, tokenKey, owed, connectionId: randomUUID(), subscribed: false };
    let group = this.chats.get(chat);
    if (!group) {
      const sockets = new Set<ChatSocket>();
      group = { sockets, unsubscribe: this.engine.bus.subscribeChat(chat, (e) => this.deliver(sockets, e)) };
      this.chats.set(chat, group);
    }
    group.sockets.add(s);
    ws.on('message', (data, isBinary) => this.receive(s, data, isBinary));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      const g = this.chats.get(chat);
      if (!g) return;
      g.sockets.delete(s);
      if (g.sockets.size === 0) {
        g.unsubscribe();
        this.chats.delete(chat);
      }
    });
  }

  private deliver(sockets: Set<ChatSocket>, e: BusEvent): void {
    if (e.type === 'chat') {
      const frame = JSON.stringify({ topic: CHAT_TOPIC, contentType: 'application/json', content: JSON.stringify(e.item) });
      for (const s of sockets) {
        if (e.only && e.only !== s.participantId) continue;
        if (s.subscribed && s.ws.readyState === WebSocket.OPEN) s.ws.send(frame);
        else if (e.item.ContentType === AUTH_INITIATED) s.owed = true;
      }
      // who left the chat keeps no socket in it: closed once the rest of the change (a
      // chat.ended that follows) has gone out, as a unit of work's events are published at once
      if (e.item.ContentType === PARTICIPANT_LEFT) {
        const leaving = [...sockets].filter((s) => s.participantId === e.item.ParticipantId);
        queueMicrotask(() => leaving.forEach((s) => s.ws.close(1000, 'participant left')));
      }
    } else if (e.type === 'chat-ended') {
      // after chat.ended, which went out first on the same socket
      for (const s of sockets) s.ws.close(1000, 'chat ended');
    }
  }

  private receive(s: ChatSocket, data: RawData, isBinary: boolean): void {
    let msg: { topic?: unknown; content?: { topics?: unknown } } | undefined;
    try {
      msg = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      msg = undefined;
    }
    const send = (v: unknown): void => s.ws.send(JSON.stringify(v));
    switch (msg?.topic) {
      case 'aws/ping':
        return send({ topic: 'aws/ping', statusCode: 200 });
      case 'aws/heartbeat':
        return send({ topic: 'aws/heartbeat' });
      case 'aws/subscribe':
      case 'aws/unsubscribe': {
        const topics = Array.isArray(msg.content?.topics) ? msg.content.topics : [];
        const known = topics.length > 0 && topics.every((t) => t === CHAT_TOPIC);
        const subscribing = known && msg.topic === 'aws/subscribe' && !s.subscribed && s.owed;
        if (known) s.subscribed = msg.topic === 'aws/subscribe';
        send({ topic: msg.topic, content: { status: known ? 'success' : 'failure', topics } });
        // an authentication that started before this socket existed (see pendingInitiated)
        if (subscribing) this.sendPending(s);
        return;
      }
      default:
        // frames without a topic are errors to chatjs
        return send({
          message: `Unknown frame; this socket takes aws/subscribe, aws/unsubscribe, aws/ping and aws/heartbeat`,
          connectionId: s.connectionId,
          requestId: randomUUID(),
        });
    }
  }

  private sendPending(s: ChatSocket): void {
    this.engine
      .run(async (w) => pendingInitiated(w, await resolveTokenKey(w, CONNECTION_TOKEN, s.tokenKey)))
      .then(
        (item) => {
          if (item && s.subscribed && s.ws.readyState === WebSocket.OPEN) s.ws.send(JSON.stringify({ topic: CHAT_TOPIC, contentType: 'application/json', content: JSON.stringify(item) }));
        },
        () => undefined, // the chat ended meanwhile: nothing is owed
      );
  }

  close(): void {
    for (const g of this.chats.values()) {
      g.unsubscribe();
      for (const s of g.sockets) s.ws.terminate();
    }
    this.chats.clear();
    this.wss.close();
  }
}
