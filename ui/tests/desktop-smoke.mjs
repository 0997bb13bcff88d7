// Smoke test of the real desktop app: the built `quire-desktop` driven through
// tauri-driver + WebKitWebDriver, so the Tauri commands (the IPC adapters over
// quire-api) and the embedded UI are exercised together. Plain WebDriver over
// fetch: no client library needed.
//
// Needs: `tauri build --debug --no-bundle` done, `cargo install tauri-driver`,
// an X display. Run from ui/:  npm run test:desktop
// (which wraps this in `xvfb-run -a`). Screenshots go to ui/test-results/.

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { stopDriver } from './stop-driver.mjs';
import { startDesktop, windowHelpers } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const uiDir = resolve(here, '..');
const results = join(uiDir, 'test-results');
const app = resolve(uiDir, process.env.QUIRE_DESKTOP_BIN ?? '../target/debug/quire-desktop');
const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo/bin/tauri-driver');
const TITLE = 'The quiet craft of the quire';

let driver;
let site;
let siteBase;
let tmp;
/** The app's driver and session, filled in by before(). */
const win = { base: '', session: '' };



const { wd, s, invoke, find, waitFor, screenshot } = windowHelpers(win);

/** The window as WebKit last painted it; two animation frames first, so the latest change is in it. */
const shot = (name) => screenshot(join(results, `${name}.png`));

before(async () => {
  await mkdir(results, { recursive: true });
  // A stand-in for the web, so saving by address (which keeps the page's photos) works offline.
  const page = await readFile(join(here, 'fixtures/with-photo.html'), 'utf8');
  const photo = await readFile(join(uiDir, '../icons/icon.png'));
  site = createHttpServer((request, response) => {
    if (request.url === '/with-photo') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(page.replaceAll('{{SITE}}', siteBase));
    } else if (request.url === '/photo.png') {
      response.writeHead(200, { 'content-type': 'image/png' }).end(photo);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((ok) => site.listen(0, '127.0.0.1', ok));
  siteBase = `http://127.0.0.1:${site.address().port}`;
  tmp = await mkdtemp(join(tmpdir(), 'quire-desktop-'));
  ({ driver, base: win.base, session: win.session } = await startDesktop({ driverBin, app, tmp }));
});

after(async () => {
  if (win.session) await wd('DELETE', s('')).catch(() => {});
  await stopDriver(driver);
  site?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('quire-desktop', () => {
  let id;

  test('starts on an empty library and says what to do', async () => {
    await waitFor('.empty');
    await shot('desktop-01-empty');
  });

  test('add_article saves a page and the library shows it', async () => {
    const html = await readFile(join(here, 'fixtures/quire-craft.html'), 'utf8');
    const added = await invoke('add_article', { request: { url: null, html, file_name: 'quire-craft.html' } });
    assert.equal(added.ok?.title, TITLE, `add_article answers the summary (got ${JSON.stringify(added)})`);
    id = added.ok.id;
    await wd('POST', s('/refresh'), {});
    await waitFor('article.row');
    await shot('desktop-02-library');
  });

  test('the reader opens through get_article', async () => {
    const link = await waitFor('article.row h2 a');
    await wd('POST', s(`/element/${link}/click`), {});
    await waitFor('.page .prose p');
    const heading = await find('.page h1');
    assert.equal(await wd('GET', s(`/element/${heading}/text`)), TITLE);
    await shot('desktop-03-reader');
  });

  test('every command answers, and errors cross as {code, message}', async () => {
    const listed = await invoke('list_articles', {
      query: { state: 'unread', favourite: null, tag: null, site: null, sort: 'saved', limit: 10, offset: null },
    });
    assert.deepEqual(listed.ok?.map((a) => a.id), [id]);

    const hits = await invoke('search', { query: { q: 'kettle stitch', limit: null } });
    assert.equal(hits.ok?.[0]?.id, id, 'search finds the article');
    assert.match(hits.ok[0].snippet, /<mark>/);

    const patched = await invoke('update_article', { id, patch: { state: 'archived', favourite: true, progress: 0.5 } });
    assert.equal(patched.ok?.state, 'archived');
    assert.equal(patched.ok?.favourite, true);

    const tagged = await invoke('set_tags', { id, tags: ['craft', 'paper'] });
    assert.deepEqual([...(tagged.ok?.tags ?? [])].sort(), ['craft', 'paper']);
    const tags = await invoke('list_tags');
    assert.deepEqual(tags.ok?.map((t) => t.name).sort(), ['craft', 'paper']);

    assert.deepEqual(await invoke('delete_article', { id }), { ok: null });
    const gone = await invoke('get_article', { id });
    assert.equal(gone.err?.code, 'not_found', `a deleted article is not_found (got ${JSON.stringify(gone)})`);
    assert.equal(typeof gone.err?.message, 'string');
    const restored = await invoke('restore_article', { id });
    assert.equal(restored.ok?.id, id, 'restore_article brings it back');

    const bad = await invoke('add_article', { request: { url: 'not a url', html: null, file_name: null } });
    assert.equal(bad.err?.code, 'invalid_url');
  });

  test('photos are served to the window by the quire: scheme', async () => {
    const added = await invoke('add_article', { request: { url: `${siteBase}/with-photo`, html: null, file_name: null } });
    assert.ok(added.ok, `saved by address (got ${JSON.stringify(added)})`);
    await wd('POST', s('/url'), { url: 'tauri://localhost/#/a/' + encodeURIComponent(added.ok.id) });
    const img = await waitFor('.prose img');
    const src = await wd('GET', s(`/element/${img}/attribute/src`));
    assert.match(src, /^quire:\/\/localhost\/photos\/[0-9a-f]{64}$/, 'the photo is read from the library');
    let width = 0;
    for (let i = 0; i < 50 && width === 0; i++) {
      width = await wd('POST', s('/execute/sync'), { script: 'return document.querySelector(".prose img").naturalWidth', args: [] });
      if (width === 0) await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.equal(width, 512, 'the stored photo loads and decodes in WebKit');
    await wd('POST', s('/execute/sync'), { script: 'document.querySelector(".prose img").scrollIntoView()', args: [] });
    await shot('desktop-04-photo');
  });
});
