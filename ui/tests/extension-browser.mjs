// Debian's Chromium with the Quire Clipper extension loaded unpacked, for the
// extension's test and bench, and a handle on the extension's service worker
// to drive it (storage, clips, badge) the way the toolbar and menus would.
//
// What works here: `launchPersistentContext` (extensions need a profile) with
// `headless: true`. Playwright then passes `--headless`, which since Chromium
// 132 is the "new" headless mode: the full browser, extensions included, so no
// Xvfb is needed (`--headless=new` in `args` with `headless: false` behaves the
// same). Chromium (unlike branded Chrome since 137) still honours
// `--load-extension`.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, uiDir } from './quire-serve.mjs';

export const extensionDir = resolve(uiDir, '../extension');

/**
 * Launches Chromium with the extension. Returns the context, the extension's
 * id, the options page it opened on install, `inWorker(fn, arg)` to run code
 * in its service worker, and `close()`.
 */
export async function launchWithExtension() {
  const profile = await mkdtemp(join(tmpdir(), 'quire-extension-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  context.setDefaultTimeout(15_000);
  let current = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  context.on('serviceworker', (w) => {
    current = w;
  });
  const id = new URL(current.url()).host;
  // A newly installed extension opens its options page (to pair).
  const isOptions = (p) => p.url().startsWith(`chrome-extension://${id}/options/`);
  // (A new tab's address is set after its "page" event, so poll rather than wait for the event.)
  let optionsOnInstall = null;
  for (const end = Date.now() + 10_000; !optionsOnInstall && Date.now() < end; ) {
    optionsOnInstall = context.pages().find(isOptions) ?? null;
    if (!optionsOnInstall) await new Promise((ok) => setTimeout(ok, 100));
  }

  return {
    context,
    id,
    /** The options page the extension opened when it was installed. */
    optionsOnInstall,
    /** Runs `fn(arg)` in the service worker, where `chrome.*` and `self.quireClipTab` live. */
    inWorker: (fn, arg) => current.evaluate(fn, arg),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
