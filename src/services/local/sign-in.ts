// The sign-in page of customer authentication, in place of Cognito's hosted UI: shaped like its
// authorize endpoint (response_type=code, client_id, redirect_uri, scope, state). A person signs
// in as one of the configured test identities, or cancels; the browser then goes to the
// redirect_uri with `code` and `state`, or `error=access_denied` and `state`, as Cognito sends it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { issueCode, signInSession } from '../../engine/customer-auth.js';
import type { Engine } from '../../engine/engine.js';

export const SIGN_IN_PATH = '/_local/auth/';
const AUTHORIZE = 'oauth2/authorize';
const LOGIN = 'login';
const MAX_FORM = 16 * 1024;

/** The URL GetAuthenticationUrl answers. */
export function authorizeUrl(base: string, clientId: string, redirectUri: string, state: string): string {
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'openid email profile', state });
  return `${base}${SIGN_IN_PATH}${AUTHORIZE}?${q}`;
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · connect-local</title>
<style>
body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0;display:flex;justify-content:center;padding-top:10vh}
main{background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 1px 4px #0003;width:20rem}
h1{font-size:1.3rem;margin:0 0 .3rem}p{color:#555;font-size:.9rem}
label{display:block;margin:.9rem 0 .2rem;font-size:.9rem}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
.buttons{display:flex;gap:.6rem;margin-top:1.4rem}button{flex:1;padding:.6rem;font-size:1rem;cursor:pointer}
#sign-in{background:#ec7211;color:#fff;border:0;border-radius:4px}#cancel{background:#fff;border:1px solid #888;border-radius:4px}
.error{color:#b00020}
</style></head><body><main>${body}</main></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
  res.end(html);
}

function form(res: ServerResponse, state: string, error?: string): void {
  page(
    res,
    error ? 401 : 200,
    'Sign in',
    `<h1>Sign in</h1><p>connect-local's stand-in for the Cognito hosted UI. Sign in as a test identity to authenticate the chat.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="${SIGN_IN_PATH}${LOGIN}">
<input type="hidden" name="state" value="${escape(state)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
<div class="buttons"><button id="sign-in" name="action" value="sign-in" type="submit">Sign in</button>
<button id="cancel" name="action" value="cancel" type="submit">Cancel</button></div>
</form>`,
  );
}

function redirect(res: ServerResponse, to: string, params: Record<string, string>): void {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    return page(res, 400, 'Bad redirect', `<h1>The RedirectUri is not a URL</h1><p>${escape(to)}</p>`);
  }
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  res.writeHead(302, { location: url.toString(), 'content-length': 0, 'cache-control': 'no-store' });
  res.end();
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_FORM) return undefined;
    chunks.push(c);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const notWaiting = (res: ServerResponse) =>
  page(res, 400, 'Sign-in link not valid', '<h1>This sign-in link is not valid</h1><p>The authentication it belongs to has ended, was answered, or never existed.</p>');

export async function handleSignIn(engine: Engine, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const route = path.slice(SIGN_IN_PATH.length);
  if (req.method === 'GET' && route === AUTHORIZE) {
    const q = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const state = q.get('state') ?? '';
    const session = state ? await engine.run((w) => signInSession(w, state)) : undefined;
    // as Cognito checks: the client and the redirect it was asked for
    if (!session || q.get('client_id') !== session.AppClientId || q.get('redirect_uri') !== session.RedirectUri || q.get('response_type') !== 'code') return notWaiting(res);
    return form(res, state);
  }
  if (req.method === 'POST' && route === LOGIN) {
    const f = await readForm(req);
    const state = f?.get('state') ?? '';
    const found = f && state ? await engine.run((w) => signInSession(w, state)) : undefined;
    if (!f || !found) return notWaiting(res);
    const to = found.RedirectUri!;
    if (f.get('action') === 'cancel') return redirect(res, to, { error: 'access_denied', error_description: 'The user cancelled the sign-in', state });
    const user = engine.settings.authUsers.find((u) => u.username === f.get('username') && u.password === f.get('password'));
    if (!user) return form(res, state, 'Incorrect username or password.');
    const code = await engine.run((w) => issueCode(w, state, user));
    return redirect(res, to, { code, state });
  }
  req.resume();
  page(res, 404, 'Not found', '<h1>Not found</h1>');
}
