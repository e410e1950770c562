// A model-driven fuzz test of the protocol layer: a few thousand malformed requests across
// every operation of both service models, sent to the real server (a child process). Every
// answer must be a well-formed AWS error (4xx, or 501 NotImplementedException), never a 5xx,
// a hang or a crash; constraint violations must carry the modelled 400 name.
//
// Deterministic: the requests come from a seeded PRNG. The seed is printed; rerun one with
// FUZZ_SEED=<n> (or FUZZ_SEED=random). FUZZ_COUNT=<n> changes how many requests are made;
// FUZZ_LOG=<file> writes every request and answer as JSON lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { connectModel, connectparticipantModel } from '../src/generated/index.js';
import type { MemberModel, OperationModel, ServiceModel, ShapeModel, StructureShape } from '../src/protocol/model.js';
import { connectClient, defaultInstanceId, startServer } from './support/server.js';

// ---------------------------------------------------------------------------------------
// PRNG

const SEED = (() => {
  const env = process.env.FUZZ_SEED;
  if (env === 'random') return (Date.now() ^ (process.pid << 16)) >>> 0;
  if (env && /^\d+$/.test(env)) return Number(env) >>> 0;
  return 20250607;
})();
const TARGET = Number(process.env.FUZZ_COUNT ?? 3000);
const CONCURRENCY = 8;
const TIMEOUT_MS = 10_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const chance = (p: number): boolean => rnd() < p;
const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
function weighted<T extends string>(table: Record<T, number>): T {
  const entries = Object.entries(table) as [T, number][];
  let r = rnd() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[0][0];
}
const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

// ---------------------------------------------------------------------------------------
// JSON with raw tokens (huge numbers, deep nesting) and own `__proto__` keys

class Raw {
  constructor(readonly text: string) {}
}
type Json = unknown;

