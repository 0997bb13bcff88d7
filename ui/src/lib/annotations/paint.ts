/**
 * Draws highlights over the article body. Where the CSS Custom Highlight API
 * exists (`CSS.highlights`), ranges are registered under `quire-<colour>` and
 * styled by `::highlight(quire-<colour>)` in app.css: the article's DOM is
 * never touched, so selection, copy and the text map stay exactly as stored.
 * Elsewhere the fallback wraps the highlighted text in `<mark class="quire-mark">`
 * elements, which changes only the nodes, never the text (`textContent`
 * stays the anchor text). Both take the same items and answer the same
 * questions, so the reader does not care which one it got.
 */
import type { HighlightColor } from '../api';
import { buildTextMap, rangeFor, type TextMap } from './text-map';

export const COLORS: readonly HighlightColor[] = ['yellow', 'green', 'blue', 'pink', 'purple'];

/** One highlight to draw, at UTF-16 offsets of the body's text. */
export interface PaintItem {
  id: string;
  color: HighlightColor;
  start16: number;
  end16: number;
}

export type PainterKind = 'custom-highlight' | 'mark';

export interface Painter {
  readonly kind: PainterKind;
  /** The body's text map as it is now (the fallback rebuilds it after wrapping). */
  readonly map: TextMap;
  /** Replaces everything drawn with `items`. */
  paint(items: readonly PaintItem[]): void;
  /** Marks one highlight as the one being edited (underlined), or none. */
  setActive(id: string | null): void;
  /** Briefly emphasises one highlight, after a jump to it. */
  flash(id: string, durationMs?: number): void;
  /** A range over one highlight's text, for scrolling to it. */
  rangeOf(id: string): Range | null;
  /** The innermost highlight covering a UTF-16 offset (where a click landed). */
  highlightAt(offset16: number): string | null;
  /** Removes everything drawn (and, for the fallback, every `<mark>`). */
  clear(): void;
}

export const FLASH_MS = 1400;

/** The innermost (shortest) item covering `offset16`; a click exactly on an end does not count. */
function innermost(items: readonly PaintItem[], offset16: number): string | null {
  let best: PaintItem | null = null;
  for (const item of items) {
    if (item.start16 <= offset16 && offset16 < item.end16) {
      if (!best || item.end16 - item.start16 < best.end16 - best.start16) best = item;
    }
  }
  return best?.id ?? null;
}

/** Whether this window can draw with the CSS Custom Highlight API. */
export function hasCustomHighlights(win: Window & typeof globalThis = window): boolean {
  return typeof win.CSS?.highlights?.set === 'function' && typeof win.Highlight === 'function';
}

/** The painter this window supports, over `root` (the element holding `content_html`). */
export function createPainter(root: Element, options: { forceMarks?: boolean } = {}): Painter {
  const win = root.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  if (!options.forceMarks && win && hasCustomHighlights(win)) return new CustomHighlightPainter(root, win);
  return new MarkPainter(root);
}

