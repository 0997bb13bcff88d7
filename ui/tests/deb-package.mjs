// The .deb as a user would get it: built by `tauri build --debug --bundles deb`
// (scripts/test.sh does that first), unpacked with `dpkg-deb -x`, its control
// metadata, desktop entry and icons checked, and the packaged binary started
// under Xvfb on an empty temporary library until it shows the library view
// (driven by tauri-driver, so "shows" means the DOM says so, plus a
// screenshot of the whole X screen with ImageMagick's `import`).
//
// Run from ui/: xvfb-run -a node --test tests/deb-package.mjs
// QUIRE_DEB overrides the package path (default: the newest in target/debug/bundle/deb).

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { stopDriver } from './stop-driver.mjs';
import { startDesktop, webDriverRequest } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const uiDir = resolve(here, '..');
const results = join(uiDir, 'test-results');
const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo/bin/tauri-driver');
const conf = JSON.parse(await readFile(join(uiDir, '../tauri.conf.json'), 'utf8'));

function newestDeb() {
  if (process.env.QUIRE_DEB) return resolve(process.env.QUIRE_DEB);
  const dir = resolve(uiDir, process.env.QUIRE_TARGET_DIR ?? '../target', 'debug/bundle/deb');
  const debs = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.deb')) : [];
  assert.ok(debs.length > 0, `no .deb in ${dir}: run tauri build --debug --bundles deb first`);
  return debs.map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

const deb = newestDeb();
let tmp;
let root;
let driver;
let base;
let session;


const wd = (method, path, body) => webDriverRequest(base, method, path, body);

before(async () => {
  await mkdir(results, { recursive: true });
  tmp = await mkdtemp(join(tmpdir(), 'quire-deb-'));
  root = join(tmp, 'root');
  execFileSync('dpkg-deb', ['-x', deb, root]);
});

after(async () => {
  if (session) await wd('DELETE', `/session/${session}`).catch(() => {});
  await stopDriver(driver);
  if (tmp) await rm(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe(`the .deb (${deb.split('/').pop()})`, () => {
  test('control metadata names the publisher and describes the app', () => {
    const info = execFileSync('dpkg-deb', ['-I', deb], { encoding: 'utf8' });
    const field = (name) => info.match(new RegExp(`^ ${name}: (.*)$`, 'm'))?.[1];
    assert.equal(field('Package'), 'quire');
    assert.equal(field('Version'), conf.version);
    assert.equal(field('Maintainer'), conf.bundle.publisher, 'Maintainer comes from bundle.publisher, not "example"');
    assert.equal(field('Description'), conf.bundle.shortDescription, 'the one-line description is ours, not "(none)"');
    assert.match(info, /No account and no cloud\./, 'the long description follows');
    assert.equal(field('Section'), 'web');
    assert.match(field('Depends') ?? '', /libwebkit2gtk-4\.1-0/, 'depends on the WebKitGTK it links');
    assert.match(field('Architecture') ?? '', /^(amd64|arm64)$/);
  });

  test('installs the binary, a desktop entry and the icons', async () => {
    const bin = join(root, 'usr/bin/quire-desktop');
    assert.ok(statSync(bin).mode & 0o111, 'the binary is executable');
    const entries = readdirSync(join(root, 'usr/share/applications'));
    assert.equal(entries.length, 1, `one desktop entry (got ${entries})`);
    const entry = await readFile(join(root, 'usr/share/applications', entries[0]), 'utf8');
    const key = (name) => entry.match(new RegExp(`^${name}=(.*)$`, 'm'))?.[1];
    assert.match(entry, /^\[Desktop Entry\]$/m);
    assert.equal(key('Name'), 'Quire');
    assert.equal(key('Exec'), 'quire-desktop');
    assert.equal(key('Type'), 'Application');
    assert.match(key('Categories') ?? '', /Office|Utility|Productivity/);
    const icon = key('Icon');
    assert.ok(icon, 'the entry names an icon');
    const icons = join(root, 'usr/share/icons/hicolor');
    const sizes = readdirSync(icons).filter((size) => existsSync(join(icons, size, 'apps', `${icon}.png`)));
    for (const size of ['32x32', '128x128', '256x256@2']) {
      assert.ok(sizes.includes(size), `a ${size} icon named ${icon}.png (have ${sizes})`);
    }
    const png = await readFile(join(icons, '128x128/apps', `${icon}.png`));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.equal(png.readUInt32BE(16), 128, 'the 128x128 icon is 128 wide');
  });

  test('the packaged binary starts on an empty library and shows the library view', async () => {
    const started = Date.now();
    ({ driver, base, session } = await startDesktop({ driverBin, app: join(root, 'usr/bin/quire-desktop'), tmp }));
    let heading = null;
    while (!heading && Date.now() - started < 15_000) {
      heading = await wd('POST', `/session/${session}/execute/sync`, {
        script: 'return document.querySelector(".empty h2, .empty h1")?.textContent ?? null',
        args: [],
      });
      if (!heading) await new Promise((ok) => setTimeout(ok, 100));
    }
    assert.equal(heading, 'Your library is empty', 'the packaged app shows the library view');
    assert.equal(await wd('GET', `/session/${session}/title`), 'Quire');
    assert.ok(existsSync(join(tmp, 'lib.sqlite')), 'it opened the library QUIRE_LIBRARY names');
    // The whole X screen, window manager-less: what a user would see.
    // WebKit paints to X a moment after the DOM is ready; wait until the screen is no longer blank.
    const shot = join(results, 'deb-01-library.png');
    for (let i = 0; i < 30; i++) {
      await new Promise((ok) => setTimeout(ok, 200));
      execFileSync('import', ['-window', 'root', shot]);
      const colours = Number(execFileSync('identify', ['-format', '%k', shot], { encoding: 'utf8' }));
      if (colours > 50) break;
    }
    const colours = Number(execFileSync('identify', ['-format', '%k', shot], { encoding: 'utf8' }));
    assert.ok(colours > 50, `the screen shows the painted window, not a blank one (${colours} colours)`);
    await writeFile(join(results, 'deb-size.txt'), `${statSync(deb).size}\n`);
  });
});
