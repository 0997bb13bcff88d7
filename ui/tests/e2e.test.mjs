// End-to-end: the real web UI (ui/dist) in headless Chromium against a real
// `quire serve` on a temporary library. Run with `npm run test:e2e` from ui/
// (builds first); QUIRE_BIN overrides the CLI path (default ../target/debug/quire).
// Screenshots land in ui/test-results/ — look at them.

import { createServer } from 'node:http';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium, startQuireServe, uiDir } from './quire-serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const results = join(uiDir, 'test-results');

const CRAFT_TITLE = 'The quiet craft of the quire';
const MARBLED_TITLE = 'A note on marbled endpapers';
const HEADBANDS_TITLE = 'Why books have headbands';
const PHOTO_TITLE = 'A bindery in pictures';

/** Polls `read` until it returns `expected` (the UI updates asynchronously), then asserts. */
async function eventually(read, expected, message, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  let actual = await read();
  while (actual !== expected && Date.now() < end) {
    await new Promise((ok) => setTimeout(ok, 100));
    actual = await read();
  }
  assert.equal(actual, expected, message);
}

/** The running `quire serve` (see quire-serve.mjs). */
let server;
/** Calls its HTTP API. */
let api;
/** @type {string} */
let base;
/** @type {string} */
let tmp;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').BrowserContext} */
let context;
/** @type {import('playwright-core').Page} */
let page;
/** @type {string} */
let craftId;
/** A stand-in for the web: serves a fixture slowly (so the "Saving…" state is visible) and a non-HTML file. */
let site;
/** @type {string} */
let siteBase;
/** Messages the page logged as errors; CSP violations show up here. */
const pageErrors = [];

async function shot(name) {
  await page.screenshot({ path: join(results, `${name}.png`), fullPage: false });
}

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-e2e-'));
  server = await startQuireServe(join(tmp, 'lib.sqlite'));
  base = server.url;
  api = server.api;
  const headbands = await readFile(join(fixtures, 'headbands.html'));
  const photo = await readFile(join(uiDir, '../icons/icon.png'));
  const withPhoto = await readFile(join(fixtures, 'with-photo.html'), 'utf8');
  site = createServer((request, response) => {
    if (request.url === '/headbands') {
      setTimeout(() => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(headbands), 1200);
    } else if (request.url === '/with-photo') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(withPhoto.replaceAll('{{SITE}}', siteBase));
    } else if (request.url === '/photo.png') {
      response.writeHead(200, { 'content-type': 'image/png' }).end(photo);
    } else if (request.url === '/data.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"not": "a page"}');
    } else {
      response.writeHead(404).end();
    }
  });
  site.listen(0, '127.0.0.1');
  await once(site, 'listening');
  siteBase = `http://127.0.0.1:${site.address().port}`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1200, height: 800 }, colorScheme: 'light' });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

