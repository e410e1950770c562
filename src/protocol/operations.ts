// Compiles both service models into one table, once at start-up: a router over every
// operation's method and URI template, and for each operation a binder that turns labels,
// query, headers and JSON body into a validated input, and a writer for its output.
import type { IncomingHttpHeaders } from 'node:http';
import type { MemberModel, OperationModel, ServiceModel, ServiceName } from './model.js';
import { Router, templateLabels } from './router.js';
import { ShapeCompiler, type Problem, type Reader, type Writer } from './shapes.js';

interface Binding {
  member: string;
  key: string;
  read: (raw: string[]) => unknown;
}

export interface CompiledOperation {
  service: ServiceName;
  name: string;
  model: OperationModel;
  labels: Binding[];
  query: Binding[];
  headers: Binding[];
  /** members that travel in the JSON body */
  bodyMembers: string[];
  readInput: Reader;
  writeOutput: Writer;
  /** error name for a model-constraint violation, and for a semantically invalid request */
  constraintError: string;
  semanticError: string;
  /** page size of a list operation called without MaxResults: the model's maximum, at most 100 */
  defaultPageSize: number;
}

const DEFAULT_PAGE_SIZE = 100;

export interface CompiledService {
  model: ServiceModel;
  /** HTTP status of every error shape of the service */
  errorStatus: Map<string, number>;
  internalError: string;
}

export interface CompiledApi {
  router: Router<CompiledOperation>;
  services: Map<ServiceName, CompiledService>;
  operations: CompiledOperation[];
}

/** Strings from the URI, query or headers, converted to what the member's shape reads. */
function stringConverter(model: ServiceModel, target: string): (raw: string[]) => unknown {
  const s = model.shapes[target];
  const one = (v: string): unknown => {
    switch (model.shapes[s.type === 'list' ? s.member : target].type) {
      case 'integer':
      case 'long': {
        if (!/^-?\d+$/.test(v)) return v; // the reader reports it
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : BigInt(v);
      }
      case 'double':
      case 'float':
        return v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
      case 'boolean':
        return v === 'true' ? true : v === 'false' ? false : v;
      default:
        return v;
    }
  };
  return s.type === 'list' ? (raw) => raw.map(one) : (raw) => one(raw[0]);
}

function compileService(model: ServiceModel, shapes: ShapeCompiler): CompiledOperation[] {
  const ops: CompiledOperation[] = [];
  const participant = model.service === 'connectparticipant';
  for (const [name, op] of Object.entries(model.operations)) {
    const input = op.input ? model.shapes[op.input] : undefined;
    const members: [string, MemberModel][] = input?.type === 'structure' ? Object.entries(input.members) : [];
    const bind = (loc: MemberModel['location'], lower: boolean): Binding[] =>
      members
        .filter(([, mm]) => mm.location === loc)
        .map(([m, mm]) => ({
          member: m,
          key: lower ? mm.name!.toLowerCase() : mm.name!,
          read: stringConverter(model, mm.target),
        }));
    const declares = (e: string) => op.errors.includes(e);
    // Connect: InvalidParameterException for a broken constraint where the operation declares
    // it, else InvalidRequestException; the other way round for a semantic problem.
    const constraintError = participant
      ? 'ValidationException'
      : declares('InvalidParameterException') ? 'InvalidParameterException' : 'InvalidRequestException';
    const semanticError = participant
      ? 'ValidationException'
      : declares('InvalidRequestException') ? 'InvalidRequestException' : 'InvalidParameterException';
    const limit = op.paginator?.limitKey && input?.type === 'structure' ? input.members[op.paginator.limitKey] : undefined;
    const limitShape = limit ? model.shapes[limit.target] : undefined;
    const max = limitShape && 'max' in limitShape && typeof limitShape.max === 'number' ? limitShape.max : DEFAULT_PAGE_SIZE;
    // the router hands label values over in the order of the URI template
    const templateOrder = templateLabels(op.uri);
    const labels = bind('uri', false).sort((a, b) => templateOrder.indexOf(a.key) - templateOrder.indexOf(b.key));
    ops.push({
      service: model.service,
      name,
      model: op,
      labels,
      query: bind('querystring', false),
      headers: bind('header', true),
      bodyMembers: members.filter(([, mm]) => !mm.location).map(([m]) => m),
      readInput: op.input ? shapes.reader(op.input) : (v) => v,
      writeOutput: op.output ? shapes.writer(op.output) : () => ({}),
      constraintError,
      semanticError,
      defaultPageSize: Math.min(max, DEFAULT_PAGE_SIZE),
    });
  }
  return ops;
}

export function compileApi(models: ServiceModel[]): CompiledApi {
  const router = new Router<CompiledOperation>();
  const services = new Map<ServiceName, CompiledService>();
  const operations: CompiledOperation[] = [];
  for (const model of models) {
    const shapes = new ShapeCompiler(model);
    const errorStatus = new Map<string, number>();
    for (const [n, s] of Object.entries(model.shapes)) if (s.type === 'structure' && s.error) errorStatus.set(n, s.error);
    const internalError = errorStatus.has('InternalServiceException') ? 'InternalServiceException' : 'InternalServerException';
    services.set(model.service, { model, errorStatus, internalError });
    for (const op of compileService(model, shapes)) {
      router.add(op.model.method, op.model.uri, op);
      operations.push(op);
    }
  }
  return { router, services, operations };
}

export interface RawRequest {
  labels: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * The operation's input as the handler sees it, or the problems that make it invalid.
 * Labels arrive percent-encoded and are decoded once here.
 */
export function bindInput(op: CompiledOperation, req: RawRequest): { input?: unknown; problems: Problem[] } {
  const raw: Record<string, unknown> = {};
  for (const m of op.bodyMembers) if (req.body[m] !== undefined) raw[m] = req.body[m];
  const problems: Problem[] = [];
  op.labels.forEach((b, i) => {
    let v: string;
    try {
      v = decodeURIComponent(req.labels[i]);
    } catch {
      problems.push({ path: b.member, message: 'is not valid percent-encoded text' });
      return;
    }
    raw[b.member] = b.read([v]);
  });
  for (const b of op.query) {
    const values = req.query.getAll(b.key);
    if (values.length) raw[b.member] = b.read(values);
  }
  for (const b of op.headers) {
    const v = req.headers[b.key];
    if (v !== undefined) raw[b.member] = b.read(Array.isArray(v) ? v : [v]);
  }
  if (problems.length) return { problems };
  const input = op.readInput(raw, '', problems);
  return problems.length ? { problems } : { input, problems };
}
