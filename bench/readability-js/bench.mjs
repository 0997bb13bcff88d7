// Readability.js (with linkedom as the DOM) over the same pages quire-extract's
// extract_quality bench reads, on one thread with every page in memory.
// Prints "pages/s N" (wall clock), "cpu pages/s N" (process CPU time) and
// "MB/s N" (wall); the Rust bench parses the first two. Each figure is the
// best round, as the Rust side takes its best pass, so that load from other
// processes on a shared machine skews neither side.
// CPU time is the whole process's (`process.cpuUsage`, user + system), so it
// includes V8's garbage-collector and compiler threads: that is CPU node spends
// to extract the pages, and it is not slowed by other processes' load.
// Usage: node bench.mjs <readability-test-pages dir>
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

const dir = process.argv[2];
const pages = readdirSync(dir)
  .filter((name) => existsSync(join(dir, name, "source.html")))
  .sort()
  .map((name) => readFileSync(join(dir, name, "source.html"), "utf8"));
if (pages.length === 0) {
  console.error(`no pages in ${dir}`);
  process.exit(1);
}
const bytes = pages.reduce((n, p) => n + Buffer.byteLength(p), 0);

function extractAll() {
  for (const html of pages) {
    try {
      const { document } = parseHTML(html);
      new Readability(document).parse();
    } catch {
      // A page linkedom cannot handle counts as read; the time is what matters.
    }
  }
}

extractAll(); // warm-up: JIT compilation is not part of steady-state speed
let rounds = 0;
let bestWall = Infinity;
let bestCpu = Infinity;
const started = process.hrtime.bigint();
while (rounds < 3 || Number(process.hrtime.bigint() - started) / 1e9 < 4) {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  extractAll();
  const spent = process.cpuUsage(cpu);
  bestWall = Math.min(bestWall, Number(process.hrtime.bigint() - wall) / 1e9);
  bestCpu = Math.min(bestCpu, (spent.user + spent.system) / 1e6);
  rounds += 1;
}
console.log(`pages/s ${(pages.length / bestWall).toFixed(1)}`);
console.log(`cpu pages/s ${(pages.length / bestCpu).toFixed(1)}`);
console.log(`MB/s ${(bytes / 1e6 / bestWall).toFixed(2)}`);