/** Draws through `CSS.highlights`; the DOM is left alone. */
class CustomHighlightPainter implements Painter {
  readonly kind = 'custom-highlight';
  readonly map: TextMap;
  #win: Window & typeof globalThis;
  #items: readonly PaintItem[] = [];
  #flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: Element, win: Window & typeof globalThis) {
    this.map = buildTextMap(root);
    this.#win = win;
  }

  paint(items: readonly PaintItem[]): void {
    this.#items = items;
    for (const color of COLORS) {
      const ranges = items.filter((item) => item.color === color).map((item) => this.rangeOf(item.id));
      this.#win.CSS.highlights.set(`quire-${color}`, new this.#win.Highlight(...ranges.filter((r) => r !== null)));
    }
  }

  setActive(id: string | null): void {
    const range = id ? this.rangeOf(id) : null;
    if (range) this.#win.CSS.highlights.set('quire-active', new this.#win.Highlight(range));
    else this.#win.CSS.highlights.delete('quire-active');
  }

  flash(id: string, durationMs = FLASH_MS): void {
    const range = this.rangeOf(id);
    if (!range) return;
    clearTimeout(this.#flashTimer);
    this.#win.CSS.highlights.set('quire-flash', new this.#win.Highlight(range));
    this.#flashTimer = setTimeout(() => this.#win.CSS.highlights.delete('quire-flash'), durationMs);
  }

  rangeOf(id: string): Range | null {
    const item = this.#items.find((candidate) => candidate.id === id);
    return item ? rangeFor(this.map, item.start16, item.end16) : null;
  }

  highlightAt(offset16: number): string | null {
    return innermost(this.#items, offset16);
  }

  clear(): void {
    clearTimeout(this.#flashTimer);
    for (const color of COLORS) this.#win.CSS.highlights.delete(`quire-${color}`);
    for (const name of ['quire-active', 'quire-flash']) this.#win.CSS.highlights.delete(name);
    this.#items = [];
  }
}

/**
 * Wraps highlighted text in `<mark>`s. Every text node is first split at every
 * highlight boundary, so each piece is wholly inside or outside each
 * highlight; overlapping highlights nest their marks, innermost last.
 */
class MarkPainter implements Painter {
  readonly kind = 'mark';
  map: TextMap;
  #root: Element;
  #items: readonly PaintItem[] = [];
  #flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(root: Element) {
    this.#root = root;
    this.map = buildTextMap(root);
  }

  paint(items: readonly PaintItem[]): void {
    this.#unwrap();
    this.#items = items;
    if (items.length) {
      this.#splitAt(new Set(items.flatMap((item) => [item.start16, item.end16])));
      this.#wrap();
    }
    this.map = buildTextMap(this.#root);
  }

  setActive(id: string | null): void {
    for (const mark of this.#marks()) mark.classList.toggle('active', id !== null && mark.dataset.highlight === id);
  }

  flash(id: string, durationMs = FLASH_MS): void {
    clearTimeout(this.#flashTimer);
    const marks = this.#marks().filter((mark) => mark.dataset.highlight === id);
    for (const mark of marks) mark.classList.add('flash');
    this.#flashTimer = setTimeout(() => {
      for (const mark of marks) mark.classList.remove('flash');
    }, durationMs);
  }

  rangeOf(id: string): Range | null {
    const item = this.#items.find((candidate) => candidate.id === id);
    return item ? rangeFor(this.map, item.start16, item.end16) : null;
  }

  highlightAt(offset16: number): string | null {
    return innermost(this.#items, offset16);
  }

  clear(): void {
    clearTimeout(this.#flashTimer);
    this.#unwrap();
    this.#items = [];
    this.map = buildTextMap(this.#root);
  }

  #marks(): HTMLElement[] {
    return Array.from(this.#root.querySelectorAll<HTMLElement>('mark.quire-mark'));
  }

  /** Takes every mark out, leaving its children in place, and merges the text nodes it had split. */
  #unwrap(): void {
    const marks = this.#marks();
    if (!marks.length) return;
    // Innermost first, so a nested mark's parent is still a mark when its turn comes.
    for (const mark of marks.reverse()) mark.replaceWith(...Array.from(mark.childNodes));
    this.#root.normalize();
  }

  /** Splits text nodes so that each boundary offset falls between two nodes. */
  #splitAt(boundaries: Set<number>): void {
    const map = buildTextMap(this.#root);
    const sorted = [...boundaries].sort((a, b) => a - b);
    map.nodes.forEach((node, i) => {
      const start = map.starts[i] ?? 0;
      const inside = sorted.filter((offset) => offset > start && offset < start + node.data.length);
      // From the right, so earlier split points keep their offsets within `node`.
      for (const offset of inside.reverse()) node.splitText(offset - start);
    });
  }

  #wrap(): void {
    const map = buildTextMap(this.#root);
    const doc = this.#root.ownerDocument;
    // Longest first, so the outermost mark wraps first and shorter ones nest inside it.
    const items = [...this.#items].sort((a, b) => b.end16 - b.start16 - (a.end16 - a.start16));
    map.nodes.forEach((node, i) => {
      const start = map.starts[i] ?? 0;
      const end = start + node.data.length;
      // Whitespace between block elements (e.g. in a table or list) is no place for inline marks.
      if (!node.data.trim()) return;
      let target: Node = node;
      for (const item of items) {
        if (item.start16 <= start && end <= item.end16) {
          const mark = doc.createElement('mark');
          mark.className = 'quire-mark';
          mark.dataset.highlight = item.id;
          mark.dataset.color = item.color;
          target.parentNode?.replaceChild(mark, target);
          mark.appendChild(target);
          target = node;
        }
      }
    });
  }
}
