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
 * binary `app`. Returns the driver process, its base URL and the session id.
 */
export async function startDesktop({ driverBin, app, tmp }) {
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
    },
  });
  await waitForDriver(base);
  const created = await webDriverRequest(base, 'POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
  });
  return { driver, base, session: created.sessionId };
}