function toJson(v: Json): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(toJson).join(',')}]`;
  if (typeof v === 'bigint') return v.toString();
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${toJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------
// The models

interface Op {
  service: ServiceModel['service'];
  name: string;
  model: ServiceModel;
  op: OperationModel;
  input?: StructureShape;
  labels: [string, MemberModel][];
  query: [string, MemberModel][];
  headers: [string, MemberModel][];
  body: [string, MemberModel][];
  required: Set<string>;
}

const MODELS = [connectModel, connectparticipantModel];
const OPS: Op[] = MODELS.flatMap((model) =>
  Object.entries(model.operations).map(([name, op]) => {
    const input = op.input ? (model.shapes[op.input] as StructureShape) : undefined;
    const members = Object.entries(input?.members ?? {});
    return {
      service: model.service,
      name,
      model,
      op,
      input,
      labels: members.filter(([, m]) => m.location === 'uri'),
      query: members.filter(([, m]) => m.location === 'querystring'),
      headers: members.filter(([, m]) => m.location === 'header'),
      body: members.filter(([, m]) => !m.location),
      required: new Set(input?.required ?? []),
    };
  }),
);

/** every literal path segment of every template: a label must not collide with one */
const LITERALS = new Set(
  MODELS.flatMap((m) => Object.values(m.operations).flatMap((o) => o.uri.split('?')[0].split('/'))).filter((s) => s && !s.startsWith('{')),
);

function children(model: ServiceModel, name: string): [string, string][] {
  const s = model.shapes[name];
  if (s.type === 'structure') return Object.entries(s.members).map(([m, mm]) => [`{"${m}":`, mm.target]);
  if (s.type === 'list') return [['[', s.member]];
  if (s.type === 'map') return [['{"k":', s.value]];
  return [];
}

/** for each recursive shape, the JSON openers of one cycle back to itself */
function recursiveCycles(model: ServiceModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const start of Object.keys(model.shapes)) {
    const seen = new Set<string>();
    const queue: [string, string[]][] = [[start, []]];
    search: while (queue.length) {
      const [n, path] = queue.shift()!;
      for (const [opener, child] of children(model, n)) {
        if (child === start) {
          out.set(start, [...path, opener]);
          break search;
        }
        if (!seen.has(child)) {
          seen.add(child);
          queue.push([child, [...path, opener]]);
        }
      }
    }
  }
  return out;
}
const CYCLES = new Map(MODELS.map((m) => [m.service, recursiveCycles(m)]));

function deepText(cycle: string[], levels: number): string {
  const open = cycle.join('');
  const close = cycle.map((o) => (o === '[' ? ']' : '}')).reverse().join('');
  return open.repeat(levels) + '{}' + close.repeat(levels);
}

/** JSON openers from an operation's body down to the first recursive shape it can hold */
function pathToRecursion(o: Op): { openers: string[]; shape: string } | undefined {
  const cycles = CYCLES.get(o.service)!;
  const seen = new Set<string>();
  const queue: [string, string[]][] = o.body.map(([m, mm]) => [mm.target, [`{"${m}":`]]);
  while (queue.length) {
    const [n, path] = queue.shift()!;
    if (cycles.has(n)) return { openers: path, shape: n };
    if (seen.has(n)) continue;
    seen.add(n);
    for (const [opener, child] of children(o.model, n)) queue.push([child, [...path, opener]]);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Valid values from shapes

const CANDIDATES = [
  'a', 'abc', 'Test1', 'test-name', 'x1', '1', '12', '123456', 'us-east-1', 'en_US', 'CONTACT_FLOW',
  'x@example.com', '+12065550100', 'https://example.com/x', 's3://bucket/key', 'd-1234567890',
  'arn:aws:connect:us-east-1:000000000000:instance/11111111-2222-4333-a444-555555555555',
  'arn:aws:iam::000000000000:role/x', 'arn:aws:lambda:us-east-1:000000000000:function:f',
  '2025-01-01T00:00:00Z', '2025-01-01', '12:30', 'Abcdefg1!', 'a.b', 'ab:cd', 'text/plain', 'key=value',
];

const regexCache = new Map<string, RegExp>();
function regexOf(s: Extract<ShapeModel, { type: 'string' }>): RegExp | undefined {
  if (!s.regex) return undefined;
  const k = `${s.regex.flags}/${s.regex.source}`;
  let r = regexCache.get(k);
  if (!r) regexCache.set(k, (r = new RegExp(s.regex.source, s.regex.flags)));
  return r;
}

function genString(s: Extract<ShapeModel, { type: 'string' }>): string {
  if (s.enum) return pick(s.enum);
  const min = s.min ?? 0;
  const max = s.max ?? 64;
  const re = regexOf(s);
  const fits = (v: string) => v.length >= min && v.length <= max && (!re || re.test(v));
  const ok = [uuid(), ...CANDIDATES].filter(fits);
  if (ok.length) return pick(ok);
  const padded = [...CANDIDATES, uuid()].map((c) => c.padEnd(min, '0')).filter(fits);
  if (padded.length) return pick(padded);
  return 'a'.repeat(Math.max(min, 1));
}

function num(b: number | bigint | undefined): number | undefined {
  return b === undefined ? undefined : Number(b);
}

function genValue(model: ServiceModel, name: string, depth = 0): Json {
  const s = model.shapes[name];
  switch (s.type) {
    case 'structure': {
      const o: Record<string, unknown> = {};
      const members = Object.entries(s.members);
      if (s.union) {
        const [m, mm] = pick(members);
        o[m] = genValue(model, mm.target, depth + 1);
        return o;
      }
      const req = new Set(s.required ?? []);
      const p = depth > 5 ? 0 : depth > 2 ? 0.15 : 0.5;
      for (const [m, mm] of members) {
        if (req.has(m) ? depth < 14 : chance(p)) o[m] = genValue(model, mm.target, depth + 1);
      }
      return o;
    }
    case 'list': {
      const min = s.min ?? 0;
      const n = depth > 5 ? min : int(min, Math.min(s.max ?? min + 2, min + 2));
      return Array.from({ length: n }, () => genValue(model, s.member, depth + 1));
    }
    case 'map': {
      const min = s.min ?? 0;
      const n = depth > 5 ? min : int(min, Math.min(s.max ?? min + 2, min + 2));
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        let k = String(genValue(model, s.key, depth + 1));
        if (k in o) k += String(i);
        o[k] = genValue(model, s.value, depth + 1);
      }
      return o;
    }
    case 'string':
      return genString(s);
    case 'integer':
    case 'long': {
      const lo = num(s.min) ?? 0;
      const hi = Math.min(num(s.max) ?? lo + 100, lo + 100);
      return int(lo, hi);
    }
    case 'double':
    case 'float': {
      const lo = num(s.min) ?? 0;
      const hi = Math.min(num(s.max) ?? lo + 100, lo + 100);
      return lo + rnd() * (hi - lo);
    }
    case 'boolean':
      return chance(0.5);
    case 'timestamp':
      return s.format === 'iso8601' ? '2025-01-01T00:00:00Z' : 1_735_689_600 + int(0, 1_000_000);
    case 'blob':
      return Buffer.from('hello'.repeat(Math.ceil((s.min ?? 0) / 5) || 1)).toString('base64');
  }
}

// ---------------------------------------------------------------------------------------
// Mutations of a body

interface Site {
  path: (string | number)[];
  shape: string;
  top: boolean;
}

function sitesOf(model: ServiceModel, value: Json, shape: string, path: (string | number)[], out: Site[], top: boolean): void {
  if (value instanceof Raw || value === null || value === undefined) return;
  out.push({ path, shape, top });
  const s = model.shapes[shape];
  if (s.type === 'structure' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [m, mm] of Object.entries(s.members)) {
      if (Object.prototype.hasOwnProperty.call(value, m)) sitesOf(model, (value as Record<string, unknown>)[m], mm.target, [...path, m], out, false);
    }
  } else if (s.type === 'list' && Array.isArray(value)) {
    value.forEach((v, i) => sitesOf(model, v, s.member, [...path, i], out, false));
  } else if (s.type === 'map' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const k of Object.keys(value)) sitesOf(model, (value as Record<string, unknown>)[k], s.value, [...path, k], out, false);
  }
}

function getAt(root: Json, path: (string | number)[]): Json {
  let v = root;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v;
}
function setAt(root: Record<string, unknown>, path: (string | number)[], value: Json): Record<string, unknown> {
  if (path.length === 0) return value as Record<string, unknown>;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
  return root;
}

type MutationName =
  | 'wrongType' | 'missingRequired' | 'outOfRange' | 'hugeNumber' | 'tooLong' | 'tooShort' | 'badEnum'
  | 'union' | 'null' | 'unknownKeys' | 'badPattern' | 'deep' | 'emojiLength';

interface Applied {
  name: MutationName;
  definite: boolean;
  where: string;
}

const WRONG: Record<ShapeModel['type'], Json[]> = {
  string: [123, true, {}, [], 1.5],
  integer: ['5', true, {}, [], 1.5],
  long: ['5', true, {}, [], 2.25],
  double: ['1.0', true, {}, []],
  float: ['1.0', true, {}, []],
  boolean: ['true', 1, 0, {}, []],
  timestamp: [true, {}, [], 'not-a-date'],
  blob: [123, true, {}, 'not base64!'],
  structure: ['str', 5, [], true],
  list: ['str', 5, {}, true],
  map: ['str', 5, [], true],
};

const UNKNOWN_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Unknown', 'x'.repeat(300), '', '💥', '__type', 'code', 'Message'];

/**
 * Applies one mutation at a random applicable site; returns what it did, or undefined when
 * none applies. `definite`: the result violates a model constraint for sure.
 */
function mutate(o: Op, body: { v: Record<string, unknown> }, name: MutationName): Applied | undefined {
  const model = o.model;
  const sites: Site[] = [];
  sitesOf(model, body.v, o.op.input!, [], sites, true);
  const shapeOf = (st: Site) => model.shapes[st.shape];
  const applicable = sites.filter((st) => {
    const s = shapeOf(st);
    switch (name) {
      case 'wrongType':
      case 'null':
      case 'hugeNumber':
        return !st.top && (name !== 'hugeNumber' || ['integer', 'long', 'double', 'float'].includes(s.type));
      case 'missingRequired':
        return s.type === 'structure' && (s.required ?? []).some((r) => Object.prototype.hasOwnProperty.call(getAt(body.v, st.path), r));
      case 'outOfRange':
        return ['integer', 'long', 'double', 'float'].includes(s.type) && ((s as { min?: unknown }).min !== undefined || (s as { max?: unknown }).max !== undefined);
      case 'tooLong':
        return (s.type === 'string' && s.max !== undefined && s.max <= 300_000) || ((s.type === 'list' || s.type === 'map') && s.max !== undefined && s.max <= 2000) || (s.type === 'blob' && s.max !== undefined && s.max <= 1_000_000);
      case 'emojiLength':
        return s.type === 'string' && !s.enum && s.max !== undefined && s.max <= 100_000;
      case 'tooShort':
        return (s.type === 'string' || s.type === 'list' || s.type === 'map') && (s.min ?? 0) > 0;
      case 'badEnum':
        return s.type === 'string' && !!s.enum;
      case 'union':
        return s.type === 'structure' && !!s.union;
      case 'unknownKeys':
        return s.type === 'structure';
      case 'badPattern':
        return s.type === 'string' && !!s.regex && !s.enum;
      case 'deep':
        return !st.top;
    }
  });
  if (!applicable.length) return undefined;
  const st = pick(applicable);
  const s = shapeOf(st);
  const where = st.path.join('.') || '(body)';
  const set = (v: Json) => (body.v = setAt(body.v, st.path, v));
  switch (name) {
    case 'wrongType':
      set(pick(WRONG[s.type]));
      return { name, definite: true, where };
    case 'null':
      set(null);
      return { name, definite: false, where };
    case 'missingRequired': {
      const obj = getAt(body.v, st.path) as Record<string, unknown>;
      const r = pick((s as StructureShape).required!.filter((k) => Object.prototype.hasOwnProperty.call(obj, k)));
      delete obj[r];
      return { name, definite: true, where: `${where}.${r}` };
    }
    case 'outOfRange': {
      const ns = s as { type: string; min?: number | bigint; max?: number | bigint };
      const below = ns.min !== undefined && (ns.max === undefined || chance(0.5));
      const b = below ? ns.min! : ns.max!;
      const isInt = ns.type === 'integer' || ns.type === 'long';
      const v = typeof b === 'bigint' ? (below ? b - 1n : b + 1n) : below ? b - (isInt ? 1 : 0.5) : b + (isInt ? 1 : 0.5);
      // a double bound beyond 2^53 cannot move by one: say it in text
      set(typeof v === 'number' && !Number.isSafeInteger(v) && isInt ? BigInt(b) + (below ? -1n : 1n) : v);
      return { name, definite: true, where };
    }
    case 'hugeNumber': {
      const isInt = s.type === 'integer' || s.type === 'long';
      const definite = isInt ? ['1e400', '-1e400', '123456789012345678901234567890', '0.5'] : ['1e400', '-1e400'];
      const loose = ['-0', '9007199254740993', '1e-400', '0.0000000000000000000001', '1E2'];
      const text = chance(0.7) ? pick(definite) : pick(loose);
      set(new Raw(text));
      return { name, definite: definite.includes(text), where: `${where}=${text}` };
    }
    case 'tooLong': {
      if (s.type === 'string') set('a'.repeat(s.max! + 1));
      else if (s.type === 'blob') set(Buffer.alloc(s.max! + 1, 7).toString('base64'));
      else if (s.type === 'list') {
        const item = genValue(model, s.member, 6);
        set(Array.from({ length: s.max! + 1 }, () => item));
      } else if (s.type === 'map') {
        const m: Record<string, unknown> = {};
        const val = genValue(model, s.value, 6);
        for (let i = 0; i <= s.max!; i++) m[`k${i}`] = val;
        set(m);
      }
      return { name, definite: true, where };
    }
    case 'emojiLength': {
      // Smithy lengths count code points: max+1 emoji are too long, max emoji are not
      const over = chance(0.5);
      const max = (s as { max: number }).max;
      set('😀'.repeat(over ? max + 1 : max));
      return { name, definite: over, where };
    }
    case 'tooShort': {
      const min = (s as { min: number }).min;
      if (s.type === 'string') set('a'.repeat(min - 1));
      else if (s.type === 'list') set(Array.from({ length: min - 1 }, () => genValue(model, s.member, 6)));
      else {
        const m: Record<string, unknown> = {};
        for (let i = 0; i < min - 1; i++) m[`k${i}`] = 'v';
        set(m);
      }
      return { name, definite: true, where };
    }
    case 'badEnum': {
      const e = (s as { enum: string[] }).enum;
      const v = pick([`NOT_${pick(e)}_X`, pick(e).toLowerCase(), `${pick(e)} `, '', '\u0000', pick(e).replace(/_/g, '-')]);
      set(v);
      return { name, definite: !e.includes(v), where: `${where}=${JSON.stringify(v)}` };
    }
    case 'union': {
      const members = Object.entries((s as StructureShape).members);
      if (chance(0.5) || members.length < 2) {
        set(chance(0.5) ? {} : Object.fromEntries(members.map(([m]) => [m, null])));
        return { name, definite: true, where: `${where} with 0 members` };
      }
      const a = pick(members);
      let b = pick(members);
      while (b[0] === a[0]) b = pick(members);
      set({ [a[0]]: genValue(model, a[1].target, 6), [b[0]]: genValue(model, b[1].target, 6) });
      return { name, definite: true, where: `${where} with 2 members` };
    }
    case 'unknownKeys': {
      const obj = getAt(body.v, st.path) as Record<string, unknown>;
      const members = Object.keys((s as StructureShape).members);
      for (let i = int(1, 3); i > 0; i--) {
        const k = chance(0.3) && members.length ? pick(members).toLowerCase() : pick(UNKNOWN_KEYS);
        if (members.includes(k)) continue;
        setOwn(obj, k, pick<Json>([1, 'x', null, { a: [1, { b: 2 }] }, [], true]));
      }
      return { name, definite: false, where };
    }
    case 'badPattern': {
      const ss = s as { min?: number; max?: number };
      const n = Math.max(1, Math.min(ss.max ?? 5000, 5000) - 1);
      set(pick(['a'.repeat(n) + '!', 'a-'.repeat(Math.floor(n / 2)) + '!', ' ', '\u0000', '\t\n', '../..', '💥', '\ud800']));
      return { name, definite: false, where };
    }
    case 'deep': {
      const cycle = CYCLES.get(o.service)!.get(st.shape);
      if (cycle && chance(0.8)) {
        const levels = pick([50, 2_000, 20_000, 60_000]);
        set(new Raw(deepText(cycle, levels)));
        return { name, definite: false, where: `${where} nested ${levels} levels along its own recursion` };
      }
      const levels = pick([100, 10_000, 100_000]);
      set(new Raw(chance(0.5) ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels)));
      return { name, definite: false, where: `${where} nested ${levels} levels` };
    }
  }
}

// ---------------------------------------------------------------------------------------
// Requests

interface FuzzRequest {
  id: number;
  kind: string;
  op?: Op;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** send the body with Transfer-Encoding: chunked in this many pieces */
  chunks?: number;
  /** valid JSON object body with a constraint violation sent to the operation's own route */
  definite?: boolean;
  /** a fresh connection (requests that make the server close it) */
  fresh?: boolean;
  /** /_local/: plain JSON, not an AWS error */
  local?: boolean;
  note: string;
}

const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const BAD_LABELS = [
  '%ZZ', '%', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%00', '%2F..%2F..%2Fetc', '', '..', '.', '%20', '%0A%0D',
  `${'x'.repeat(3000)}`, enc('😀'), enc("' OR 1=1--"), 'null', 'undefined', '__proto__', 'constructor', '%25',
  '%u0041', enc('a/b'), enc('{InstanceId}'), `${'%41'.repeat(700)}`, '-1', enc('\ufeff'),
];

function labelValue(o: Op, member: string, mm: MemberModel, instanceId: string, malformed: boolean): string {
  if (malformed) return pick(BAD_LABELS);
  // (DeleteInstance of the default instance would leave later requests nothing to reach)
  if (member === 'InstanceId' && o.name !== 'DeleteInstance' && chance(0.6)) return instanceId;
  let v = String(genValue(o.model, mm.target, 6));
  if (LITERALS.has(v)) v += 'x';
  return enc(v);
}

function buildPath(o: Op, instanceId: string, malformedLabels: boolean): string {
  const values = new Map<string, string>();
  const bad = malformedLabels && o.labels.length ? pick(o.labels)[0] : undefined;
  for (const [m, mm] of o.labels) values.set(mm.name!, labelValue(o, m, mm, instanceId, m === bad || (malformedLabels && chance(0.2))));
  return o.op.uri.replace(/\{([^}+]+)\+?\}/g, (_, label: string) => values.get(label) ?? 'x');
}

/** query for the operation's own query members; `definite` when a value must be refused */
function buildQuery(o: Op, odd: boolean, uriQuery: string): { q: string; definite: boolean; note: string } {
  const parts: string[] = uriQuery ? [uriQuery] : [];
  let definite = false;
  const notes: string[] = [];
  for (const [m, mm] of o.query) {
    if (!(o.required.has(m) || chance(0.4) || odd)) continue;
    const s = o.model.shapes[mm.target];
    const itemShape = s.type === 'list' ? o.model.shapes[s.member] : s;
    if (odd && chance(0.6)) {
      if (itemShape.type === 'integer' || itemShape.type === 'long') {
        const v = pick(['abc', '1.5', '', '0x1F', ' 7', '99999999999999999999', '1e3', '+5', '٣']);
        parts.push(`${mm.name}=${enc(v)}`);
        definite = true;
        notes.push(`${mm.name}=${JSON.stringify(v)}`);
        continue;
      }
      if (itemShape.type === 'string' && itemShape.enum) {
        parts.push(`${mm.name}=NOT_AN_ENUM`);
        definite = true;
        notes.push(`${mm.name}=NOT_AN_ENUM`);
        continue;
      }
      if (itemShape.type === 'string' && itemShape.max !== undefined && itemShape.max < 5000) {
        parts.push(`${mm.name}=${'q'.repeat(itemShape.max + 1)}`);
        definite = true;
        notes.push(`${mm.name} too long`);
        continue;
      }
    }
    const values = s.type === 'list' ? (genValue(o.model, mm.target, 6) as unknown[]) : [genValue(o.model, mm.target, 6)];
    const times = odd && chance(0.5) ? 3 : 1; // repeated keys
    for (let t = 0; t < times; t++) {
      for (const v of values) parts.push(`${mm.name}=${enc(typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(2) : String(v))}`);
    }
  }
  if (odd) {
    const extra = pick([
      '&&&', '=', '=x', '%ZZ=1', 'a=%ZZ', 'maxResults=abc', 'nextToken=', 'maxResults=1&maxResults=2', 'a[]=1&a[b]=2',
      `x=${'y'.repeat(4000)}`, 'X-Amz-Credential=AKID%2F2025%2F..%2Faws4_request', 'X-Amz-Credential=%2F%2F%2F%2F',
      'X-Amz-Credential=123456789012%2F20250101%2FEU-WEST-1%2Fconnect%2Faws4_request', '__proto__=1', '?', '#frag',
    ]);
    parts.push(extra);
    notes.push(`+${extra.slice(0, 40)}`);
  }
  return { q: parts.length ? `?${parts.join('&')}` : '', definite, note: notes.join(' ') };
}

const AUTHS = [
  'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
  'AWS4-HMAC-SHA256 Credential=123456789012/20250101/eu-west-1/connect/aws4_request, SignedHeaders=host, Signature=ab',
  'AWS4-HMAC-SHA256 Credential=/20250101/us-west-2/execute-api/aws4_request, SignedHeaders=host, Signature=00',
  'AWS4-HMAC-SHA256 Credential=////aws4_request',
  'AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f/g/aws4_request, Signature=',
  'AWS4-HMAC-SHA256 Credential=123456789012/20250101/US EAST 1/connect/aws4_request',
  `AWS4-HMAC-SHA256 Credential=${'k'.repeat(3000)}/20250101/us-east-1/connect/aws4_request`,
  'AWS4-', 'AWS4-HMAC-SHA256', 'Bearer abc', 'Basic Zm9vOmJhcg==', ',,,,==,,', 'AWS4-X Credential==, =, ,',
];

function bearer(o: Op): { header?: string; definite: boolean; note: string } {
  const hdr = o.headers.find(([, mm]) => mm.name?.toLowerCase() === 'x-amz-bearer');
  if (!hdr) return { header: chance(0.2) ? uuid() : undefined, definite: false, note: '' };
  const s = o.model.shapes[hdr[1].target] as { min?: number; max?: number };
  const required = o.required.has(hdr[0]);
  const r = rnd();
  if (r < 0.3) return { header: undefined, definite: required, note: 'no X-Amz-Bearer' };
  if (r < 0.4) return { header: '', definite: (s.min ?? 0) > 0, note: 'empty X-Amz-Bearer' };
  if (r < 0.5 && s.max !== undefined) return { header: 't'.repeat(s.max + 1), definite: true, note: 'X-Amz-Bearer too long' };
  if (r < 0.6) return { header: pick(['null', '%ZZ', ' ', 'Bearer x', "' OR 1=1--", '\u00ff\u00fe']), definite: false, note: 'odd X-Amz-Bearer' };
  return { header: `${uuid()}${uuid()}`, definite: false, note: 'random X-Amz-Bearer' };
}

const GARBAGE: [string, () => Buffer][] = [
  ['invalid JSON {', () => Buffer.from('{')],
  ['invalid JSON {"a":}', () => Buffer.from('{"a":}')],
  ["single quotes", () => Buffer.from("{'InstanceId':'x'}")],
  ['trailing garbage', () => Buffer.from('{"a":1}}')],
  ['NaN', () => Buffer.from('NaN')],
  ['BOM + {}', () => Buffer.from('\ufeff{}')],
  ['binary bytes', () => Buffer.from(Array.from({ length: int(1, 4096) }, () => int(0, 255)))],
  ['empty', () => Buffer.alloc(0)],
  ['JSON array []', () => Buffer.from('[]')],
  ['JSON array [{}]', () => Buffer.from('[{}]')],
  ['null', () => Buffer.from('null')],
  ['JSON string', () => Buffer.from('"hello"')],
  ['JSON number', () => Buffer.from('12345678901234567890')],
  ['true', () => Buffer.from('true')],
  ['whitespace', () => Buffer.from(' \n\t ')],
  ['unbalanced deep [', () => Buffer.from('['.repeat(100_000))],
  ['deep array', () => Buffer.from('['.repeat(200_000) + ']'.repeat(200_000))],
  ['deep object', () => Buffer.from('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000))],
  ['invalid UTF-8 inside a string', () => Buffer.concat([Buffer.from('{"Name":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), Buffer.from('"}')])],
  ['lone surrogate escapes', () => Buffer.from('{"Name":"\\ud800","Description":"\\udfff"}')],
  ['duplicate keys', () => Buffer.from('{"InstanceId":1,"InstanceId":"x","Name":[],"Name":"n"}')],
  ['many keys', () => Buffer.from(`{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`)],
  ['NUL bytes', () => Buffer.from('{"a":"\u0000"}\u0000')],
  ['huge number', () => Buffer.from('{"MaxResults":1e999999}')],
  ['gzip magic', () => Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0])],
];

function makeRequests(instanceId: string): FuzzRequest[] {
  const reqs: FuzzRequest[] = [];
  const add = (r: Omit<FuzzRequest, 'id'>) => reqs.push({ id: reqs.length, ...r });
  const connectOps = OPS.filter((o) => o.service === 'connect');
  const participantOps = OPS.filter((o) => o.service === 'connectparticipant');
  // participant ops get a bigger share: there are only 11 of them
  const slots = [...connectOps, ...participantOps, ...participantOps, ...participantOps, ...participantOps];
  const order = slots.map((o) => ({ o, k: rnd() })).sort((a, b) => a.k - b.k).map((x) => x.o);

  // fixed extras: unknown paths, raw protocol abuse, big bodies
  const unknownPaths = [
    '/', '/nope', '//', '/instance/x/y/z/w/v', '/participant', '/participant/', '/participant/nope', '/_localx',
    '/instance%2F', '/%ZZ', '/%00', `/${'a'.repeat(6000)}`, '/instance?x=1', '/contact-flows', '/..%2F..%2F',
    '/participant/connection/extra', '/INSTANCE', '/instance/', '/users/a/b/c/d/e', '/_local', '/_localhealth',
  ];
  for (const p of unknownPaths) {
    add({ kind: 'unknown path', method: pick(['GET', 'POST', 'PUT', 'DELETE']), path: p, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}'), note: 'unknown path' });
  }
  add({ kind: 'protocol', method: 'FOO', path: '/instance', headers: {}, fresh: true, note: 'unknown HTTP method' });
  add({ kind: 'protocol', method: 'PROPFIND', path: '/instance', headers: {}, fresh: true, note: 'WebDAV method' });
  add({ kind: 'protocol', method: 'GET', path: `/instance?x=${'a'.repeat(20_000)}`, headers: {}, fresh: true, note: 'request line beyond the header limit' });
  add({ kind: 'protocol', method: 'GET', path: '/instance', headers: { 'x-big': 'h'.repeat(20_000) }, fresh: true, note: 'header beyond the header limit' });
  add({ kind: 'protocol', method: 'POST', path: '/instance', headers: { 'content-length': '5', 'transfer-encoding': 'chunked' }, body: Buffer.from('0\r\n\r\n'), fresh: true, note: 'both Content-Length and chunked' });
  add({ kind: 'protocol', method: 'PUT', path: '/instance', headers: { 'content-type': 'application/json', 'content-length': 'abc' }, body: Buffer.from('{}'), fresh: true, note: 'Content-Length not a number' });
  const nine = Buffer.alloc(9 * 1024 * 1024, 0x61);
  add({ kind: 'big body', method: 'PUT', path: '/instance', headers: { 'content-type': 'application/json' }, body: nine, fresh: true, note: '9 MB with Content-Length' });
  add({ kind: 'big body', method: 'PUT', path: '/instance', headers: { 'content-type': 'application/json' }, body: nine, chunks: 64, fresh: true, note: '9 MB chunked' });
  add({
    kind: 'big body', method: 'POST', path: '/participant/message', headers: { 'content-type': 'application/json', 'x-amz-bearer': 'abc' },
    body: Buffer.from(JSON.stringify({ ContentType: 'text/plain', Content: 'm'.repeat(7 * 1024 * 1024) })), definite: true, note: '7 MB Content (max 16384)',
  });

  // every operation that can hold a recursive shape: nest it far deeper than any client would
  for (const o of OPS) {
    const found = pathToRecursion(o);
    if (!found) continue;
    const levels = pick([5_000, 20_000, 60_000]);
    const inner = deepText(CYCLES.get(o.service)!.get(found.shape)!, levels);
    const close = found.openers.map((x) => (x === '[' ? ']' : '}')).reverse().join('');
    add({
      kind: 'deep recursion', op: o, method: o.op.method, path: buildPath(o, instanceId, false).split('?')[0],
      headers: { 'content-type': 'application/json', 'x-amz-bearer': uuid() }, body: Buffer.from(found.openers.join('') + inner + close),
      note: `${found.shape} nested ${levels} levels along its own recursion`,
    });
  }

  for (let i = 0; reqs.length < TARGET - 12; i++) {
    const o = order[i % order.length];
    const kind = weighted({ mutate: 62, valid: 8, garbage: 12, method: 7, ctype: 4, query: 4, auth: 3 });
    const malformedLabels = kind === 'mutate' ? chance(0.25) : kind === 'valid' ? false : chance(0.15);
    // a wrong method on a real instance's path could be DeleteInstance: keep the instance
    const uri = buildPath(o, kind === 'method' ? uuid() : instanceId, malformedLabels);
    const [uriPath, uriQuery] = uri.split('?');
    const q = buildQuery(o, kind === 'query' || (kind === 'mutate' && chance(0.15)), uriQuery ?? '');
    const b = bearer(o);
    const headers: Record<string, string> = {};
    if (b.header !== undefined) headers['x-amz-bearer'] = b.header;
    if (kind === 'auth' || chance(0.1)) headers.authorization = pick(AUTHS);
    if (chance(0.05)) headers['x-amz-date'] = pick(['garbage', '20250101T000000Z', '']);
    const notes: string[] = [];
    if (malformedLabels) notes.push('malformed labels');
    if (q.note) notes.push(q.note);
    if (b.note) notes.push(b.note);
    let method = o.op.method;
    let bodyBytes: Buffer | undefined;
    let definite = q.definite || b.definite;
    let jsonObject = true;

    const body = { v: genValue(o.model, o.op.input!) as Record<string, unknown> };
    for (const [m] of [...o.labels, ...o.query, ...o.headers]) delete body.v[m];

    if (kind === 'mutate') {
      const names: MutationName[] = [
        'wrongType', 'missingRequired', 'outOfRange', 'hugeNumber', 'tooLong', 'tooShort', 'badEnum', 'union',
        'null', 'unknownKeys', 'badPattern', 'deep', 'emojiLength',
      ];
      const loose: MutationName[] = ['null', 'unknownKeys', 'badPattern', 'deep'];
      // loose mutations first, then at most one that may make the request definitely invalid
      for (let n = int(0, 2); n > 0; n--) {
        const a = mutate(o, body, pick(loose));
        if (a) notes.push(`${a.name} at ${a.where}`);
      }
      for (let tries = 0; tries < 6; tries++) {
        const a = mutate(o, body, pick(names));
        if (a) {
          notes.push(`${a.name} at ${a.where}`);
          definite ||= a.definite;
          break;
        }
      }
    }
    if (kind === 'garbage') {
      const [what, make] = pick(GARBAGE);
      bodyBytes = make();
      jsonObject = false;
      notes.push(`body: ${what}`);
    } else if (kind === 'ctype') {
      headers['content-type'] = pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/octet-stream']);
      jsonObject = false;
      notes.push(`content-type ${headers['content-type']}`);
    } else if (kind === 'method') {
      method = pick(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'].filter((m) => m !== o.op.method));
      jsonObject = false;
      notes.push(`wrong method ${method} (model: ${o.op.method})`);
    }
    if (!bodyBytes) {
      const noBody = (method === 'GET' || method === 'DELETE' || method === 'HEAD') && o.body.length === 0 && chance(0.7);
      bodyBytes = noBody ? undefined : Buffer.from(toJson(body.v));
    }
    if (bodyBytes && !headers['content-type'] && (kind !== 'garbage' || chance(0.8))) headers['content-type'] = 'application/json';
    add({
      kind,
      op: o,
      method,
      path: uriPath + q.q,
      headers,
      body: bodyBytes,
      definite: definite && jsonObject,
      note: notes.join('; '),
    });
  }

  // the control plane, last: weird clock moves must not break what follows
  const local: [string, string, string | undefined][] = [
    ['POST', '/_local/clock/advance', '{"seconds":"5"}'],
    ['POST', '/_local/clock/advance', '{"seconds":-1}'],
    ['POST', '/_local/clock/advance', '{'],
    ['POST', '/_local/clock/advance', '[]'],
    ['POST', '/_local/clock/advance', 'x'.repeat(70_000)],
    ['POST', '/_local/clock/advance', '{"seconds":1e308}'],
    ['GET', '/_local/clock', undefined],
    ['POST', `/_local/instances/${instanceId}/agents/%ZZ/accept`, '{"ContactId":5}'],
    ['GET', '/_local/instances/x/contacts/y/participants', undefined],
    ['DELETE', '/_local/health', undefined],
    ['GET', '/_local/nope', undefined],
  ];
  for (const [method, path, body] of local) {
    add({ kind: 'local', method, path, headers: body ? { 'content-type': 'application/json' } : {}, body: body === undefined ? undefined : Buffer.from(body), local: true, note: 'control plane' });
  }
  // after the clock jumped: a plain valid request still works
  add({ kind: 'after clock', method: 'GET', path: '/instance', headers: {}, note: 'ListInstances after the clock advanced by 1e308 seconds' });
  add({ kind: 'after clock', method: 'GET', path: `/instance/${instanceId}`, headers: {}, note: 'DescribeInstance after the clock advanced by 1e308 seconds' });
  return reqs;
}

// ---------------------------------------------------------------------------------------
// Sending

interface Answer {
  status?: number;
  headers?: http.IncomingHttpHeaders;
  body?: string;
  error?: string;
  ms: number;
}

function send(base: URL, agent: http.Agent, r: FuzzRequest): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: Omit<Answer, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...a, ms: Date.now() - started });
    };
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body && !r.chunks && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) {
      headers['content-length'] = r.body.length;
    }
    let req: http.ClientRequest;
    try {
      req = http.request({
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers,
        agent: r.fresh ? false : agent,
        insecureHTTPParser: true,
      });
    } catch (e) {
      // the client itself refused (an invalid path or header): not a server answer
      resolve({ error: `client refused: ${(e as Error).message}`, ms: 0 });
      return;
    }
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${TIMEOUT_MS} ms` });
      req.destroy();
    }, TIMEOUT_MS);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => finish({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => finish({ status: res.statusCode, headers: res.headers, error: `response: ${e.message}` }));
    });
    req.on('error', (e) => finish({ error: `${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}` }));
    if (!r.body) req.end();
    else if (!r.chunks) req.end(r.body);
    else {
      const size = Math.ceil(r.body.length / r.chunks);
      let i = 0;
      const next = () => {
        while (i < r.body!.length) {
          const piece = r.body!.subarray(i, (i += size));
          if (!req.write(piece)) return void req.once('drain', next);
        }
        req.end();
      };
      req.on('error', () => undefined);
      next();
    }
  });
}

