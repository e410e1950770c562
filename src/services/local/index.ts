// The emulator's own control plane under /_local/: plain JSON, no signature. Not AWS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listParticipants } from '../../engine/chat.js';
import { getInstance } from '../../engine/instances.js';
import { acceptOffer, declineOffer } from '../../engine/offers.js';
import { getContact } from '../../engine/contacts.js';
import { armedTimers } from '../../engine/participant-timers.js';
import { readFlowLog } from '../../engine/flow-logs.js';
import type { Engine } from '../../engine/engine.js';
import { BadRequest, ServiceError } from '../../protocol/errors.js';
import { credentialScope, partitionOf } from '../../protocol/sigv4.js';
import type { Partition } from '../../store/store.js';
import { VERSION } from '../../version.js';

class LocalError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `partition` is the account and region a route acts in: the request's signature says it like
 * an AWS call's, or `?account=&region=` does; unsigned, the default account in us-east-1.
 */
type LocalRoute = (engine: Engine, body: Record<string, unknown>, params: string[], partition: Partition) => Promise<unknown>;

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
      const now = await engine.advance(ms);
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
  // what an agent does in its contact control panel: take or decline the contact offered
  {
    method: 'POST',
    pattern: /^\/_local\/instances\/([^/]+)\/agents\/([^/]+)\/(accept|reject)$/,
    run: async (engine, body, [instance, userId, action], partition) => {
      if (typeof body.ContactId !== 'string' || !body.ContactId) throw new LocalError(400, 'ContactId: give the offered contact, e.g. {"ContactId": "..."}');
      const contactId = body.ContactId;
      await engine.run(async (w) => {
        const { id } = await getInstance(w.tx, partition, decodeURIComponent(instance));
        const user = decodeURIComponent(userId);
        if (action === 'accept') await acceptOffer(w, partition, id, user, contactId);
        else await declineOffer(w, partition, id, user, contactId, 'REJECTED');
      });
      return { ContactId: contactId, status: action === 'accept' ? 'accepted' : 'rejected' };
    },
  },
  {
    method: 'GET',
    pattern: /^\/_local\/instances\/([^/]+)\/contacts\/([^/]+)\/timers$/,
    run: async (engine, _body, [instance, contactId], partition) =>
      engine.run(async (w) => {
        const { id } = await getInstance(w.tx, partition, decodeURIComponent(instance));
        const contact = await getContact(w, partition, id, decodeURIComponent(contactId));
        const timers = contact.data.Chat?.Timers;
        return { Stored: timers?.Stored ?? {}, Active: timers?.Active ?? {}, Armed: contact.data.Chat ? armedTimers(contact.data.Chat) : [] };
      }),
  },
  {
    method: 'GET',
    pattern: /^\/_local\/instances\/([^/]+)\/contacts\/([^/]+)\/flow-logs$/,
    run: async (engine, _body, [instance, contactId], partition) =>
      engine.run(async (w) => {
        const { id } = await getInstance(w.tx, partition, decodeURIComponent(instance));
        const contact = await getContact(w, partition, id, decodeURIComponent(contactId));
        return { FlowLogs: await readFlowLog(w, partition, contact.id) };
      }),
  },
  {
    method: 'GET',
    pattern: /^\/_local\/instances\/([^/]+)\/contacts\/([^/]+)\/participants$/,
    run: async (engine, _body, [instanceId, contactId], partition) => ({
      Participants: await engine.run((w) => listParticipants(w, partition, decodeURIComponent(instanceId), decodeURIComponent(contactId))),
    }),
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

function localPartition(req: IncomingMessage): Partition {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const scope = credentialScope(req.headers, query);
  const p = partitionOf(typeof scope === 'string' ? undefined : scope);
  return { account: query.get('account') ?? p.account, region: query.get('region') ?? p.region };
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
    payload = await route.run(engine, await readJson(req), params, localPartition(req));
  } catch (e) {
    const known = e instanceof LocalError || e instanceof ServiceError || e instanceof BadRequest;
    if (!known) console.error('connect-local: /_local failed:', e);
    status = e instanceof LocalError ? e.status : e instanceof ServiceError && e.code === 'ResourceNotFoundException' ? 404 : known ? 400 : 500;
    payload = { message: e instanceof Error ? e.message : String(e) };
  }
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'access-control-allow-origin': '*' });
  res.end(body);
}
