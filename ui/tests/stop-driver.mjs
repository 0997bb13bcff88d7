// Stops a tauri-driver started by a test and everything it started
// (WebKitWebDriver, the app, WebKit's helper processes), by process id, and
// waits for it. Without this an app left behind keeps the test runner's
// output pipe open, and `node --test` never finishes.

import { execFileSync } from 'node:child_process';

function descendantsOf(root) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (!found.has(pid) && found.has(ppid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  found.delete(root);
  return [...found];
}

/** @param {import('node:child_process').ChildProcess | undefined} driver */
export async function stopDriver(driver) {
  if (!driver || driver.exitCode !== null || driver.signalCode !== null) return;
  const started = descendantsOf(driver.pid);
  const exited = new Promise((ok) => driver.once('exit', ok));
  driver.kill();
  await exited;
  for (const pid of started) {
    try {
      process.kill(pid);
    } catch {
      // Already gone with the driver.
    }
  }
}
