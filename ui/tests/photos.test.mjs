// Photos in the real UI (issue 5), headless Chromium against `quire serve`:
// a photo that failed shows a placeholder (reason, caption kept, Retry) and
// Retry brings it in once the loopback "web" serves it; an image posted to
// `POST /api/photos` or chosen in the add bar becomes a photo item with its
// thumbnail and badge. Screenshots land in ui/test-results/.

import { createServer } from 'node:http';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startQuireServe, uiDir } from './quire-serve.mjs';

const results = join(uiDir, 'test-results');

/** A real JPEG made by ImageMagick (a gradient, `width`×`height`). */
function jpeg(width, height, colours = 'steelblue-wheat') {
  return execFileSync('convert', ['-size', `${width}x${height}`, `gradient:${colours}`, '-quality', '85', 'jpeg:-']);
}

let server;
let api;
let base;
let tmp;
let browser;
let page;
/** The loopback "web": a page with one photo that answers 503 until `serving`. */
let web;
let webBase;
let serving = false;
const photo = jpeg(800, 600);
const pageErrors = [];

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'quire-photos-'));
  await mkdir(results, { recursive: true });
  web = createServer((req, res) => {
    if (req.url === '/story') {
      const prose = '<p>The harbour at dawn, before the boats go out, is the quietest place in town, and the gulls know it well.</p>'.repeat(6);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Harbour at dawn</title></head><body><article><h1>Harbour at dawn</h1>${prose}<figure><img src="${webBase}/harbour.jpg" width="800" height="600" alt="The harbour"><figcaption>Boats at rest in the harbour.</figcaption></figure>${prose}</article></body></html>`);
    } else if (req.url === '/harbour.jpg' && serving) {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(photo);
    } else {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('busy');
    }
  });
  web.listen(0, '127.0.0.1');
  await once(web, 'listening');
  webBase = `http://127.0.0.1:${web.address().port}`;
  server = await startQuireServe(join(tmp, 'library.sqlite'));
  ({ api } = server);
  base = server.url;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

after(async () => {
  await browser?.close();
  server?.stop();
  web?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('photos in the reader and the library', () => {
  test('a failed photo is a placeholder with its caption, and Retry brings it in', async () => {
    const added = await api('POST', '/api/articles', { url: `${webBase}/story`, html: null, file_name: null });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const detail = await api('GET', `/api/articles/${added.body.id}`);
    assert.equal(detail.body.photos.length, 1);
    assert.equal(detail.body.photos[0].status, 'failed');
    assert.doesNotMatch(detail.body.content_html, new RegExp(webBase), 'the reader HTML never points at the web');

    await page.goto(`${base}/#/a/${added.body.id}`);
    const placeholder = page.locator('.prose .photo-missing');
    await placeholder.waitFor();
    assert.match(
      (await placeholder.locator('.photo-missing-reason').getAttribute('data-text')) ?? '',
      /could not be saved: the server answered 503/,
    );
    assert.equal(
      await page.locator('.prose').evaluate((el) => el.textContent.includes('could not be saved')),
      false,
      'the placeholder adds no text to the body highlights are anchored in',
    );
    assert.equal(await page.locator('.prose figcaption').innerText(), 'Boats at rest in the harbour.');
    assert.equal(await page.locator('.prose img').count(), 0, 'no broken image is left');
    assert.equal(await placeholder.evaluate((el) => el.hasAttribute('style')), false, 'no inline style (strict CSP)');
    await page.screenshot({ path: join(results, 'photo-placeholder.png') });

    serving = true;
    await placeholder.getByRole('button', { name: 'Retry' }).click();
    const img = page.locator('.prose figure img');
    await img.waitFor();
    assert.match(await img.getAttribute('src'), /^\/photos\/[0-9a-f]{64}$/);
    await page.waitForFunction(() => document.querySelector('.prose figure img')?.naturalWidth > 0);
    assert.equal(await page.locator('.prose .photo-missing').count(), 0);
    assert.equal(await page.locator('.prose figcaption').innerText(), 'Boats at rest in the harbour.');
    await page.screenshot({ path: join(results, 'photo-retried.png') });
  });

  test('an image posted to /api/photos is a photo item with a thumbnail and a badge', async () => {
    const refused = await api('POST', '/api/photos', new TextEncoder().encode('not an image'), 'text/plain');
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'invalid_input');
    const junk = await api('POST', '/api/photos', new TextEncoder().encode('<html>oops</html>'), 'image/jpeg');
    assert.equal(junk.status, 400, 'an HTML page sent as image/jpeg is refused');

    const added = await api('POST', '/api/photos?caption=Gulls%20over%20the%20pier&date=2026-06-01', jpeg(1200, 800, 'gray-white'), 'image/jpeg');
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.kind, 'photo');
    assert.equal(added.body.title, 'Gulls over the pier');
    assert.equal(added.body.published, '2026-06-01');
    assert.match(added.body.photo, /^[0-9a-f]{64}$/);

    await page.goto(`${base}/#/`);
    const row = page.locator(`article.row[data-id="${added.body.id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('.badge.photo').innerText(), 'Photo');
    await page.waitForFunction((id) => document.querySelector(`article.row[data-id="${id}"] img.thumb`)?.naturalWidth > 0, added.body.id);
    assert.ok((await row.locator('img.thumb').evaluate((img) => img.naturalWidth)) <= 400, 'the list loads the thumbnail');
    await page.screenshot({ path: join(results, 'photo-item-row.png') });

    await page.goto(`${base}/#/a/${added.body.id}`);
    await page.waitForFunction(() => document.querySelector('.prose figure img')?.naturalWidth > 0);
    assert.equal(await page.locator('.prose figcaption').innerText(), 'Gulls over the pier');
  });

  test('an image file chosen in the add bar is saved as a photo item', async () => {
    await page.goto(`${base}/#/`);
    await page.locator('.add input[type="file"]').setInputFiles({ name: 'dunes.jpg', mimeType: 'image/jpeg', buffer: jpeg(900, 600, 'khaki-sienna') });
    await page.locator('article.row', { hasText: 'dunes' }).waitFor();
    const list = await api('GET', '/api/articles');
    const dunes = list.body.find((a) => a.title === 'dunes');
    assert.equal(dunes?.kind, 'photo', JSON.stringify(list.body.map((a) => [a.title, a.kind])));
    assert.deepEqual(pageErrors, [], 'no errors or CSP violations in the page');
  });
});
