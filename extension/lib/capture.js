// What runs inside the clipped page (via chrome.scripting.executeScript), to
// capture it as the reader sees it: the rendered DOM with lazy images
// resolved, the selection, and the bytes of its images from the browser's
// cache. Each exported function is serialised on its own into the page, so it
// must be self-contained: no imports, no references to anything outside its body.
//
// The page is never changed: the DOM is copied into an inert document (no
// browsing context, so nothing in it loads or runs) and the rewriting happens
// on the copy.

/**
 * Captures the page. Runs in the page's isolated world.
 * @param {{maxImages: number, maxImageBytes: number, maxTotalBytes: number, maxBodyBytes: number, deadlineMs: number}} limits
 * @param {boolean} wantSelection whether to include the selection (as HTML) when there is one
 */
export async function capturePage(limits, wantSelection) {
  const started = Date.now();
  // Attributes where lazy loaders keep the real address, most specific first (as the app's extractor reads them).
  const LAZY_SRC = [
    'data-src', 'data-lazy-src', 'data-original', 'data-hi-res-src', 'data-full-src', 'data-url', 'data-lazy',
    'data-lazyload', 'data-echo', 'data-img-src', 'data-original-src',
  ];
  const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset', 'data-original-set', 'srcset'];

  const absolute = (value) => {
    if (!value) return null;
    try {
      return new URL(value.trim(), document.baseURI).href;
    } catch {
      return null;
    }
  };
  const isPlaceholder = (src) => {
    const s = (src ?? '').trim();
    if (!s || s === '#' || s.startsWith('about:')) return true;
    if (s.startsWith('data:')) return s.length < 200 || s.includes('svg+xml');
    const lower = s.toLowerCase();
    return ['placeholder', 'blank.', 'spacer.', 'pixel.', 'lazy.', 'loading.', 'grey.', 'gray.', 'transparent.'].some((p) =>
      lower.includes(p),
    );
  };
  // The candidates of a srcset as the HTML standard splits them: a URL is a run
  // of non-space characters (commas inside it belong to it, as CDN parameters
  // do), trailing commas end it, and its descriptor runs to the next comma.
  const candidates = (srcset) => {
    const out = [];
    let rest = srcset;
    for (;;) {
      rest = rest.replace(/^[\s,]+/, '');
      if (!rest) return out;
      let url = /^\S+/.exec(rest)[0];
      rest = rest.slice(url.length);
      let descriptor = '';
      if (/,+$/.test(url)) url = url.replace(/,+$/, '');
      else {
        const end = rest.indexOf(',');
        descriptor = (end < 0 ? rest : rest.slice(0, end)).trim();
        rest = end < 0 ? '' : rest.slice(end + 1);
      }
      out.push([url, descriptor]);
    }
  };
  // The largest candidate: by width descriptor, else by density, else the first.
  const bestCandidate = (srcset) => {
    let best = null;
    let bestScore = -1;
    for (const [url, descriptor] of candidates(srcset ?? '')) {
      if (isPlaceholder(url)) continue;
      const match = /^([\d.]+)([wx])$/.exec(descriptor.split(/\s+/)[0] ?? '');
      const score = match ? Number(match[1]) * (match[2] === 'w' ? 1 : 1000) : 1000;
      if (score > bestScore) {
        best = url;
        bestScore = score;
      }
    }
    return best;
  };
  // The address of the photo an <img> shows, or would show once scrolled to.
  const resolveImage = (img, live) => {
    const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
    const sets = [img, ...(picture ? picture.querySelectorAll('source') : [])].flatMap((el) =>
      LAZY_SRCSET.map((a) => el.getAttribute(a)),
    );
    const fromSrcset = sets.map(bestCandidate).find(Boolean);
    const src = img.getAttribute('src');
    const lazy = LAZY_SRC.map((a) => img.getAttribute(a)).find((v) => v && !/\s/.test(v.trim()) && !isPlaceholder(v));
    const loaded = live && live.complete && live.naturalWidth > 0 && !isPlaceholder(live.currentSrc) ? live.currentSrc : null;
    return absolute(fromSrcset || (!isPlaceholder(src) ? src : null) || lazy || loaded);
  };
  const rewriteImage = (img, url) => {
    if (url) img.setAttribute('src', url);
    for (const a of ['srcset', 'sizes', 'loading', 'decoding', ...LAZY_SRC, ...LAZY_SRCSET]) img.removeAttribute(a);
    const picture = img.parentElement?.tagName === 'PICTURE' ? img.parentElement : null;
    if (picture && url) picture.querySelectorAll('source').forEach((s) => s.remove());
  };

  // The copy lives in an inert document: its images never load, its scripts never run.
  const inert = document.implementation.createHTMLDocument('');
  const clone = inert.importNode(document.documentElement, true);
  const liveImages = document.documentElement.querySelectorAll('img');
  const cloneImages = clone.querySelectorAll('img');
  // The copy was taken synchronously, so the two lists pair up one to one.
  cloneImages.forEach((img, i) => rewriteImage(img, resolveImage(img, liveImages[i] ?? null)));

  // <noscript> fallbacks: the real <img> of a lazy loader that had not run.
  const used = new Set([...clone.querySelectorAll('img')].map((img) => img.getAttribute('src')).filter((s) => !isPlaceholder(s)));
  for (const noscript of [...clone.querySelectorAll('noscript')]) {
    const text = noscript.textContent ?? '';
    if (!/<img/i.test(text)) continue;
    const parsed = new DOMParser().parseFromString(text, 'text/html');
    const fresh = [...parsed.querySelectorAll('img')]
      .map((img) => {
        const url = resolveImage(img, null);
        rewriteImage(img, url);
        return url && !used.has(url) ? inert.importNode(img, true) : null;
      })
      .filter(Boolean);
    const previous = noscript.previousElementSibling;
    if (fresh.length && previous?.tagName === 'IMG' && isPlaceholder(previous.getAttribute('src'))) {
      previous.replaceWith(fresh[0]);
      fresh.slice(1).forEach((img) => noscript.before(img));
    } else {
      fresh.forEach((img) => noscript.before(img));
    }
    fresh.forEach((img) => used.add(img.getAttribute('src')));
    noscript.remove();
  }
  // Scripts are dropped by the app anyway; JSON-LD stays because it carries the metadata.
  clone.querySelectorAll('script:not([type="application/ld+json"])').forEach((s) => s.remove());
  clone.querySelectorAll('a[href]').forEach((a) => {
    const href = absolute(a.getAttribute('href'));
    if (href) a.setAttribute('href', href);
  });
  const html = '<!DOCTYPE html>\n' + clone.outerHTML;

  let selection = null;
  let selectionImages = [];
  const sel = wantSelection ? window.getSelection() : null;
  if (sel && !sel.isCollapsed && sel.rangeCount > 0) {
    const box = inert.createElement('div');
    for (let i = 0; i < sel.rangeCount; i++) box.append(inert.importNode(sel.getRangeAt(i).cloneContents(), true));
    box.querySelectorAll('img').forEach((img) => rewriteImage(img, resolveImage(img, null)));
    box.querySelectorAll('script').forEach((s) => s.remove());
    box.querySelectorAll('a[href]').forEach((a) => {
      const href = absolute(a.getAttribute('href'));
      if (href) a.setAttribute('href', href);
    });
    selection = box.innerHTML.trim() || null;
    selectionImages = [...box.querySelectorAll('img')].map((img) => img.getAttribute('src'));
  }

  // The photos to send: the selection's first, then the page's in order, then its share image.
  const ogImage = absolute(document.querySelector('meta[property="og:image"], meta[name="og:image"]')?.getAttribute('content'));
  const wanted = [];
  for (const url of [...selectionImages, ...[...clone.querySelectorAll('img')].map((i) => i.getAttribute('src')), ogImage]) {
    if (url && /^https?:/i.test(url) && !wanted.includes(url)) wanted.push(url);
  }

  // Bytes from the browser's cache (or the network, from the page's own context
  // and cookies): bounded per image, in total, and so the whole JSON body stays
  // under the app's cap (base64 grows bytes by 4/3).
  // JSON escaping adds a little to the HTML; a tenth is a generous allowance.
  const textBytes = (text) => (text ? new TextEncoder().encode(text).length : 0);
  const pageBytes = Math.ceil((textBytes(html) + textBytes(selection)) * 1.1) + 64 * 1024;
  const budget = Math.max(0, Math.min(limits.maxTotalBytes, Math.floor(((limits.maxBodyBytes - pageBytes) * 3) / 4)));
  let spent = 0;
  let skipped = 0;
  const images = [];
  const toBase64 = (bytes) => {
    if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  };
  const fetchOne = async (url) => {
    const remaining = limits.deadlineMs - (Date.now() - started);
    if (remaining <= 0) return null;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), remaining);
    let size = 0;
    try {
      const response = await fetch(url, { cache: 'force-cache', signal: abort.signal });
      const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (!response.ok || !type.startsWith('image/') || !response.body) return null;
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > limits.maxImageBytes || spent + declared > budget) return null;
      const reader = response.body.getReader();
      const chunks = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // Counted as it arrives, so parallel downloads cannot together overshoot the budget.
        size += value.length;
        spent += value.length;
        if (size > limits.maxImageBytes || spent > budget) {
          abort.abort();
          spent -= size;
          return null;
        }
        chunks.push(value);
      }
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      return { url, content_type: type, data_base64: toBase64(bytes) };
    } catch {
      spent -= size;
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
  const queue = wanted.slice(0, limits.maxImages);
  skipped += wanted.length - queue.length;
  const results = new Array(queue.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const i = next++;
      results[i] = await fetchOne(queue[i]);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  for (const r of results) {
    if (r) images.push(r);
    else skipped += 1;
  }
  return { url: location.href, title: document.title, html, selection, images, skipped };
}

/**
 * Captures one image the person right-clicked: its bytes (from the cache when
 * it can), its caption, and the page it is on. Runs in the page's isolated world.
 * @param {string} srcUrl the image's address as the context menu reports it
 * @param {{maxImageBytes: number, deadlineMs: number}} limits
 */
export async function captureImage(srcUrl, limits) {
  const img = [...document.images].find((i) => i.currentSrc === srcUrl || i.src === srcUrl) ?? null;
  const figure = img?.closest('figure');
  const caption =
    (figure?.querySelector('figcaption')?.textContent ?? '').replace(/\s+/g, ' ').trim() ||
    (img?.getAttribute('alt') ?? '').trim() ||
    (img?.getAttribute('title') ?? '').trim() ||
    null;
  let image = null;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), limits.deadlineMs);
  try {
    // data: URLs (inline images) decode through fetch too.
    const response = await fetch(srcUrl, { cache: 'force-cache', signal: abort.signal });
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (response.ok && type.startsWith('image/')) {
      const buffer = await response.arrayBuffer();
      if (buffer.byteLength <= limits.maxImageBytes) {
        const bytes = new Uint8Array(buffer);
        let base64;
        if (typeof bytes.toBase64 === 'function') base64 = bytes.toBase64();
        else {
          let binary = '';
          for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
          base64 = btoa(binary);
        }
        image = { url: srcUrl, content_type: type, data_base64: base64 };
      }
    }
  } catch {
    image = null;
  } finally {
    clearTimeout(timer);
  }
  return { url: location.href, title: document.title, caption, image };
}
