// Measurements of the real desktop app (not a test: it prints figures).
// Cold start to a visible library, search-as-you-type latency, memory of the
// app's processes, and the .deb's size. Driven through tauri-driver under an X
// display; scripts/bench-desktop.sh sets everything up (a 10,000-article
// library made by `quire-core`'s fill_library example) and runs this.
//
//   QUIRE_LIBRARY=/tmp/big.sqlite xvfb-run -a node bench/desktop.mjs
//
// QUIRE_DESKTOP_BIN, TAURI_DRIVER, QUIRE_DEB and RUNS override the defaults.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForDriver, webDriverRequest } from '../tests/webdriver.mjs';

const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const app = resolve(uiDir, process.env.QUIRE_DESKTOP_BIN ?? '../target/debug/quire-desktop');
const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo/bin/tauri-driver');
const library = process.env.QUIRE_LIBRARY;
const runs = Number(process.env.RUNS ?? 3);
if (!library) throw new Error('set QUIRE_LIBRARY to the library to measure');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;


/** Resident memory (kB) of a process and all its descendants, by name, from /proc via ps. */
function treeRss(rootPid) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([pid, ppid, rss, ...comm]) => ({ pid: Number(pid), ppid: Number(ppid), rss: Number(rss), comm: comm.join(' ') }));
  const inTree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows) {
      if (!inTree.has(row.pid) && inTree.has(row.ppid)) {
        inTree.add(row.pid);
        grew = true;
      }
    }
  }
  return rows.filter((row) => inTree.has(row.pid));
}

async function withApp(fn) {
  const tmp = await mkdtemp(join(tmpdir(), 'quire-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const driver = spawn(driverBin, ['--port', String(port), '--native-port', String(await freePort())], {
    stdio: 'ignore',
    env: { ...process.env, QUIRE_LIBRARY: library, XDG_DATA_HOME: join(tmp, 'data'), XDG_CACHE_HOME: join(tmp, 'cache') },
  });
  const wd = (method, path, body) => webDriverRequest(base, method, path, body);
  await waitForDriver(base);
  let session;
  try {
    return await fn({
      wd,
      driverPid: driver.pid,
      start: async () => {
        session = (
          await wd('POST', '/session', {
            capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
          })
        ).sessionId;
        return session;
      },
      run: (script, args = []) => wd('POST', `/session/${session}/execute/sync`, { script, args }),
      runAsync: (script, args = []) => wd('POST', `/session/${session}/execute/async`, { script, args }),
    });
  } finally {
    if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
    const exited = new Promise((ok) => driver.once('exit', ok));
    driver.kill();
    await exited;
    // WebKit's helper processes may still be writing their caches for a moment.
    await rm(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

/** Wall time from asking for the window to the first library row in the DOM, and the page's own view of it. */
async function coldStart() {
  return withApp(async ({ start, run }) => {
    const t0 = performance.now();
    await start();
    let inPage = null;
    while (inPage === null) {
      inPage = await run('return document.querySelector("article.row") ? performance.now() : null');
      if (performance.now() - t0 > 30_000) throw new Error('no library row within 30 s');
    }
    return { wall: performance.now() - t0, inPage, rows: await run('return document.querySelectorAll("article.row").length') };
  });
}

/**
 * Types each query a character at a time (80 ms apart, a brisk typist) into
 * the search box and times from the last keystroke until the results heading
 * names the full query, i.e. the hits are on screen. Includes the UI's 120 ms
 * debounce, which is also reported separately.
 */
async function searchLatency(queries) {
  return withApp(async ({ start, run, runAsync, driverPid }) => {
    await start();
    while (!(await run('return !!document.querySelector("article.row")'))) await new Promise((ok) => setTimeout(ok, 50));
    const latencies = [];
    for (const q of queries) {
      const took = await runAsync(
        `const [q, done] = arguments;
        const input = document.querySelector('input[type="search"]');
        input.focus();
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        let i = 0;
        const type = () => {
          i++;
          input.value = q.slice(0, i);
          input.dispatchEvent(new Event('input', { bubbles: true }));
          if (i < q.length) return setTimeout(type, 80);
          const t0 = performance.now();
          const want = '“' + q + '”';
          const check = () => {
            const heading = document.querySelector('.results .heading');
            if (heading && heading.textContent.includes(want)) {
              requestAnimationFrame(() => done({ ms: performance.now() - t0, heading: heading.textContent.trim() }));
            } else requestAnimationFrame(check);
          };
          check();
        };
        type();`,
        [q],
      );
      latencies.push({ q, ...took });
    }
    // Memory with the big list and a search shown: the app and every process it started (WebKit's web and network processes).
    const appPid = treeRss(driverPid).find((p) => p.comm.startsWith('quire-desktop'))?.pid;
    const tree = appPid ? treeRss(appPid) : [];
    return { latencies, memory: tree };
  });
}

function newestDeb() {
  if (process.env.QUIRE_DEB) return process.env.QUIRE_DEB;
  const dir = resolve(uiDir, '../target/debug/bundle/deb');
  if (!existsSync(dir)) return null;
  const debs = readdirSync(dir).filter((f) => f.endsWith('.deb')).map((f) => join(dir, f));
  return debs.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] ?? null;
}

const count = await withApp(async ({ start, runAsync }) => {
  await start();
  const listed = await runAsync(
    `const done = arguments[0];
    window.__TAURI_INTERNALS__.invoke('list_articles', { query: { state: null, favourite: null, tag: null, site: null, sort: 'saved', limit: 100000, offset: null } })
      .then((rows) => done(rows.length), (e) => done(String(e)));`,
  );
  return listed;
});
console.log(`library: ${library} (${count} articles, ${(statSync(library).size / 1e6).toFixed(1)} MB)`);
console.log(`app: ${app}`);

const starts = [];
for (let i = 0; i < runs; i++) starts.push(await coldStart());
console.log(
  `cold start to library visible: median ${ms(median(starts.map((s) => s.wall)))} wall (runs: ${starts.map((s) => ms(s.wall)).join(', ')}),` +
    ` ${ms(median(starts.map((s) => s.inPage)))} of it inside the page; ${starts[0].rows} rows rendered`,
);

const { latencies, memory } = await searchLatency(['kettle', 'marbled paper', 'harbour railway', 'quire', 'lantern orchard compass']);
for (const l of latencies) console.log(`search-as-you-type "${l.q}": ${ms(l.ms)} from last key to hits shown (${l.heading})`);
console.log(`search latency median: ${ms(median(latencies.map((l) => l.ms)))} (includes the 120 ms debounce)`);

const total = memory.reduce((sum, p) => sum + p.rss, 0);
for (const p of memory) console.log(`RSS ${p.comm} (${p.pid}): ${(p.rss / 1024).toFixed(0)} MB`);
console.log(`RSS total (quire-desktop and its WebKit processes): ${(total / 1024).toFixed(0)} MB`);

const deb = newestDeb();
if (deb) console.log(`.deb: ${deb.split('/').pop()} ${(statSync(deb).size / 1e6).toFixed(1)} MB`);
else console.log('.deb: none built (tauri build --debug --bundles deb)');
