// Measurements of the library view at scale in headless Chromium against a
// real `quire serve` (not a test: it prints figures). Time to the first rows,
// rows in the DOM, frame times while scrolling steadily through the list and
// after jumping to its end, and the page's JS heap.
//
//   cargo run -p quire-core --example fill_library -- /tmp/lib100k.sqlite 100000
//   QUIRE_LIBRARY=/tmp/lib100k.sqlite node bench/library-scroll.mjs
//
// QUIRE_BIN picks the CLI (a release build gives the server's real speed).

import { launchChromium, startQuireServe } from '../tests/quire-serve.mjs';

const library = process.env.QUIRE_LIBRARY;
if (!library) throw new Error('set QUIRE_LIBRARY to the library to measure');

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x) => `${x.toFixed(1)} ms`;

const server = await startQuireServe(library);
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
  const started = performance.now();
  await page.goto(`${server.url}/`);
  await page.locator('article.row').first().waitFor({ timeout: 60_000 });
  const firstRows = performance.now() - started;
  const total = await page.locator('.virtual').getAttribute('data-total');

  /** Scrolls by `step` px per frame for `frames` frames; returns the frame intervals. */
  const scroll = (step, frames) =>
    page.evaluate(
      ([step, frames]) =>
        new Promise((done) => {
          const gaps = [];
          let last = performance.now();
          let n = 0;
          const tick = (now) => {
            gaps.push(now - last);
            last = now;
            window.scrollBy(0, step);
            if (++n < frames) requestAnimationFrame(tick);
            else done(gaps.slice(1));
          };
          requestAnimationFrame(tick);
        }),
      [step, frames],
    );

  const steady = await scroll(60, 300);
  const rowsInDom = await page.locator('article.row').count();
  const oldest = (await server.api('GET', `/api/articles?sort=saved&limit=1&offset=${Number(total) - 1}`)).body[0];
  const jumpStart = performance.now();
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const row = page.locator('article.row', { hasText: oldest.title });
  while (!(await row.count()) && performance.now() - jumpStart < 60_000) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(20);
  }
  const jump = performance.now() - jumpStart;
  const atEnd = await scroll(-60, 120);
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);

  console.log(`articles: ${total}`);
  console.log(`first rows on screen: ${ms(firstRows)} (page load to the first row, server included)`);
  console.log(`rows in the DOM: ${rowsInDom}`);
  console.log(`steady scroll, 60 px/frame × 300 frames: frame p50 ${ms(pct(steady, 50))}, p95 ${ms(pct(steady, 95))}, max ${ms(Math.max(...steady))}`);
  console.log(`jump to the end until the oldest article is on screen: ${ms(jump)}`);
  console.log(`scrolling back up at the end: frame p50 ${ms(pct(atEnd, 50))}, p95 ${ms(pct(atEnd, 95))}`);
  console.log(`JS heap: ${(heap / 1048576).toFixed(1)} MiB`);
} finally {
  await browser.close();
  server.stop();
}
