// Writes src/generated/ from the botocore models in ../shared/models (or the folder given as
// the first argument / CONNECT_LOCAL_MODELS): per service a table of operations and shapes
// (facts only, no documentation) and the TypeScript types of every shape.
//
//   npm run gen:model [-- MODELS_DIR]
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  MemberModel,
  OperationModel,
  PaginatorModel,
  ServiceModel,
  ServiceName,
  ShapeModel,
} from '../src/protocol/model.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const defaultModelsDir = resolve(projectRoot, '../shared/models');
export const generatedDir = join(projectRoot, 'src/generated');

const SERVICES: ServiceName[] = ['connect', 'connectparticipant'];

/** botocore keeps one folder per API version (a date): the newest is the last in order. */
function newestVersionDir(modelsDir: string, service: ServiceName): string {
  const root = join(modelsDir, 'botocore', service);
  const versions = readdirSync(root).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v)).sort();
  if (!versions.length) throw new Error(`gen-model: no API version folder under ${root}`);
  return join(root, versions[versions.length - 1]);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/**
 * The models write patterns for Java's engine, a few of them escaped twice or wrapped in
 * slashes. Returns an ECMAScript equivalent, or undefined when none can be had.
 */
export function toEcmaRegex(pattern: string): { source: string; flags: string } | undefined {
  let p = pattern;
  if (p.length > 2 && p.startsWith('/') && p.endsWith('/')) p = p.slice(1, -1);
  // `\\S`, `\\P{C}`: a second backslash that the model's authors did not mean.
  p = p.replace(/\\\\(?=[pPsSdDwW.+\-])/g, '\\');
  const candidates = [p, p.replace(/\\([_$])/g, '$1')];
  for (const flags of ['u', '']) {
    for (const source of candidates) {
      try {
        new RegExp(source, flags);
        return { source, flags };
      } catch {
        /* try the next spelling */
      }
    }
  }
  return undefined;
}

const SUPPORTED_LOCATIONS = new Set(['uri', 'querystring', 'header']);

function bound(v: unknown): number | bigint | undefined {
  if (typeof v !== 'number') return undefined;
  return Number.isSafeInteger(v) || !Number.isInteger(v) ? v : BigInt(Math.round(v));
}

function compactShape(name: string, s: Json, exactBounds: Map<string, { min?: string; max?: string }>): ShapeModel {
  switch (s.type) {
    case 'structure': {
      // Neither model binds a whole payload or prefixed headers; a model that starts to must
      // fail here rather than be bound wrongly.
      if (s.payload) throw new Error(`gen-model: ${name} binds member ${s.payload} as the payload, which protocol/ does not support yet`);
      const members: Record<string, MemberModel> = {};
      for (const [m, def] of Object.entries<Json>(s.members ?? {})) {
        const mm: MemberModel = { target: def.shape };
        if (def.location && !SUPPORTED_LOCATIONS.has(def.location)) {
          throw new Error(`gen-model: ${name}.${m} is bound to ${def.location}, which protocol/ does not support yet`);
        }
        if (def.location) {
          mm.location = def.location;
          mm.name = def.locationName ?? m;
        }
        if (def.idempotencyToken) mm.idempotencyToken = true;
        members[m] = mm;
      }
      const out: ShapeModel = { type: 'structure', members };
      if (s.required?.length) out.required = [...s.required];
      if (s.union) out.union = true;
      if (s.exception) out.error = s.error?.httpStatusCode ?? (s.fault ? 500 : 400);
      return out;
    }
    case 'list':
      return clean({ type: 'list', member: s.member.shape, min: s.min, max: s.max });
    case 'map':
      return clean({ type: 'map', key: s.key.shape, value: s.value.shape, min: s.min, max: s.max });
    case 'string': {
      const regex = s.pattern !== undefined ? toEcmaRegex(s.pattern) : undefined;
      if (s.pattern !== undefined && !regex) process.stderr.write(`gen-model: pattern of ${name} has no ECMAScript form; not checked\n`);
      return clean({ type: 'string', min: s.min, max: s.max, enum: s.enum, pattern: s.pattern, regex, sensitive: s.sensitive || undefined });
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      // JSON.parse rounds 2^63-1 to a double: take the exact digits from the source text.
      const exact = exactBounds.get(name);
      const min = exact?.min !== undefined && s.type === 'long' ? exactInt(exact.min) : bound(s.min);
      const max = exact?.max !== undefined && s.type === 'long' ? exactInt(exact.max) : bound(s.max);
      return clean({ type: s.type, min, max });
    }
    case 'boolean':
      return { type: 'boolean' };
    case 'blob':
      return clean({ type: 'blob', min: s.min, max: s.max });
    case 'timestamp':
      return clean({ type: 'timestamp', format: s.timestampFormat });
    default:
      throw new Error(`gen-model: shape ${name} has unknown type ${s.type}`);
  }
}

