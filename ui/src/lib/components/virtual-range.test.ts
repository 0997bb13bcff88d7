import { describe, expect, it } from 'vitest';
import { rowTops, visibleRange } from './virtual-range';

describe('visibleRange', () => {
  it('renders only the rows around the viewport of a 100,000-row list, loaded or not', () => {
    const top = rowTops([], 100);
    const { start, end } = visibleRange(top, 100_000, 5_000_000, 800, 5);
    expect(start).toBe(50_000 - 5);
    expect(end).toBe(50_008 + 1 + 5);
  });

  it('starts at the top while the list is below the fold, and stops at the last row', () => {
    const top = rowTops(Array(10).fill(100), 100);
    expect(visibleRange(top, 10, -300, 800, 2)).toEqual({ start: 0, end: 8 });
    expect(visibleRange(top, 10, 5_000, 800, 2)).toEqual({ start: 7, end: 10 });
  });

  it('handles measured rows of different heights followed by estimated ones, and an empty list', () => {
    const top = rowTops([10, 290, 20], 100);
    expect([0, 1, 2, 3, 4, 5].map(top)).toEqual([0, 10, 300, 320, 420, 520]);
    expect(visibleRange(top, 6, 305, 10, 0)).toEqual({ start: 2, end: 3 });
    expect(visibleRange(top, 6, 430, 10, 0)).toEqual({ start: 4, end: 5 });
    expect(visibleRange(rowTops([], 100), 0, 0, 800, 3)).toEqual({ start: 0, end: 0 });
  });
});
