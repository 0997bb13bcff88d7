// The library view with thousands of articles, in headless Chromium against a
// real `quire serve`: the list renders only the rows near the viewport, the
// scrollbar spans the whole library, scrolling to the very end reaches the
// oldest article, and the site filter narrows it. The library is made by
// quire-core's fill_library example (built by `cargo test`); QUIRE_FILL
// overrides its path, SCALE_COUNT the size. bench/library-scroll.mjs measures
// the same view at 100,000.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startQuireServe, uiDir } from './quire-serve.mjs';

const COUNT = Number(process.env.SCALE_COUNT ?? 3000);
const fill = resolve(uiDir, process.env.QUIRE_FILL ?? '../target/debug/examples/fill_library');

let tmp;
let server;
let browser;
let page;

before(async () => {
  assert.ok(existsSync(fill), `${fill} exists (cargo build -p quire-core --example fill_library)`);
  tmp = await mkdtemp(join(tmpdir(), 'quire-scale-'));
  const library = join(tmp, 'lib.sqlite');
  execFileSync(fill, [library, String(COUNT)], { stdio: 'ignore' });
  server = await startQuireServe(library);
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  page.setDefaultTimeout(15_000);
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const rendered = () => page.locator('article.row').count();

describe(`the library with ${COUNT} articles`, () => {
  test('renders a screenful of rows, not the library, and says how many there are', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('article.row').first().waitFor();
    assert.equal(await page.locator('.count').innerText(), `${COUNT.toLocaleString('en-US')} articles`);
    const rows = await rendered();
    assert.ok(rows >= 5 && rows <= 40, `only the rows near the viewport are in the DOM (${rows})`);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height > COUNT * 50, `the page is as tall as the whole library (${height}px), so the scrollbar tells its size`);
  });

  test('jumping to the end loads only the rows there and shows the oldest article', async () => {
    const oldest = (await server.api('GET', `/api/articles?sort=saved&limit=1&offset=${COUNT - 1}`)).body[0];
    for (let i = 0; i < 20; i++) {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      if (await page.locator('article.row', { hasText: oldest.title }).count()) break;
      await page.waitForTimeout(250);
    }
    await page.locator('article.row', { hasText: oldest.title }).waitFor();
    const rows = await rendered();
    assert.ok(rows <= 40, `still only a screenful rendered at the end (${rows})`);
    const loaded = Number(await page.locator('.virtual').getAttribute('data-rows'));
    assert.ok(loaded < COUNT / 2, `the rows in between were not loaded to get there (${loaded} loaded from the top)`);
  });

  test('j walks down from the top and the selected row stays in view', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    for (let i = 0; i < 30; i++) await page.keyboard.press('j');
    const selected = page.locator('article.row.selected');
    await selected.waitFor();
    assert.ok(await selected.isVisible(), 'the 30th row is rendered and visible');
    const box = await selected.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 800 + 1, `it is inside the viewport (${JSON.stringify(box)})`);
  });

  test('the site filter lists sites with counts and narrows the list', async () => {
    const sites = (await server.api('GET', '/api/sites')).body;
    assert.ok(sites.length >= 2, 'the generated library has several sites');
    const [first] = sites;
    await page.locator('#site-filter').selectOption(first.name);
    await page.locator('.count', { hasText: `${first.count.toLocaleString('en-US')} articles` }).waitFor();
    const shown = await page.locator('article.row .site').allInnerTexts();
    assert.ok(shown.length > 0 && shown.every((s) => s.toLowerCase() === first.name.toLowerCase()), `only ${first.name}: ${shown}`);
    await page.locator('#site-filter').selectOption('');
    await page.locator('.count', { hasText: `${COUNT.toLocaleString('en-US')} articles` }).waitFor();
  });
});
