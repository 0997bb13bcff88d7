// Notes in the library-wide view and exports of a selection (issue 6), end to
// end: the real web UI (ui/dist) in headless Chromium against a real
// `quire serve` on a temporary library. Page notes are listed in #/highlights
// and found by search; notes written in Markdown render (bold, a link that
// opens outside Quire) and a hostile note runs nothing; ticking two
// highlights and exporting gives a file with exactly those two.
// Run from ui/ after `npx vite build`:  node --test tests/notes.test.mjs
// Screenshots land in ui/test-results/ — look at them.

import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchChromium, quireBin, startQuireServe, uiDir } from './quire-serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const results = join(uiDir, 'test-results');

const PAGE_NOTE = 'Ask the **conservator** about [marbling baths](https://example.com/marbling).';
/** Every way a note could try to run script, load something or navigate the window. */
const HOSTILE_NOTE = [
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<script>window.__pwned = "script"</script>',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '[click me](javascript:window.__pwned=%22link%22)',
  '[data me](data:text/html,<script>parent.__pwned=1</script>)',
  '![tracker](https://tracker.example/pixel.gif)',
  '<a href="javascript:window.__pwned=\'a\'">raw link</a>',
  '<iframe src="https://tracker.example/frame"></iframe>',
  '**<b onmouseover="window.__pwned=\'hover\'">hover me</b>**',
].join('\n\n');

let server;
let api;
let base;
let tmp;
let library;
let browser;
let context;
let page;
let craftId;
let marbledId;
/** Highlights made with the CLI: quote → id. */
const made = {};
const pageErrors = [];
const outsideRequests = [];

async function shot(target, name) {
  await target.screenshot({ path: join(results, `${name}.png`), fullPage: false });
}

/** Polls `read` until it returns `expected` (the UI updates asynchronously), then asserts. */
async function eventually(read, expected, message, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  let actual = await read();
  while (JSON.stringify(actual) !== JSON.stringify(expected) && Date.now() < end) {
    await new Promise((ok) => setTimeout(ok, 100));
    actual = await read();
  }
  assert.deepEqual(actual, expected, message);
}

/** Highlights `quote` in an article with the CLI (a second writer on the served library). */
function highlight(id, quote, ...extra) {
  const out = execFileSync(quireBin, ['highlight', id, '--quote', quote, '--json', '--library', library, ...extra], {
    encoding: 'utf8',
  });
  made[quote] = JSON.parse(out).id;
}

/** The first cell of each CSV record, header left out (RFC 4180: quoted cells may hold commas, quotes and newlines). */
function firstCells(csv) {
  const records = [];
  let record = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\n' || (c === '\r' && csv[i + 1] === '\n')) {
      if (c === '\r') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += c;
  }
  if (cell || record.length) records.push([...record, cell]);
  return records.slice(1).map((r) => r[0]);
}

/** What the hostile note could have done: a global set, a disallowed element or attribute in any note. */
async function damage(target) {
  return target.evaluate(() => {
    const notes = [...document.querySelectorAll('.note-body')];
    return {
      pwned: window.__pwned ?? null,
      loaded: notes.flatMap((n) => [...n.querySelectorAll('img, script, svg, iframe, object, embed, style')]).length,
      handlers: notes
        .flatMap((n) => [...n.querySelectorAll('*')])
        .flatMap((el) => [...el.attributes].map((a) => a.name))
        .filter((name) => name.startsWith('on') || name === 'style' || name === 'src').length,
      badLinks: notes
        .flatMap((n) => [...n.querySelectorAll('a')])
        .map((a) => a.getAttribute('href') ?? '')
        .filter((href) => href && !/^(https?:|mailto:)/i.test(href)),
    };
  });
}