function exactInt(digits: string): number | bigint {
  const n = BigInt(digits);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** Bounds of integer shapes exactly as written in the JSON text. */
function readExactBounds(text: string): Map<string, { min?: string; max?: string }> {
  const out = new Map<string, { min?: string; max?: string }>();
  const re = /"([A-Za-z0-9_]+)":\{"type":"(?:long|integer)"((?:,"(?:min|max|box)":(?:-?\d+(?:\.\d+)?|true))*)/g;
  const flat = text.replace(/\s+/g, '');
  for (const m of flat.matchAll(re)) {
    const entry: { min?: string; max?: string } = {};
    for (const b of m[2].matchAll(/"(min|max)":(-?\d+)(?![.\d])/g)) entry[b[1] as 'min' | 'max'] = b[2];
    out.set(m[1], entry);
  }
  return out;
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function buildServiceModel(service: ServiceName, serviceJsonText: string, paginatorsText: string): ServiceModel {
  const raw = JSON.parse(serviceJsonText);
  const pag = JSON.parse(paginatorsText).pagination ?? {};
  const exact = readExactBounds(serviceJsonText);
  const shapes: Record<string, ShapeModel> = {};
  for (const name of Object.keys(raw.shapes).sort()) shapes[name] = compactShape(name, raw.shapes[name], exact);
  const operations: Record<string, OperationModel> = {};
  for (const name of Object.keys(raw.operations).sort()) {
    const o = raw.operations[name];
    const op: OperationModel = {
      method: o.http.method,
      uri: o.http.requestUri,
      input: o.input?.shape,
      output: o.output?.shape,
      errors: (o.errors ?? []).map((e: Json) => e.shape),
    };
    const input = o.input ? raw.shapes[o.input.shape] : undefined;
    for (const [m, def] of Object.entries<Json>(input?.members ?? {})) if (def.idempotencyToken) op.idempotencyToken = m;
    const p = pag[name];
    if (p) {
      const paginator: PaginatorModel = {
        inputToken: p.input_token,
        outputToken: p.output_token,
        resultKey: Array.isArray(p.result_key) ? p.result_key : [p.result_key],
      };
      if (p.limit_key) paginator.limitKey = p.limit_key;
      op.paginator = paginator;
    }
    operations[name] = clean(op);
  }
  return {
    service,
    apiVersion: raw.metadata.apiVersion,
    signingName: raw.metadata.signingName,
    operations,
    shapes,
  };
}

// ---- TypeScript types --------------------------------------------------------------

const RESERVED = new Set([
  'Date', 'String', 'Number', 'Boolean', 'Object', 'Array', 'Record', 'Map', 'Set', 'Promise', 'Error',
  'Symbol', 'Function', 'Partial', 'Uint8Array', 'BigInt', 'JSON', 'Math', 'RegExp', 'Required',
]);

export function typeName(shape: string): string {
  return RESERVED.has(shape) ? `${shape}Shape` : shape;
}

function tsType(model: ServiceModel, name: string): string {
  const s = model.shapes[name];
  switch (s.type) {
    case 'string':
      return s.enum ? s.enum.map((e) => JSON.stringify(e)).join(' | ') : 'string';
    case 'integer':
    case 'double':
    case 'float':
      return 'number';
    case 'long':
      // a long that may exceed 2^53 arrives as a bigint when it does (protocol/json.ts keeps it exact)
      return typeof s.max === 'bigint' || typeof s.min === 'bigint' ? 'number | bigint' : 'number';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return 'Date';
    case 'blob':
      return 'Uint8Array';
    case 'list':
      return `${typeName(s.member)}[]`;
    case 'map': {
      const key = model.shapes[s.key];
      const k = key.type === 'string' && key.enum ? typeName(s.key) : 'string';
      return `Partial<Record<${k}, ${typeName(s.value)}>>`;
    }
    case 'structure':
      throw new Error('structures are interfaces');
  }
}

export function renderTypes(model: ServiceModel): string {
  const lines: string[] = [
    '// Generated by scripts/gen-model.ts from the botocore model. Do not edit.',
    '/* eslint-disable */',
    '',
  ];
  for (const name of Object.keys(model.shapes)) {
    const s = model.shapes[name];
    if (s.type === 'structure') {
      const req = new Set(s.required ?? []);
      lines.push(`export interface ${typeName(name)} {`);
      for (const [m, mm] of Object.entries(s.members)) {
        lines.push(`  ${JSON.stringify(m)}${req.has(m) ? '' : '?'}: ${typeName(mm.target)};`);
      }
      lines.push('}');
    } else {
      lines.push(`export type ${typeName(name)} = ${tsType(model, name)};`);
    }
  }
  lines.push('', `export interface Operations {`);
  for (const [op, o] of Object.entries(model.operations)) {
    const input = o.input ? typeName(o.input) : 'Record<string, never>';
    const output = o.output ? typeName(o.output) : 'Record<string, never>';
    lines.push(`  ${op}: { input: ${input}; output: ${output} };`);
  }
  lines.push('}', `export type OperationName = keyof Operations;`, '');
  return lines.join('\n');
}

function renderModel(model: ServiceModel, constName: string): string {
  const lines = [
    '// Generated by scripts/gen-model.ts from the botocore model. Do not edit.',
    "import type { ServiceModel } from '../protocol/model.js';",
    '',
    `export const ${constName}: ServiceModel = {`,
    `  service: ${JSON.stringify(model.service)},`,
    `  apiVersion: ${JSON.stringify(model.apiVersion)},`,
    `  signingName: ${JSON.stringify(model.signingName)},`,
    '  operations: {',
    ...Object.entries(model.operations).map(([k, v]) => `    ${k}: ${literal(v)},`),
    '  },',
    '  shapes: {',
    ...Object.entries(model.shapes).map(([k, v]) => `    ${JSON.stringify(k)}: ${literal(v)},`),
    '  },',
    '};',
    '',
  ];
  return lines.join('\n');
}

/** JSON, except that bigints become bigint literals. */
function literal(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `__BIGINT__${x}` : x)).replace(
    /"__BIGINT__(-?\d+)"/g,
    '$1n',
  );
}

/** Every file of src/generated/, by name. */
export function generate(modelsDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const index: string[] = ['// Generated by scripts/gen-model.ts. Do not edit.'];
  for (const service of SERVICES) {
    const dir = newestVersionDir(modelsDir, service);
    const model = buildServiceModel(
      service,
      readFileSync(join(dir, 'service-2.json'), 'utf8'),
      readFileSync(join(dir, 'paginators-1.json'), 'utf8'),
    );
    const constName = `${service}Model`;
    files.set(`${service}.model.ts`, renderModel(model, constName));
    files.set(`${service}.types.ts`, renderTypes(model));
    index.push(`export { ${constName} } from './${service}.model.js';`);
  }
  files.set('index.ts', index.join('\n') + '\n');
  return files;
}

function main(): void {
  const modelsDir = resolve(process.argv[2] ?? process.env.CONNECT_LOCAL_MODELS ?? defaultModelsDir);
  if (!existsSync(modelsDir)) {
    process.stderr.write(`gen-model: no models at ${modelsDir}; src/generated/ stays as committed\n`);
    process.exit(1);
  }
  mkdirSync(generatedDir, { recursive: true });
  for (const [file, text] of generate(modelsDir)) writeFileSync(join(generatedDir, file), text);
  process.stdout.write(`gen-model: wrote src/generated/ from ${modelsDir}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
