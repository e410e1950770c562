// The websocket URLs CreateParticipantConnection hands out. The URL carries a ticket: the
// connection token's key and the URL's expiry, signed with a secret kept in the store (so a
// restart, or another node on the same store, accepts it). Nothing is written per URL.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoreTx } from '../store/store.js';
import { tokenKey } from './chat-session.js';

/** AWS: connect to the URL within 100 seconds. */
export const WEBSOCKET_URL_MS = 100_000;
/** The path websockets connect to on this server. */
export const WEBSOCKET_PATH = '/connect/chat-websocket';
const SECRET_KEY = 'websocket-secret';

export interface Ticket {
  /** the stored key of the connection token the socket speaks for */
  tokenKey: string;
  expiresAt: number;
}

export class WebsocketTickets {
  private secret = Buffer.alloc(0);
  /** `ws://host:port` of this server, known once it listens */
  base = 'ws://127.0.0.1:4570';

  /** Loads the signing secret, making one on a fresh store. */
  async load(tx: StoreTx): Promise<void> {
    let hex = await tx.getMeta(SECRET_KEY);
    if (!hex) await tx.setMeta(SECRET_KEY, (hex = randomBytes(32).toString('hex')));
    this.secret = Buffer.from(hex, 'hex');
  }

  issue(connection: { token: string }, now: number): { Url: string; ConnectionExpiry: string } {
    const expiresAt = now + WEBSOCKET_URL_MS;
    const payload = `${tokenKey(connection.token)}.${expiresAt}`;
    return {
      Url: `${this.base}${WEBSOCKET_PATH}?ticket=${payload}.${this.sign(payload)}`,
      ConnectionExpiry: new Date(expiresAt).toISOString(),
    };
  }

  /** The ticket of a URL's query, if it is one this server signed. */
  read(ticket: string | null): Ticket | undefined {
    const m = ticket && /^([A-Za-z0-9_-]{43})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
    if (!m) return undefined;
    const expected = Buffer.from(this.sign(`${m[1]}.${m[2]}`));
    const given = Buffer.from(m[3]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return { tokenKey: m[1], expiresAt: Number(m[2]) };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
