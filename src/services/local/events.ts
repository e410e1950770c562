// GET /_local/events: the contact events as server-sent events, each the EventBridge envelope
// of spec/events.md under its position in the event log. A Last-Event-ID (header, or
// ?lastEventId=) replays what was logged after it, then the stream goes on live: listening
// starts before the replay and what arrives meanwhile waits, so nothing falls in between and
// nothing comes twice.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTACT_EVENT_TYPES, EVENTS_PARTITION, EVENTS_STREAM, type ContactEvent, type ContactEventType, type LoggedContactEvent } from '../../engine/contact-events.js';
import type { Engine } from '../../engine/engine.js';

export const EVENTS_PATH = '/_local/events';
const KEEP_ALIVE_MS = 15_000;
const PAGE = 200;

interface Filter {
  accounts?: Set<string>;
  regions?: Set<string>;
  instances?: Set<string>;
  contacts?: Set<string>;
  types?: Set<string>;
}

/** `a,b` (and repeated parameters) as a set; an ARN counts by its last part. */
function listParam(q: URLSearchParams, name: string): Set<string> | undefined {
  const values = q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => v.slice(v.lastIndexOf('/') + 1));
  return values.length ? new Set(values) : undefined;
}

const matches = (f: Filter, instanceId: string, e: ContactEvent): boolean =>
  (!f.accounts || f.accounts.has(e.account)) &&
  (!f.regions || f.regions.has(e.region)) &&
  (!f.instances || f.instances.has(instanceId)) && (!f.contacts || f.contacts.has(e.detail.contactId)) && (!f.types || f.types.has(e.detail.eventType));

function fail(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'access-control-allow-origin': '*' });
  res.end(body);
}

export async function handleEvents(engine: Engine, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  if (req.method !== 'GET') return fail(res, 405, `${req.method} ${EVENTS_PATH} is not a route of the local control plane: use GET`);
  const filter: Filter = { accounts: listParam(query, 'account'), regions: listParam(query, 'region'), instances: listParam(query, 'instance'), contacts: listParam(query, 'contact'), types: listParam(query, 'type') };
  for (const t of filter.types ?? []) {
    if (!CONTACT_EVENT_TYPES.includes(t as ContactEventType)) return fail(res, 400, `type: ${t} is not one of ${CONTACT_EVENT_TYPES.join(', ')}`);
  }
  const header = req.headers['last-event-id'];
  const resumeText = (Array.isArray(header) ? header[0] : header) ?? query.get('lastEventId') ?? undefined;
  if (resumeText !== undefined && !/^\d+$/.test(resumeText.trim())) return fail(res, 400, `Last-Event-ID: ${resumeText} is not an event id of this stream`);
  const resume = resumeText === undefined ? undefined : Number(resumeText.trim());

  let sent = resume ?? 0;
  let closed = false;
  /** events heard while the replay runs */
  let waiting: LoggedContactEvent[] | undefined = resume === undefined ? undefined : [];
  const send = (l: LoggedContactEvent): void => {
    if (closed || l.position <= sent) return;
    sent = l.position;
    if (matches(filter, l.instanceId, l.event)) res.write(`id: ${l.position}\nevent: contact\ndata: ${JSON.stringify(l.event)}\n\n`);
  };
  // listening starts first: what commits from here on is heard, or found by the replay
  const unsubscribe = engine.bus.subscribe((e) => {
    if (e.type !== 'contact') return;
    for (const l of e.logged) {
      if (waiting) waiting.push(l);
      else send(l);
    }
  });
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'access-control-allow-origin': '*',
  });
  res.write(': connect-local contact events\n\n');

  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  const close = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(keepAlive);
  };
  // the response closes when the client goes away (the request's own close comes as soon as it was read)
  res.on('close', close);
  res.on('error', close);

  if (waiting) {
    try {
      for (;;) {
        const page = await engine.store.transaction((tx) =>
          tx.readLog<ContactEvent>(EVENTS_PARTITION, { stream: EVENTS_STREAM, direction: 'forward', after: sent, limit: PAGE }),
        );
        for (const entry of page) send({ position: entry.seq, instanceId: instanceOf(entry.data), event: entry.data });
        if (page.length < PAGE || closed) break;
      }
    } catch (e) {
      console.error('connect-local: replaying contact events failed:', e);
      close();
      res.end();
      return;
    }
    const heard = waiting;
    waiting = undefined;
    heard.forEach(send);
  }
}

/** The instance id of a logged event (the last part of its instance ARN). */
const instanceOf = (e: ContactEvent): string => e.detail.instanceArn.slice(e.detail.instanceArn.lastIndexOf('/') + 1);
