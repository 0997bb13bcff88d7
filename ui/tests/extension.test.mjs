// The browser extension (extension/) loaded unpacked into Debian's Chromium,
// clipping a fixture article from a loopback site into a real `quire serve`:
// the article is stored with its title, body and photos, the photos' bytes
// come from the browser (the site's request log shows the app never fetched
// them, except the one the browser could not hand over), the page is left as
// it was, and the badge and popup tell the outcome. Also pairing end to end
// (options page → approval in Quire's UI → token stored → clip works), a
// pasted token, and the "not paired" and "revoked" messages.
// Run with `npm run test:extension` (or with the others: `npm run test:e2e`).

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { capturePage } from '../../extension/lib/capture.js';
import { launchWithExtension } from './extension-browser.mjs';
import { ARTICLE_TITLE, PHOTOS, startSite } from './extension-site.mjs';
import { quireBin, startQuireServe, uiDir } from './quire-serve.mjs';

const results = join(uiDir, 'test-results');

let tmp;
let library;
let server;
let site;
let browser;
/** A token made with `quire token create`, as a person pasting one would. */
let cliToken;
/** The tab showing the fixture article, and its id in the extension's terms. */
let articlePage;
let articleTabId;
let articleId;

/** Issues a token from the CLI, which prints only the token. */
async function createToken(name) {
  const { stdout } = await promisify(execFile)(quireBin, ['token', 'create', '--name', name, '--library', library]);
  const token = stdout.trim();
  assert.match(token, /^\S{20,}$/, 'quire token create prints only the token');
  return token;
}

/** The extension's stored settings; `null` removes a key. */
async function setStorage(values) {
  await browser.inWorker(async (v) => {
    const remove = Object.keys(v).filter((k) => v[k] === null);
    await chrome.storage.local.remove(remove);
    await chrome.storage.local.set(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null)));
  }, values);
}

const storedToken = () => browser.inWorker(async () => (await chrome.storage.local.get('token')).token ?? null);
const badge = (tabId) => browser.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
const clipTab = (tabId, options) => browser.inWorker(([id, o]) => self.quireClipTab(id, o), [tabId, options]);

/** Opens `url` in a new tab and returns the page and the extension's id for that tab. */
async function openTab(url) {
  const page = await browser.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await browser.inWorker(async (u) => (await chrome.tabs.query({ url: u }))[0]?.id ?? null, url);
  assert.ok(tabId, `the extension sees the tab for ${url}`);
  return { page, tabId };
}

/** Polls the article until every `<img>` in its body is served from the library, then returns it. */
async function articleWithStoredPhotos(id, expected, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await server.api('GET', `/api/articles/${id}`);
    assert.equal(status, 200, `the clipped article ${id} can be read back`);
    const sources = [...body.content_html.matchAll(/<img[^>]*\ssrc="([^"]*)"/g)].map((m) => m[1]);
    const stored = sources.filter((s) => /^\/photos\/[0-9a-f]{64}$/.test(s));
    if (stored.length >= expected || Date.now() > end) {
      assert.equal(stored.length, expected, `all ${expected} photos are stored (sources now: ${sources.join(', ')})`);
      return { article: body, sources: stored };
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-extension-'));
  library = join(tmp, 'lib.sqlite');
  server = await startQuireServe(library);
  cliToken = await createToken('extension test');
  site = await startSite();
  browser = await launchWithExtension();
  // The app runs on a random port here; the extension tries the port it remembers first.
  await setStorage({ port: Number(new URL(server.url).port), token: cliToken });
});

