// Readability.js (with linkedom as the DOM) over the same pages quire-extract's
// extract_quality bench reads, on one thread with every page in memory.
// Prints "pages/s N" and "MB/s N"; the Rust bench parses the first.
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
const started = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < 2 || rounds === 0) {
  extractAll();
  rounds += 1;
  elapsed = Number(process.hrtime.bigint() - started) / 1e9;
}
console.log(`pages/s ${((pages.length * rounds) / elapsed).toFixed(1)}`);
console.log(`MB/s ${((bytes * rounds) / 1e6 / elapsed).toFixed(2)}`);
