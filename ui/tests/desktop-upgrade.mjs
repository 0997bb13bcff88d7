// The real desktop app opening a library that needs a long schema upgrade:
// a copy of the frozen v8 fixture, with the notice threshold lowered to one
// article so its four articles count as a big rebuild. The library opens on
// a thread behind the static upgrade page, and the window must then show the
// app on the upgraded library; the page itself must render under the CSP.
//
// Needs what desktop-smoke.mjs needs. Run from ui/: npm run test:desktop

import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
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
const fixture = resolve(uiDir, '../tests/fixtures/library-v8.sqlite');
/** The fixture's unread articles: the library view's default filter. */
const UNREAD = ['Interest rates and the international economy', '東京の経済と天気'];

let driver;
let tmp;
/** The app's driver and session, filled in by before(). */
const win = { base: '', session: '' };

const { wd, s, invoke, screenshot } = windowHelpers(win);
const run = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });
const shot = (name) => screenshot(join(results, `${name}.png`));

async function until(read, what, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The titles in the library list, once it shows any rows. */
const rowTitles = () =>
  run('return [...document.querySelectorAll("article.row h2")].map((h) => h.textContent.trim())');

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-desktop-upgrade-'));
  await copyFile(fixture, join(tmp, 'lib.sqlite'));
  ({ driver, base: win.base, session: win.session } = await startDesktop({
    driverBin,
    app,
    tmp,
    env: { QUIRE_UPGRADE_NOTICE_MIN_ARTICLES: '1' },
  }));
});

after(async () => {
  if (win.session) await wd('DELETE', s('')).catch(() => {});
  await stopDriver(driver);
  if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('quire-desktop on a library that needs a long upgrade', () => {
  test('the app opens on the upgraded library and lists its articles', async () => {
    const titles = await until(async () => {
      const found = await rowTitles();
      return found.length >= UNREAD.length ? found : null;
    }, 'the library list');
    assert.deepEqual([...titles].sort(), [...UNREAD].sort(), 'the fixture’s unread articles, read after the upgrade');
    await shot('desktop-upgrade-01-library');

    const hits = await invoke('search', { query: { q: 'kelp', limit: null } });
    assert.equal(hits.ok?.[0]?.title, 'Kelp forests of the north', `the rebuilt index answers (got ${JSON.stringify(hits)})`);
  });

  test('the upgrade page shows its figures under the CSP', async () => {
    // Four articles upgrade faster than the page can paint, so it is loaded
    // here by the address the app gives it (upgrade_splash.rs pins that).
    await wd('POST', s('/url'), { url: 'tauri://localhost/upgrading.html#articles=100,000%20articles&estimate=about%202%20minutes' });
    const text = await until(async () => {
      const found = await run('return document.body?.innerText ?? ""');
      return found.includes('100,000') ? found : null;
    }, 'the upgrade page with its figures');
    assert.equal(
      text.replace(/\s+/g, ' ').trim(),
      'Quire Upgrading your library… (rebuilding the search index for 100,000 articles; about 2 minutes). Quire will open when it is done.',
      'upgrading.js, a same-origin script, fills in the fragment’s figures',
    );
    await shot('desktop-upgrade-02-upgrading-page');
  });
});
