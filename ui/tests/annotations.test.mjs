// Highlights and notes (issue 6) end to end: the real web UI (ui/dist) in
// headless Chromium against a real `quire serve` on a temporary library.
// Selects text in the reader, highlights it, writes a note, reloads and finds
// it again (drawn and in the sidebar), jumps from the sidebar, filters the
// library-wide view, and sees an orphan after the article's text changes.
// Run from ui/ after `npx vite build`:  node --test tests/annotations.test.mjs
// Screenshots land in ui/test-results/ — look at them.

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

const CRAFT_URL = 'https://fieldnotes.example/2025/03/quiet-craft-of-the-quire';
const PHRASE = 'the kettle stitch is invisible from outside';
const NOTE = 'The **kettle stitch** locks each section to the last.';
const WORD_PHRASE = 'A sewn book opens flat';

let server;
let api;
let base;
let tmp;
let browser;
let context;
let page;
let craftHtml;
let craftId;
let marbledId;
/** The highlight made through the UI with a note. */
let noted;
const pageErrors = [];

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

async function annotations(id) {
  const answer = await api('GET', `/api/articles/${id}/annotations`);
  assert.equal(answer.status, 200, `GET annotations answers 200 (got ${JSON.stringify(answer.body)})`);
  return answer.body;
}

/** Opens an article in the reader and waits until its highlights are drawn. */
async function openArticle(target, id, hash = `#/a/${id}`) {
  await target.goto(`${base}/${hash}`);
  await target.locator('.prose[data-highlight-painter]').waitFor();
}

/** Selects the first occurrence of `phrase` in the article body with the Selection API, as a drag would. */
async function selectPhrase(target, phrase) {
  await target.evaluate((phrase) => {
    const root = document.querySelector('.prose');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push([node, text.length]);
      text += node.data;
    }
    const start = text.indexOf(phrase);
    if (start < 0) throw new Error(`"${phrase}" is not in the article`);
    const end = start + phrase.length;
    const at = (offset, isEnd) => {
      for (const [node, from] of nodes) {
        if (offset >= from && (isEnd ? offset <= from + node.data.length : offset < from + node.data.length)) {
          return [node, offset - from];
        }
      }
      throw new Error('offset outside the text');
    };
    const range = document.createRange();
    range.setStart(...at(start, false));
    range.setEnd(...at(end, true));
    range.startContainer.parentElement.scrollIntoView({ block: 'center', behavior: 'instant' });
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }, phrase);
  await target.locator('.hl-toolbar').waitFor();
}

/** The text of every range drawn under each colour (Custom Highlight API), or of every <mark> by colour. */
async function drawn(target) {
  return target.evaluate(() => {
    const out = {};
    if (document.querySelector('.prose')?.dataset.highlightPainter === 'mark') {
      for (const mark of document.querySelectorAll('.prose mark.quire-mark')) {
        const key = `${mark.dataset.color}:${mark.dataset.highlight}`;
        out[key] = (out[key] ?? '') + mark.textContent;
      }
      return Object.entries(out)
        .map(([key, text]) => `${key.split(':')[0]}:${text}`)
        .sort();
    }
    const list = [];
    for (const color of ['yellow', 'green', 'blue', 'pink', 'purple']) {
      for (const range of CSS.highlights.get(`quire-${color}`) ?? []) list.push(`${color}:${range.toString()}`);
    }
    return list.sort();
  });
}

