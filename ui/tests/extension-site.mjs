// A stand-in for a news site, for the extension's test and bench: an article
// page whose photos are loaded every way real sites load them (plain, lazy
// `data-src`, `srcset`, a `<noscript>` fallback, `loading=lazy` below the
// fold, and one from another origin that sends no CORS headers), served on
// loopback with every request logged, so a test can tell who fetched a photo:
// the browser, or the app (Quire's honest User-Agent).

import { createServer } from 'node:http';
import { once } from 'node:events';
import { deflateSync, crc32 } from 'node:zlib';

/**
 * A distinct, decodable PNG photo: a colour gradient with some grain, so it
 * compresses like a photo rather than like a flat image.
 */
export function makePng(width, height, seed) {
  let state = seed * 2654435761 + 1;
  const random = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  };
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const i = y * row + 1 + x * 3;
      raw[i] = ((x * 255) / width + seed * 37 + (random() & 1)) & 255;
      raw[i + 1] = ((y * 255) / height + seed * 91 + (random() & 1)) & 255;
      raw[i + 2] = (((x + y) * 127) / (width + height) + seed * 53 + (random() & 1)) & 255;
    }
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 transparent GIF, the placeholder lazy loaders put in `src`. */
const PLACEHOLDER_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export const ARTICLE_TITLE = 'The last marbling workshop in the valley';

const PARAGRAPHS = [
  'The workshop sits at the end of a lane that floods every spring, in a stone building that was a dairy until the nineteen-sixties. Inside, the air smells of ox gall and carrageen moss, and the long troughs along the north wall hold the size on which the colours float.',
  'Marbling is older than the printed book in Europe. Paper decorated this way lined the covers of ledgers and novels alike, and for two centuries every bindery of any size kept a marbler, or bought sheets from one. Today there are a handful left, and this is the last in the valley.',
  'The marbler lays down each colour with a whisk of broom straw, flicking it across the surface of the size, where it spreads into rings. A comb drawn through the rings turns them into the feathered patterns that give the papers their names: nonpareil, bouquet, French curl.',
  'A sheet of paper, dampened with alum the evening before, is lowered onto the floating colour in one movement and lifted again. The pattern is on the paper now, and cannot be made again: the next sheet will take a new pattern, since the colour goes with the first.',
  'The sheets dry on lines strung across the room, and the marbler burnishes them with an agate stone until the surface takes a soft gleam. Orders come from restorers, from fine-press printers, and lately from people who have simply seen the papers and want one.',
  'There is no apprentice. The marbler says that the trade needs patience more than talent, and a building with a floor that does not mind getting wet, and that both are harder to find than they used to be. The troughs, for now, are filled every morning.',
];

/**
 * The article page: six photos, each loaded a different way. `n` makes its
 * photos distinct (for the bench); `foreign: false` leaves out the photo from
 * the other origin, for a page whose five photos the browser can all send.
 */
