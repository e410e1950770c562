// JSON that keeps 64-bit integers exact. JSON.parse turns 9223372036854775807 into a double;
// a body with a run of 16 or more digits is parsed by lossless-json instead, which hands
// integers beyond 2^53 over as bigints (the validators and handlers take them). Answers with
// a bigint in them are written the same way. Everything else takes the fast built-ins.
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';

const LONG_DIGITS = /\d{16}/;

function parseNumber(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) || !/^-?\d+$/.test(text) ? n : BigInt(text);
}

export function parseJson(text: string): unknown {
  return LONG_DIGITS.test(text) ? parseLossless(text, undefined, parseNumber) : JSON.parse(text);
}

export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    // only a bigint makes JSON.stringify throw on what handlers answer
    if (!(e instanceof TypeError)) throw e;
    return stringifyLossless(value) ?? 'null';
  }
}
