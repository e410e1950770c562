// The console in a real browser: headless Chromium (playwright-core driving /usr/bin/chromium)
// opens /_local/console/ on the real server and uses it the way a person does.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serverPerFile, type TestServer } from './support/server.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = resolve(fileURLToPath(import.meta.url), '../../../test-output/console');
const GREETING = 'Hello, thanks for contacting us. This is an example of what the Amazon Connect virtual contact center can enable you to do.';

let server: TestServer;
serverPerFile((s) => void (server = s), { clock: 'manual' });
let browser: Browser;
let page: Page;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('console page error:', e));
});

after(async () => {
  await browser?.close();
});

/** the raw answer to GET `path` with these headers (no redirects followed) */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(new URL(path, server.url), { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe('the console', () => {
  test('a browser asking for / is sent to /_local/console/; API clients get what they got before', async () => {
    const browserGet = await get('/', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    assert.equal(browserGet.status, 302);
    assert.equal(browserGet.headers.location, '/_local/console/');
    const apiGet = await get('/', { accept: 'application/json' });
    assert.equal(apiGet.status, 404);
    assert.equal(apiGet.headers['x-amzn-errortype'], 'UnknownOperationException');
  });

  test('the console serves only its own files, with their content types', async () => {
    const index = await get('/_local/console/');
    assert.equal(index.status, 200);
    assert.match(String(index.headers['content-type']), /^text\/html/);
    assert.match(index.body, /<script type="module" src="app.js">/);
    const js = await get('/_local/console/app.js');
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    assert.match(String((await get('/_local/console/style.css')).headers['content-type']), /^text\/css/);
    for (const p of ['/_local/console/../src/main.js', '/_local/console/%2e%2e/package.json', '/_local/console/nope.js', '/_local/console/sub/app.js']) {
      assert.equal((await get(p)).status, 404, p);
    }
  });

  test('it opens on the default instance', async () => {
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    assert.equal(new URL(page.url()).pathname, '/_local/console/');
    await page.locator('#instances td.alias', { hasText: 'connect-local' }).waitFor();
    assert.equal(await page.locator('#instance option:checked').textContent(), 'connect-local');
    assert.equal(await page.locator('#clock-mode').textContent(), 'manual');
    await shot('instances');
  });

  test('the queues view lists the default instance’s queues', async () => {
    await page.click('nav a:has-text("Queues")');
    await page.locator('#queues td', { hasText: 'BasicQueue' }).waitFor();
  });

  test('a test chat in the sample inbound flow: the greeting arrives live, a message is sent', async () => {
    await page.click('nav a:has-text("Test chat")');
    const flow = page.locator('#chat-flow option:checked');
    await flow.filter({ hasText: 'Sample inbound flow (first contact experience)' }).waitFor({ state: 'attached' });
    await page.fill('#chat-name', 'Pat');
    await page.click('#chat-start');
    const chat = page.locator('article.chat').first();
    await chat.locator('[data-state="open"]').waitFor();
    await chat.locator('.transcript .message .text', { hasText: GREETING }).waitFor();
    await chat.locator('.chat-input').fill('I would like to talk to someone');
    await chat.locator('.chat-send').click();
    const mine = chat.locator('.transcript .role-customer', { hasText: 'I would like to talk to someone' });
    await mine.waitFor();
    assert.equal(await mine.locator('.who').textContent(), 'Pat');
    await shot('test-chat');
  });

  test('advancing the clock by a minute from the console moves its now by 60 s', async () => {
    const now = page.locator('#clock-now');
    const before = Number(await now.getAttribute('data-now'));
    assert.ok(before > 0);
    await page.click('#advance-60');
    await page.locator(`#clock-now[data-now="${before + 60_000}"]`).waitFor();
    const res = await get('/_local/clock');
    assert.equal((JSON.parse(res.body) as { now: number }).now, before + 60_000);
    await page.fill('#advance-seconds', '90');
    await page.click('#advance-custom');
    await page.locator(`#clock-now[data-now="${before + 150_000}"]`).waitFor();
    await shot('clock');
  });
});
