/**
 * Which rows of a virtual list to render: those overlapping the viewport, plus
 * `overscan` rows each side. `top(i)` is row i's top from the list's top, for
 * `0 <= i <= rows` (row `rows` being the end), growing with i; `scrollTop` is
 * how far the viewport's top is below the list's top (negative while the list
 * starts lower down). Binary search, so the cost does not grow with the library.
 */
export function visibleRange(
  top: (i: number) => number,
  rows: number,
  scrollTop: number,
  viewport: number,
  overscan: number,
): { start: number; end: number } {
  if (rows <= 0) return { start: 0, end: 0 };
  const first = rowAt(top, rows, Math.max(0, scrollTop));
  const last = rowAt(top, rows, Math.max(0, scrollTop + viewport));
  return { start: Math.max(0, first - overscan), end: Math.min(rows, last + 1 + overscan) };
}

/** The row whose span holds pixel `y` (the last row when `y` is past the end). */
function rowAt(top: (i: number) => number, rows: number, y: number): number {
  let lo = 0;
  let hi = rows - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (top(mid) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Row tops for a list whose first rows are loaded (and measured or estimated
 * one by one) and whose rest counts as `estimate` each: the loaded part is a
 * prefix sum, the rest arithmetic, so a 100,000-row list costs only what is loaded.
 */
export function rowTops(heights: readonly number[], estimate: number): (i: number) => number {
  const sums = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) sums[i + 1] = sums[i]! + heights[i]!;
  const loaded = heights.length;
  return (i) => (i <= loaded ? sums[i]! : sums[loaded]! + (i - loaded) * estimate);
}