// ---------------------------------------------------------------------------------------
// Checking

interface Failure {
  key: string;
  problem: string;
  r: FuzzRequest;
  a: Answer;
}

function check(r: FuzzRequest, a: Answer): string[] {
  const problems: string[] = [];
  if (a.error?.startsWith('client refused')) return [];
  if (a.status === undefined) return [`no answer: ${a.error}`];
  const status = a.status;
  const type = a.headers?.['x-amzn-errortype'];
  const typeName = Array.isArray(type) ? type[0] : type;
  if (r.local) {
    if (status >= 500 && status !== 501) problems.push(`status ${status}`);
    if (r.method !== 'HEAD') {
      try {
        JSON.parse(a.body ?? '');
      } catch {
        problems.push('the body is not JSON');
      }
    }
    return problems;
  }
  if (status >= 200 && status < 300) {
    if (r.definite) problems.push(`2xx for a request that violates the model`);
    return problems;
  }
  if (status === 501) {
    if (typeName !== 'NotImplementedException') problems.push(`501 with x-amzn-ErrorType ${typeName ?? '(none)'}`);
  } else if (status < 400 || status >= 500) {
    problems.push(`status ${status}`);
  }
  if (status >= 400) {
    if (!typeName) problems.push('no x-amzn-ErrorType header');
    if (r.method !== 'HEAD') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(a.body ?? '');
      } catch {
        problems.push('the body is not JSON');
      }
      if (parsed !== undefined && typeof (parsed as { Message?: unknown })?.Message !== 'string') problems.push('the body has no string Message');
    }
  }
  if (r.definite && r.op) {
    const allowed = r.op.service === 'connect' ? ['InvalidParameterException', 'InvalidRequestException'] : ['ValidationException'];
    if (status !== 400 || !typeName || !allowed.includes(typeName)) {
      problems.push(`a constraint violation answered ${status} ${typeName ?? '(no type)'}, expected 400 ${allowed.join(' or ')}`);
    }
  }
  return problems;
}