after(async () => {
  await browser?.close();
  site?.close();
  server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('Quire Clipper in Chromium against quire serve', () => {
  test('the extension loads with its clip functions and context-menu items', async () => {
    const manifest = await browser.inWorker(() => chrome.runtime.getManifest());
    assert.deepEqual(
      [...manifest.permissions].sort(),
      ['activeTab', 'contextMenus', 'scripting', 'storage'],
      'only the permissions the brief allows',
    );
    assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*', 'http://localhost/*'], 'loopback hosts only');
    assert.equal(await browser.inWorker(() => typeof self.quireClipTab), 'function');
    // Installing opens the options page, since nothing can be clipped before pairing.
    assert.ok(browser.optionsOnInstall, 'the options page opened on install');
    await browser.optionsOnInstall.locator('#pairing-status').waitFor();
    await browser.optionsOnInstall.close();
  });

  test('a clipped page is stored with its title, body and photos, sent by the browser', async () => {
    ({ page: articlePage, tabId: articleTabId } = await openTab(`${site.base}/article`));
    const before = await articlePage.evaluate(() => document.documentElement.outerHTML);

    const outcome = await clipTab(articleTabId);
    assert.equal(outcome.status, 'saved', `the first clip saves a new article (${JSON.stringify(outcome)})`);
    assert.equal(outcome.photosSent, 5, 'five photos are on this origin, so the page can read their bytes');
    assert.equal(outcome.photosSkipped, 1, 'the other origin sends no CORS headers, so its photo is left to the app');
    assert.equal(await badge(articleTabId), '✓', 'the badge says saved');
    assert.equal(
      await articlePage.evaluate(() => document.documentElement.outerHTML),
      before,
      'capturing (lazy images resolved, scripts dropped) worked on a copy: the page is unchanged',
    );

    articleId = outcome.articleId;
    const { article } = await articleWithStoredPhotos(articleId, Object.keys(PHOTOS).length);
    assert.equal(article.title, ARTICLE_TITLE, 'the title comes from the page');
    assert.match(article.content_html, /ox gall and carrageen moss/, 'the body has the first paragraph');
    assert.match(article.content_html, /troughs, for now, are filled every morning/, 'the body has the last paragraph');
    assert.doesNotMatch(article.content_html, /Valley Chronicle<\/p>/, 'the footer is not part of the body');
    assert.equal(article.url, `${site.base}/article`);

    for (const [name, { sentByExtension }] of Object.entries(PHOTOS)) {
      const { byApp } = site.photoRequests(name);
      assert.equal(byApp, sentByExtension ? 0 : 1, `the app fetched ${name} ${byApp} times`);
    }
    assert.equal(site.photoRequests('plain').byBrowser, 1, 'the loaded photo came from the browser cache, not again');
    assert.equal(site.photoRequests('lazy').byBrowser, 1, 'the lazy photo (never shown) was fetched once, by the page');
    assert.equal(site.photoRequests('srcset-large').byBrowser, 1, 'the best srcset candidate was taken');

    // The photos are in the library and decode as images.
    for (const src of (await articleWithStoredPhotos(articleId, 6)).sources) {
      const response = await fetch(server.url + src, { headers: { authorization: `Bearer ${cliToken}` } });
      assert.equal(response.status, 200, `${src} is served from the library`);
      assert.match(response.headers.get('content-type') ?? '', /^image\//);
    }
  });

  test('the capture keeps to its limits on photo count, size per photo and total', async () => {
    // The same in-page function the extension injects, with small limits (the photos are ~0.7 MB each).
    const limits = { maxImages: 3, maxImageBytes: 8_000_000, maxTotalBytes: 1_600_000, maxBodyBytes: 46_000_000, deadlineMs: 20_000 };
    const few = await articlePage.evaluate(capturePage, limits);
    assert.equal(few.images.length, 2, 'three photos are tried, and only two fit in 1.6 MB');
    assert.equal(few.skipped, 4, 'the three past the count and the one past the total are left to the app');
    const sent = few.images.reduce((n, i) => n + Buffer.from(i.data_base64, 'base64').length, 0);
    assert.ok(sent <= limits.maxTotalBytes, `${sent} bytes sent, within the total`);

    const none = await articlePage.evaluate(capturePage, { ...limits, maxImages: 40, maxImageBytes: 100_000 });
    assert.equal(none.images.length, 0, 'no photo is under 100 kB, so none is sent');
    assert.equal(none.skipped, 6);

    const tight = await articlePage.evaluate(capturePage, { ...limits, maxImages: 40, maxTotalBytes: 40_000_000, maxBodyBytes: 1_000_000 });
    assert.equal(tight.images.length, 0, 'the JSON body must stay under the app\'s cap, base64 included');
  });

  test('clipping the same page again updates the article', async () => {
    const outcome = await clipTab(articleTabId);
    assert.equal(outcome.status, 'updated', 'the same address updates rather than duplicates');
    assert.equal(outcome.articleId, articleId, 'it is the same article');
    assert.equal(await badge(articleTabId), '↻', 'the badge says updated');
    const list = await server.api('GET', '/api/articles');
    assert.equal(list.body.filter((a) => a.title === ARTICLE_TITLE).length, 1, 'one article, not two');
  });

  test('the popup clips the tab and shows the outcome', async () => {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 200 });
    await popup.goto(`chrome-extension://${browser.id}/popup/popup.html?tab=${articleTabId}`);
    await popup.locator('[data-status="updated"]').waitFor();
    assert.equal(await popup.locator('#status').innerText(), 'Updated in Quire');
    assert.equal(await popup.locator('#title').innerText(), ARTICLE_TITLE);
    assert.match(await popup.locator('#detail').innerText(), /5 photos sent from the browser; Quire fetches the other 1/);
    assert.ok(await popup.locator('#actions').isHidden(), 'no pairing link when paired');
    await popup.screenshot({ path: join(results, 'extension-popup-updated.png') });
    await popup.close();
  });

  test('a selection is clipped as the article when there is one', async () => {
    const { page, tabId } = await openTab(`${site.base}/article?n=1`);
    await page.evaluate(() => {
      const paragraph = [...document.querySelectorAll('article p')][2];
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    const outcome = await clipTab(tabId, { selection: true });
    assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
    const { body } = await server.api('GET', `/api/articles/${outcome.articleId}`);
    assert.match(body.content_html, /feathered patterns/, 'the selected paragraph is the body');
    assert.doesNotMatch(body.content_html, /ox gall/, 'the rest of the page is not');
    await page.close();
  });

  test('one image is clipped as a standalone photo from the bytes the browser had', async () => {
    const src = `${site.base}/photos/plain-0.png`;
    const before = site.photoRequests('plain');
    const outcome = await browser.inWorker(([id, url]) => self.quireClipImage(id, url), [articleTabId, src]);
    assert.equal(outcome.status, 'saved', JSON.stringify(outcome));
    assert.equal(outcome.photosSent, 1);
    const { status, body } = await server.api('GET', `/api/articles/${outcome.articleId}`);
    assert.equal(status, 200, 'the photo item can be read back');
    assert.match(body.content_html, /<img[^>]*src="\/photos\/[0-9a-f]{64}"/, 'the photo is stored in the library');
    assert.match(JSON.stringify(body), /The troughs along the north wall/, 'the caption came from the figure');
    assert.deepEqual(site.photoRequests('plain'), before, 'neither the app nor the browser downloaded it again');
  });

  test('an image the browser cannot hand over is refused with the reason, not sent half-empty', async () => {
    const src = `${site.otherBase}/photos/foreign-0.png`;
    const outcome = await browser.inWorker(([id, url]) => self.quireClipImage(id, url), [articleTabId, src]);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.code, 'image_unavailable', 'another origin without CORS keeps its bytes from the page');
    assert.match(outcome.message, /Clip the page instead/);
    assert.equal(await badge(articleTabId), '!', 'the badge says failed');
  });

  test('not paired: the popup says so and links to the options', async () => {
    await setStorage({ token: null });
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 200 });
    await popup.goto(`chrome-extension://${browser.id}/popup/popup.html?tab=${articleTabId}`);
    await popup.locator('[data-status="failed"]').waitFor();
    assert.equal(await popup.locator('#status').innerText(), 'Not clipped');
    assert.match(await popup.locator('#detail').innerText(), /not paired with Quire/);
    assert.equal(await badge(articleTabId), '!', 'the badge says failed');
    await popup.screenshot({ path: join(results, 'extension-popup-not-paired.png') });
    const optionsOpened = browser.context.waitForEvent('page', (p) => p.url().includes('/options/options.html'));
    await popup.getByRole('link', { name: 'Open Quire Clipper options' }).click();
    const options = await optionsOpened;
    await options.locator('#pairing-status[data-state="missing"]').waitFor();
    await options.close();
    await popup.close();
  });

  test('a revoked token is reported as such, not as a generic failure', async () => {
    const token = await createToken('to be revoked');
    const tokens = await server.api('GET', '/api/tokens');
    const issued = tokens.body.find((t) => t.name === 'to be revoked');
    assert.ok(issued, 'the new token is listed');
    assert.equal((await server.api('DELETE', `/api/tokens/${issued.id}`)).status < 300, true, 'revoking succeeds');
    await setStorage({ token });
    const outcome = await clipTab(articleTabId);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.code, 'unauthorized');
    assert.match(outcome.message, /revoked.*Pair again/);
  });

  test('a pasted token is checked before it is stored', async () => {
    await setStorage({ token: null });
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.id}/options/options.html`);
    await options.locator('#app-status[data-state="ok"]').waitFor();
    await options.locator('#token').fill('not-a-token-quire-issued');
    await options.getByRole('button', { name: 'Save token' }).click();
    await options.locator('#token-status[data-state="error"]').waitFor();
    assert.match(await options.locator('#token-status').innerText(), /does not accept this token/);
    assert.equal(await storedToken(), null, 'a refused token is not stored');

    await options.locator('#token').fill(cliToken);
    await options.getByRole('button', { name: 'Save token' }).click();
    await options.locator('#token-status[data-state="ok"]').waitFor();
    assert.equal(await storedToken(), cliToken);
    await options.locator('#pairing-status[data-state="paired"]').waitFor();
    await options.close();
  });

  test('pairing: the options page shows a code, Quire approves it, the token is stored and clips work', async () => {
    await setStorage({ token: null });
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.id}/options/options.html`);
    await options.locator('#app-status[data-state="ok"]').waitFor();
    await options.getByRole('button', { name: 'Pair with Quire' }).click();
    await options.locator('#pairing-status[data-state="pending"]').waitFor();
    const code = (await options.locator('#pairing-code').innerText()).trim();
    assert.match(code, /^\S{6}$/, 'a six-character code is shown');
    await options.screenshot({ path: join(results, 'extension-options-pairing.png') });

    // Quire's own UI (with its session cookie) approves the pairing that shows the same code.
    const ui = await browser.context.newPage();
    await ui.goto(server.url + '/');
    const approved = await ui.evaluate(async (shown) => {
      const pending = await (await fetch('/api/pairings')).json();
      const pairing = pending.find((p) => p.code === shown);
      if (!pairing) return `no pending pairing with code ${shown}: ${JSON.stringify(pending)}`;
      return (await fetch(`/api/pairings/${pairing.pairing_id}/approve`, { method: 'POST' })).status;
    }, code);
    assert.ok(approved === 200 || approved === 204, `the UI approves the pairing (${approved})`);

    await options.locator('#pairing-status[data-state="paired"]').waitFor();
    const token = await storedToken();
    assert.ok(token && token !== cliToken, 'a new token from the pairing is stored');
    await options.screenshot({ path: join(results, 'extension-options-paired.png') });
    await ui.close();
    await options.close();

    const outcome = await clipTab(articleTabId);
    assert.equal(outcome.status, 'updated', `the paired extension clips (${JSON.stringify(outcome)})`);
  });

  test('pairing: a denied pairing stores nothing and says so', async () => {
    await setStorage({ token: null });
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.id}/options/options.html`);
    await options.locator('#app-status[data-state="ok"]').waitFor();
    await options.getByRole('button', { name: 'Pair with Quire' }).click();
    await options.locator('#pairing-status[data-state="pending"]').waitFor();
    const code = (await options.locator('#pairing-code').innerText()).trim();
    const ui = await browser.context.newPage();
    await ui.goto(server.url + '/');
    const denied = await ui.evaluate(async (shown) => {
      const pairing = (await (await fetch('/api/pairings')).json()).find((p) => p.code === shown);
      return pairing ? (await fetch(`/api/pairings/${pairing.pairing_id}/deny`, { method: 'POST' })).status : 0;
    }, code);
    assert.ok(denied === 200 || denied === 204, `the UI denies the pairing (${denied})`);
    await options.locator('#pairing-status[data-state="denied"]').waitFor();
    assert.equal(await storedToken(), null, 'no token after a denial');
    await ui.close();
    await options.close();
  });
});
