// The same extension in Firefox (Debian's firefox-esr), driven over WebDriver
// BiDi, which Firefox speaks natively: `webExtension.install` loads the
// unpacked folder as a temporary add-on, the options page it opens on install
// is an extension context where `browser.*` and the background page
// (`quireClipTab`) are reachable, and a second tab shows the fixture article.
// Checks that the one manifest works here (event page from
// `background.scripts`, host permissions granted) and that a clip stores the
// article with its photos. Skipped when Firefox is not installed
// (`apt-get install firefox-esr`; FIREFOX overrides the path).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extensionDir } from './extension-browser.mjs';
import { ARTICLE_TITLE, PHOTOS, startSite } from './extension-site.mjs';
import { startQuireServe } from './quire-serve.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const ADDON_ID = 'clipper@quire.local';
/** Fixed through a pref, so the test knows the moz-extension:// address. */
const ADDON_UUID = '5c0a7e1e-9d1b-4c4e-8f00-00000000c11b';
// Node 22 has WebSocket built in; on Node 20 Playwright's bundled `ws` (same interface) stands in.
const WebSocketClass = globalThis.WebSocket ?? createRequire(import.meta.url)('playwright-core/lib/utilsBundle').ws;

/** A minimal WebDriver BiDi client: `send(method, params)` resolves to the result or throws the error. */
async function connectBidi(url) {
  const socket = new WebSocketClass(url);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`cannot connect to ${url}`));
  });
  let lastId = 0;
  const waiting = new Map();
  socket.onmessage = (event) => {
    const message = JSON.parse(typeof event.data === 'string' ? event.data : event.data.toString());
    const answer = waiting.get(message.id);
    if (!answer) return;
    waiting.delete(message.id);
    if (message.type === 'error') answer.reject(new Error(`${message.error}: ${message.message}`));
    else answer.resolve(message.result);
  };
  return {
    send(method, params = {}) {
      const id = ++lastId;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    },
    close: () => socket.close(),
  };
}

let tmp;
let server;
let site;
let firefox;
let bidi;
/** The browsing context of the extension's options page, where extension code is evaluated. */
let extensionContext;

/** Runs an async expression in the options page (an extension page) and returns its JSON result. */
async function inExtension(expression) {
  const result = await bidi.send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (${expression})))()`,
    target: { context: extensionContext },
    awaitPromise: true,
  });
  if (result.type === 'exception') throw new Error(`in the extension: ${result.exceptionDetails.text}`);
  return JSON.parse(result.result.value);
}

const skip = existsSync(FIREFOX) ? false : `no Firefox at ${FIREFOX} (apt-get install firefox-esr)`;

describe('Quire Clipper in Firefox', { skip }, () => {
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'quire-extension-firefox-'));
    server = await startQuireServe(join(tmp, 'lib.sqlite'));
    site = await startSite();
    const profile = join(tmp, 'profile');
    await mkdir(profile);
    await writeFile(
      join(profile, 'user.js'),
      `user_pref("extensions.webextensions.uuids", ${JSON.stringify(JSON.stringify({ [ADDON_ID]: ADDON_UUID }))});\n`,
    );
    firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const address = await new Promise((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`Firefox did not start BiDi within 30 s: ${seen}`)), 30_000);
      firefox.stderr.on('data', (chunk) => {
        seen += chunk;
        const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    bidi = await connectBidi(`${address}/session`);
    await bidi.send('session.new', { capabilities: {} });
    const installed = await bidi.send('webExtension.install', { extensionData: { type: 'path', path: extensionDir } });
    assert.equal(installed.extension, ADDON_ID, 'the manifest’s gecko id is the add-on’s id');
    // On install the extension opens its options page (to pair); find its tab.
    const end = Date.now() + 15_000;
    while (!extensionContext && Date.now() < end) {
      const { contexts } = await bidi.send('browsingContext.getTree', {});
      extensionContext = contexts.find((c) => c.url.startsWith(`moz-extension://${ADDON_UUID}/options/`))?.context;
      if (!extensionContext) await new Promise((ok) => setTimeout(ok, 200));
    }
    assert.ok(extensionContext, 'the options page opened on install');
  });

  after(async () => {
    bidi?.close();
    firefox?.kill();
    site?.close();
    server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test('the one manifest runs here: background page with the clip functions, loopback access granted', async () => {
    const state = await inExtension(`(async () => {
      const background = await browser.runtime.getBackgroundPage();
      return { clip: typeof background.quireClipTab, permissions: await browser.permissions.getAll() };
    })()`);
    assert.equal(state.clip, 'function', 'background.scripts ran as the event page');
    assert.deepEqual(state.permissions.origins, ['http://127.0.0.1/*', 'http://localhost/*']);
  });

  test('a clipped page is stored with its photos, the app fetching only what the browser did not send', async (t) => {
    const port = Number(new URL(server.url).port);
    const url = `${site.base}/article`;
    const { context: tab } = await bidi.send('browsingContext.create', { type: 'tab' });
    await bidi.send('browsingContext.navigate', { context: tab, url, wait: 'complete' });
    const outcome = await inExtension(`(async () => {
      await browser.storage.local.set({ port: ${port}, token: ${JSON.stringify(server.token)} });
      // (Firefox's match patterns cannot carry a port, so the tab is found by its exact address.)
      const tab = (await browser.tabs.query({})).find((t) => t.url === ${JSON.stringify(url)});
      const background = await browser.runtime.getBackgroundPage();
      const outcome = await background.quireClipTab(tab.id);
      return { ...outcome, badge: await browser.action.getBadgeText({ tabId: tab.id }) };
    })()`);
    assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
    assert.equal(outcome.badge, '✓', 'the badge says saved');
    const total = Object.keys(PHOTOS).length;
    assert.ok(outcome.photosSent >= 5, `the same-origin photos are sent (${outcome.photosSent})`);
    assert.equal(outcome.photosSent + outcome.photosSkipped, total, 'every photo is either sent or left to the app');
    t.diagnostic(`photos sent by Firefox: ${outcome.photosSent}, left to the app: ${outcome.photosSkipped}`);

    const end = Date.now() + 30_000;
    let article;
    for (;;) {
      article = (await server.api('GET', `/api/articles/${outcome.articleId}`)).body;
      const stored = [...article.content_html.matchAll(/<img[^>]*\ssrc="\/photos\/[0-9a-f]{64}"/g)].length;
      if (stored === total) break;
      assert.ok(Date.now() < end, `all ${total} photos are stored (now ${stored})`);
      await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.equal(article.title, ARTICLE_TITLE);
    assert.match(article.content_html, /ox gall and carrageen moss/);
    const byApp = site.requests.filter((r) => r.fromApp && r.path.startsWith('/photos/')).length;
    assert.equal(byApp, outcome.photosSkipped, 'the app downloaded exactly the photos the browser did not send');
  });
});
