// Browser clipping (issue 7): the web UI's pairing prompt and tokens panel,
// in headless Chromium against a real `quire serve`. The "extension" here is a
// script posting to /api/pair with an extension Origin; the person approves in
// the UI, which is allowed by its session cookie alone.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startQuireServe, uiDir } from './quire-serve.mjs';

const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

let server;
let tmp;
let browser;
let page;

/** Asks to pair as the extension would; returns the ticket. */
async function askToPair(name) {
  const response = await fetch(`${server.url}/api/pair`, {
    method: 'POST',
    headers: { origin: EXTENSION_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  assert.equal(response.status, 201);
  return response.json();
}

async function poll(ticket) {
  const response = await fetch(`${server.url}/api/pair/${ticket.pairing_id}`, {
    headers: { origin: EXTENSION_ORIGIN, 'x-pairing-secret': ticket.secret },
  });
  return response.json();
}

describe('pairing a browser from the web UI', () => {
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'quire-pairing-'));
    server = await startQuireServe(join(tmp, 'library.sqlite'));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(server.url + '/');
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  test('the prompt shows the name and code; approving hands the extension its token', async () => {
    const ticket = await askToPair('Chromium on the test machine');
    const dialog = page.getByRole('alertdialog', { name: 'Connect a browser?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Chromium on the test machine/);
    assert.equal(await dialog.getByLabel('Pairing code').innerText(), ticket.code, 'the same code as the extension shows');
    await page.screenshot({ path: join(uiDir, 'test-results', 'pairing-prompt.png') });
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    const answer = await poll(ticket);
    assert.equal(answer.status, 'approved');
    assert.match(answer.token, /^quire_/);
    assert.equal((await poll(ticket)).token, undefined, 'the token is handed over once');
  });

  test('denying refuses the extension', async () => {
    const ticket = await askToPair('Unknown browser');
    const dialog = page.getByRole('alertdialog', { name: 'Connect a browser?' });
    await dialog.getByRole('button', { name: 'Deny' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await poll(ticket)).status, 'denied');
  });

  test('the tokens panel lists tokens and revokes them', async () => {
    await page.getByRole('button', { name: 'Connections' }).click();
    const panel = page.getByRole('region', { name: 'Connected browsers and scripts' });
    const extension = panel.locator('li', { hasText: 'Chromium on the test machine' });
    await extension.waitFor();
    assert.match(await extension.innerText(), /last used never/, 'the approved token has not been used yet');
    await extension.getByRole('button', { name: 'Revoke' }).click();
    await extension.waitFor({ state: 'detached' });
    const left = (await server.api('GET', '/api/tokens')).body.map((t) => t.name);
    assert.deepEqual(left, ['browser tests'], 'only the revoked token is gone');
  });
});
