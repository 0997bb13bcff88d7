// Highlights and notes (issue 6) in the real desktop app: the built
// `quire-desktop` (WebKitGTK) driven through tauri-driver + WebKitWebDriver.
// Selects text in the reader, highlights it, writes a note, reloads, and finds
// the highlight still drawn and listed; reports which renderer WebKitGTK took
// (the CSS Custom Highlight API or the `<mark>` fallback).
//
// Needs: `tauri build --debug --no-bundle` done, `cargo install tauri-driver`,
// an X display. Run from ui/:  npm run test:desktop  (wraps it in xvfb-run).
// Screenshots go to ui/test-results/.

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
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
const PHRASE = 'the kettle stitch is invisible from outside';
const NOTE = 'Holds for centuries: worth remembering.';

let driver;
let tmp;
/** The app's driver and session, filled in by before(). */
const win = { base: '', session: '' };

const { wd, s, invoke, find, waitFor, click, screenshot } = windowHelpers(win);

/** Runs a script in the page and returns its value. */
const run = (script, ...args) => wd('POST', s('/execute/sync'), { script, args });

/** Polls `read` until it returns `expected`, then asserts. */
async function eventually(read, expected, message, timeoutMs = 8000) {
  const end = Date.now() + timeoutMs;
  let actual = await read();
  while (JSON.stringify(actual) !== JSON.stringify(expected) && Date.now() < end) {
    await new Promise((ok) => setTimeout(ok, 150));
    actual = await read();
  }
  assert.deepEqual(actual, expected, message);
}

/** The text drawn under each colour, by whichever renderer the page uses. */
const drawn = () =>
  run(`
    const out = [];
    if (document.querySelector('.prose')?.dataset.highlightPainter === 'mark') {
      const byId = new Map();
      for (const mark of document.querySelectorAll('.prose mark.quire-mark')) {
        const key = mark.dataset.color + ':' + mark.dataset.highlight;
        byId.set(key, (byId.get(key) ?? '') + mark.textContent);
      }
      for (const [key, text] of byId) out.push(key.split(':')[0] + ':' + text);
    } else {
      for (const color of ['yellow', 'green', 'blue', 'pink', 'purple']) {
        for (const range of CSS.highlights.get('quire-' + color) ?? []) out.push(color + ':' + range.toString());
      }
    }
    return out.sort();`);

const shot = (name) => screenshot(join(results, `${name}.png`));

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-desktop-annotations-'));
  ({ driver, base: win.base, session: win.session } = await startDesktop({ driverBin, app, tmp }));
});

