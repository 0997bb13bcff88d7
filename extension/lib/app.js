// Talking to the Quire app on this computer: finding it on its loopback port,
// remembering the pairing token, and calling its HTTP API. Shared by the
// background worker, the popup and the options page, so there is one place
// that knows the routes and how errors come back ({code, message}).

/** The app listens on 7839 and falls back to the next three ports when that one is taken. */
export const DEFAULT_PORTS = [7839, 7840, 7841, 7842];

/** How long a port gets to answer /api/health before the next one is tried. */
const HEALTH_TIMEOUT_MS = 1500;
/** Clips wait for the article to be committed; a generous bound still ends a hung request. */
const REQUEST_TIMEOUT_MS = 120_000;

/** `chrome` in Chromium; Firefox also provides it (promise-based) under MV3. */
export const ext = globalThis.browser ?? globalThis.chrome;

/** A failure with a code the popup and options page can switch on, never on the message. */
export class AppError extends Error {
  /**
   * @param {string} code e.g. `not_paired`, `app_not_found`, `unauthorized`, or a server code
   * @param {string} message for a person
   */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Codes that mean "pair again": the popup links to the options page for these. */
export const PAIRING_CODES = new Set(['not_paired', 'unauthorized']);

/** The stored pairing: `{port?: number, token?: string}`. */
export async function loadSettings() {
  const { port, token } = await ext.storage.local.get(['port', 'token']);
  return { port: typeof port === 'number' ? port : undefined, token: typeof token === 'string' ? token : undefined };
}

export async function saveToken(token) {
  await ext.storage.local.set({ token });
}

export async function forgetToken() {
  await ext.storage.local.remove('token');
}

function baseUrl(port) {
  return `http://127.0.0.1:${port}`;
}

/** fetch with a deadline, turning network failures into AppErrors. */
async function fetchWithin(url, init, timeoutMs) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    return await fetch(url, { ...init, signal: abort.signal, cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    if (abort.signal.aborted) throw new AppError('timeout', `Quire did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    throw new AppError('app_not_found', `Quire is not reachable at ${new URL(url).origin} (${error.message}).`);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether Quire (and not some other program) answers on `port`; its version if so. */
export async function probe(port) {
  try {
    const response = await fetchWithin(`${baseUrl(port)}/api/health`, {}, HEALTH_TIMEOUT_MS);
    if (!response.ok) return null;
    const body = await response.json();
    return body && body.ok === true && typeof body.version === 'string' ? body.version : null;
  } catch {
    return null;
  }
}

/**
 * The app's address: the remembered port first, then the default ports in
 * order. Remembers the one that answered. Throws `app_not_found`.
 * @returns {Promise<{base: string, port: number, version: string}>}
 */
export async function findApp() {
  const { port: remembered } = await loadSettings();
  const ports = [...new Set([remembered, ...DEFAULT_PORTS].filter((p) => Number.isInteger(p)))];
  for (const port of ports) {
    const version = await probe(port);
    if (version) {
      if (port !== remembered) await ext.storage.local.set({ port });
      return { base: baseUrl(port), port, version };
    }
  }
  throw new AppError(
    'app_not_found',
    `Quire is not running on this computer (tried ports ${ports.join(', ')}). Start the app or \`quire serve\`.`,
  );
}

/**
 * One API call. Resolves to the parsed JSON body of a 2xx answer; rejects
 * with an AppError carrying the server's `{code, message}` otherwise.
 */
export async function call(base, method, path, { token, body, headers = {}, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const allHeaders = { ...headers };
  if (token) allHeaders.authorization = `Bearer ${token}`;
  if (body !== undefined) allHeaders['content-type'] = 'application/json';
  const response = await fetchWithin(
    base + path,
    { method, headers: allHeaders, body: body === undefined ? undefined : JSON.stringify(body) },
    timeoutMs,
  );
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return parsed;
  if (parsed && typeof parsed.code === 'string') {
    throw new AppError(parsed.code, typeof parsed.message === 'string' ? parsed.message : parsed.code);
  }
  throw new AppError(`http_${response.status}`, `Quire answered ${response.status} ${response.statusText}`.trim());
}

/** The app and the stored token, or `not_paired` when there is no token yet. */
export async function pairedApp() {
  const { token } = await loadSettings();
  if (!token) {
    throw new AppError('not_paired', 'This browser is not paired with Quire yet. Open the extension options to pair.');
  }
  const app = await findApp();
  return { ...app, token };
}

/**
 * Sends a clip and waits until the app has committed it.
 * @returns {Promise<{status: 'saved' | 'updated', article: {id: string, title: string}}>}
 */
export async function postClip(payload) {
  const { base, token } = await pairedApp();
  try {
    return await call(base, 'POST', '/api/clip', { token, body: payload });
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthorized') {
      throw new AppError('unauthorized', 'Quire no longer accepts this browser’s token (it was revoked). Pair again in the extension options.');
    }
    throw error;
  }
}

/** Asks the app for a pairing: `{pairing_id, secret, code}`. The code is shown to the person. */
export async function startPairing(base, name) {
  return call(base, 'POST', '/api/pair', { body: { name } });
}

/** One poll of a pairing: `{status, token?}`. The token comes back once, on the first poll after approval. */
export async function pollPairing(base, pairing) {
  return call(base, 'GET', `/api/pair/${encodeURIComponent(pairing.pairing_id)}`, {
    headers: { 'x-pairing-secret': pairing.secret },
    timeoutMs: 10_000,
  });
}

/** Whether the app accepts `token` (any authenticated read will do; the token list is the cheapest). */
export async function checkToken(base, token) {
  await call(base, 'GET', '/api/tokens', { token, timeoutMs: 10_000 });
}

/** A name for this browser in the app's token list. */
export function browserName() {
  const ua = globalThis.navigator?.userAgent ?? '';
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : 'Chromium';
  const os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'unknown OS';
  return `Quire Clipper (${browser} on ${os})`;
}