function repro(r: FuzzRequest, a: Answer): string {
  let body = '(none)';
  if (r.body) {
    const text = r.body.toString('utf8');
    body = r.body.length > 400 ? `${text.slice(0, 300)}... (${r.body.length} bytes${r.chunks ? ', chunked' : ''})` : text;
  }
  const path = r.path.length > 300 ? `${r.path.slice(0, 300)}... (${r.path.length} chars)` : r.path;
  const hdrs = Object.entries(r.headers)
    .map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 100)}... (${v.length} chars)` : v}`)
    .join(' | ');
  const answer = a.status === undefined ? a.error : `${a.status} ${a.headers?.['x-amzn-errortype'] ?? '(no x-amzn-ErrorType)'} ${(a.body ?? '').slice(0, 300)}`;
  return [
    `  request #${r.id} ${r.kind}${r.op ? ` ${r.op.service}:${r.op.name}` : ''} (${r.note})`,
    `    ${r.method} ${path}`,
    `    headers: ${hdrs || '(none)'}`,
    `    body: ${body}`,
    `    answer: ${answer} [${a.ms} ms]`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------

test(`fuzz: malformed requests across every operation of both models (seed ${SEED})`, { timeout: 180_000 }, async () => {
  console.log(`fuzz seed ${SEED} (rerun with FUZZ_SEED=${SEED}); ${OPS.length} operations`);
  const server = await startServer({ inMemory: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const instanceId = await defaultInstanceId(connectClient(server.url));
    const requests = makeRequests(instanceId);
    const base = new URL(server.url);
    const answers: Answer[] = new Array(requests.length);
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const i = next++;
          answers[i] = await send(base, agent, requests[i]);
        }
      }),
    );
    const elapsed = Date.now() - started;
    if (process.env.FUZZ_LOG) {
      // one line per request, for digging into a run
      const lines = requests.map((r, i) => {
        const a = answers[i];
        return JSON.stringify({
          id: r.id, kind: r.kind, op: r.op?.name, method: r.method, path: r.path.slice(0, 500), note: r.note, definite: r.definite,
          bodyBytes: r.body?.length ?? 0, body: r.body?.toString('utf8').slice(0, 500),
          status: a.status, type: a.headers?.['x-amzn-errortype'], answer: a.body?.slice(0, 300), error: a.error, ms: a.ms,
        });
      });
      writeFileSync(process.env.FUZZ_LOG, lines.join('\n') + '\n');
    }

    const statuses = new Map<string, number>();
    const types = new Map<string, number>();
    const twoXX = new Map<string, number>();
    const failures: Failure[] = [];
    const opsSeen = new Set<string>();
    let refused = 0;
    requests.forEach((r, i) => {
      const a = answers[i];
      if (a.error?.startsWith('client refused')) refused++;
      if (r.op) opsSeen.add(`${r.op.service}:${r.op.name}`);
      const s = a.status === undefined ? 'none' : String(a.status);
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
      const t = a.headers?.['x-amzn-errortype'];
      if (t) types.set(String(t), (types.get(String(t)) ?? 0) + 1);
      if (a.status !== undefined && a.status < 300) {
        const k = r.op ? `${r.method} ${r.op.name}` : `${r.method} ${r.path.slice(0, 40)}`;
        twoXX.set(k, (twoXX.get(k) ?? 0) + 1);
      }
      for (const problem of check(r, a)) {
        const key = `${problem.replace(/\d+ ms/, 'N ms')} | ${r.kind}`;
        failures.push({ key, problem, r, a });
      }
    });

    const sorted = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k}: ${v}`).join(', ');
    console.log(`sent ${requests.length} requests (${refused} refused by the client) covering ${opsSeen.size}/${OPS.length} operations in ${elapsed} ms`);
    console.log(`status codes: ${sorted(statuses)}`);
    console.log(`error types: ${sorted(types)}`);
    console.log(`2xx answers: ${[...twoXX.values()].reduce((s, v) => s + v, 0)} (${sorted(twoXX).split(', ').slice(0, 12).join(', ')}, ...)`);
    console.log(`definite constraint violations checked: ${requests.filter((r) => r.definite).length}`);

    // the server is still up
    const exitedBefore = server.child.exitCode !== null || server.child.signalCode !== null;
    let health: string;
    try {
      const res = await fetch(`${server.url}/_local/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      health = res.ok ? ((await res.json()) as { status?: string }).status ?? 'no status' : `status ${res.status}`;
    } catch (e) {
      health = `no answer: ${(e as Error).message}`;
    }
    const serverErrors = server.stderr().split('\n').filter((l) => l.startsWith('connect-local:'));
    if (serverErrors.length) console.log(`server stderr (first lines):\n${serverErrors.slice(0, 10).join('\n')}`);

    const distinct = new Map<string, Failure[]>();
    for (const f of failures) distinct.set(f.key, [...(distinct.get(f.key) ?? []), f]);
    const report = [...distinct.values()]
      .map((fs) => {
        const where = [...new Set(fs.map((f) => f.r.op?.name ?? f.r.note))];
        const shown = where.length > 8 ? `${where.slice(0, 8).join(', ')} and ${where.length - 8} more` : where.join(', ');
        return `${fs[0].problem} [${fs[0].r.kind}] (${fs.length}x: ${shown})\n${repro(fs[0].r, fs[0].a)}`;
      })
      .join('\n');
    if (failures.length) console.log(`${failures.length} failures, ${distinct.size} distinct:\n${report}`);

    assert.equal(exitedBefore, false, 'the server process exited during the fuzz run');
    assert.equal(health, 'ok', 'GET /_local/health after the fuzz run');
    assert.equal(failures.length, 0, `${failures.length} bad answers (${distinct.size} distinct):\n${report}`);
    assert.deepEqual(serverErrors, [], 'the server reported failures of its own');
  } finally {
    agent.destroy();
    await server.stop();
  }
});
