// Measurements of highlights in the reader (issue 6; not a test: it prints
// figures). A long article (~40,000 words) with 1,000 highlights, saved to a
// real `quire serve`; then, in headless Chromium, the time from opening the
// article to every highlight drawn, for both renderers (the CSS Custom
// Highlight API and the `<mark>` fallback) against the time to the text alone, plus the server's answer time for
// the article's annotations (it re-anchors them on the way).
//
// From ui/, after `npx vite build` and `cargo build --bin quire`:
//   node bench/highlights.mjs          (RUNS=5 HIGHLIGHTS=1000 override)

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startQuireServe } from '../tests/quire-serve.mjs';

const runs = Number(process.env.RUNS ?? 5);
const count = Number(process.env.HIGHLIGHTS ?? 1000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;

const WORDS = 'quire folio signature kettle stitch linen thread bone folder spine board paste grain leather press'.split(' ');
function paragraph(i) {
  const words = Array.from({ length: 100 }, (_, j) => WORDS[(i * 7 + j * 3) % WORDS.length]);
  return `<p>Paragraph ${i} 😀: ${words.join(' ')}.</p>`;
}
const html = `<!doctype html><html><head><title>A very long book about binding</title></head><body><article>
<h1>A very long book about binding</h1>${Array.from({ length: 400 }, (_, i) => paragraph(i)).join('\n')}</article></body></html>`;

const tmp = await mkdtemp(join(tmpdir(), 'quire-bench-highlights-'));
const server = await startQuireServe(join(tmp, 'lib.sqlite'));
const browser = await launchChromium();
try {
  const added = await server.api('POST', '/api/articles', { url: 'https://bench.example/long', html, file_name: null });
  if (added.status !== 201) throw new Error(`could not save the article: ${JSON.stringify(added.body)}`);
  const id = added.body.id;

  // Positions come from the reader's own body text, as the UI would send them.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/#/a/${id}`);
  await page.locator('.prose[data-highlight-painter]').waitFor();
  const anchors = await page.evaluate((count) => {
    const text = document.querySelector('.prose').textContent;
    const chars = [...text];
    const out = [];
    const step = Math.floor(chars.length / count);
    for (let i = 0; i < count; i++) {
      const start = i * step + 3;
      const end = start + Math.min(40, step - 6);
      out.push({
        exact: chars.slice(start, end).join(''),
        prefix: chars.slice(Math.max(0, start - 32), start).join(''),
        suffix: chars.slice(end, end + 32).join(''),
        start,
        end,
      });
    }
    return out;
  }, count);
  const colors = ['yellow', 'green', 'blue', 'pink', 'purple'];
  const wordCount = (await server.api('GET', `/api/articles/${id}`)).body.word_count;
  for (const [i, anchor] of anchors.entries()) {
    const made = await server.api('POST', `/api/articles/${id}/highlights`, {
      ...anchor,
      color: colors[i % colors.length],
      note: null,
      tags: [],
    });
    if (made.status !== 201) throw new Error(`highlight ${i}: ${JSON.stringify(made.body)}`);
  }

  const answers = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const got = await server.api('GET', `/api/articles/${id}/annotations`);
    answers.push(performance.now() - started);
    if (got.body.highlights.filter((h) => !h.orphan).length !== count) throw new Error('the server lost highlights');
  }

  const results = {};
  /** Time to the article's text on screen, before any highlight: the baseline. */
  const shown = { 'custom-highlight': [], mark: [] };
  for (const renderer of ['custom-highlight', 'mark']) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      if (renderer === 'mark') await context.addInitScript(() => delete window.Highlight);
      const tab = await context.newPage();
      const started = Date.now();
      await tab.goto(`${server.url}/#/a/${id}`);
      await tab.locator('.prose[data-highlight-painter]').waitFor({ timeout: 60_000 });
      shown[renderer].push(Date.now() - started);
      await tab.waitForFunction(
        ([count, renderer]) => {
          if (renderer === 'mark') return new Set([...document.querySelectorAll('mark.quire-mark')].map((m) => m.dataset.highlight)).size === count;
          return ['yellow', 'green', 'blue', 'pink', 'purple'].reduce((n, c) => n + (CSS.highlights.get(`quire-${c}`)?.size ?? 0), 0) === count;
        },
        [count, renderer],
        { polling: 'raf', timeout: 60_000 },
      );
      times.push(Date.now() - started);
      await context.close();
    }
    results[renderer] = times;
  }

  console.log(`article: ${wordCount} words; ${count} highlights; ${runs} runs each, median`);
  console.log(`GET /api/articles/{id}/annotations (server re-anchors all): ${ms(median(answers))}`);
  const drawing = (renderer) => median(results[renderer].map((total, i) => total - shown[renderer][i]));
  console.log(`open article -> text shown (no highlights yet): ${ms(median(shown['custom-highlight']))}`);
  for (const renderer of ['custom-highlight', 'mark']) {
    console.log(
      `${renderer.padEnd(16)}: open -> all ${count} drawn ${ms(median(results[renderer]))}, of which after the text was shown ${ms(drawing(renderer))}`,
    );
  }
} finally {
  await browser.close();
  server.stop();
  await rm(tmp, { recursive: true, force: true });
}
