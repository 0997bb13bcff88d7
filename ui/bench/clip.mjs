// Measurement (not a test: it prints figures): how long a browser clip takes,
// from the extension's request to the article stored with its photos. The
// extension runs in Debian's Chromium against a real `quire serve` on a
// temporary library; each clip is a different page (so nothing is merged or
// deduplicated) of a typical article with five photos (800×533 PNGs, ~0.7 MB
// each) whose bytes the browser sends.
//
//   cargo build --bin quire && node ui/bench/clip.mjs      (RUNS=30 by default)
//
// Figures: capture in the page (lazy images resolved, photo bytes read from
// the browser's cache), request → article committed (the POST's answer), and
// request → every photo stored (polled every 10 ms), each as p50 and p95.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launchWithExtension } from '../tests/extension-browser.mjs';
import { startSite } from '../tests/extension-site.mjs';
import { quireBin, startQuireServe } from '../tests/quire-serve.mjs';

const runs = Number(process.env.RUNS ?? 30);
const PHOTOS_PER_PAGE = 5;

const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (x) => `${Math.round(x)} ms`.padStart(8);

const tmp = await mkdtemp(join(tmpdir(), 'quire-clip-bench-'));
const library = join(tmp, 'lib.sqlite');
const server = await startQuireServe(library);
const site = await startSite();
const browser = await launchWithExtension();
try {
  const { stdout } = await promisify(execFile)(quireBin, ['token', 'create', '--name', 'bench', '--library', library]);
  await browser.inWorker((v) => chrome.storage.local.set(v), { port: Number(new URL(server.url).port), token: stdout.trim() });
  const page = await browser.context.newPage();

  const capture = [];
  const committed = [];
  const stored = [];
  // One warm-up clip, not counted: the first run pays for Chromium's and SQLite's cold caches.
  for (let i = -1; i < runs; i++) {
    const url = `${site.base}/article?n=${i + 1}&foreign=0`;
    await page.goto(url, { waitUntil: 'load' });
    const tabId = await browser.inWorker(async (u) => (await chrome.tabs.query({ url: u }))[0].id, url);
    const outcome = await browser.inWorker((id) => self.quireClipTab(id), tabId);
    if (outcome.status !== 'saved' || outcome.photosSent !== PHOTOS_PER_PAGE) {
      throw new Error(`clip ${i} did not save with ${PHOTOS_PER_PAGE} photos: ${JSON.stringify(outcome)}`);
    }
    const { requestStartedAt, captureMs, requestMs } = outcome.timings;
    // Stored means every <img> of the body is served from the library.
    for (;;) {
      const { body } = await server.api('GET', `/api/articles/${outcome.articleId}`);
      const done = [...body.content_html.matchAll(/<img[^>]*\ssrc="\/photos\/[0-9a-f]{64}"/g)].length;
      if (done >= PHOTOS_PER_PAGE) break;
      if (Date.now() - requestStartedAt > 60_000) throw new Error(`clip ${i}: photos not stored after 60 s`);
      await new Promise((ok) => setTimeout(ok, 10));
    }
    const allStored = Date.now() - requestStartedAt;
    if (i < 0) continue;
    capture.push(captureMs);
    committed.push(requestMs);
    stored.push(allStored);
  }

  const appFetches = site.requests.filter((r) => r.fromApp).length;
  console.log(`Browser clip of a typical article (${PHOTOS_PER_PAGE} photos sent by the extension), ${runs} clips:`);
  console.log(`                                       p50       p95`);
  console.log(`  capture in the page              ${ms(percentile(capture, 50))}  ${ms(percentile(capture, 95))}`);
  console.log(`  request → article committed     ${ms(percentile(committed, 50))}  ${ms(percentile(committed, 95))}`);
  console.log(`  request → stored with photos    ${ms(percentile(stored, 50))}  ${ms(percentile(stored, 95))}`);
  console.log(`  photos the app fetched itself: ${appFetches}`);
} finally {
  await browser.close();
  site.close();
  server.stop();
  await rm(tmp, { recursive: true, force: true });
}
