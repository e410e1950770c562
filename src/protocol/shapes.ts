// Compiles the shapes of a service model into closures, once at start-up:
//  - readers take decoded JSON (or strings from the URI, query and headers), check types and
//    every constraint of the model, and return the typed value (timestamps as Date);
//  - writers turn a handler's output into the JSON AWS sends (epoch-second timestamps,
//    modelled members only, absent members omitted).
import type { Bound, ServiceModel, ShapeModel, StringShape } from './model.js';

export interface Problem {
  path: string;
  message: string;
}

/** Reads one value; reports problems into `out` and returns undefined for a bad value. */
export type Reader = (value: unknown, path: string, out: Problem[]) => unknown;
export type Writer = (value: unknown) => unknown;

/** At most this many problems are listed in one message. */
const MAX_PROBLEMS = 10;

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;

const child = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function tooMany(out: Problem[]): boolean {
  return out.length >= MAX_PROBLEMS;
}

function checkBounds(
  n: number | bigint,
  what: string,
  shown: string,
  min: Bound | undefined,
  max: Bound | undefined,
  path: string,
  out: Problem[],
): boolean {
  if (min !== undefined && n < min) {
    out.push({ path, message: `${shown}${what} is below the minimum ${min}` });
    return false;
  }
  if (max !== undefined && n > max) {
    out.push({ path, message: `${shown}${what} is above the maximum ${max}` });
    return false;
  }
  return true;
}

const SURROGATE = /[\uD800-\uDFFF]/;
/** Smithy counts string length in Unicode code points. */
const codePoints = (s: string): number => (SURROGATE.test(s) ? [...s].length : s.length);

export class ShapeCompiler {
  private readonly readers = new Map<string, Reader>();
  private readonly writers = new Map<string, Writer>();
  /** shapes whose JSON needs no change on the way out */
  private readonly plain = new Map<string, boolean>();

  constructor(private readonly model: ServiceModel) {}

  reader(name: string): Reader {
    let r = this.readers.get(name);
    if (!r) {
      // Recursive shapes: register a forwarder first, then the real closure.
      let real: Reader | undefined;
      this.readers.set(name, (v, p, o) => real!(v, p, o));
      real = this.buildReader(name, this.model.shapes[name]);
      this.readers.set(name, real);
      r = real;
    }
    return r;
  }

  writer(name: string): Writer {
    let w = this.writers.get(name);
    if (!w) {
      let real: Writer | undefined;
      this.writers.set(name, (v) => real!(v));
      real = this.buildWriter(name, this.model.shapes[name]);
      this.writers.set(name, real);
      w = real;
    }
    return w;
  }