after(async () => {
  site?.close();
  await browser?.close();
  server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('Quire web UI against quire serve', () => {
  test('an empty library tells a newcomer what to do', async () => {
    await page.goto(base + '/');
    await page.getByRole('heading', { name: 'Your library is empty' }).waitFor();
    assert.ok(await page.getByText('Paste a link').first().isVisible(), 'the empty state names the first step');
    await shot('01-empty-library');
  });

  test('an article POSTed to the API shows up in the library', async () => {
    const html = await readFile(join(fixtures, 'quire-craft.html'), 'utf8');
    const added = await api('POST', '/api/articles', { url: null, html, file_name: 'quire-craft.html' });
    assert.equal(added.status, 201, `POST /api/articles answers 201 (got ${JSON.stringify(added.body)})`);
    assert.equal(added.body.title, CRAFT_TITLE);
    craftId = added.body.id;

    await page.reload();
    const row = page.locator('article.row', { hasText: CRAFT_TITLE });
    await row.waitFor();
    assert.ok(await row.getByText('Fieldnotes on Making').isVisible(), 'the row names the site');
    assert.ok(await row.getByText('Maren Holt').isVisible(), 'the row names the author');
    assert.ok(await row.getByText(/min read/).isVisible(), 'the row gives the reading time');
    await shot('02-library-one-article');
  });

  test('a file chosen in the UI is saved, with the library updating', async () => {
    await page.locator('.add input[type="file"]').setInputFiles(join(fixtures, 'marbled-endpapers.html'));
    await page.locator('article.row', { hasText: MARBLED_TITLE }).waitFor();
    assert.ok(await page.locator('article.row', { hasText: CRAFT_TITLE }).isVisible(), 'the first one is still listed');
  });

  test('a link pasted anywhere is saved, with progress shown while it downloads', async () => {
    const url = `${siteBase}/headbands`;
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    // A real paste event, as Ctrl+V outside any text field produces.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, url);
    await page.locator('.saves .status', { hasText: 'Saving' }).waitFor();
    await shot('02b-saving');
    await page.locator('article.row', { hasText: HEADBANDS_TITLE }).waitFor();
    assert.equal(await page.locator('.saves .status').count(), 0, 'the progress line goes away once saved');
  });

  test('HTML pasted from a web page is saved as an article', async () => {
    const title = 'The care of vellum';
    const para = (n) =>
      `<p>Paragraph ${n} on vellum: it is skin, not paper, and it moves with the weather, so a binder keeps it flat under boards and weights while it settles into the shape of the book.</p>`;
    const html = `<h1>${title}</h1>${[1, 2, 3, 4].map(para).join('')}`;
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'The care of vellum …');
      data.setData('text/html', html);
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
    }, html);
    const row = page.locator('article.row', { hasText: title });
    await row.waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
  });

  test('failed saves explain themselves by error code', async () => {
    await page.locator('#add-url').fill(`${siteBase}/data.json`);
    await page.locator('#add-url').press('Enter');
    await page.locator('.saves [data-code="not_html"]').waitFor();

    await page.locator('#add-url').fill('http://127.0.0.1:9/nothing-listens-here');
    await page.locator('#add-url').press('Enter');
    const failed = page.locator('.saves [data-code="fetch_failed"]');
    await failed.waitFor();
    assert.match(await failed.innerText(), /could not download/, 'fetch_failed gets its own words');
    await shot('02c-save-errors');
    for (let i = await page.locator('.saves .status').count(); i > 0; i--) {
      await page.locator('.saves').getByRole('button', { name: 'Dismiss' }).first().click();
    }
    assert.equal(await page.locator('.saves .status').count(), 0, 'errors can be dismissed');
  });

  test('dropping files saves the HTML ones and refuses the rest', async () => {
    await page.evaluate(() => {
      const data = new DataTransfer();
      const html =
        '<!doctype html><html><head><title>Dropped pages keep their words</title></head><body><article>' +
        '<h1>Dropped pages keep their words</h1>' +
        '<p>A page saved from the browser and dropped on the window is read from disk, sent as HTML, and kept like any other article in the library.</p>'.repeat(4) +
        '</article></body></html>';
      data.items.add(new File([html], 'dropped.html', { type: 'text/html' }));
      data.items.add(new File(['just some notes'], 'notes.txt', { type: 'text/plain' }));
      const target = document.querySelector('.library');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target?.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    });
    await page.locator('article.row', { hasText: 'Dropped pages keep their words' }).waitFor();
    await page.locator('.saves [data-code="not_html"]', { hasText: 'notes.txt' }).waitFor();
    assert.equal(await page.locator('.drop').count(), 0, 'the drop overlay is gone after the drop');
    await page.locator('.saves').getByRole('button', { name: 'Dismiss' }).click();
  });

  test('a link that is not a URL is refused with a message chosen by code', async () => {
    await page.locator('#add-url').fill('not a link at all');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'not a web address' }).waitFor();
    await page.locator('#add-url').fill('');
    await page.locator('#add-url').blur();
  });

  test('search-as-you-type finds the article and marks the match', async () => {
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'search', '/ focuses search');
    await page.keyboard.type('kettle stitch');
    const hit = page.locator('.hit', { hasText: CRAFT_TITLE });
    await hit.waitFor();
    assert.ok((await hit.locator('mark').count()) > 0, 'the snippet marks the matched words');
    assert.equal(await page.locator('.hit', { hasText: MARBLED_TITLE }).count(), 0, 'the other article does not match');
    await shot('03-search');
  });

  test('the reader opens the article from search', async () => {
    await page.locator('.hit', { hasText: CRAFT_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: CRAFT_TITLE }).waitFor();
    const prose = page.locator('.prose');
    assert.match(await prose.innerText(), /kettle stitch/, 'the body is rendered');
    assert.equal(await prose.locator('script').count(), 0, 'no script survives sanitising');
    assert.ok(await page.getByText('By Maren Holt', { exact: true }).isVisible(), 'the byline is shown');
    await shot('04-reader');

    const favourite = async () => (await api('GET', `/api/articles/${craftId}`)).body.favourite;
    await page.keyboard.press('f');
    await eventually(favourite, true, 'f favourites the article');
    await page.keyboard.press('f');
    await eventually(favourite, false, 'f again takes it back');
  });

  test('reader settings persist across a reload', async () => {
    await page.getByRole('button', { name: 'Reading settings' }).click();
    await page.locator('[data-theme-choice="sepia"]').click();
    await page.getByRole('button', { name: 'Sans', exact: true }).click();
    await page.getByRole('button', { name: 'Larger text' }).click();
    await shot('05-reader-settings');
    await page.keyboard.press('Escape');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: CRAFT_TITLE }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'sepia', 'theme survives reload');
    assert.equal(await page.locator('.reader').getAttribute('data-typeface'), 'sans', 'typeface survives reload');
    assert.equal(await page.locator('.reader').getAttribute('data-size'), '4', 'size survives reload');
    await shot('06-reader-sepia-after-reload');
  });

  test('reading progress is saved and restored', async () => {
    await page.setViewportSize({ width: 1200, height: 500 });
    const fraction = 0.6;
    await page.evaluate((f) => {
      const range = document.documentElement.scrollHeight - window.innerHeight;
      window.scrollTo(0, Math.round(range * f));
    }, fraction);
    // Saved after a pause in scrolling.
    let saved = 0;
    for (let i = 0; i < 30 && Math.abs(saved - fraction) > 0.05; i++) {
      await page.waitForTimeout(200);
      saved = (await api('GET', `/api/articles/${craftId}`)).body.progress;
    }
    assert.ok(Math.abs(saved - fraction) <= 0.05, `progress saved near ${fraction} (got ${saved})`);

    await page.goto(base + '/');
    await page.goto(`${base}/#/a/${craftId}`);
    await page.getByRole('heading', { level: 1, name: CRAFT_TITLE }).waitFor();
    await page.waitForTimeout(300);
    const restored = await page.evaluate(
      () => window.scrollY / (document.documentElement.scrollHeight - window.innerHeight),
    );
    assert.ok(Math.abs(restored - fraction) <= 0.05, `scroll restored near ${fraction} (got ${restored})`);
    await shot('07-reader-progress-restored');
    await page.setViewportSize({ width: 1200, height: 800 });
  });

  test('photos are kept in the library and shown from it', async () => {
    // Saving by address fetches the photos before answering.
    const added = await api('POST', '/api/articles', { url: `${siteBase}/with-photo`, html: null, file_name: null });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    await page.goto(`${base}/#/a/${added.body.id}`);
    const img = page.locator('.prose img');
    await img.waitFor();
    assert.match((await img.getAttribute('src')) ?? '', /^\/photos\/[0-9a-f]{64}$/, 'the photo comes from the library');
    await eventually(() => img.evaluate((el) => el.naturalWidth), 512, 'the stored photo loads and decodes');
    await img.scrollIntoViewIfNeeded();
    await shot('07b-reader-photo');
    await page.goto(`${base}/#/`);
    const thumb = page.locator('article.row', { hasText: PHOTO_TITLE }).locator('.thumb img');
    await thumb.waitFor();
    assert.match((await thumb.getAttribute('src')) ?? '', /^\/photos\/[0-9a-f]{64}\?size=thumb$/, 'the row shows the thumbnail');
    await eventually(() => thumb.evaluate((el) => el.naturalWidth > 0 && el.naturalWidth <= 400), true, 'the thumbnail size loads');
    await page.goto(`${base}/#/a/${craftId}`);
    await page.getByRole('heading', { level: 1, name: CRAFT_TITLE }).waitFor();
  });

  test('tags can be added in the reader and filter the library', async () => {
    await page.getByRole('button', { name: 'Add tags' }).click();
    await page.locator('#tag-input').fill('craft, paper');
    await page.locator('#tag-input').press('Enter');
    await page.locator('.head .tag', { hasText: 'paper' }).waitFor();
    const stored = (await api('GET', `/api/articles/${craftId}`)).body.tags;
    assert.deepEqual([...stored].sort(), ['craft', 'paper'], 'set_tags stored both tags');
  });

  test('Esc goes back; archive and delete can be undone', async () => {
    await page.keyboard.press('Escape');
    const row = page.locator('article.row', { hasText: CRAFT_TITLE });
    await row.waitFor();

    await row.getByRole('button', { name: 'Archive' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('article.row', { hasText: CRAFT_TITLE }).waitFor();

    await page.locator('article.row', { hasText: MARBLED_TITLE }).getByRole('button', { name: 'Delete' }).click();
    await page.locator('article.row', { hasText: MARBLED_TITLE }).waitFor({ state: 'detached' });
    await shot('08-undo-toast');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('article.row', { hasText: MARBLED_TITLE }).waitFor();
    const titles = (await api('GET', '/api/articles')).body.map((a) => a.title);
    assert.ok(titles.includes(CRAFT_TITLE) && titles.includes(MARBLED_TITLE), 'both articles are back');
  });

  test('j/k pick a row, Enter opens it, and a tag filters the list', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const selected = page.locator('article.row.selected');
    assert.equal(await selected.count(), 1, 'exactly one row is selected');
    const title = await selected.locator('h2').innerText();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.keyboard.press('Escape');

    await page.locator('#tag-filter').selectOption('paper');
    await eventually(() => page.locator('article.row').count(), 1, 'only the tagged article is listed');
    await page.locator('#tag-filter').selectOption('');

    await page.getByRole('button', { name: 'Everything', exact: true }).click();
    await page.locator('#sort').selectOption('title');
    await page.locator('article.row').first().filter({ hasText: PHOTO_TITLE }).waitFor();
    await page.locator('#sort').selectOption('saved');
  });

  test('the favourites filter and a missing article report by code', async () => {
    const row = page.locator('article.row', { hasText: CRAFT_TITLE });
    await row.getByRole('button', { name: 'Add to favourites' }).click();
    await page.getByRole('button', { name: 'Favourites', exact: true }).click();
    await eventually(() => page.locator('article.row').count(), 1, 'only the favourite is listed');
    assert.ok(await page.locator('article.row', { hasText: CRAFT_TITLE }).isVisible());

    // The dark theme, for a look at the library in it.
    await page.evaluate(() => {
      const key = 'quire.reader-settings.v1';
      const stored = JSON.parse(localStorage.getItem(key) ?? '{}');
      localStorage.setItem(key, JSON.stringify({ ...stored, theme: 'dark' }));
    });
    await page.reload();
    await page.getByRole('button', { name: 'Everything', exact: true }).click();
    await page.locator('article.row', { hasText: MARBLED_TITLE }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await shot('09-library-dark');

    await page.goto(`${base}/#/a/does-not-exist`);
    await page.locator('[data-code="not_found"]').waitFor();
  });

  test('rows can be ticked, Shift-click ticks a range, and bulk tag, delete and undo work', async () => {
    await page.goto(base + '/');
    await page.getByRole('button', { name: 'Everything', exact: true }).click();
    await page.locator('#sort').selectOption('title');
    const rows = page.locator('article.row');
    await eventually(() => rows.count(), 5, 'five articles in the library');
    // The rows re-render when the sort applies; read the titles once they are in title order.
    const byTitle = (await api('GET', '/api/articles?sort=title')).body.map((a) => a.title);
    await eventually(
      async () => JSON.stringify(await rows.locator('h2').allInnerTexts()),
      JSON.stringify(byTitle),
      'the rows are sorted by title',
    );
    const titles = await rows.locator('h2').allInnerTexts();
    await rows.nth(0).locator('input.check').click();
    await rows.nth(2).locator('input.check').click({ modifiers: ['Shift'] });
    await eventually(() => page.locator('article.row.checked').count(), 3, 'Shift-click ticks the rows between');
    for (let i = 0; i < 5; i++) {
      assert.equal(await rows.nth(i).locator('input.check').isChecked(), i < 3, `row ${i}'s box shows whether it is ticked`);
    }
    await page.getByRole('toolbar', { name: 'Selected articles' }).getByText('3 selected').waitFor();

    await page.locator('#bulk-tag').fill('batch');
    await page.locator('#bulk-tag').press('Enter');
    await eventually(() => rows.filter({ has: page.locator('.tag', { hasText: 'batch' }) }).count(), 3, 'all three are tagged');
    const tagged = (await api('GET', '/api/articles?tag=batch')).body.map((a) => a.title).sort();
    assert.deepEqual(tagged, titles.slice(0, 3).sort(), 'the tag is stored on exactly the ticked articles');
    await shot('10-bulk-selection');

    await page.getByRole('toolbar', { name: 'Selected articles' }).getByRole('button', { name: 'Delete' }).click();
    await eventually(() => rows.count(), 2, 'the three ticked articles are gone');
    await page.getByText('Deleted 3 articles').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await eventually(() => rows.count(), 5, 'Undo brings all three back');
    assert.equal(await page.locator('article.row.checked').count(), 0, 'nothing is left ticked');
    await page.locator('#sort').selectOption('saved');
  });

  test('the page logged no errors (CSP included)', () => {
    // The deliberate failures above (400, 404, 502) are logged by Chromium as failed loads and were
    // shown to the user; anything else (a CSP violation, an exception) is a bug.
    const unexpected = pageErrors.filter((text) => !/^Failed to load resource: the server responded with a status of/.test(text));
    assert.deepEqual(unexpected, []);
  });
});
