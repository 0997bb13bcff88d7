/**
 * Where a highlight sits in an article, in the terms the server stores:
 * W3C TextQuoteSelector (exact + ~32 characters of context) and
 * TextPositionSelector, both over the ANCHOR TEXT (the body element's
 * `textContent`, which is the stored `content_html`'s text) and counted in
 * Unicode code points. JavaScript counts UTF-16 units, so every offset crosses
 * `CodePointIndex` on its way out and back; surrogate pairs (emoji, rare CJK)
 * are where the two differ.
 *
 * The server re-anchors after re-extraction; the client only trusts a
 * reported position once the text there is the quote, otherwise it shows the
 * highlight as an orphan rather than paint the wrong words.
 */
import type { Anchor } from '../api';

/** About this many code points of context on each side, as the contract asks. */
export const CONTEXT_CHARS = 32;

/** Converts between UTF-16 offsets and code-point offsets in one string, in O(log n) per call. */
export class CodePointIndex {
  /** UTF-16 indices where a surrogate pair starts, ascending. */
  readonly #pairs: number[] = [];
  readonly length16: number;
  readonly length: number;

  constructor(text: string) {
    for (let i = 0; i < text.length - 1; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          this.#pairs.push(i);
          i++;
        }
      }
    }
    this.length16 = text.length;
    this.length = text.length - this.#pairs.length;
  }

  /**
   * Code points that start before `offset16`. An offset inside a surrogate
   * pair counts the whole character as before it.
   */
  toCodePoint(offset16: number): number {
    // Pairs wholly before the offset (p + 2 <= offset16) each took one unit more than one code point.
    return offset16 - countWhere(this.#pairs.length, (k) => (this.#pairs[k] ?? 0) + 2 <= offset16);
  }

  /** The UTF-16 offset of code point number `codePoint`. */
  toUtf16(codePoint: number): number {
    // Pair k starts at code point pairs[k] - k; each pair before `codePoint` adds one unit.
    return codePoint + countWhere(this.#pairs.length, (k) => (this.#pairs[k] ?? 0) - k < codePoint);
  }
}

/** How many of 0..n-1 satisfy a predicate that is true for a prefix of them (binary search). */
function countWhere(n: number, predicate: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (predicate(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** The last `count` code points of `text`. */
function lastCodePoints(text: string, count: number): string {
  let start = text.length;
  for (let taken = 0; taken < count && start > 0; taken++) {
    start--;
    const unit = text.charCodeAt(start);
    if (start > 0 && unit >= 0xdc00 && unit <= 0xdfff) {
      const before = text.charCodeAt(start - 1);
      if (before >= 0xd800 && before <= 0xdbff) start--;
    }
  }
  return text.slice(start);
}

/** The first `count` code points of `text`. */
function firstCodePoints(text: string, count: number): string {
  let end = 0;
  for (let taken = 0; taken < count && end < text.length; taken++) {
    const unit = text.charCodeAt(end);
    const next = text.charCodeAt(end + 1);
    end += unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return text.slice(0, end);
}

/**
 * The selectors for `text[start16, end16)` (UTF-16 offsets), with surrounding
 * whitespace trimmed off the selection. `null` for a selection of nothing but
 * whitespace.
 */
export function anchorFor(text: string, index: CodePointIndex, start16: number, end16: number): Anchor | null {
  let start = Math.max(0, Math.min(start16, end16));
  let end = Math.min(text.length, Math.max(start16, end16));
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (start === end) return null;
  // A boundary inside a surrogate pair would cut a character in half: widen to the whole one.
  if (isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start--;
  if (isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end))) end++;
  const startCp = index.toCodePoint(start);
  const endCp = index.toCodePoint(end);
  return {
    exact: text.slice(start, end),
    prefix: lastCodePoints(text.slice(0, start), CONTEXT_CHARS),
    suffix: firstCodePoints(text.slice(end), CONTEXT_CHARS),
    start: startCp,
    end: endCp,
  };
}

/**
 * Where a stored anchor sits in `text` now, as UTF-16 offsets, or `null` (an
 * orphan) when the text at its position is not its quote.
 */
export function locate(
  text: string,
  index: CodePointIndex,
  anchor: Pick<Anchor, 'exact' | 'start' | 'end'>,
): { start16: number; end16: number } | null {
  if (anchor.start < 0 || anchor.end <= anchor.start || anchor.end > index.length) return null;
  const start16 = index.toUtf16(anchor.start);
  const end16 = index.toUtf16(anchor.end);
  return text.slice(start16, end16) === anchor.exact ? { start16, end16 } : null;
}
