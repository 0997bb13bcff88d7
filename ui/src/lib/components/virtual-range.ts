/**
 * Which rows of a virtual list to render: those overlapping the viewport, plus
 * `overscan` rows each side. `offsets[i]` is row i's top from the list's top
 * (one more entry than rows, for the end); `scrollTop` is how far the viewport's
 * top is below the list's top (negative while the list starts lower down).
 * Binary search, so the cost does not grow with the library.
 */
export function visibleRange(
  offsets: ArrayLike<number>,
  scrollTop: number,
  viewport: number,
  overscan: number,
): { start: number; end: number } {
  const rows = offsets.length - 1;
  if (rows <= 0) return { start: 0, end: 0 };
  const first = rowAt(offsets, Math.max(0, scrollTop));
  const last = rowAt(offsets, Math.max(0, scrollTop + viewport));
  return { start: Math.max(0, first - overscan), end: Math.min(rows, last + 1 + overscan) };
}

/** The row whose span holds pixel `y` (the last row when `y` is past the end). */
function rowAt(offsets: ArrayLike<number>, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