export function articleHtml(otherBase, n = 0, { foreign = true } = {}) {
  const p = (i) => `<p>${PARAGRAPHS[i]}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${ARTICLE_TITLE} | Valley Chronicle</title>
  <meta property="og:site_name" content="Valley Chronicle">
  <meta name="author" content="Ines Marlow">
  <style>figure { margin: 1em 0; } img { max-width: 100%; height: auto; } .spacer { height: 3000px; }</style>
</head>
<body>
  <header><nav><a href="/">Home</a> · <a href="/crafts">Crafts</a></nav></header>
  <article>
    <h1>${ARTICLE_TITLE}</h1>
    ${p(0)}
    <figure><img id="plain" src="/photos/plain-${n}.png" alt="The troughs along the north wall" width="800" height="533"><figcaption>The troughs along the north wall.</figcaption></figure>
    ${p(1)}
    <figure><img id="lazy" class="lazyload" src="/img/placeholder.gif" data-src="/photos/lazy-${n}.png" alt="Colours floating on the size" width="800" height="533"><figcaption>Colours floating on the size.</figcaption></figure>
    ${p(2)}
    <figure><img id="srcset" src="/photos/srcset-small-${n}.png" srcset="/photos/srcset-small-${n}.png 400w, /photos/srcset-large-${n}.png 1200w" sizes="400px" alt="A comb drawn through the rings" width="400" height="267"><figcaption>A comb drawn through the rings.</figcaption></figure>
    ${p(3)}
    <figure><img id="noscript" class="lazyload" src="/img/placeholder.gif" alt="" width="800" height="533"><noscript><img src="/photos/noscript-${n}.png" alt="Sheets drying on the lines" width="800" height="533"></noscript><figcaption>Sheets drying on the lines.</figcaption></figure>
    ${p(4)}
    ${foreign ? `<figure><img id="foreign" src="${otherBase}/photos/foreign-${n}.png" alt="The agate burnisher" width="800" height="533"><figcaption>The agate burnisher (from a photo agency).</figcaption></figure>` : ''}
    <div class="spacer"></div>
    ${p(5)}
    <figure><img id="below" loading="lazy" src="/photos/below-${n}.png" alt="The lane in spring" width="800" height="533"><figcaption>The lane in spring.</figcaption></figure>
  </article>
  <footer><p>© Valley Chronicle</p></footer>
  <script>document.documentElement.dataset.scripted = 'yes';</script>
</body>
</html>`;
}

/** Photo names on the page and whether the extension can send their bytes (same origin) or not. */
export const PHOTOS = {
  plain: { sentByExtension: true },
  lazy: { sentByExtension: true },
  'srcset-large': { sentByExtension: true },
  noscript: { sentByExtension: true },
  below: { sentByExtension: true },
  foreign: { sentByExtension: false },
};

function photoFor(name, n) {
  // Sizes of typical article photos; the srcset's small candidate is what a narrow layout shows.
  const seed = n * 16 + Object.keys(PHOTOS).indexOf(name) + 1;
  return name === 'srcset-small' ? makePng(400, 267, seed + 8) : makePng(800, 533, seed);
}

/**
 * Starts the site (and a second origin for the foreign photo) on loopback.
 * `requests` logs `{origin: 'site'|'other', path, fromApp}` for every request.
 */
export async function startSite() {
  const requests = [];
  const cache = new Map();
  const photo = (name, n) => {
    const key = `${name}-${n}`;
    if (!cache.has(key)) cache.set(key, photoFor(name, n));
    return cache.get(key);
  };
  const handler = (origin) => (request, response) => {
    const url = new URL(request.url, 'http://site');
    const fromApp = /^Quire\//.test(request.headers['user-agent'] ?? '');
    requests.push({ origin, path: url.pathname, fromApp });
    const photoMatch = /^\/photos\/([a-z-]+)-(\d+)\.png$/.exec(url.pathname);
    if (origin === 'site' && url.pathname === '/article') {
      const n = Number(url.searchParams.get('n') ?? '0');
      const foreign = url.searchParams.get('foreign') !== '0';
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(articleHtml(other.base, n, { foreign }));
    } else if (url.pathname === '/img/placeholder.gif') {
      response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'max-age=3600' }).end(PLACEHOLDER_GIF);
    } else if (photoMatch) {
      // Cacheable, as photo CDNs are: the extension's force-cache fetch is then served from the browser's cache.
      response
        .writeHead(200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=3600' })
        .end(photo(photoMatch[1], Number(photoMatch[2])));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
  const listen = async (origin) => {
    const server = createServer(handler(origin));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { server, base: `http://127.0.0.1:${server.address().port}` };
  };
  const site = await listen('site');
  const other = await listen('other');
  return {
    base: site.base,
    otherBase: other.base,
    requests,
    /** Requests for photo `name` of page `n`, split by who made them. */
    photoRequests(name, n = 0) {
      const path = `/photos/${name}-${n}.png`;
      const matching = requests.filter((r) => r.path === path);
      return { byApp: matching.filter((r) => r.fromApp).length, byBrowser: matching.filter((r) => !r.fromApp).length };
    },
    close() {
      site.server.closeAllConnections();
      other.server.closeAllConnections();
      site.server.close();
      other.server.close();
    },
  };
}
