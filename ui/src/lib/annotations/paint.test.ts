// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { CodePointIndex, anchorFor, locate } from './anchor';
import { createPainter, hasCustomHighlights, type PaintItem } from './paint';
import { buildTextMap, offsetsOf, rangeFor } from './text-map';

const HTML =
  '<h2>Sewing 🧵 the quire</h2><p>Fold the sheets <em>twice</em>, then sew them.</p>' +
  '<table><tbody>\n<tr><td>Linen thread</td></tr>\n</tbody></table><p>Glue the spine last.</p>';

let root: HTMLElement;

beforeEach(() => {
  document.body.innerHTML = '<div class="prose"></div>';
  root = document.querySelector('.prose')!;
  root.innerHTML = HTML;
});

function item(id: string, quote: string, color: PaintItem['color'] = 'yellow', from = 0): PaintItem {
  const text = root.textContent ?? '';
  const start16 = text.indexOf(quote, from);
  if (start16 < 0) throw new Error(`no ${quote}`);
  return { id, color, start16, end16: start16 + quote.length };
}

describe('text map', () => {
  it('lays the text nodes end to end exactly as textContent', () => {
    expect(buildTextMap(root).text).toBe(root.textContent);
  });

  it('turns offsets into a range and a range back into the same offsets, across elements', () => {
    const map = buildTextMap(root);
    const start = map.text.indexOf('sheets');
    const end = map.text.indexOf(', then') + 6;
    const range = rangeFor(map, start, end)!;
    expect(range.toString()).toBe('sheets twice, then');
    expect(offsetsOf(map, range)).toEqual({ start16: start, end16: end });
  });

  it('measures a range whose boundaries are elements rather than text', () => {
    const map = buildTextMap(root);
    const range = document.createRange();
    range.selectNode(root.querySelector('em')!);
    const start = map.text.indexOf('twice');
    expect(offsetsOf(map, range)).toEqual({ start16: start, end16: start + 5 });
  });

  it('clips a selection that starts before the body to the body', () => {
    document.body.insertAdjacentHTML('afterbegin', '<p id="outside">Header text</p>');
    const map = buildTextMap(root);
    const range = document.createRange();
    range.setStart(document.getElementById('outside')!.firstChild!, 2);
    range.setEnd(root.querySelector('h2')!.firstChild!, 6);
    expect(offsetsOf(map, range)).toEqual({ start16: 0, end16: 6 });
  });

  it('builds selectors from a DOM selection that find the same words again', () => {
    const map = buildTextMap(root);
    const range = document.createRange();
    range.setStart(root.querySelector('h2')!.firstChild!, 10); // after "Sewing 🧵 " (emoji is 2 units)
    range.setEnd(root.querySelector('h2')!.firstChild!, 13);
    const offsets = offsetsOf(map, range)!;
    const index = new CodePointIndex(map.text);
    const anchor = anchorFor(map.text, index, offsets.start16, offsets.end16)!;
    expect(anchor).toMatchObject({ exact: 'the', start: 9, end: 12 });
    expect(locate(map.text, index, anchor)).toEqual(offsets);
  });
});

describe('mark fallback painter', () => {
  it('is what a window without CSS.highlights gets', () => {
    expect(hasCustomHighlights(window)).toBe(false);
    expect(createPainter(root).kind).toBe('mark');
  });

  it('wraps a highlight spanning elements in marks without changing the text', () => {
    const painter = createPainter(root);
    painter.paint([item('h1', 'sheets twice, then', 'green')]);
    const marks = [...root.querySelectorAll('mark.quire-mark')];
    expect(marks.map((mark) => mark.textContent)).toEqual(['sheets ', 'twice', ', then']);
    expect(marks.every((mark) => mark.getAttribute('data-highlight') === 'h1')).toBe(true);
    expect(marks.every((mark) => mark.getAttribute('data-color') === 'green')).toBe(true);
    expect(root.textContent).toBe(buildTextMap(root).text);
    expect(root.querySelector('em')?.textContent).toBe('twice');
    expect(painter.rangeOf('h1')?.toString()).toBe('sheets twice, then');
  });

  it('nests overlapping highlights, innermost last, and hit-tests the innermost', () => {
    const painter = createPainter(root);
    const outer = item('outer', 'Fold the sheets twice');
    const inner = item('inner', 'the sheets', 'pink');
    painter.paint([inner, outer]);
    const innerMarks = [...root.querySelectorAll('mark[data-highlight="inner"]')];
    expect(innerMarks.map((mark) => mark.textContent).join('')).toBe('the sheets');
    expect(innerMarks.every((mark) => mark.parentElement?.getAttribute('data-highlight') === 'outer')).toBe(true);
    expect(painter.highlightAt(inner.start16 + 1)).toBe('inner');
    expect(painter.highlightAt(outer.start16)).toBe('outer');
    expect(painter.highlightAt(outer.end16)).toBeNull();
  });

  it('never puts marks into whitespace between table rows', () => {
    const painter = createPainter(root);
    painter.paint([item('t', 'then sew them.\nLinen thread')]);
    const marks = [...root.querySelectorAll('mark.quire-mark')];
    expect(marks.some((mark) => mark.parentElement?.tagName === 'TBODY')).toBe(false);
    expect(marks.map((mark) => mark.textContent).join('')).toBe('then sew them.Linen thread');
  });

  it('repaints and clears back to the original DOM', () => {
    const painter = createPainter(root);
    painter.paint([item('a', 'Glue the spine'), item('b', 'Linen')]);
    expect(root.querySelectorAll('mark').length).toBe(2);
    painter.paint([item('b', 'Linen', 'blue')]);
    expect([...root.querySelectorAll('mark')].map((mark) => mark.getAttribute('data-highlight'))).toEqual(['b']);
    painter.clear();
    expect(root.innerHTML).toBe(HTML);
  });

  it('marks the active and flashed highlight with classes, and the flash ends', async () => {
    const painter = createPainter(root);
    painter.paint([item('a', 'Glue the spine'), item('b', 'Linen')]);
    painter.setActive('a');
    expect(root.querySelector('mark.active')?.getAttribute('data-highlight')).toBe('a');
    painter.flash('b', 20);
    expect(root.querySelector('mark.flash')?.getAttribute('data-highlight')).toBe('b');
    await new Promise((ok) => setTimeout(ok, 40));
    expect(root.querySelector('mark.flash')).toBeNull();
  });
});