after(async () => {
  if (win.session) await wd('DELETE', s('')).catch(() => {});
  await stopDriver(driver);
  if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe('quire-desktop highlights', () => {
  let id;

  test('select text, highlight it with a note, reload: the highlight is still there', async (t) => {
    await waitFor('.library');
    const html = await readFile(join(here, 'fixtures/quire-craft.html'), 'utf8');
    const added = await invoke('add_article', { request: { url: null, html, file_name: 'quire-craft.html' } });
    assert.ok(added.ok, `add_article saves the page (got ${JSON.stringify(added)})`);
    id = added.ok.id;
    await wd('POST', s('/url'), { url: 'tauri://localhost/#/a/' + encodeURIComponent(id) });
    await waitFor('.prose[data-highlight-painter]');
    const painter = await run('return document.querySelector(".prose").dataset.highlightPainter');
    const api = await run('return typeof CSS !== "undefined" && !!CSS.highlights && typeof Highlight === "function"');
    t.diagnostic(`WebKitGTK renderer: ${painter} (CSS Custom Highlight API available: ${api})`);
    console.log(`# WebKitGTK renderer: ${painter} (CSS Custom Highlight API available: ${api})`);
    assert.equal(painter, api ? 'custom-highlight' : 'mark', 'the renderer matches what the webview offers');

    await run(
      `const phrase = arguments[0];
      const root = document.querySelector('.prose');
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(phrase);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + phrase.length);
          node.parentElement.scrollIntoView({ block: 'center' });
          document.getSelection().removeAllRanges();
          document.getSelection().addRange(range);
          return true;
        }
      }
      throw new Error('phrase not found');`,
      PHRASE,
    );
    await waitFor('.hl-toolbar');
    await shot('desktop-annotations-01-toolbar');
    await click('.hl-toolbar .text-button');
    const note = await waitFor('.hl-editor textarea');
    await wd('POST', s(`/element/${note}/value`), { text: NOTE });
    await wd('POST', s(`/element/${await find('.hl-editor input')}/value`), { text: 'binding' });
    await click('.hl-editor button[type="submit"]');
    await eventually(
      async () => (await invoke('article_annotations', { id })).ok?.highlights?.map((h) => [h.exact, h.note, h.tags]),
      [[PHRASE, NOTE, ['binding']]],
      'article_annotations answers the new highlight with its note and tag',
    );
    await eventually(drawn, [`yellow:${PHRASE}`], 'the highlight is drawn');

    await wd('POST', s('/refresh'), {});
    await waitFor('.prose[data-highlight-painter]');
    await eventually(drawn, [`yellow:${PHRASE}`], 'after a reload the highlight is drawn again');
    await click('button[aria-label="Notes and highlights"]');
    await waitFor('aside li.highlight .quote');
    // textContent rather than WebDriver's rendered text, which WebKit leaves empty for line-clamped boxes.
    const listed = await run(
      'const item = document.querySelector("aside li.highlight"); return [item.querySelector(".quote").textContent, item.querySelector(".note-body")?.textContent];',
    );
    assert.deepEqual(listed, [PHRASE, NOTE], 'the sidebar lists it with its note');
    await run('window.scrollTo(0, 0); document.querySelector("aside li.highlight .quote").click(); return null;');
    await eventually(() => run('return CSS.highlights.has("quire-flash") || !!document.querySelector("mark.flash")'), true, 'a click in the sidebar flashes the passage');
    await shot('desktop-annotations-02-after-reload');
  });

  test('the <mark> fallback also draws in WebKitGTK', async () => {
    // Without a reload (so the page keeps the change), hide the API and open the article afresh.
    await run('delete window.Highlight; location.hash = "#/"; return null;');
    await waitFor('.library');
    await run(`location.hash = "#/a/${encodeURIComponent(id)}"; return null;`);
    await waitFor('.prose[data-highlight-painter="mark"]');
    await eventually(drawn, [`yellow:${PHRASE}`], 'the highlight is wrapped in marks');
    assert.equal(
      await run('return document.querySelector(".prose").textContent.includes("Done well, the kettle stitch is invisible from outside and holds")'),
      true,
      'the marks leave the text as it was',
    );
    await run('document.querySelector("mark.quire-mark").scrollIntoView({ block: "center" }); return null;');
    await click('mark.quire-mark');
    await waitFor('.hl-editor');
    await shot('desktop-annotations-03-mark-fallback');
  });

  test('the library-wide view lists page notes with rendered Markdown; a selection exports over IPC', async () => {
    const note = await invoke('add_note', { id, note: { body: 'Ask the **conservator** first.' } });
    assert.ok(note.ok, `add_note answers (got ${JSON.stringify(note)})`);
    assert.equal(note.ok.body_html, '<p>Ask the <strong>conservator</strong> first.</p>', 'the note comes with its HTML');
    const listed = await invoke('library_annotations', {
      query: { q: 'conservator', kind: null, color: null, tag: null, article: null, sort: null, limit: null, offset: null },
    });
    assert.deepEqual(listed.ok?.map((item) => [item.kind, item.note?.id]), [['note', note.ok.id]], 'search finds the page note');
    const { highlights } = (await invoke('article_annotations', { id })).ok;
    const exported = await invoke('export_selection', {
      format: 'readwise-csv',
      selection: { highlights: [highlights[0].id], notes: [] },
    });
    assert.ok(exported.ok?.startsWith('Highlight,Title,Author,URL,Note,Location,Date'), `export_selection answers (got ${JSON.stringify(exported)})`);
    assert.equal(exported.ok.trim().split('\n').length, 2, 'the header and the one chosen highlight');

    await run('location.hash = "#/highlights"; return null;');
    await waitFor('li.result[data-kind="note"] .note-body strong');
    assert.equal(
      await run('return document.querySelector(\'li.result[data-kind="note"] .note-body strong\').textContent'),
      'conservator',
      'WebKitGTK shows the note rendered',
    );
    await click(`li.result[data-id="${highlights[0].id}"] input.pick`);
    await waitFor('.picked');
    await shot('desktop-annotations-04-highlights-view');
  });
});
