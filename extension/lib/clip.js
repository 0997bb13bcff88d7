// A clip from start to finish: capture in the tab, post to the app, and report
// the outcome on the tab's badge and to whoever asked (the popup, a test). The
// last outcome per tab is kept in session storage so the popup can show it.

import { AppError, ext, postClip } from './app.js';
import { captureImage, capturePage } from './capture.js';

/** Bounds on what a clip sends, so a huge page cannot exhaust the browser or the app. */
export const LIMITS = Object.freeze({
  maxImages: 40,
  maxImageBytes: 8 * 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
  // The app refuses bodies over 48 MB; keep clear of it.
  maxBodyBytes: 46 * 1024 * 1024,
  // Collecting photos stops after this; what did not arrive is fetched by the app.
  deadlineMs: 30_000,
});

const BADGES = {
  working: { text: '…', color: '#6b7280' },
  saved: { text: '✓', color: '#15803d' },
  updated: { text: '↻', color: '#1d4ed8' },
  failed: { text: '!', color: '#b91c1c' },
};

/**
 * What a clip did, as the popup shows it.
 * @typedef {{status: 'saved' | 'updated' | 'failed', title: string, url?: string, articleId?: string,
 *   photosSent?: number, photosSkipped?: number, code?: string, message?: string, at: number,
 *   timings?: {requestStartedAt: number, captureMs: number, requestMs: number}}} Outcome
 */

async function showBadge(tabId, status, title) {
  const badge = BADGES[status];
  // A tab that closed meanwhile has no badge to set; that is not a failure of the clip.
  await Promise.allSettled([
    ext.action.setBadgeText({ tabId, text: badge.text }),
    ext.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
    ext.action.setTitle({ tabId, title }),
  ]);
}

async function remember(tabId, outcome) {
  await ext.storage.session?.set({ [`outcome:${tabId}`]: outcome });
}

/** The last outcome of a clip in `tabId`, if any. */
export async function lastOutcome(tabId) {
  const key = `outcome:${tabId}`;
  const stored = await ext.storage.session?.get(key);
  return stored?.[key] ?? null;
}

/** Runs one function in the tab's main frame and returns its result, or throws `cannot_capture`. */
async function runInTab(tabId, func, args) {
  let results;
  try {
    results = await ext.scripting.executeScript({ target: { tabId }, func, args });
  } catch (error) {
    throw new AppError(
      'cannot_capture',
      `This page cannot be clipped (${error.message}). Browser pages and the extension store are off limits to extensions.`,
    );
  }
  const [first] = results ?? [];
  if (!first || first.result == null) {
    throw new AppError('cannot_capture', `Capturing the page failed${first?.error ? `: ${first.error.message ?? first.error}` : ''}.`);
  }
  return first.result;
}

/** Wraps a clip: badge while working, outcome on the badge and in session storage, never throws. */
async function reportClip(tabId, fallbackTitle, work) {
  await showBadge(tabId, 'working', 'Clipping to Quire…');
  /** @type {Outcome} */
  let outcome;
  try {
    outcome = { ...(await work()), at: Date.now() };
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'internal';
    outcome = { status: 'failed', title: fallbackTitle, code, message: error.message ?? String(error), at: Date.now() };
  }
  const label =
    outcome.status === 'failed'
      ? `Quire: clip failed: ${outcome.message}`
      : `Quire: ${outcome.status === 'saved' ? 'saved' : 'updated'} “${outcome.title}”`;
  await showBadge(tabId, outcome.status, label);
  await remember(tabId, outcome);
  return outcome;
}

/**
 * Clips the page in `tabId`, with the selection as HTML when `selection` is
 * true and there is one. Resolves to an Outcome; failures are outcomes too.
 * @returns {Promise<Outcome>}
 */
export async function clipTab(tabId, { selection = true } = {}) {
  const tab = await ext.tabs.get(tabId).catch(() => null);
  return reportClip(tabId, tab?.title ?? '', async () => {
    const started = Date.now();
    const page = await runInTab(tabId, capturePage, [LIMITS, selection]);
    const requestStartedAt = Date.now();
    const response = await postClip({
      url: page.url,
      html: page.html,
      title: page.title,
      selection: page.selection,
      images: page.images,
    });
    return {
      status: response.status === 'updated' ? 'updated' : 'saved',
      title: response.article?.title || page.title,
      url: page.url,
      articleId: response.article?.id,
      photosSent: page.images.length,
      photosSkipped: page.skipped,
      timings: { requestStartedAt, captureMs: requestStartedAt - started, requestMs: Date.now() - requestStartedAt },
    };
  });
}

/**
 * Clips one image of the page in `tabId` as a standalone photo.
 * @param {string} srcUrl the image's address (from the context menu)
 * @returns {Promise<Outcome>}
 */
export async function clipImage(tabId, srcUrl) {
  const tab = await ext.tabs.get(tabId).catch(() => null);
  return reportClip(tabId, tab?.title ?? '', async () => {
    const captured = await runInTab(tabId, captureImage, [srcUrl, LIMITS]);
    if (!captured.image) {
      throw new AppError(
        'image_unavailable',
        'The browser would not hand over this image: it comes from another site that does not allow it, or is over 8 MB. Clip the page instead; Quire downloads its photos itself.',
      );
    }
    const payload = { url: captured.url, html: '', title: captured.title, image: captured.image };
    if (captured.caption) payload.caption = captured.caption;
    const response = await postClip(payload);
    return {
      status: response.status === 'updated' ? 'updated' : 'saved',
      title: response.article?.title || captured.title,
      url: captured.url,
      articleId: response.article?.id,
      photosSent: 1,
      photosSkipped: 0,
    };
  });
}
