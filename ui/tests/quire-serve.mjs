// One way for the browser tests to start `quire serve` on a temporary library,
// talk to its HTTP API, and launch Debian's Chromium with the flags CI needs.
// Anything the server starts to require of clients (tokens, cookies) is added
// here, once.

import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const uiDir = resolve(here, '..');
export const quireBin = resolve(uiDir, process.env.QUIRE_BIN ?? '../target/debug/quire');

/** The flags headless Chromium needs on a CI machine with no GPU or sandbox. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Launches Debian's Chromium (never a downloaded browser). */
export function launchChromium(options = {}) {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, ...options });
}

/**
 * Starts `quire serve` on `library` with the built UI and waits for the URL it
 * prints first. Returns the URL, the process, `api(method, path, body)` (sent
 * with `token`, an API token of the library), `token` and `stop()`.
 */
export async function startQuireServe(library, extraArgs = []) {
  const child = spawn(quireBin, ['serve', '--library', library, '--port', '0', '--ui-dir', join(uiDir, 'dist'), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await Promise.race([
    once(lines, 'line').then(([line]) => line),
    once(child, 'exit').then(([code]) => {
      throw new Error(`quire serve exited with ${code} before printing its URL`);
    }),
    new Promise((_, reject) => setTimeout(() => reject(new Error('quire serve printed no URL within 15 s')), 15_000)),
  ]);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'the first stdout line of quire serve is its URL');
  // Scripts need a token (the UI itself gets a session cookie with its page);
  // tokens live in the library, so the CLI issues one for the running server.
  const token = execFileSync(quireBin, ['token', 'create', '--library', library, '--name', 'browser tests'], {
    encoding: 'utf8',
  }).trim();

  /**
   * Calls the HTTP API as a script would; the answer's body is parsed JSON (or
   * null). A `Uint8Array`/`Buffer` body is sent as is with `contentType`
   * (photos, issue 5); anything else as JSON.
   */
  async function api(method, path, body, contentType) {
    const raw = body instanceof Uint8Array;
    const response = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': raw ? (contentType ?? 'application/octet-stream') : 'application/json' } : {}),
      },
      body: body ? (raw ? body : JSON.stringify(body)) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  return { url, child, api, token, stop: () => child.kill() };
}
