// restJson1 over node:http: route, read the body, bind and validate, run the handler in one
// store transaction (with the idempotency-token replay every modelled token gets), serialize
// the output or the error the way AWS does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hash, randomUUID } from 'node:crypto';
import type { Engine } from '../engine/engine.js';
import type { Handler, RequestContext } from '../services/handler.js';
import { BadRequest, ServiceError, notImplemented, unknownOperation } from './errors.js';
import type { ServiceName } from './model.js';
import { bindInput, type CompiledApi, type CompiledOperation } from './operations.js';
import { parseJson, stringifyJson } from './json.js';
import { splitPath } from './router.js';
import { problemsMessage } from './shapes.js';
import { credentialScope, partitionOf } from './sigv4.js';

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** how long a ClientToken is remembered: AWS does not document Connect's window; 8 hours covers any retry */
export const IDEMPOTENCY_WINDOW_MS = 8 * 60 * 60 * 1000;

export type HandlerRegistry = Map<ServiceName, Record<string, Handler<never, unknown> | undefined>>;

interface Rendered {
  status: number;
  code?: string;
  body: string;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, DELETE, PATCH, OPTIONS',
  'access-control-allow-headers':
    'authorization, content-type, x-amz-bearer, x-amz-date, x-amz-security-token, x-amz-content-sha256, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request, x-amz-client-token',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amz-apigw-id',
  'access-control-max-age': '86400',
};

export class AwsDispatcher {
  constructor(
    private readonly api: CompiledApi,
    private readonly handlers: HandlerRegistry,
    private readonly engine: Engine,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
    const requestId = randomUUID();
    if (req.method === 'OPTIONS') {
      res.writeHead(200, { ...CORS_HEADERS, 'x-amzn-RequestId': requestId }).end();
      return;
    }
    const segments = splitPath(path);
    const found = this.api.router.match(req.method ?? 'GET', segments);
    if (!found) {
      req.resume();
      const allowed = this.api.router.methodsFor(segments).sort();
      const err = allowed.length
        ? new ServiceError('UnknownOperationException', `${req.method} is not allowed on ${path}; use ${allowed.join(' or ')}`, {}, 405)
        : unknownOperation(req.method ?? '', path);
      this.send(res, requestId, this.render(err, undefined));
      return;
    }
    const op = found.route.value;
    readBody(req, MAX_BODY_BYTES).then(
      (body) => this.run(op, req, found.values, query, body, requestId).then((r) => this.send(res, requestId, r)),
      (err: BadRequest) => this.send(res, requestId, this.render(err, op)), // readBody rejects with BadRequest only
    );
  }

  private send(res: ServerResponse, requestId: string, r: Rendered): void {
    // one flat list: node's fastest way to write headers
    const headers = [
      'content-type', 'application/json',
      'content-length', String(Buffer.byteLength(r.body)),
      'x-amzn-RequestId', requestId,
      'access-control-allow-origin', '*',
      'access-control-expose-headers', CORS_HEADERS['access-control-expose-headers'],
    ];
    if (r.code) headers.push('x-amzn-ErrorType', r.code);
    res.writeHead(r.status, headers).end(r.body);
  }

  private async run(
    op: CompiledOperation,
    req: IncomingMessage,
    labels: string[],
    query: URLSearchParams,
    bodyBytes: Buffer,
    requestId: string,
  ): Promise<Rendered> {
    try {
      const body = parseJsonBody(req, bodyBytes);
      const { input, problems } = bindInput(op, { labels, query, headers: req.headers, body });
      if (problems.length) throw new BadRequest(problemsMessage(problems), 'constraint');
      const handler = this.handlers.get(op.service)?.[op.name];
      if (!handler) throw notImplemented(op.service, op.name);
      const scope = credentialScope(req.headers, query);
      if (typeof scope === 'string' && op.service === 'connect') throw new ServiceError('IncompleteSignatureException', scope, {}, 403);
      // The participant service authorises by X-Amz-Bearer alone: its signature is never a reason to refuse.
      const partition = partitionOf(typeof scope === 'string' ? undefined : scope);
      const body200 = await this.engine.run(async (work) => {
        const ctx: RequestContext = {
          ...partition,
          service: op.service,
          operation: op.name,
          requestId,
          defaultPageSize: op.defaultPageSize,
          now: work.now,
          tx: work.tx,
          work,
          engine: this.engine,
        };
        return idempotent(op, input as Record<string, unknown>, ctx, async () =>
          stringifyJson(op.writeOutput((await handler(input as never, ctx)) ?? {}) ?? {}),
        );
      });
      return { status: 200, body: body200 };
    } catch (e) {
      return this.render(e, op);
    }
  }

