// Security: hostile pages saved into the library and opened in the reader in
// headless Chromium against a real `quire serve`. Two layers are checked:
// the sanitiser (what is stored has no script, handler, frame, form or script
// URL left, and reading it runs nothing and trips no CSP rule), and the CSP
// (the raw payloads put straight into the reader's DOM, as if the sanitiser
// had failed, still run nothing, and each is reported as a CSP violation).
// The same pages are opened in the real desktop window by desktop-xss.mjs.
// Run with `npm run test:e2e` from ui/ (with the other Chromium tests).

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium, startQuireServe, uiDir } from './quire-serve.mjs';
import { CSP_PROBES, PAYLOADS, dangerousMarkup, hostilePage } from './xss-payloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const results = join(uiDir, 'test-results');

let server;
let api;
let base;
let tmp;
let browser;
let page;
const dialogs = [];
const navigations = [];
const popups = [];
/** The payload being read, to name it in failures. */
let current = '';
/** Every article saved here, by title. */
const saved = new Map();

/** Marks left by a payload that ran, read from the page. */
const marks = () =>
  page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    title: document.title,
    violations: window.__violations ?? [],
  }));

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-xss-'));
  server = await startQuireServe(join(tmp, 'lib.sqlite'));
  base = server.url;
  api = server.api;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  context.setDefaultTimeout(10_000);
  // Collects CSP violations from the first moment of every document.
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
    );
  });
  page = await context.newPage();
  context.on('page', (p) => popups.push(`${current}: ${p.url()}`));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('hostile pages in the reader (Chromium, quire serve)', () => {
  test('every hostile page is saved, and what is stored is clean', async () => {
    for (let i = 0; i < PAYLOADS.length; i++) {
      const { title, html } = hostilePage(i);
      const added = await api('POST', '/api/articles', { url: null, html, file_name: null });
      assert.equal(added.status, 201, `${PAYLOADS[i][0]}: saved (${JSON.stringify(added.body)})`);
      assert.equal(added.body.title, title);
      saved.set(title, added.body.id);
      const detail = (await api('GET', `/api/articles/${added.body.id}`)).body;
      assert.deepEqual(dangerousMarkup(detail.content_html), [], `${PAYLOADS[i][0]}: the sanitiser left nothing dangerous`);
      assert.match(detail.content_html, /The end of the hostile page/, `${PAYLOADS[i][0]}: the prose around the payload is kept`);
    }
  });

  test('reading each one runs nothing, opens no dialog, navigates nowhere, trips no CSP rule', async () => {
    for (let i = 0; i < PAYLOADS.length; i++) {
      const { title } = hostilePage(i);
      const where = `${base}/#/a/${saved.get(title)}`;
      current = PAYLOADS[i][0];
      await page.goto(where);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      // Anything that needs a user to fire: click every link and button in the article, submit its forms.
      const prose = page.locator('.prose');
      for (const target of await prose.locator('a[href]:not([href^="http"]), button, area, summary').all()) {
        await target.click({ noWaitAfter: true, timeout: 2000 }).catch(() => {});
      }
      await page.waitForTimeout(150);
      const seen = await marks();
      assert.equal(seen.pwned, null, `${PAYLOADS[i][0]}: no payload ran`);
      assert.equal(seen.title, `${title} — Quire`, `${PAYLOADS[i][0]}: the title is the reader's`);
      assert.deepEqual(seen.violations, [], `${PAYLOADS[i][0]}: sanitised content does not even try anything the CSP forbids`);
      assert.equal(page.url(), where, `${PAYLOADS[i][0]}: still on the article`);
      if (i === 0) await page.screenshot({ path: join(results, 'xss-01-reader.png') });
    }
    assert.deepEqual(dialogs, [], 'no alert() fired');
    assert.deepEqual(popups, [], 'no window was opened');
    assert.deepEqual(navigations.filter((url) => !url.startsWith(`${base}/`)), [], 'the page never left quire serve');
  });

  test('with the sanitiser bypassed, the CSP still stops every payload and reports it', async () => {
    const { title } = hostilePage(0);
    await page.goto(`${base}/#/a/${saved.get(title)}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.evaluate((probes) => {
      const div = document.createElement('div');
      div.id = 'csp-probes';
      div.innerHTML = probes.join('\n');
      // Outside .prose, so the reader's own link handling (which refuses javascript: links) is out of the way too.
      document.querySelector('.page')?.append(div);
    }, CSP_PROBES);
    await page.locator('[data-xss-click]').click({ noWaitAfter: true });
    await page.waitForTimeout(500);
    const seen = await marks();
    await page.locator('#csp-probes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(results, 'xss-02-csp-probes.png') });
    assert.equal(seen.pwned, null, 'no raw payload ran');
    assert.equal(seen.title, `${title} — Quire`);
    assert.deepEqual(dialogs, [], 'no alert() fired');
    const directives = new Set(seen.violations.map((v) => v.directive));
    // Inline handlers (onerror, onload, ontoggle) and the javascript: link are script-src-attr/-elem;
    // the srcdoc frame inherits the page's CSP so its script is script-src-elem; the object is object-src (default-src).
    for (const expected of ['script-src-attr', 'script-src-elem', 'object-src']) {
      assert.ok(directives.has(expected), `a ${expected} violation is reported (got ${JSON.stringify(seen.violations)})`);
    }
    assert.ok(
      seen.violations.filter((v) => v.directive === 'script-src-attr').length >= 3,
      `each inline handler is reported (got ${JSON.stringify(seen.violations)})`,
    );
  });

  test('no payload saved anything through the API', async () => {
    // No state filter: unread and archived alike.
    const all = (await api('GET', '/api/articles?limit=1000')).body;
    const titles = all.map((a) => a.title);
    assert.equal(titles.filter((t) => /PWNED/.test(t)).length, 0, 'no article was added by a payload');
    assert.equal(titles.length, PAYLOADS.length);
  });
});
