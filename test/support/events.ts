// A reader of GET /_local/events: fetch() and a small server-sent-events parser.
import assert from 'node:assert/strict';

/** The envelope of a contact event, as far as the tests read it. */
export interface ContactEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, any> & { eventType: string; contactId: string }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

/** A received contact event with its stream id. */
export interface Received {
  position: number;
  event: ContactEvent;
}

const WAIT_MS = 5000;

export class EventStream {
  private buffer = '';
  private readonly messages: SseMessage[] = [];
  private waiter?: () => void;
  private ended = false;

  private constructor(
    private readonly abort: AbortController,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    readonly headers: Headers,
  ) {
    void this.pump();
  }

  /** Opens the stream; `query` holds its filters, `lastEventId` goes as the Last-Event-ID header. */
  static async open(baseUrl: string, query: Record<string, string> = {}, lastEventId?: string | number): Promise<EventStream> {
    const abort = new AbortController();
    const qs = new URLSearchParams(query).toString();
    const res = await fetch(`${baseUrl}/_local/events${qs ? `?${qs}` : ''}`, {
      signal: abort.signal,
      headers: lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) },
    });
    assert.equal(res.status, 200, await (res.status === 200 ? Promise.resolve('') : res.text()));
    assert.ok(res.body);
    return new EventStream(abort, res.body.getReader(), res.headers);
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const m = parseBlock(block);
          if (m) this.messages.push(m);
        }
        this.waiter?.();
      }
    } catch {
      // aborted
    }
    this.ended = true;
    this.waiter?.();
  }

  /** The next message, waiting for it. */
  async next(): Promise<SseMessage> {
    const deadline = Date.now() + WAIT_MS;
    while (!this.messages.length) {
      assert.ok(!this.ended, 'the event stream ended');
      const left = deadline - Date.now();
      assert.ok(left > 0, 'no event within 5 s');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.messages.shift()!;
  }

  /** The next `n` contact events. */
  async take(n: number): Promise<Received[]> {
    const out: Received[] = [];
    while (out.length < n) {
      const m = await this.next();
      assert.equal(m.event, 'contact');
      assert.match(m.id ?? '', /^\d+$/);
      out.push({ position: Number(m.id), event: JSON.parse(m.data) as ContactEvent });
    }
    return out;
  }

  /** The next `n` events' types. */
  async types(n: number): Promise<string[]> {
    return (await this.take(n)).map((r) => r.event.detail.eventType);
  }

  close(): void {
    this.abort.abort();
  }
}

/** One block of lines (`field: value`); comments (`: ...`) only give nothing. */
function parseBlock(block: string): SseMessage | undefined {
  const m: SseMessage = { data: '' };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'id') m.id = value;
    else if (field === 'event') m.event = value;
  }
  if (!data.length) return undefined;
  m.data = data.join('\n');
  return m;
}