  private buildReader(name: string, s: ShapeModel): Reader {
    switch (s.type) {
      case 'structure': {
        const members = Object.entries(s.members).map(([m, mm]) => ({ m, read: this.reader(mm.target) }));
        const required = s.required ?? [];
        const union = s.union === true;
        return (v, path, out) => {
          if (typeof v !== 'object' || v === null || Array.isArray(v)) {
            out.push({ path: path || name, message: `expected an object, got ${describe(v)}` });
            return undefined;
          }
          const src = v as Record<string, unknown>;
          const res: Record<string, unknown> = {};
          for (const req of required) {
            if (src[req] === undefined || src[req] === null) out.push({ path: child(path, req), message: 'is required but missing' });
          }
          let set = 0;
          for (const { m, read } of members) {
            const x = src[m];
            if (x === undefined || x === null) continue;
            set++;
            if (tooMany(out)) break;
            const r = read(x, child(path, m), out);
            if (r !== undefined) res[m] = r;
          }
          if (union && set !== 1) {
            const names = members.map((x) => x.m).join(', ');
            out.push({ path: path || name, message: `exactly one of ${names} must be set, got ${set}` });
          }
          return res;
        };
      }
      case 'list': {
        const read = this.reader(s.member);
        const { min, max } = s;
        return (v, path, out) => {
          if (!Array.isArray(v)) {
            out.push({ path, message: `expected a list, got ${describe(v)}` });
            return undefined;
          }
          if (!checkBounds(v.length, ' items', `${v.length}`, min, max, path, out)) return undefined;
          const res: unknown[] = [];
          for (let i = 0; i < v.length && !tooMany(out); i++) {
            if (v[i] === null) {
              out.push({ path: `${path}[${i}]`, message: 'must not be null' });
              continue;
            }
            res.push(read(v[i], `${path}[${i}]`, out));
          }
          return res;
        };
      }
      case 'map': {
        const readKey = this.reader(s.key);
        const readValue = this.reader(s.value);
        const { min, max } = s;
        return (v, path, out) => {
          if (typeof v !== 'object' || v === null || Array.isArray(v)) {
            out.push({ path, message: `expected a map, got ${describe(v)}` });
            return undefined;
          }
          const keys = Object.keys(v);
          if (!checkBounds(keys.length, ' entries', `${keys.length}`, min, max, path, out)) return undefined;
          // no prototype: a key such as "__proto__" is a key like any other
          const res: Record<string, unknown> = Object.create(null);
          for (const k of keys) {
            if (tooMany(out)) break;
            const x = (v as Record<string, unknown>)[k];
            readKey(k, `${path} key`, out);
            if (x === null) {
              out.push({ path: `${path}[${k}]`, message: 'must not be null' });
              continue;
            }
            res[k] = readValue(x, `${path}[${k}]`, out);
          }
          return res;
        };
      }
      case 'string':
        return stringReader(s);
      case 'boolean':
        return (v, path, out) => {
          if (typeof v === 'boolean') return v;
          out.push({ path, message: `expected a boolean, got ${describe(v)}` });
          return undefined;
        };
      case 'integer':
      case 'long': {
        const { min, max } = s;
        const what = s.type === 'long' ? 'a 64-bit integer' : 'an integer';
        const limit = s.type === 'integer' ? 2 ** 31 : 2 ** 63;
        return (v, path, out) => {
          if ((typeof v !== 'number' || !Number.isInteger(v)) && typeof v !== 'bigint') {
            out.push({ path, message: `expected ${what}, got ${typeof v === 'number' ? v : describe(v)}` });
            return undefined;
          }
          const n = v as number | bigint;
          if (n >= limit || n < -limit) {
            out.push({ path, message: `${n} does not fit ${what}` });
            return undefined;
          }
          return checkBounds(n, '', `${n}`, min, max, path, out) ? n : undefined;
        };
      }
      case 'double':
      case 'float': {
        const { min, max } = s;
        return (v, path, out) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            out.push({ path, message: `expected a number, got ${describe(v)}` });
            return undefined;
          }
          return checkBounds(v, '', `${v}`, min, max, path, out) ? v : undefined;
        };
      }
      case 'timestamp': {
        const iso = s.format === 'iso8601';
        return (v, path, out) => {
          let ms = Number.NaN;
          if (typeof v === 'number') ms = v * 1000;
          else if (typeof v === 'string') ms = iso || !/^-?\d+(\.\d+)?$/.test(v) ? Date.parse(v) : Number(v) * 1000;
          if (!Number.isFinite(ms)) {
            out.push({ path, message: `expected a timestamp (${iso ? 'ISO 8601 text' : 'epoch seconds'}), got ${describe(v)}` });
            return undefined;
          }
          return new Date(ms);
        };
      }
      case 'blob': {
        const { min, max } = s;
        return (v, path, out) => {
          if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
            out.push({ path, message: 'expected base64 text' });
            return undefined;
          }
          const b = Buffer.from(v, 'base64');
          return checkBounds(b.length, ' bytes', `${b.length}`, min, max, path, out) ? b : undefined;
        };
      }
    }
  }

  /** true when a value of this shape serializes as JSON.stringify would write it */
  private isPlain(name: string, seen = new Set<string>()): boolean {
    const known = this.plain.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return true;
    seen.add(name);
    const s = this.model.shapes[name];
    let plain: boolean;
    switch (s.type) {
      case 'timestamp':
      case 'blob':
      case 'structure': // structures are rebuilt so that nothing unmodelled leaks out
        plain = false;
        break;
      case 'list':
        plain = this.isPlain(s.member, seen);
        break;
      case 'map':
        plain = this.isPlain(s.value, seen);
        break;
      default:
        plain = true;
    }
    this.plain.set(name, plain);
    return plain;
  }

  private buildWriter(name: string, s: ShapeModel): Writer {
    if (this.isPlain(name)) return (v) => v;
    switch (s.type) {
      case 'structure': {
        const members = Object.entries(s.members).map(([m, mm]) => ({ m, write: this.writer(mm.target) }));
        return (v) => {
          if (v === null || typeof v !== 'object') return undefined;
          const src = v as Record<string, unknown>;
          const res: Record<string, unknown> = {};
          for (const { m, write } of members) {
            const x = src[m];
            if (x !== undefined && x !== null) res[m] = write(x);
          }
          return res;
        };
      }
      case 'list': {
        const write = this.writer(s.member);
        return (v) => (Array.isArray(v) ? v.map(write) : undefined);
      }
      case 'map': {
        const write = this.writer(s.value);
        return (v) => {
          if (v === null || typeof v !== 'object') return undefined;
          const res: Record<string, unknown> = Object.create(null);
          for (const [k, x] of Object.entries(v)) res[k] = write(x);
          return res;
        };
      }
      case 'timestamp': {
        const iso = s.format === 'iso8601';
        return (v) => {
          const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(String(v));
          return iso ? new Date(ms).toISOString() : ms / 1000;
        };
      }
      case 'blob':
        return (v) => Buffer.from(v as Uint8Array).toString('base64');
      default:
        return (v) => v;
    }
  }
}

function stringReader(s: StringShape): Reader {
  const { min, max, sensitive } = s;
  const allowed = s.enum ? new Set(s.enum) : undefined;
  const enumText = s.enum?.join(', ');
  const regex = s.regex ? new RegExp(s.regex.source, s.regex.flags) : undefined;
  const show = (v: string): string => (sensitive ? 'the value' : JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v));
  return (v, path, out) => {
    if (typeof v !== 'string') {
      out.push({ path, message: `expected a string, got ${describe(v)}` });
      return undefined;
    }
    if (allowed && !allowed.has(v)) {
      out.push({ path, message: `${show(v)} is not one of ${enumText}` });
      return undefined;
    }
    if (min !== undefined || max !== undefined) {
      const len = codePoints(v);
      if (!checkBounds(len, '', `length ${len}`, min, max, path, out)) return undefined;
    }
    if (regex && !regex.test(v)) {
      out.push({ path, message: `${show(v)} does not match the pattern ${s.pattern}` });
      return undefined;
    }
    return v;
  };
}

/** One sentence for a client: `A.B: problem` or `2 validation errors: A: ...; B: ...`. */
export function problemsMessage(problems: Problem[]): string {
  const parts = problems.map((p) => `${p.path}: ${p.message}`);
  return parts.length === 1 ? parts[0] : `${parts.length} validation errors: ${parts.join('; ')}`;
}
