// The websocket fan-out measurement, a process of its own (forked by run.ts,
// `dist/bench/fanout.js`): it opens every socket it is given (two per chat) and subscribes
// them, then keeps `inFlight` SendMessage requests going round the chats. Each message carries
// its send time; every socket of the chat must receive it once, and the time from send to
// receipt is the delivery latency. Only messages sent after the warm-up count.
import { Agent, request } from 'node:http';
import { WebSocket } from 'ws';

export interface FanoutChat {
  /** one ConnectionToken per participant, and its websocket URL */
  participants: { connectionToken: string; websocketUrl: string }[];
}

export interface FanoutJob {
  url: string;
  chats: FanoutChat[];
  inFlight: number;
  warmupMs: number;
  durationMs: number;
}

export interface FanoutResult {
  sockets: number;
  chats: number;
  /** SendMessage answered per second */
  messagesPerSec: number;
  /** messages received on sockets per second */
  deliveriesPerSec: number;
  p50ms: number;
  p99ms: number;
  maxms: number;
  /** deliveries that never came (each message is owed to every socket of its chat) */
  missing: number;
  /** deliveries that came twice or to a socket of another chat */
  wrong: number;
  errors: number;
}

const now = (): number => performance.now();

function open(url: string, onItem: (content: string) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } })));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { topic?: string; content?: unknown };
      if (frame.topic === 'aws/subscribe') resolve(ws);
      else if (frame.topic === 'aws/chat') {
        const item = JSON.parse(frame.content as string) as { Type?: string; Content?: string };
        if (item.Type === 'MESSAGE' && item.Content) onItem(item.Content);
      }
    });
  });
}

export async function runFanout(job: FanoutJob): Promise<FanoutResult> {
  const url = new URL(job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: job.inFlight });
  const start = now();
  const measureFrom = start + job.warmupMs;
  const deadline = measureFrom + job.durationMs;
  /** message key -> chat index, send time, deliveries still owed */
  const pending = new Map<string, { chat: number; sentAt: number; owed: number; measured: boolean }>();
  const latencies: number[] = [];
  let deliveries = 0;
  let wrong = 0;
  let answered = 0;
  let errors = 0;

  const sockets: WebSocket[] = [];
  await Promise.all(
    job.chats.flatMap((chat, c) =>
      chat.participants.map(async (p) => {
        sockets.push(
          await open(p.websocketUrl, (content) => {
            const m = pending.get(content);
            if (!m || m.chat !== c || m.owed === 0) return void wrong++;
            m.owed--;
            const t = now();
            if (m.measured) {
              if (t <= deadline) deliveries++;
              latencies.push(t - m.sentAt);
            }
            if (m.owed === 0) pending.delete(content);
          }),
        );
      }),
    ),
  );

  let seq = 0;
  const sendOne = (): Promise<void> =>
    new Promise((resolve) => {
      const c = seq % job.chats.length;
      const chat = job.chats[c];
      const sender = chat.participants[Math.floor(seq / job.chats.length) % chat.participants.length];
      const key = `m${seq++}`;
      const sentAt = now();
      pending.set(key, { chat: c, sentAt, owed: chat.participants.length, measured: sentAt >= measureFrom });
      const body = JSON.stringify({ ContentType: 'text/plain', Content: key, ClientToken: key });
      const req = request(
        {
          agent,
          host: url.hostname,
          port: Number(url.port),
          method: 'POST',
          path: '/participant/message',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-amz-bearer': sender.connectionToken },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) {
              if (sentAt >= measureFrom) answered++;
            } else {
              errors++;
              pending.delete(key);
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        pending.delete(key);
        resolve();
      });
      req.end(body);
    });

  await Promise.all(
    Array.from({ length: job.inFlight }, async () => {
      while (now() < deadline) await sendOne();
    }),
  );
  // what is still on its way gets a moment to arrive
  const graceUntil = now() + 2000;
  while (pending.size && now() < graceUntil) await new Promise((r) => setTimeout(r, 20));
  let missing = 0;
  for (const m of pending.values()) if (m.measured) missing += m.owed;
  sockets.forEach((ws) => ws.terminate());
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const pct = (q: number): number => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  const seconds = job.durationMs / 1000;
  return {
    sockets: sockets.length,
    chats: job.chats.length,
    messagesPerSec: answered / seconds,
    deliveriesPerSec: deliveries / seconds,
    p50ms: pct(0.5),
    p99ms: pct(0.99),
    maxms: latencies.length ? latencies[latencies.length - 1] : NaN,
    missing,
    wrong,
    errors,
  };
}

process.on('message', (job: FanoutJob) => {
  runFanout(job).then(
    (result) => process.send!({ result }, () => process.exit(0)),
    (e: Error) => process.send!({ error: e.stack ?? e.message }, () => process.exit(1)),
  );
});
