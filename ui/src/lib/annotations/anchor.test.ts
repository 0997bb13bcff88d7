import { describe, expect, it } from 'vitest';
import { CONTEXT_CHARS, CodePointIndex, anchorFor, locate } from './anchor';

describe('CodePointIndex', () => {
  it('is the identity on text without surrogate pairs', () => {
    const index = new CodePointIndex('plain text, é and ü are one unit each');
    expect(index.toCodePoint(17)).toBe(17);
    expect(index.toUtf16(17)).toBe(17);
  });

  it('counts a surrogate pair as one code point both ways', () => {
    // 'a' 😀 'b' 𝄞 'c': UTF-16 lengths 1,2,1,2,1.
    const text = 'a😀b𝄞c';
    const index = new CodePointIndex(text);
    expect(index.length16).toBe(7);
    expect(index.length).toBe(5);
    expect([0, 1, 3, 4, 6, 7].map((u) => index.toCodePoint(u))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([0, 1, 2, 3, 4, 5].map((c) => index.toUtf16(c))).toEqual([0, 1, 3, 4, 6, 7]);
    // Agrees with the language's own code-point iteration.
    expect(index.toCodePoint(4)).toBe([...text.slice(0, 4)].length);
  });

  it('round-trips every character boundary of a mixed string', () => {
    const text = 'Ünïcödé 😀 text with 漢字 and 𝒳𝒴 and ✊🏽 end';
    const index = new CodePointIndex(text);
    let u = 0;
    [...text].forEach((char, cp) => {
      expect(index.toUtf16(cp)).toBe(u);
      expect(index.toCodePoint(u)).toBe(cp);
      u += char.length;
    });
    expect(index.length).toBe([...text].length);
  });
});

describe('anchorFor', () => {
  const text = 'x'.repeat(50) + ' The quick brown fox jumps over the lazy dog. ' + 'y'.repeat(50);

  it('builds a quote with about 32 code points of context and code-point positions', () => {
    const start = text.indexOf('quick');
    const anchor = anchorFor(text, new CodePointIndex(text), start, start + 'quick brown fox'.length);
    expect(anchor).toEqual({
      exact: 'quick brown fox',
      prefix: text.slice(start - CONTEXT_CHARS, start),
      suffix: text.slice(start + 15, start + 15 + CONTEXT_CHARS),
      start,
      end: start + 15,
    });
  });

  it('trims whitespace off the selection and refuses a blank one', () => {
    const start = text.indexOf(' The');
    const anchor = anchorFor(text, new CodePointIndex(text), start, start + 5);
    expect(anchor?.exact).toBe('The');
    expect(anchor?.start).toBe(start + 1);
    expect(anchorFor(text, new CodePointIndex(text), start, start + 1)).toBeNull();
  });

  it('sends code points, not UTF-16 units, after emoji', () => {
    const emoji = '😀😀😀 before, then the passage, and after 🎉';
    const index = new CodePointIndex(emoji);
    const start16 = emoji.indexOf('the passage');
    const anchor = anchorFor(emoji, index, start16, start16 + 'the passage'.length);
    expect(anchor?.start).toBe(start16 - 3);
    expect(anchor?.end).toBe(start16 - 3 + 11);
    expect(anchor?.prefix).toBe('😀😀😀 before, then ');
    expect(anchor?.suffix).toBe(', and after 🎉');
  });

  it('keeps context to 32 code points even when they are emoji', () => {
    const emoji = '🌊'.repeat(40) + 'wave' + '🌊'.repeat(40);
    const anchor = anchorFor(emoji, new CodePointIndex(emoji), 80, 84);
    expect(anchor?.exact).toBe('wave');
    expect([...(anchor?.prefix ?? '')].length).toBe(CONTEXT_CHARS);
    expect([...(anchor?.suffix ?? '')].length).toBe(CONTEXT_CHARS);
  });

  it('widens a boundary that splits a surrogate pair to the whole character', () => {
    const emoji = 'go 😀 now';
    const anchor = anchorFor(emoji, new CodePointIndex(emoji), 4, 5);
    expect(anchor).toMatchObject({ exact: '😀', start: 3, end: 4 });
  });
});

describe('locate', () => {
  const text = 'Ink 🖋 on paper: the passage that matters, and more text after it.';
  const index = new CodePointIndex(text);
  const start16 = text.indexOf('the passage');
  const anchor = anchorFor(text, index, start16, start16 + 'the passage that matters'.length)!;

  it('finds an anchor built from the same text at the same place', () => {
    expect(locate(text, index, anchor)).toEqual({ start16, end16: start16 + 24 });
  });

  it('reports an orphan when the text at the position is no longer the quote', () => {
    const changed = 'Ink 🖋 on vellum: the passage that matters, and more text after it.';
    expect(locate(changed, new CodePointIndex(changed), anchor)).toBeNull();
  });

  it('reports an orphan for positions outside the text', () => {
    expect(locate(text, index, { ...anchor, start: 500, end: 510 })).toBeNull();
    expect(locate(text, index, { ...anchor, start: 5, end: 5 })).toBeNull();
  });
});
