// Hostile pages for the security tests (`xss.test.mjs` in Chromium against
// `quire serve`, `desktop-xss.mjs` in the real window). Each payload, if it
// ever ran, would leave a mark the tests look for: `window.__pwned` set, the
// document title changed to PWNED, a dialog opened, the window navigated, or
// an article titled PWNED saved through the backend (the Tauri command
// `add_article` via `__TAURI_INTERNALS__.invoke`, or POST /api/articles).

/** What every payload tries to run. Single quotes only, so it fits in a double-quoted attribute. */
export const ATTACK =
  "window.__pwned=(window.__pwned||0)+1;document.title='PWNED';" +
  "var h='<title>PWNED by script</title><article><p>'+'pwned '.repeat(80)+'</p></article>';" +
  "try{top.__TAURI_INTERNALS__.invoke('add_article',{request:{url:null,html:h,file_name:null}})}catch(e){}" +
  "try{fetch('/api/articles',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({url:null,html:h,file_name:null})})}catch(e){}" +
  'alert(1)';

const JS_URL = `javascript:${encodeURIComponent(ATTACK)}`;
const DATA_HTML = `data:text/html;base64,${Buffer.from(`<script>${ATTACK}</script>`).toString('base64')}`;
const b64 = (s) => Buffer.from(s).toString('base64');

/**
 * [name, markup] pairs: the markup goes into the body of an otherwise ordinary
 * article, so extraction keeps the article and the payload has to get past the
 * sanitiser, and then past the CSP, to do anything.
 */
export const PAYLOADS = [
  ['script tag', `<script>${ATTACK}</script>`],
  ['script with src', `<script src="data:text/javascript;base64,${b64(ATTACK)}"></script>`],
  ['img onerror', `<img src="x:nope" onerror="${ATTACK}">`],
  ['svg onload', `<svg onload="${ATTACK}"><circle r="4"/></svg>`],
  ['svg script', `<svg><script>${ATTACK}</script></svg>`],
  ['iframe srcdoc', `<iframe srcdoc="<script>${ATTACK.replaceAll("'", '&#39;')}</script>"></iframe>`],
  ['iframe javascript:', `<iframe src="${JS_URL}"></iframe>`],
  ['meta refresh', `<meta http-equiv="refresh" content="0;url=${JS_URL}">`],
  ['meta refresh away', '<meta http-equiv="refresh" content="0;url=https://example.invalid/">'],
  ['object', `<object data="${DATA_HTML}" type="text/html"></object>`],
  ['embed', `<embed src="${DATA_HTML}" type="text/html">`],
  ['form action javascript:', `<form action="${JS_URL}"><button id="xss-submit">Go</button></form>`],
  ['button formaction', `<form><button formaction="${JS_URL}">Go</button></form>`],
  ['javascript: link', `<a href="${JS_URL}">click me</a>`],
  ['mixed-case jAvAsCrIpT: link', `<a href="jAvAsCrIpT:${encodeURIComponent(ATTACK)}">click me</a>`],
  ['entity-encoded javascript: link', `<a href="&#106;avascript&#58;${encodeURIComponent(ATTACK)}">click me</a>`],
  ['javascript: with whitespace', `<a href=" \tjavascript:${encodeURIComponent(ATTACK)}">click me</a>`],
  ['data:text/html link', `<a href="${DATA_HTML}">click me</a>`],
  ['style @import', `<style>@import url("data:text/css,body{display:none}");</style>`],
  ['style attribute expression', `<p style="background:url(${JS_URL})">styled</p>`],
  ['link stylesheet', `<link rel="stylesheet" href="data:text/css,body{display:none}">`],
  ['base href', `<base href="${JS_URL}//"><a href="relative">relative</a>`],
  ['math xlink href', `<math><maction actiontype="statusline" xlink:href="${JS_URL}">click me</maction></math>`],
  ['math mtext mglyph', `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=x onerror=alert(1)&gt;"></mglyph></table></mtext></math>`],
  ['math style mutation', `<math><style><img src=x onerror="${ATTACK}"></style></math>`],
  ['noscript mutation', `<noscript><p title="</noscript><img src=x onerror=&quot;${ATTACK.replaceAll("'", '&#39;')}&quot;>"></noscript>`],
  ['template', `<template><img src=x onerror="${ATTACK}"></template>`],
  ['details ontoggle', `<details open ontoggle="${ATTACK}"><summary>more</summary>hidden</details>`],
  ['video onerror', `<video src="x:nope" onerror="${ATTACK}"></video>`],
  ['body onload', `<body onload="${ATTACK}">`],
  ['input autofocus onfocus', `<input autofocus onfocus="${ATTACK}">`],
  ['srcset javascript:', `<img srcset="${JS_URL} 1x">`],
  ['area javascript:', `<map name="m"><area shape="rect" coords="0,0,10,10" href="${JS_URL}"></map><img usemap="#m" src="x:nope">`],
  ['xlink in svg', `<svg><a xlink:href="${JS_URL}"><text y="20">click me</text></a></svg>`],
  ['unclosed comment trick', `<!--<img src="--><img src=x onerror="${ATTACK}">-->`],
];

/** A page around one payload; the title is how the tests find the saved article. */
export function hostilePage(index) {
  const [name, markup] = PAYLOADS[index];
  const title = `Hostile page ${String(index + 1).padStart(2, '0')}: ${name}`;
  const words =
    'This paragraph is ordinary prose about bookbinding, long enough that the extractor sees an article here and keeps the body around the payload. ';
  return {
    title,
    html:
      `<!doctype html><html><head><meta charset="utf-8"><title>${title.replaceAll('<', '&lt;')}</title></head><body>` +
      `<article><h1>${title.replaceAll('<', '&lt;')}</h1><p>${words.repeat(3)}</p>` +
      `<div>${markup}</div><p>${words.repeat(3)}</p><p>The end of the hostile page.</p></article></body></html>`,
  };
}

/**
 * The raw payloads put straight into the reader's DOM, as if the sanitiser had
 * let them through: only the CSP stands between these and the page. Ones that
 * need a click to fire are clicked by the tests (`[data-xss-click]`).
 */
export const CSP_PROBES = [
  `<img src="x:nope" onerror="${ATTACK}">`,
  `<svg onload="${ATTACK}"><circle r="4"/></svg>`,
  `<a data-xss-click href="${JS_URL}">javascript link</a>`,
  `<iframe srcdoc="<script>${ATTACK.replaceAll("'", '&#39;')}</script>"></iframe>`,
  `<object data="${DATA_HTML}" type="text/html"></object>`,
  `<details open ontoggle="${ATTACK}"><summary>more</summary>hidden</details>`,
];

/** Looks for the marks listed above in a stored `content_html`: the sanitiser's output must have none. */
export function dangerousMarkup(html) {
  const found = [];
  const checks = [
    [/<script/i, 'script element'],
    [/<(iframe|object|embed|frame|applet|base|meta|link|style|form|template|math|noscript)\b/i, 'forbidden element'],
    [/\son[a-z]+\s*=/i, 'event handler attribute'],
    [/\sstyle\s*=/i, 'style attribute'],
    [/(href|src|srcset|action|formaction|data)\s*=\s*["']?\s*(javascript|data|vbscript):/i, 'script URL'],
    [/srcdoc/i, 'srcdoc'],
  ];
  for (const [pattern, what] of checks) if (pattern.test(html)) found.push(what);
  return found;
}
