// The emulator's own control plane under /_local/: plain JSON, no signature. Not AWS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../../engine/engine.js';
import { VERSION } from '../../version.js';

class LocalError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type LocalRoute = (engine: Engine, body: Record<string, unknown>, params: string[]) => Promise<unknown>;

const routes: { method: string; pattern: RegExp; run: LocalRoute }[] = [
  {
    method: 'GET',
    pattern: /^\/_local\/health$/,
    run: async () => ({ status: 'ok', version: VERSION, services: { connect: 'running', connectparticipant: 'running' } }),
  },
  {
    method: 'GET',
    pattern: /^\/_local\/clock$/,
    run: async (engine) => ({ now: engine.clock.now(), mode: engine.clock.mode }),
  },
  {
    method: 'POST',
    pattern: /^\/_local\/clock\/advance$/,
    run: async (engine, body) => {
      const seconds = body.seconds;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
        throw new LocalError(400, 'seconds: give a number of seconds >= 0, e.g. {"seconds": 60}');
      }
      // the clock counts whole milliseconds
      const ms = Math.round(seconds * 1000);
      if (engine.clock.now() + ms > MAX_DATE_MS) {
        throw new LocalError(400, `seconds: ${seconds} would move the clock past the last date JavaScript can represent`);
      }
      const now = await engine.clock.advance(ms, engine.store);
      return { now, mode: engine.clock.mode };
    },
  },
  {
    method: 'POST',
    pattern: /^\/_local\/reset$/,
    run: async (engine) => {
      await engine.reset();
      return { status: 'reset' };
    },
  },
  // Named by the contract; they act on contacts, which arrive with the chat and routing work.
  {
    method: 'POST',
    pattern: /^\/_local\/instances\/([^/]+)\/agents\/([^/]+)\/accept$/,
    run: async () => {
      throw new LocalError(501, 'accepting contacts as an agent is not implemented yet (it comes with routing)');
    },
  },
  {
    method: 'GET',
    pattern: /^\/_local\/instances\/([^/]+)\/contacts\/([^/]+)\/participants$/,
    run: async () => {
      throw new LocalError(501, 'chat participants are not implemented yet (they come with chat)');
    },
  },
];

const MAX_LOCAL_BODY = 64 * 1024;
/** new Date(x) is valid up to here (ECMAScript's time range) */
const MAX_DATE_MS = 8.64e15;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_LOCAL_BODY) throw new LocalError(413, `the body exceeds ${MAX_LOCAL_BODY} bytes`);
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new LocalError(400, `the body is not valid JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new LocalError(400, 'the body must be a JSON object');
  return v as Record<string, unknown>;
}

export async function handleLocal(engine: Engine, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  let status = 200;
  let payload: unknown;
  try {
    const candidates = routes.filter((r) => r.pattern.test(path));
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      req.resume();
      throw candidates.length
        ? new LocalError(405, `${req.method} is not allowed on ${path}; use ${candidates.map((r) => r.method).join(' or ')}`)
        : new LocalError(404, `no control-plane route ${path}; see the README for /_local/`);
    }
    const params = route.pattern.exec(path)!.slice(1);
    payload = await route.run(engine, await readJson(req), params);
  } catch (e) {
    if (!(e instanceof LocalError)) console.error('connect-local: /_local failed:', e);
    status = e instanceof LocalError ? e.status : 500;
    payload = { message: e instanceof Error ? e.message : String(e) };
  }
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'access-control-allow-origin': '*' });
  res.end(body);
}