/** Code-point positions of `phrase` in the open article's body text, as the server counts them. */
async function codePointsOf(target, phrase) {
  return target.evaluate((phrase) => {
    const text = document.querySelector('.prose').textContent;
    const start16 = text.indexOf(phrase);
    const start = [...text.slice(0, start16)].length;
    return {
      exact: phrase,
      prefix: [...text.slice(0, start16)].slice(-32).join(''),
      suffix: [...text.slice(start16 + phrase.length)].slice(0, 32).join(''),
      start,
      end: start + [...phrase].length,
    };
  }, phrase);
}

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-annotations-'));
  server = await startQuireServe(join(tmp, 'lib.sqlite'));
  base = server.url;
  api = server.api;
  craftHtml = await readFile(join(fixtures, 'quire-craft.html'), 'utf8');
  const craft = await api('POST', '/api/articles', { url: CRAFT_URL, html: craftHtml, file_name: null });
  assert.equal(craft.status, 201, `the article is saved (got ${JSON.stringify(craft.body)})`);
  craftId = craft.body.id;
  const marbled = await api('POST', '/api/articles', {
    url: null,
    html: await readFile(join(fixtures, 'marbled-endpapers.html'), 'utf8'),
    file_name: 'marbled-endpapers.html',
  });
  assert.equal(marbled.status, 201);
  marbledId = marbled.body.id;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  context.setDefaultTimeout(10_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
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

describe('highlights and notes in the web UI', () => {
  test('selecting text and choosing Note makes a highlight with a note and tags', async () => {
    await openArticle(page, craftId);
    assert.equal(
      await page.locator('.prose').getAttribute('data-highlight-painter'),
      'custom-highlight',
      'Chromium draws with the CSS Custom Highlight API',
    );
    await selectPhrase(page, PHRASE);
    await shot(page, 'annotations-01-toolbar');
    await page.locator('.hl-toolbar').getByRole('button', { name: 'Note' }).click();
    const editor = page.locator('.hl-editor');
    await editor.waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.tagName),
      'TEXTAREA',
      'choosing Note puts the cursor in the note',
    );
    await editor.locator('textarea').fill(NOTE);
    await editor.locator('input').fill('binding, stitch');
    await shot(page, 'annotations-02-editor');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });

    const { highlights } = await annotations(craftId);
    assert.equal(highlights.length, 1, 'one highlight is stored');
    noted = highlights[0];
    assert.equal(noted.exact, PHRASE);
    assert.equal(noted.color, 'yellow');
    assert.equal(noted.note, NOTE);
    assert.deepEqual(noted.tags, ['binding', 'stitch']);
    assert.equal(noted.orphan, false);
    const expected = await codePointsOf(page, PHRASE);
    assert.equal(noted.start, expected.start, 'start counts code points of the body text');
    assert.equal(noted.end, expected.end);
    assert.equal(noted.prefix, expected.prefix, 'the prefix is the 32 code points before');
    assert.equal(noted.suffix, expected.suffix, 'the suffix is the 32 code points after');
    assert.deepEqual(await drawn(page), [`yellow:${PHRASE}`], 'the new highlight is drawn at once');
  });

  test('a word chosen with a double-click is highlighted green from the toolbar', async () => {
    const word = page.locator('.prose p', { hasText: WORD_PHRASE }).first();
    const box = await word.evaluate((p, phrase) => {
      const node = [...p.childNodes].find((n) => n.nodeType === 3 && n.data.includes(phrase));
      const range = document.createRange();
      const at = node.data.indexOf('opens');
      range.setStart(node, at + 1);
      range.setEnd(node, at + 2);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }, WORD_PHRASE);
    await page.mouse.dblclick(box.x, box.y);
    await page.locator('.hl-toolbar').waitFor();
    await page.locator('.hl-toolbar').getByRole('button', { name: 'Highlight green' }).click();
    await eventually(() => drawn(page), [`green:opens`, `yellow:${PHRASE}`], 'the word is drawn green');
    const { highlights } = await annotations(craftId);
    assert.deepEqual(
      highlights.map((h) => [h.exact, h.color]),
      [
        [PHRASE, 'yellow'],
        ['opens', 'green'],
      ],
      'highlights come back in reading order',
    );
  });

  test('after a reload the highlight is still drawn and listed in the sidebar with its note', async () => {
    await page.reload();
    await page.locator('.prose[data-highlight-painter]').waitFor();
    await eventually(() => drawn(page), [`green:opens`, `yellow:${PHRASE}`], 'both highlights are drawn again');
    await page.locator('body').press('h');
    const sidebar = page.getByRole('complementary', { name: 'Notes and highlights' });
    await sidebar.waitFor();
    const items = sidebar.locator('li.highlight');
    assert.equal(await items.count(), 2);
    assert.equal(await items.first().locator('.quote').innerText(), PHRASE, 'reading order: the earlier passage first');
    const note = items.first().locator('.note-body');
    assert.equal(
      await note.innerText(),
      NOTE.replaceAll('**', ''),
      'the note is shown with it, its Markdown rendered',
    );
    assert.equal(await note.locator('strong').innerText(), 'kettle stitch', 'bold Markdown is bold');
    assert.match(await items.first().locator('.tags').innerText(), /binding/);
    await shot(page, 'annotations-03-sidebar');
  });

  test('a click in the sidebar scrolls to the passage and flashes it', async () => {
    await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
    const sidebar = page.getByRole('complementary', { name: 'Notes and highlights' });
    await sidebar.locator('li.highlight', { hasText: PHRASE }).locator('.quote').click();
    await eventually(() => page.evaluate(() => CSS.highlights.has('quire-flash')), true, 'the passage flashes');
    const where = await page.evaluate(() => {
      const range = [...CSS.highlights.get('quire-flash')][0];
      const rect = range.getBoundingClientRect();
      return { text: range.toString(), top: rect.top, bottom: rect.bottom, height: window.innerHeight };
    });
    assert.equal(where.text, PHRASE, 'the flashed range is the highlight');
    assert.ok(where.top > 50 && where.bottom < where.height, `the passage is in view (${JSON.stringify(where)})`);
    await shot(page, 'annotations-04-jump');
    await eventually(() => page.evaluate(() => CSS.highlights.has('quire-flash')), false, 'the flash ends', 4000);
  });

  test('clicking a highlight edits it: a new colour is saved, and delete removes it', async () => {
    await page.locator('body').press('h'); // close the sidebar
    const point = await page.evaluate(() => {
      const range = [...CSS.highlights.get('quire-green')][0];
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await page.mouse.click(point.x, point.y);
    const editor = page.locator('.hl-editor');
    await editor.waitFor();
    await editor.getByRole('button', { name: 'Make it pink' }).click();
    await eventually(() => drawn(page), [`pink:opens`, `yellow:${PHRASE}`], 'the colour changes in place');
    assert.equal((await annotations(craftId)).highlights.find((h) => h.exact === 'opens')?.color, 'pink');
    await editor.getByRole('button', { name: 'Delete' }).click();
    await editor.waitFor({ state: 'detached' });
    await eventually(() => drawn(page), [`yellow:${PHRASE}`], 'the deleted highlight is no longer drawn');
    assert.deepEqual(
      (await annotations(craftId)).highlights.map((h) => h.exact),
      [PHRASE],
      'and no longer stored',
    );
  });

  test('page notes are added, edited and deleted in the sidebar and survive a reload', async () => {
    await page.locator('body').press('h');
    const sidebar = page.getByRole('complementary', { name: 'Notes and highlights' });
    await sidebar.getByRole('textbox', { name: 'New page note' }).fill('Read again before the workshop.');
    await sidebar.getByRole('button', { name: 'Add note' }).click();
    await sidebar.locator('li.page-note', { hasText: 'Read again' }).waitFor();
    await page.reload();
    await page.locator('.prose[data-highlight-painter]').waitFor();
    await page.locator('body').press('h');
    const note = sidebar.locator('li.page-note');
    await note.waitFor();
    await note.getByRole('button', { name: 'Edit' }).click();
    await note.getByRole('textbox', { name: 'Page note' }).fill('Read again before the May workshop.');
    await note.getByRole('button', { name: 'Save' }).click();
    await sidebar.locator('li.page-note', { hasText: 'May workshop' }).waitFor();
    assert.deepEqual(
      (await annotations(craftId)).notes.map((n) => n.body),
      ['Read again before the May workshop.'],
    );
    await sidebar.getByRole('textbox', { name: 'New page note' }).fill('A second, short-lived note.');
    await sidebar.getByRole('button', { name: 'Add note' }).click();
    const second = sidebar.locator('li.page-note', { hasText: 'short-lived' });
    await second.getByRole('button', { name: 'Delete' }).click();
    await second.waitFor({ state: 'detached' });
    assert.equal((await annotations(craftId)).notes.length, 1, 'the deleted note is gone from the library');
  });

  test('Copy as Markdown puts the export on the clipboard; downloads give the file', async () => {
    const sidebar = page.getByRole('complementary', { name: 'Notes and highlights' });
    await sidebar.getByRole('button', { name: 'Copy as Markdown' }).click();
    await sidebar.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(clipboard.includes(PHRASE), 'the copied Markdown quotes the highlight');
    assert.ok(clipboard.includes('kettle stitch** locks'), 'and carries its note');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      sidebar.getByRole('button', { name: 'Download Readwise CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^the-quiet-craft-of-the-quire\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.startsWith('Highlight,Title,Author,URL,Note,Location,Date'), 'the Readwise header comes first');
    assert.ok(csv.includes(PHRASE));
  });

  test('the library-wide view lists, searches and filters highlights and opens the passage', async () => {
    // A second article with two highlights, made through the API at positions read from the reader.
    await openArticle(page, marbledId);
    const marbledText = await page.locator('.prose').evaluate((el) => el.textContent);
    const words = marbledText.split(/\s+/).filter((w) => w.length > 6);
    const first = words[3];
    const second = words[12];
    const one = await api('POST', `/api/articles/${marbledId}/highlights`, {
      ...(await codePointsOf(page, first)),
      color: 'blue',
      note: 'Marbling note',
      tags: ['paper'],
    });
    assert.equal(one.status, 201, `POST highlights answers 201 (got ${JSON.stringify(one.body)})`);
    const two = await api('POST', `/api/articles/${marbledId}/highlights`, {
      ...(await codePointsOf(page, second)),
      color: 'purple',
      note: null,
      tags: [],
    });
    assert.equal(two.status, 201);

    await page.goto(`${base}/#/`);
    await page.getByRole('link', { name: 'Highlights' }).click();
    const results = page.locator('li.result');
    await eventually(() => results.count(), 4, 'every highlight in the library is listed, and the page note');
    assert.equal(await page.locator('li.result[data-kind="note"]').count(), 1, 'the page note from the sidebar is one of them');
    await shot(page, 'annotations-05-library-view');

    await page.getByRole('button', { name: 'Only blue' }).click();
    await eventually(() => results.count(), 1, 'the colour filter leaves the blue one');
    assert.equal(await results.first().getAttribute('data-id'), one.body.id);
    await page.getByRole('button', { name: 'Only blue' }).click();
    await eventually(() => results.count(), 4, 'pressing it again clears the filter');

    await page.locator('#hl-tag').selectOption('binding');
    await eventually(() => results.count(), 1, 'the tag filter leaves the tagged one');
    assert.equal(await results.first().getAttribute('data-id'), noted.id);
    await page.locator('#hl-tag').selectOption('');

    await page.locator('#hl-article').selectOption(marbledId);
    await eventually(() => results.count(), 2, 'the article filter leaves that article’s two');
    await page.locator('#hl-article').selectOption('');

    await page.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('kettle');
    await eventually(() => results.count(), 1, 'search finds the highlight by its words');
    assert.ok(
      (await results.first().locator('mark').count()) > 0 || (await results.first().innerText()).includes('kettle'),
      'the hit shows the match',
    );
    await shot(page, 'annotations-06-library-search');
    await page.getByRole('searchbox', { name: 'Search highlights and notes' }).fill('');
    await eventually(() => results.count(), 4, 'clearing the search lists all again');

    await page.locator('#hl-sort').selectOption('article');
    await eventually(
      () => page.locator('li.group').count(),
      2,
      'sorted by article, the highlights are grouped under two article titles',
    );

    await results.filter({ hasText: PHRASE }).locator('a.open').click();
    await page.waitForURL(new RegExp(`#/a/${craftId}/h/${noted.id}$`));
    await page.locator('.prose[data-highlight-painter]').waitFor();
    await eventually(() => page.evaluate(() => CSS.highlights.has('quire-flash')), true, 'the passage flashes on arrival');
    const top = await page.evaluate(() => [...CSS.highlights.get('quire-flash')][0].getBoundingClientRect().top);
    assert.ok(top > 50 && top < 800, `the reader opens at the passage (top ${top})`);
  });

  test('a highlight whose text changed becomes an orphan, listed with its quote, and can be re-attached', async () => {
    // The same canonical URL with the highlighted sentence reworded: the article is updated in place.
    const changed = craftHtml.replace(
      'Done well, the kettle stitch is invisible from outside and holds for centuries.',
      'Done well, that stitch cannot be seen from outside and holds for centuries.',
    );
    assert.notEqual(changed, craftHtml);
    const readded = await api('POST', '/api/articles', { url: CRAFT_URL, html: changed, file_name: null });
    assert.ok(readded.status === 200 || readded.status === 201, `re-adding answers (got ${readded.status})`);
    assert.equal(readded.body.id, craftId, 'the same canonical URL updates the same article');

    await openArticle(page, craftId);
    await eventually(() => drawn(page), [], 'the orphan is not drawn anywhere');
    await page.locator('body').press('h');
    const sidebar = page.getByRole('complementary', { name: 'Notes and highlights' });
    const orphan = sidebar.locator('li.orphan');
    await orphan.waitFor();
    assert.equal(await orphan.locator('.quote').innerText(), PHRASE, 'the orphan shows its old quote');
    assert.equal(await sidebar.locator('li.highlight:not(.orphan)').count(), 0);
    await shot(page, 'annotations-07-orphan');

    await selectPhrase(page, 'that stitch cannot be seen from outside');
    await orphan.getByRole('button', { name: 'Re-attach to selection' }).click();
    await eventually(
      () => drawn(page),
      ['yellow:that stitch cannot be seen from outside'],
      'the re-attached highlight is drawn on the new text',
    );
    const [reattached] = (await annotations(craftId)).highlights;
    assert.equal(reattached.id, noted.id, 'it is the same highlight');
    assert.equal(reattached.orphan, false, 're-attaching clears orphan');
    assert.equal(reattached.note, NOTE, 'and keeps its note');
    await shot(page, 'annotations-08-reattached');
  });

  test('with no CSS Custom Highlight API the <mark> fallback draws and edits highlights', async () => {
    const fallback = await context.newPage();
    await fallback.addInitScript(() => {
      delete window.Highlight;
    });
    await openArticle(fallback, craftId);
    assert.equal(await fallback.locator('.prose').getAttribute('data-highlight-painter'), 'mark');
    await eventually(() => drawn(fallback), ['yellow:that stitch cannot be seen from outside'], 'marks draw the highlight');
    await selectPhrase(fallback, 'Printing changed the scale');
    await fallback.locator('.hl-toolbar').getByRole('button', { name: 'Highlight purple' }).click();
    await eventually(
      () => drawn(fallback),
      ['purple:Printing changed the scale', 'yellow:that stitch cannot be seen from outside'],
      'a new highlight is wrapped in marks too',
    );
    const text = await fallback.locator('.prose').evaluate((el) => el.textContent);
    assert.ok(text.includes('Printing changed the scale but not the principle.'), 'marks never change the text');
    await fallback.locator('mark.quire-mark[data-color="purple"]').first().click();
    await fallback.locator('.hl-editor').waitFor();
    await shot(fallback, 'annotations-09-mark-fallback');
    await fallback.locator('.hl-editor').getByRole('button', { name: 'Delete' }).click();
    await eventually(() => drawn(fallback), ['yellow:that stitch cannot be seen from outside'], 'delete unwraps the marks');
    await fallback.close();
  });

  test('positions count code points: a highlight after emoji lands on the same words after a reload', async () => {
    const emojiPage =
      '<!doctype html><html><head><title>Emoji before the passage</title></head><body><article>' +
      '<h1>Emoji before the passage</h1>' +
      '<p>Threads 🧵🧵 and needles 🪡 and 𝒻𝒶𝓃𝒸𝓎 letters come first, then the passage to keep, then the rest.</p>' +
      '<p>More text follows so the page reads as an article, with enough words to be worth keeping here.</p>'.repeat(3) +
      '</article></body></html>';
    const saved = await api('POST', '/api/articles', { url: null, html: emojiPage, file_name: 'emoji.html' });
    assert.equal(saved.status, 201);
    const id = saved.body.id;
    await openArticle(page, id);
    await selectPhrase(page, 'the passage to keep');
    await page.locator('.hl-toolbar').getByRole('button', { name: 'Highlight blue' }).click();
    await eventually(() => drawn(page), ['blue:the passage to keep'], 'drawn on the selected words');
    const [stored] = (await annotations(id)).highlights;
    const expected = await codePointsOf(page, 'the passage to keep');
    const utf16 = await page.evaluate(() => document.querySelector('.prose').textContent.indexOf('the passage to keep'));
    assert.equal(stored.start, expected.start, 'start is in code points');
    assert.ok(stored.start < utf16, 'which is fewer than the UTF-16 offset after surrogate pairs');
    assert.equal(stored.end - stored.start, 'the passage to keep'.length);
    await page.reload();
    await page.locator('.prose[data-highlight-painter]').waitFor();
    await eventually(() => drawn(page), ['blue:the passage to keep'], 'after a reload, the same words');
  });

  test('the page logged no errors (CSP violations included)', () => {
    assert.deepEqual(pageErrors, []);
  });
});
