// Tickets: what the URLs this server hands out (websockets, attachment uploads and downloads)
// carry instead of a stored record. A ticket names its subject and expiry, signed with a
// secret kept in the store, so a restart, or another node on the same store, accepts it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoreTx } from '../store/store.js';

const SECRET_KEY = 'ticket-secret';

export interface Ticket {
  subject: string;
  expiresAt: number;
}

export class Tickets {
  private secret = Buffer.alloc(0);
  /** `http://host:port` of this server, known once it listens */
  base = 'http://127.0.0.1:4570';

  /** Loads the signing secret, making one on a fresh store. */
  async load(tx: StoreTx): Promise<void> {
    let hex = await tx.getMeta(SECRET_KEY);
    if (!hex) await tx.setMeta(SECRET_KEY, (hex = randomBytes(32).toString('hex')));
    this.secret = Buffer.from(hex, 'hex');
  }

  issue(subject: string, expiresAt: number): string {
    const payload = `${Buffer.from(subject).toString('base64url')}.${expiresAt}`;
    return `${payload}.${this.sign(payload)}`;
  }

  /** The ticket's subject and expiry, if this server signed it (expired or not). */
  read(ticket: string | null | undefined): Ticket | undefined {
    const m = ticket && /^([A-Za-z0-9_-]{1,1000})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
    if (!m) return undefined;
    const expected = Buffer.from(this.sign(`${m[1]}.${m[2]}`));
    const given = Buffer.from(m[3]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return { subject: Buffer.from(m[1], 'base64url').toString(), expiresAt: Number(m[2]) };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
