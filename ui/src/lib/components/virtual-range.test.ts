import { describe, expect, it } from 'vitest';
import { visibleRange } from './virtual-range';

/** Tops of `n` rows of `h` pixels each. */
const even = (n: number, h: number) => Float64Array.from({ length: n + 1 }, (_, i) => i * h);

describe('visibleRange', () => {
  it('renders only the rows around the viewport of a 100,000-row list', () => {
    const offsets = even(100_000, 100);
    const { start, end } = visibleRange(offsets, 5_000_000, 800, 5);
    expect(start).toBe(50_000 - 5);
    expect(end).toBe(50_008 + 1 + 5);
  });

  it('starts at the top while the list is below the fold, and stops at the last row', () => {
    const offsets = even(10, 100);
    expect(visibleRange(offsets, -300, 800, 2)).toEqual({ start: 0, end: 8 });
    expect(visibleRange(offsets, 5_000, 800, 2)).toEqual({ start: 7, end: 10 });
  });

  it('handles rows of different heights and an empty list', () => {
    const offsets = Float64Array.from([0, 10, 300, 320, 1000]);
    expect(visibleRange(offsets, 305, 10, 0)).toEqual({ start: 2, end: 3 });
    expect(visibleRange(Float64Array.from([0]), 0, 800, 3)).toEqual({ start: 0, end: 0 });
  });
});
