// The plain-WebDriver plumbing the desktop tests and the desktop bench share:
// a free loopback port for tauri-driver, and one W3C WebDriver request over
// fetch (no client library needed).

import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (released before returning). */
export async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** One WebDriver call against the driver at `base`; resolves to its `value`. */
export async function webDriverRequest(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
  return json.value;
}

/** Waits until the driver at `base` answers `/status` (up to about 10 s). */
export async function waitForDriver(base) {
  for (let i = 0; ; i++) {
    try {
      return await webDriverRequest(base, 'GET', '/status');
    } catch (error) {
      if (i > 50) throw new Error(`tauri-driver did not come up: ${error}`);
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }
}

/**
 * Starts tauri-driver on free ports with the app's data in `tmp` (its library
 * `tmp/lib.sqlite`, XDG data and cache folders there too, so a test never
 * touches the user's), waits for it, and opens a session on the desktop
 * binary `app`, with `env` added to its environment. Returns the driver
 * process, its base URL and the session id.
 */
export async function startDesktop({ driverBin, app, tmp, env = {} }) {
  const { spawn } = await import('node:child_process');
  const { join } = await import('node:path');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const driver = spawn(driverBin, ['--port', String(port), '--native-port', String(await freePort())], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      QUIRE_LIBRARY: join(tmp, 'lib.sqlite'),
      XDG_DATA_HOME: join(tmp, 'data'),
      XDG_CACHE_HOME: join(tmp, 'cache'),
      ...env,
    },
  });
  await waitForDriver(base);
  const created = await webDriverRequest(base, 'POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
  });
  return { driver, base, session: created.sessionId };
}

/** The W3C key of an element reference in WebDriver answers. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/**
 * The calls the desktop tests make on the app's window, bound to `win`, a
 * `{ base, session }` holder that `before()` fills once the driver is up
 * (so the helpers can be made at module level, before there is a session).
 */
export function windowHelpers(win) {
  const wd = (method, path, body) => webDriverRequest(win.base, method, path, body);
  const s = (path) => `/session/${win.session}${path}`;

  /** Calls a Tauri command from inside the page; resolves to {ok} or {err}. */
  const invoke = (command, args) =>
    wd('POST', s('/execute/async'), {
      script: `const [command, args, done] = arguments;
      window.__TAURI_INTERNALS__.invoke(command, args).then((ok) => done({ ok }), (err) => done({ err }));`,
      args: [command, args ?? {}],
    });

  const find = async (css) => (await wd('POST', s('/element'), { using: 'css selector', value: css }))[ELEMENT];

  /** Finds `css`, retrying until it appears or `timeoutMs` passes. */
  async function waitFor(css, timeoutMs = 10_000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await find(css);
      } catch (error) {
        if (Date.now() > end) throw error;
        await new Promise((ok) => setTimeout(ok, 200));
      }
    }
  }

  const click = async (css) => wd('POST', s(`/element/${await waitFor(css)}/click`), {});

  /** Saves the window as WebKit last painted it to `path`; two animation frames first, so the latest change is in it. */
  async function screenshot(path) {
    const { writeFile } = await import('node:fs/promises');
    await wd('POST', s('/execute/async'), {
      script: 'const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(null)));',
      args: [],
    });
    await writeFile(path, Buffer.from(await wd('GET', s('/screenshot')), 'base64'));
  }

  return { wd, s, invoke, find, waitFor, click, screenshot };
}
