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
