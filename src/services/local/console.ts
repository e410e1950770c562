// The console: a browser UI served by the server itself under /_local/console/. The files are
// built by `npm run build` (scripts/build-console.ts) into dist/console; only those known
// files are served, so no path can reach anything else on disk.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_PATH = '/_local/console/';

/** dist/console, next to dist/src (this file runs as dist/src/services/local/console.js) */
const DIR = resolve(fileURLToPath(import.meta.url), '../../../../console');

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/** A browser asking for `/` (it accepts text/html) is sent to the console. */
export function wantsConsole(req: IncomingMessage, path: string): boolean {
  return path === '/' && (req.method === 'GET' || req.method === 'HEAD') && /\btext\/html\b/.test(req.headers.accept ?? '');
}

export function redirectToConsole(res: ServerResponse): void {
  res.writeHead(302, { location: CONSOLE_PATH, 'content-length': 0 }).end();
}

/** Answers a request under /_local/console (the path without its query). */
export async function handleConsole(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  req.resume();
  if (path === '/_local/console') return redirectToConsole(res);
  const name = path.slice(CONSOLE_PATH.length) || 'index.html';
  const type = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!type) return plain(res, 404, `no console file ${path}`);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return plain(res, 405, `${req.method} is not allowed on ${path}; use GET`);
  }
  let body: Buffer;
  try {
    body = await readFile(join(DIR, name));
  } catch {
    return plain(res, 404, `the console is not built: run npm run build (${name} is missing from ${DIR})`);
  }
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function plain(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ message });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}