  private render(e: unknown, op: CompiledOperation | undefined): Rendered {
    const service = this.api.services.get(op?.service ?? 'connect')!;
    let code: string;
    let message: string;
    let fields: Record<string, unknown> = {};
    let status: number | undefined;
    if (e instanceof ServiceError) {
      code = e.code;
      message = e.message;
      fields = e.fields;
      status = e.status;
    } else if (e instanceof BadRequest) {
      code = op ? (e.kind === 'constraint' ? op.constraintError : op.semanticError) : 'InvalidRequestException';
      message = e.message;
    } else {
      code = service.internalError;
      message = 'The emulator failed while serving this request; this is a bug in connect-local';
      console.error(`connect-local: ${op?.name ?? 'request'} failed:`, e);
    }
    return {
      status: status ?? service.errorStatus.get(code) ?? 400,
      code,
      body: JSON.stringify({ Message: message, ...fields }),
    };
  }
}

/**
 * The whole HTTP answer to bytes that node's parser refused (unknown method, broken framing,
 * oversized headers): no operation is known, so the generic 400 of Connect is used.
 */
export function malformedHttpAnswer(err: NodeJS.ErrnoException): string {
  const body = JSON.stringify({ Message: `The request is not valid HTTP/1.1 (${err.code ?? err.message})` });
  return [
    'HTTP/1.1 400 Bad Request',
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    'x-amzn-ErrorType: InvalidRequestException',
    `x-amzn-RequestId: ${randomUUID()}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Past this many bytes a body is not even drained: the connection is cut. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

/**
 * The request body, failing as a bad request past `limit` bytes. An oversized body is still read to
 * its end (and dropped) so that the client, which is busy sending, gets to read the answer.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers['content-length'] ?? 0);
    let tooLarge = declared > limit;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(c);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on('end', () => {
      if (tooLarge) {
        reject(new BadRequest(`The request body of ${Math.max(size, declared)} bytes exceeds the limit of ${limit} bytes`, 'constraint'));
      } else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    // A client that hangs up mid-body ('error' with "aborted", then 'close'): the request
    // settles as a bad one, though nobody is left to read the answer.
    const cutOff = () => reject(new BadRequest('The request body was cut off before its end', 'constraint'));
    req.on('error', cutOff);
    req.on('close', () => {
      if (!req.complete) cutOff();
    });
  });
}

function parseJsonBody(req: IncomingMessage, bytes: Buffer): Record<string, unknown> {
  if (bytes.length === 0) return {};
  const type = req.headers['content-type'];
  if (type && !/json/i.test(type)) {
    throw new BadRequest(`Content-Type ${type} is not accepted; send the body as application/json`, 'constraint');
  }
  let value: unknown;
  try {
    value = parseJson(bytes.toString('utf8'));
  } catch (e) {
    throw new BadRequest(`The request body is not valid JSON: ${(e as Error).message}`, 'constraint');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest('The request body must be a JSON object', 'constraint');
  }
  // a body shorter than this cannot nest deeper than the limit: no need to walk it
  if (bytes.length > 2 * MAX_JSON_DEPTH && nestedDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new BadRequest(`The request body nests objects and lists deeper than ${MAX_JSON_DEPTH} levels`, 'constraint');
  }
  return value as Record<string, unknown>;
}

/** Far deeper than any input of the models needs; validation recurses once per level. */
export const MAX_JSON_DEPTH = 64;

/** Walks the value without recursion, so that a hostile body cannot exhaust the stack. */
function nestedDeeperThan(root: object, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Object.values(v as object)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Runs `answer` once per ClientToken: a request that repeats the token and input of one in
 * the window gets the first answer again, with other input it is refused. Operations without
 * a modelled token, or calls without one, just run.
 */
async function idempotent(
  op: CompiledOperation,
  input: Record<string, unknown>,
  ctx: RequestContext,
  answer: () => Promise<string>,
): Promise<string> {
  const token = op.model.idempotencyToken;
  const value = token ? (input[token] as string | undefined) : undefined;
  if (!token || !value) return answer();
  const fingerprint = fingerprintOf(input, token);
  // The participant service: a token counts per connection, and only an exact repeat is a
  // retry (chatjs sends every read receipt with the same literal ClientToken).
  const key = op.service === 'connectparticipant' ? `${value}\n${fingerprint}` : value;
  const seen = await ctx.tx.getIdempotency(ctx, op.name, key);
  if (seen && seen.createdAt > ctx.now - IDEMPOTENCY_WINDOW_MS) {
    if (seen.fingerprint === fingerprint) return seen.response;
    const message = `${token} ${value} was already used for a different ${op.name} request`;
    // the dedicated error where the operation declares it, else its plain 400
    throw op.model.errors.includes('IdempotencyException') ? new ServiceError('IdempotencyException', message) : new BadRequest(message);
  }
  const response = await answer();
  await ctx.tx.putIdempotency(ctx, op.name, key, { fingerprint, response, createdAt: ctx.now });
  return response;
}

/** A request's identity for idempotency: its input without the token itself. */
function fingerprintOf(input: Record<string, unknown>, token: string): string {
  return hash('sha256', stableJson(input, token), 'base64url');
}

/** JSON with sorted keys (and without the key `omit` at the top). */
function stableJson(v: unknown, omit?: string): string {
  if (Array.isArray(v)) return `[${v.map((x) => stableJson(x)).join(',')}]`;
  if (v instanceof Date) return String(v.getTime());
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => k !== omit)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
}
