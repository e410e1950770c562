// Customer authentication in a real browser: headless Chromium (playwright-core driving the
// system's /usr/bin/chromium, which CI installs) opens the URL GetAuthenticationUrl answers,
// signs in or cancels on connect-local's sign-in page, and the browser lands on the app's
// RedirectUri, a small HTTP server here that records the query it receives.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DescribeContactCommand, UpdateParticipantAuthenticationCommand } from '@aws-sdk/client-connect';
import { chromium, type Browser } from 'playwright-core';
import { chatServerPerFile } from './support/chat.js';
import { authChat, authUrl, BRANCH, FAILED, NAME_UPDATED, setUpAuth, SUCCEEDED, systemTexts } from './support/auth.js';

const CHROMIUM = '/usr/bin/chromium';

const t = chatServerPerFile();
let flowId: string;
let browser: Browser;
let app: Server;
let appUrl: string;
/** the queries the RedirectUri received, in order */
const received: URLSearchParams[] = [];

before(async () => {
  // no skipping: without the browser this test fails (CI installs chromium, see .ci/run)
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  app = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/callback') received.push(url.searchParams);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>App</title><h1 id="landed">Back in the app</h1>');
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
});

/** Opens the sign-in URL in a fresh page; fills the form when given identities. */
async function openSignIn(url: URL) {
  const page = await browser.newPage();
  const res = await page.goto(url.toString());
  assert.equal(res?.status(), 200);
  assert.equal(await page.title(), 'Sign in · connect-local');
  return page;
}

describe('customer authentication in Chromium', () => {
  before(async () => {
    flowId = await setUpAuth(t.client, t.instanceId);
  });

  test('signing in sends the browser to the RedirectUri with code and state; the code authenticates the chat', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId, appUrl);
    const page = await openSignIn(url);
    await page.fill('#username', 'customer');
    await page.fill('#password', 'Passw0rd!');
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(appUrl)), page.click('#sign-in')]);
    assert.equal(await page.textContent('#landed'), 'Back in the app');
    const q = received.at(-1)!;
    assert.equal(q.get('state'), url.searchParams.get('state'));
    const code = q.get('code');
    assert.ok(code, 'the RedirectUri got a code');
    await page.close();

    // the app's backend hands it over
    await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: q.get('state')!, Code: code }));
    const renamed = await c.socket.item((i) => i.ContentType === NAME_UPDATED);
    assert.equal(renamed.DisplayName, 'Casey');
    await c.socket.item((i) => i.ContentType === SUCCEEDED);
    await c.socket.item((i) => i.Content === BRANCH.success);
    const { Contact } = await t.client.send(new DescribeContactCommand({ InstanceId: t.instanceId, ContactId: c.ContactId }));
    assert.match(Contact!.CustomerId ?? '', /^[0-9a-f]{32}$/);
    await c.socket.close();
  });

  test('Cancel sends the browser to the RedirectUri with error=access_denied; the Error answer takes the Error branch', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId, appUrl);
    const page = await openSignIn(url);
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(appUrl)), page.click('#cancel')]);
    const q = received.at(-1)!;
    assert.equal(q.get('error'), 'access_denied');
    assert.equal(q.get('state'), url.searchParams.get('state'));
    assert.equal(q.get('code'), null);
    await page.close();
    await t.client.send(new UpdateParticipantAuthenticationCommand({ InstanceId: t.instanceId, State: q.get('state')!, Error: q.get('error')! }));
    await c.socket.item((i) => i.ContentType === FAILED);
    await c.socket.item((i) => i.Content === BRANCH.error);
    assert.deepEqual(await systemTexts(t.pc, c.token), [BRANCH.error]);
    await c.socket.close();
  });

  test('a wrong password keeps the browser on the page with the error; then the right one goes through', async () => {
    const c = await authChat(t, flowId);
    const url = await authUrl(t.pc, c.token, c.sessionId, appUrl);
    const page = await openSignIn(url);
    const before = received.length;
    await page.fill('#username', 'customer');
    await page.fill('#password', 'wrong');
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/_local/auth/login')), page.click('#sign-in')]);
    assert.equal(res.status(), 401);
    await page.waitForLoadState();
    assert.equal(await page.textContent('[role=alert]'), 'Incorrect username or password.');
    assert.ok(!page.url().startsWith(appUrl));
    assert.equal(received.length, before, 'nothing reached the RedirectUri');
    await page.fill('#username', 'customer');
    await page.fill('#password', 'Passw0rd!');
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(appUrl)), page.click('#sign-in')]);
    assert.ok(received.at(-1)!.get('code'));
    await page.close();
    await c.socket.close();
  });
});
