// Security in the real desktop window: the hostile pages of xss-payloads.mjs
// saved through the `add_article` command and read in WebKitGTK, driven by
// tauri-driver. A payload that ran would set `window.__pwned`, retitle the
// window, open a dialog (which WebDriver reports as "unexpected alert open"),
// navigate away from tauri://localhost, or save a PWNED article through
// `__TAURI_INTERNALS__.invoke`. Then, as in xss.test.mjs, the raw payloads
// go straight into the DOM to show the app's CSP stops them on its own.
//
// Needs what desktop-smoke.mjs needs. Run from ui/: npm run test:desktop

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { stopDriver } from './stop-driver.mjs';
import { CSP_PROBES, PAYLOADS, dangerousMarkup, hostilePage } from './xss-payloads.mjs';
import { startDesktop, windowHelpers } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const uiDir = resolve(here, '..');
const results = join(uiDir, 'test-results');
const app = resolve(uiDir, process.env.QUIRE_DESKTOP_BIN ?? '../target/debug/quire-desktop');
const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo/bin/tauri-driver');

let driver;
let tmp;
/** The app's driver and session, filled in by before(). */
const win = { base: '', session: '' };
const saved = new Map();



const { wd, s, invoke, screenshot } = windowHelpers(win);
const run = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });

async function until(read, what, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

const shot = (name) => screenshot(join(results, `${name}.png`));

/** Marks a payload that ran would leave (a pending alert makes this throw "unexpected alert open"). */
const marks = () =>
  run(`return { pwned: window.__pwned ?? null, title: document.title, href: location.href,
    violations: window.__violations ?? [] }`);

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-desktop-xss-'));
  ({ driver, base: win.base, session: win.session } = await startDesktop({ driverBin, app, tmp }));
  await until(() => run('return !!document.querySelector(".library, .empty")'), 'the library view');
});

after(async () => {
  if (win.session) await wd('DELETE', s('')).catch(() => {});
  await stopDriver(driver);
  if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('hostile pages in the desktop window (WebKitGTK, Tauri IPC)', () => {
  test('every hostile page is saved through add_article, and what is stored is clean', async () => {
    for (let i = 0; i < PAYLOADS.length; i++) {
      const { title, html } = hostilePage(i);
      const added = await invoke('add_article', { request: { url: null, html, file_name: null } });
      assert.equal(added.ok?.title, title, `${PAYLOADS[i][0]}: saved (${JSON.stringify(added.err)})`);
      saved.set(title, added.ok.id);
      const detail = await invoke('get_article', { id: added.ok.id });
      assert.deepEqual(dangerousMarkup(detail.ok.content_html), [], `${PAYLOADS[i][0]}: nothing dangerous stored`);
    }
  });

  test('reading each one runs nothing, opens no dialog, navigates nowhere, trips no CSP rule', async () => {
    // One document throughout (hash routes), so the listener sees every violation.
    await run(`window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI }));`);
    for (let i = 0; i < PAYLOADS.length; i++) {
      const { title } = hostilePage(i);
      const id = saved.get(title);
      await run('location.hash = arguments[0]', [`#/a/${encodeURIComponent(id)}`]);
      await until(() => run('return document.querySelector(".page h1")?.textContent === arguments[0]', [title]), title);
      const where = await run('return location.href');
      assert.match(where, /^tauri:\/\/localhost\/?#\/a\//);
      // Click every link, area, summary and button in the article.
      await run(`for (const el of document.querySelectorAll('.prose a[href], .prose area, .prose button, .prose summary')) {
          if (!/^https?:/i.test(el.href ?? '')) el.click();
        }`);
      await new Promise((ok) => setTimeout(ok, 150));
      const seen = await marks();
      assert.equal(seen.pwned, null, `${PAYLOADS[i][0]}: no payload ran`);
      assert.equal(seen.title, `${title} — Quire`, `${PAYLOADS[i][0]}: the title is the reader's`);
      assert.equal(seen.href, where, `${PAYLOADS[i][0]}: still on the article`);
      assert.deepEqual(seen.violations, [], `${PAYLOADS[i][0]}: sanitised content tries nothing the CSP forbids`);
      if (i === 2) await shot('desktop-xss-01-reader');
    }
  });

  test('with the sanitiser bypassed, the CSP still stops every payload and reports it', async () => {
    await run(`const div = document.createElement('div');
      div.id = 'csp-probes';
      div.innerHTML = arguments[0].join('\\n');
      document.querySelector('.page').append(div); // outside .prose: past the reader's link handling too
      document.querySelector('[data-xss-click]').click();
      div.scrollIntoView();`, [CSP_PROBES]);
    await new Promise((ok) => setTimeout(ok, 700));
    const seen = await marks();
    await shot('desktop-xss-02-csp-probes');
    assert.equal(seen.pwned, null, 'no raw payload ran');
    assert.match(seen.title, / — Quire$/, 'the title is the reader\'s');
    assert.match(seen.href, /^tauri:\/\/localhost\/?#\/a\//, 'still on the article');
    const directives = new Set(seen.violations.map((v) => v.directive));
    // WebKit reports repeated violations of one directive only sometimes (it folds duplicates), so
    // this asks for each kind once: inline handlers (script-src-attr) and the plug-in (object-src 'none').
    for (const expected of ['script-src-attr', 'object-src']) {
      assert.ok(directives.has(expected), `a ${expected} violation is reported (got ${JSON.stringify(seen.violations)})`);
    }
  });

  test('no payload reached the Tauri commands', async () => {
    const listed = await invoke('list_articles', {
      query: { state: null, favourite: null, tag: null, site: null, sort: 'saved', limit: 1000, offset: null },
    });
    const titles = listed.ok.map((a) => a.title);
    assert.deepEqual(titles.filter((t) => /PWNED/.test(t)), [], 'no article was added by a payload');
    assert.equal(titles.length, PAYLOADS.length);
  });
});