const UNHARMED = { pwned: null, loaded: 0, handlers: 0, badLinks: [] };

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-notes-'));
  library = join(tmp, 'lib.sqlite');
  server = await startQuireServe(library);
  base = server.url;
  api = server.api;
  const craft = await api('POST', '/api/articles', {
    url: 'https://fieldnotes.example/2025/03/quiet-craft-of-the-quire',
    html: await readFile(join(fixtures, 'quire-craft.html'), 'utf8'),
    file_name: null,
  });
  assert.equal(craft.status, 201, `the article is saved (got ${JSON.stringify(craft.body)})`);
  craftId = craft.body.id;
  const marbled = await api('POST', '/api/articles', {
    url: null,
    html: await readFile(join(fixtures, 'marbled-endpapers.html'), 'utf8'),
    file_name: 'marbled-endpapers.html',
  });
  assert.equal(marbled.status, 201);
  marbledId = marbled.body.id;

  highlight(craftId, 'the kettle stitch is invisible from outside', '--note', 'Locks each **section** to the last.', '--color', 'green');
  highlight(craftId, 'A sewn book opens flat', '--color', 'blue', '--tag', 'structure');
  highlight(marbledId, 'No two sheets are ever the same', '--note', 'Compare with _ebru_, the Turkish way.', '--color', 'pink');
  const note = await api('POST', `/api/articles/${marbledId}/notes`, { body: PAGE_NOTE });
  assert.equal(note.status, 201);

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light', acceptDownloads: true });
  context.setDefaultTimeout(10_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  // Nothing outside the served UI may be fetched; a link a person clicks is answered here, to see where it went.
  await context.route(
    (url) => !url.href.startsWith(base),
    (route) => {
      outsideRequests.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>outside</title>outside' });
    },
  );
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('notes and selection exports in the web UI', () => {
  test('page notes are listed in #/highlights beside highlights and found by search', async () => {
    await page.goto(`${base}/#/highlights`);
    const items = page.locator('li.result');
    await eventually(() => items.count(), 4, 'three highlights and the page note');
    const note = page.locator('li.result[data-kind="note"]', { hasText: 'conservator' });
    assert.equal(await note.locator('.meta .article').innerText(), 'A note on marbled endpapers', 'with its article');
    await shot(page, 'notes-01-highlights-view');

    await page.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('conservator');
    await eventually(() => items.count(), 1, 'search finds the page note by a word of its body');
    assert.equal(await items.first().getAttribute('data-kind'), 'note');
    assert.equal(await items.first().locator('mark').innerText(), 'conservator', 'the match is marked');
    await page.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('section');
    await eventually(
      () => items.evaluateAll((els) => els.map((el) => el.dataset.id)),
      [made['the kettle stitch is invisible from outside']],
      "a highlight is found by its note's words",
    );
    await page.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('');
    await eventually(() => items.count(), 4, 'clearing the search lists everything again');

    await page.getByRole('button', { name: 'Page notes', exact: true }).click();
    await eventually(() => page.locator('li.result[data-kind="highlight"]').count(), 0, 'the kind filter leaves page notes');
    assert.equal(await items.count(), 1);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.getByRole('button', { name: 'Only blue' }).click();
    await eventually(() => items.count(), 1, 'page notes have no colour: a colour filter lists highlights only');
    await page.getByRole('button', { name: 'Only blue' }).click();
    await eventually(() => items.count(), 4);
  });

  test('a note written in Markdown renders, and its link opens outside Quire', async () => {
    const note = page.locator('li.result[data-kind="note"]', { hasText: 'conservator' }).locator('.note-body');
    assert.equal(await note.locator('strong').innerText(), 'conservator', 'bold is bold');
    const link = note.locator('a');
    assert.equal(await link.innerText(), 'marbling baths');
    assert.equal(await link.getAttribute('href'), 'https://example.com/marbling');
    assert.match(await link.getAttribute('rel'), /noopener/, 'the link never hands over the opener');
    assert.equal(await link.getAttribute('target'), '_blank');
    const before = page.url();
    const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await popup.waitForLoadState();
    assert.equal(popup.url(), 'https://example.com/marbling', 'the link opens in a new window (the system browser in the app)');
    await popup.close();
    assert.equal(page.url(), before, 'Quire itself stays where it was');
    const highlightNote = page.locator(`li.result[data-id="${made['the kettle stitch is invisible from outside']}"] .note-body`);
    assert.equal(await highlightNote.locator('strong').innerText(), 'section', "a highlight's note renders too");
  });

  test('a hostile note runs nothing, loads nothing and links nowhere unsafe, in the list and in the reader', async () => {
    // The same payloads as a highlight's note and as a page note.
    const patched = await api('PATCH', `/api/highlights/${made['No two sheets are ever the same']}`, { note: HOSTILE_NOTE });
    assert.equal(patched.status, 200);
    assert.equal((await api('POST', `/api/articles/${craftId}/notes`, { body: HOSTILE_NOTE })).status, 201);
    await page.reload();
    const hostile = page.locator(`li.result[data-id="${made['No two sheets are ever the same']}"] .note-body`);
    await hostile.waitFor();
    assert.match(await hostile.innerText(), /<script>window.__pwned = "script"<\/script>/, 'typed HTML shows as text');
    await hostile.getByText('click me').click();
    await hostile.getByText('hover me').hover();
    await hostile.getByText('raw link', { exact: false }).click();
    assert.deepEqual(await damage(page), UNHARMED, 'nothing in the list ran or loaded');
    await shot(page, 'notes-02-hostile-note');

    await page.goto(`${base}/#/a/${craftId}`);
    await page.locator('.prose[data-highlight-painter]').waitFor();
    await page.locator('body').press('h');
    const sidebar = page.getByRole('complementary', { name: 'Notes and highlights' });
    await sidebar.locator('li.page-note .note-body').waitFor();
    await sidebar.locator('li.page-note').getByText('click me').click();
    assert.deepEqual(await damage(page), UNHARMED, 'nothing in the sidebar ran or loaded');
    assert.match(page.url(), new RegExp(`#/a/${craftId}$`), 'no click navigated the window');
    assert.deepEqual(
      outsideRequests.filter((url) => !url.startsWith('https://example.com/marbling')),
      [],
      'no request left for the tracker or anywhere else',
    );
  });

  test('ticking two highlights and exporting gives exactly those two', async () => {
    await page.goto(`${base}/#/highlights`);
    await page.locator('li.result').first().waitFor();
    const chosen = ['the kettle stitch is invisible from outside', 'No two sheets are ever the same'];
    for (const quote of chosen) await page.locator(`li.result[data-id="${made[quote]}"] input.pick`).check();
    const selected = page.getByRole('region', { name: 'Selected highlights and notes' });
    await selected.getByText('2 selected').waitFor();
    await shot(page, 'notes-03-two-selected');

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      selected.getByRole('button', { name: 'Download Readwise CSV' }).click(),
    ]);
    assert.equal(csvDownload.suggestedFilename(), 'quire-selection.csv');
    const csv = await readFile(await csvDownload.path(), 'utf8');
    assert.ok(csv.startsWith('Highlight,Title,Author,URL,Note,Location,Date'), 'the Readwise header comes first');
    assert.deepEqual(firstCells(csv).sort(), [...chosen].sort(), 'exactly the two ticked highlights');

    const [jsonld] = await Promise.all([
      page.waitForEvent('download'),
      selected.getByRole('button', { name: 'Download JSON-LD' }).click(),
    ]);
    const doc = JSON.parse(await readFile(await jsonld.path(), 'utf8'));
    assert.equal(doc.total, 2, 'the JSON-LD collection holds the two and nothing else');

    await selected.getByRole('button', { name: 'Copy as Markdown' }).click();
    await selected.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    for (const quote of chosen) assert.ok(markdown.includes(`> ${quote}`), `the copied Markdown quotes “${quote}”`);
    assert.ok(!markdown.includes('A sewn book opens flat'), 'and not the highlight left unticked');
    assert.ok(!markdown.includes('conservator'), 'nor a page note');
    assert.ok(markdown.includes('Locks each **section** to the last.'), 'Markdown exports keep the note as written');

    const [html] = await Promise.all([
      page.waitForEvent('download'),
      selected.getByRole('button', { name: 'Download HTML page' }).click(),
    ]);
    const exported = await readFile(await html.path(), 'utf8');
    assert.ok(exported.includes('<div class="note"><p>Locks each <strong>section</strong> to the last.</p></div>'), 'the HTML page renders notes');
    const risky = await page.evaluate((text) => {
      // Parsed inertly: the markup, not the text the hostile note shows, is what could act.
      const doc = new DOMParser().parseFromString(text, 'text/html');
      const all = [...doc.querySelectorAll('*')];
      return {
        scripts: doc.querySelectorAll('script, iframe, object, embed, svg').length,
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name)),
        links: [...doc.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^(https?:|mailto:)/i.test(h)),
        images: [...doc.querySelectorAll('img')].map((img) => img.getAttribute('src')).filter((src) => !src.startsWith('data:image/')),
      };
    }, exported);
    assert.deepEqual(risky, { scripts: 0, handlers: [], links: [], images: [] }, 'and carries nothing that could run or load');

    await selected.getByRole('button', { name: 'Clear' }).click();
    await selected.waitFor({ state: 'detached' });
  });

  test('in the reader sidebar, a ticked highlight and page note export alone', async () => {
    await page.goto(`${base}/#/a/${marbledId}`);
    await page.locator('.prose[data-highlight-painter]').waitFor();
    await page.locator('body').press('h');
    const sidebar = page.getByRole('complementary', { name: 'Notes and highlights' });
    await sidebar.locator('li.page-note').getByRole('checkbox').check();
    await sidebar.getByText('1 selected').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      sidebar.getByRole('group', { name: 'Export the selected' }).getByRole('button', { name: 'Download Markdown' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /-selection\.md$/);
    const markdown = await readFile(await download.path(), 'utf8');
    assert.ok(markdown.includes('conservator'), 'the ticked page note is exported');
    assert.ok(!markdown.includes('No two sheets'), 'the unticked highlight is not');
    await shot(page, 'notes-04-sidebar-selection');
  });

  test('the page logged no errors (CSP violations included)', () => {
    assert.deepEqual(pageErrors, []);
  });
});
